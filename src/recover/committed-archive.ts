import { ArtifactLfsError } from '../errors.js'
import { readObjects } from '../git/cat-file-batch.js'
import type { GitRepo } from '../git/git-repo.js'
import { parseLsFilesStage, parseLsTree, SYMLINK_MODE } from '../git/tree-entries.js'
import { MAX_POINTER_SIZE, parsePointer, type LfsPointer } from '../lfs/pointer.js'

/** Pathspecs below are file paths, never globs or magic. */
const LITERAL = { env: { GIT_LITERAL_PATHSPECS: '1' } }

/** A file as a commit (or the index) holds it. */
export type CommittedFile =
  | { kind: 'pointer'; blob: string; pointer: LfsPointer }
  | { kind: 'raw'; blob: string; size: number }
  | { kind: 'not-a-file'; mode: string }

/** The full id of the commit `rev` names, or undefined when it names none. */
export async function resolveCommit(repo: GitRepo, rev: string): Promise<string | undefined> {
  if (rev === '' || rev.startsWith('-')) return undefined
  const result = await repo.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
    okExitCodes: [0, 1, 128]
  })
  const sha = result.stdout.toString('utf8').trim()
  return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
}

/** What `commit` holds at `repoPath` (repo-relative, '/'-separated), or undefined when nothing. */
export async function committedFile(
  repo: GitRepo,
  commit: string,
  repoPath: string
): Promise<CommittedFile | undefined> {
  const listing = await repo.run(
    ['ls-tree', '-l', '-z', '--full-tree', commit, '--', repoPath],
    LITERAL
  )
  const entry = parseLsTree(listing.stdout).find(e => e.path === repoPath)
  if (entry === undefined) return undefined
  if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE)
    return { kind: 'not-a-file', mode: entry.mode }
  return classifyBlob(repo, entry.oid, entry.size)
}

/** The pointer the index holds for a work-tree path, when it holds one. */
export async function indexPointer(
  repo: GitRepo,
  repoPath: string
): Promise<LfsPointer | undefined> {
  const listing = await repo.run(['ls-files', '-s', '-z', '--', repoPath], LITERAL)
  const entry = parseLsFilesStage(listing.stdout).find(e => e.path === repoPath && e.stage === 0)
  if (entry === undefined || entry.mode === SYMLINK_MODE) return undefined
  const size = Number(await repo.text(['cat-file', '-s', entry.oid]))
  const file = await classifyBlob(repo, entry.oid, size)
  return file.kind === 'pointer' ? file.pointer : undefined
}

async function classifyBlob(
  repo: GitRepo,
  blob: string,
  size: number | undefined
): Promise<CommittedFile> {
  if (size === undefined || size > MAX_POINTER_SIZE) return { kind: 'raw', blob, size: size ?? 0 }
  const content = (await readObjects(repo, [blob])).get(blob)
  const parsed = content === undefined ? undefined : parsePointer(content)
  if (parsed?.kind === 'pointer') return { kind: 'pointer', blob, pointer: parsed.pointer }
  return { kind: 'raw', blob, size }
}

/** The refusal for a commit that holds the archive as something other than an LFS pointer. */
export function notAPointerError(
  displayName: string,
  file: Exclude<CommittedFile, { kind: 'pointer' }>
): ArtifactLfsError {
  if (file.kind === 'not-a-file')
    return new ArtifactLfsError(
      'recover',
      `${displayName} is not a file in that commit (git mode ${file.mode})`,
      { hint: 'pass the path of a session archive (.zip) as the commit has it' }
    )
  return new ArtifactLfsError(
    'recover',
    `${displayName} was committed as a raw ${file.size}-byte blob, not as an LFS pointer`,
    {
      hint: `write it out with git cat-file blob ${file.blob} > archive.zip and recover that file by path`
    }
  )
}
