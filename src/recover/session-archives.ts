import { lstat, open, readdir } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { readObjects } from '../git/cat-file-batch.js'
import type { GitRepo } from '../git/git-repo.js'
import { parseLsTree } from '../git/tree-entries.js'
import { MAX_POINTER_SIZE, parsePointer, type LfsPointer } from '../lfs/pointer.js'

/** An archive file in the work tree's session dir. */
export interface WorkTreeArchive {
  /** Absolute path. */
  path: string
  /** Bytes of the file itself (a pointer file is ~130 bytes). */
  size: number
  /** Set when the file is only an LFS pointer (a checkout without smudge). */
  pointer?: LfsPointer
}

/** An archive tracked in the HEAD commit. */
export interface CommittedArchive {
  commit: string
  /** The blob id of the committed file. */
  blob: string
  /** Set when the blob is an LFS pointer (it should always be). */
  pointer?: LfsPointer
}

/** One session archive name, seen in the work tree, at HEAD, or both. */
export interface SessionArchive {
  /** File name, e.g. codex-session_20250101_120000.zip. */
  name: string
  /** Repo-relative, '/'-separated. */
  repoPath: string
  workTree?: WorkTreeArchive
  head?: CommittedArchive
}

/**
 * The policy's session dir as a clean repo-relative '/'-separated path ('' for the root).
 * Refuses a folder outside the repository.
 */
export function sessionDirRelative(repo: GitRepo, sessionDir: string): string {
  const absolute = path.resolve(repo.root, sessionDir)
  const relative = path.relative(repo.root, absolute)
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new ArtifactLfsError('config', `session dir ${sessionDir} is outside the repository`, {
      hint: 'set session_artifact_dir in the policy to a folder inside the repository'
    })
  return relative.split(path.sep).join('/')
}

/** `<dir>/<name>`, or just the name when the dir is the repo root. */
export function joinRepoPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`
}

/**
 * Every `*.zip` directly in the session dir: regular files in the work tree (a file that is
 * only an LFS pointer is recognised as one) and blobs tracked at HEAD (pointers read with one
 * `git cat-file --batch`). Sorted by name; nothing is fetched.
 */
export async function findSessionArchives(
  repo: GitRepo,
  sessionDir: string
): Promise<SessionArchive[]> {
  const dir = sessionDirRelative(repo, sessionDir)
  const byName = new Map<string, SessionArchive>()
  const entry = (name: string): SessionArchive => {
    let found = byName.get(name)
    if (found === undefined) {
      found = { name, repoPath: joinRepoPath(dir, name) }
      byName.set(name, found)
    }
    return found
  }
  for (const file of await workTreeZips(path.join(repo.root, dir))) {
    entry(path.basename(file.path)).workTree = file
  }
  for (const committed of await headZips(repo, dir)) {
    entry(committed.name).head = committed.archive
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

async function workTreeZips(folder: string): Promise<WorkTreeArchive[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return []
    throw cause
  }
  const found: WorkTreeArchive[] = []
  for (const name of names.filter(n => /\.zip$/i.test(n))) {
    const file = path.join(folder, name)
    const info = await inspectWorkTreeFile(file)
    if (info !== undefined) found.push(info)
  }
  return found
}

/** A regular file (symlinks are not followed), and its pointer when it is only a pointer. */
export async function inspectWorkTreeFile(file: string): Promise<WorkTreeArchive | undefined> {
  const stats = await lstat(file).catch(() => undefined)
  if (stats === undefined || !stats.isFile()) return undefined
  const pointer = stats.size <= MAX_POINTER_SIZE ? await readPointerFile(file) : undefined
  return pointer === undefined
    ? { path: file, size: stats.size }
    : { path: file, size: stats.size, pointer }
}

/** The pointer a small file holds, or undefined when it is not a pointer. */
export async function readPointerFile(file: string): Promise<LfsPointer | undefined> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(MAX_POINTER_SIZE + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const parsed = parsePointer(buffer.subarray(0, bytesRead))
    return parsed.kind === 'pointer' ? parsed.pointer : undefined
  } finally {
    await handle.close()
  }
}

async function headZips(
  repo: GitRepo,
  dir: string
): Promise<Array<{ name: string; archive: CommittedArchive }>> {
  const head = await repo.headCommit()
  if (head === undefined) return []
  const pathspec = dir === '' ? [] : ['--', `${dir}/`]
  const listing = await repo.run(['ls-tree', '-l', '-z', '--full-tree', head, ...pathspec], {
    env: { GIT_LITERAL_PATHSPECS: '1' }
  })
  const blobs = parseLsTree(listing.stdout).filter(
    e =>
      e.type === 'blob' &&
      e.mode !== '120000' &&
      /\.zip$/i.test(e.path) &&
      path.posix.dirname(e.path) === (dir === '' ? '.' : dir)
  )
  const small = blobs.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid)
  const contents = await readObjects(repo, small)
  return blobs.map(e => {
    const content = contents.get(e.oid)
    const parsed = content === undefined ? undefined : parsePointer(content)
    const archive: CommittedArchive = { commit: head, blob: e.oid }
    if (parsed?.kind === 'pointer') archive.pointer = parsed.pointer
    return { name: path.posix.basename(e.path), archive }
  })
}
