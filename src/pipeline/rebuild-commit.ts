import { ArtifactLfsError } from '../errors.js'
import { parseArchiveName } from '../packaging/archive-name.js'
import { commitMessage, createCommit } from '../git/commit-objects.js'
import type { GitRepo } from '../git/git-repo.js'
import { withTempIndex } from '../git/temp-index.js'
import { indexInfoRecord, parseLsTree, type TreeEntry } from '../git/tree-entries.js'

/**
 * Re-creates our commit on top of a newer remote tip, with plumbing only: a private index
 * (GIT_INDEX_FILE) gets the tip's tree, then our versions of `paths` (from `ourCommit`, or
 * regenerated from the tip's content), and the tree is committed with `-p tip` and our
 * commit's message. The work tree, the user's index and every ref stay as they are. A file
 * the tip already has with other content is never replaced (see freeArchivePath).
 */

export interface RecommitOptions {
  /** The remote branch's new tip (fetched). */
  tip: string
  /** The commit we made and could not push. */
  ourCommit: string
  /** Repo-relative paths our commit changed, e.g. [archive, '.gitattributes']. */
  paths: string[]
  /**
   * For files that must be merged rather than taken from our commit (e.g. .gitattributes):
   * gets the path and its content at `tip` (undefined when absent there), returns the
   * content to commit, or undefined to take our commit's version unchanged.
   */
  regenerate?: (
    path: string,
    contentAtTip: Buffer | undefined
  ) => Buffer | undefined | Promise<Buffer | undefined>
  identityEnv: Readonly<Record<string, string>>
}

export async function recommitOnTip(repo: GitRepo, options: RecommitOptions): Promise<string> {
  const { tip, ourCommit, paths } = options
  const ours = await entriesAt(repo, ourCommit, paths)
  const atTip = await entriesAt(repo, tip, paths)
  const records: string[] = []
  for (const path of paths) {
    let entry: { mode: string; oid: string | undefined } = {
      mode: ours.get(path)?.mode ?? '0',
      oid: ours.get(path)?.oid
    }
    const tipEntry: TreeEntry | undefined = atTip.get(path)
    let regenerated: Buffer | undefined
    if (options.regenerate) {
      const tipContent = tipEntry
        ? (await repo.run(['cat-file', 'blob', tipEntry.oid])).stdout
        : undefined
      regenerated = await options.regenerate(path, tipContent)
      if (regenerated !== undefined) {
        const oid = await repo.text(['hash-object', '-w', '--stdin'], { input: regenerated })
        entry = { mode: tipEntry?.mode ?? ours.get(path)?.mode ?? '100644', oid }
      }
    }
    let target = path
    if (regenerated === undefined && takenAtTip(tipEntry, entry))
      target = await freeArchivePath(repo, tip, path)
    records.push(indexInfoRecord({ ...entry, path: target }))
  }
  const tree = await withTempIndex(async env => {
    await repo.run(['read-tree', tip], { env })
    await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') })
    return repo.text(['write-tree'], { env })
  })
  return createCommit(repo, {
    tree,
    parents: [tip],
    message: await commitMessage(repo, ourCommit),
    identityEnv: options.identityEnv
  })
}

/** Whether the tip already has `path` with other content than ours. */
function takenAtTip(
  tipEntry: TreeEntry | undefined,
  ours: { mode: string; oid: string | undefined }
): boolean {
  return tipEntry !== undefined && (tipEntry.oid !== ours.oid || tipEntry.mode !== ours.mode)
}

/**
 * Our commit only adds files: uniquely named archives. When the tip already has one of them
 * with other content, another job pushed an archive of the same name meanwhile (clones that
 * package in the same second, or matrix jobs of one workflow run, name their archives alike).
 * Ours then takes the next name that is free at the tip (`<name>-2.zip`, `-3`, ...) and theirs
 * stays; any other path is refused rather than replaced.
 */
async function freeArchivePath(repo: GitRepo, tip: string, path: string): Promise<string> {
  const slash = path.lastIndexOf('/')
  const dir = path.slice(0, slash + 1)
  const name = path.slice(slash + 1)
  if (parseArchiveName(name) !== undefined) {
    const listing = await repo.run([
      'ls-tree',
      '-z',
      '--name-only',
      '--full-tree',
      tip,
      ...(dir === '' ? [] : ['--', dir])
    ])
    const taken = new Set(listing.stdout.toString('utf8').split('\0').filter(Boolean))
    const base = path.slice(0, -'.zip'.length)
    for (let n = 2; n < 10_000; n++) {
      const candidate = `${base}-${n}.zip`
      if (!taken.has(candidate)) return candidate
    }
  }
  throw new ArtifactLfsError(
    'push',
    `${path} already exists on the remote branch (at ${tip.slice(0, 12)}) with other content: another job pushed a file of the same name; not replacing it`,
    {
      hint: `nothing was pushed; rename ours (git mv ${path} <new name>, git commit --amend --no-edit), then push again`
    }
  )
}

/** The blob entries of `paths` in `commit` (exact path match; directories are not expanded). */
async function entriesAt(
  repo: GitRepo,
  commit: string,
  paths: readonly string[]
): Promise<Map<string, TreeEntry>> {
  if (commit.startsWith('-'))
    throw new ArtifactLfsError('usage', `${JSON.stringify(commit)} is not a commit`)
  const { stdout } = await repo.run([
    '--literal-pathspecs',
    'ls-tree',
    '-z',
    '--full-tree',
    commit,
    '--',
    ...paths
  ])
  const wanted = new Set(paths)
  const found = new Map<string, TreeEntry>()
  for (const entry of parseLsTree(stdout))
    if (entry.type === 'blob' && wanted.has(entry.path)) found.set(entry.path, entry)
  return found
}
