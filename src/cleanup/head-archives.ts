import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { readObjects } from '../git/cat-file-batch.js'
import type { GitRepo } from '../git/git-repo.js'
import { lfsObjectPathFor } from '../git/lfs-storage.js'
import { parseLsTree, SYMLINK_MODE } from '../git/tree-entries.js'
import { MAX_POINTER_SIZE, parsePointer, type LfsPointer } from '../lfs/pointer.js'

/** One `*.zip` tracked at HEAD directly in the session dir. */
export interface HeadArchive {
  /** File name, e.g. codex-session_20250101_120000.zip. */
  name: string
  /** Repo-relative, '/'-separated. */
  path: string
  /** The committed blob. */
  blob: string
  mode: string
  /** Set when the blob is an LFS pointer (it always should be). */
  pointer?: LfsPointer
  /** Where the LFS object would be locally (set with `pointer`). */
  objectPath?: string
  /** Whether the LFS object is in the local store (a regular file of the pointer's size). */
  objectPresent: boolean
}

export interface HeadArchives {
  /** The commit listed; undefined in a repository without commits. */
  head: string | undefined
  /** The session dir, repo-relative ('' for the root). */
  sessionDir: string
  archives: HeadArchive[]
}

/** The policy's session dir relative to the repo root; refuses one outside it. */
export function repoRelativeDir(repo: GitRepo, sessionDir: string): string {
  const relative = path.relative(repo.root, path.resolve(repo.root, sessionDir))
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new ArtifactLfsError('config', `session dir ${sessionDir} is outside the repository`, {
      hint: 'set session_artifact_dir in the policy to a folder inside the repository'
    })
  return relative.split(path.sep).join('/')
}

/**
 * The session archives committed at HEAD (blobs directly in the session dir named `*.zip`),
 * sorted by name, with their LFS pointers (one `git cat-file --batch`) and whether each
 * object is in the local LFS store. Fetches nothing.
 */
export async function listHeadArchives(repo: GitRepo, sessionDir: string): Promise<HeadArchives> {
  const dir = repoRelativeDir(repo, sessionDir)
  const head = await repo.headCommit()
  if (head === undefined) return { head, sessionDir: dir, archives: [] }
  const listing = await repo.run(
    ['ls-tree', '-l', '-z', '--full-tree', head, '--', ...(dir === '' ? [] : [`${dir}/`])],
    { env: { GIT_LITERAL_PATHSPECS: '1' } }
  )
  const blobs = parseLsTree(listing.stdout).filter(
    e =>
      e.type === 'blob' &&
      e.mode !== SYMLINK_MODE &&
      /\.zip$/i.test(e.path) &&
      path.posix.dirname(e.path) === (dir === '' ? '.' : dir)
  )
  const small = blobs.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid)
  const contents = await readObjects(repo, small)
  const objectsDir = await lfsObjectsDir(repo)
  const archives: HeadArchive[] = []
  for (const entry of blobs) {
    const content = contents.get(entry.oid)
    const parsed = content === undefined ? undefined : parsePointer(content)
    const archive: HeadArchive = {
      name: path.posix.basename(entry.path),
      path: entry.path,
      blob: entry.oid,
      mode: entry.mode,
      objectPresent: false
    }
    if (parsed?.kind === 'pointer') {
      const { oid } = parsed.pointer
      archive.pointer = parsed.pointer
      archive.objectPath = path.join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid)
      const found = await stat(archive.objectPath).catch(() => undefined)
      archive.objectPresent = found !== undefined && found.isFile()
    }
    archives.push(archive)
  }
  archives.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { head, sessionDir: dir, archives }
}

/** The local LFS objects folder (honours lfs.storage and linked worktrees). */
async function lfsObjectsDir(repo: GitRepo): Promise<string> {
  const sample = await lfsObjectPathFor(repo, '0'.repeat(64))
  return path.dirname(path.dirname(path.dirname(sample)))
}
