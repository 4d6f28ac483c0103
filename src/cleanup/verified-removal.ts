import { createHash } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { lstat, open, readlink, rmdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import { MANIFEST_ENTRY_NAME, type ManifestFile } from '../manifest/manifest.js'

/**
 * Removing a temp-dir file only when it is still exactly what an archive holds. Paths are
 * manifest paths ('/'-separated, relative to the temp dir). Nothing here follows a symlink:
 * every parent folder is lstat'ed and must be a real folder, files are opened with O_NOFOLLOW,
 * and the file is lstat'ed again just before the unlink to catch a swap after the check.
 */

/** What the file at a manifest path is, compared with the manifest entry. */
export type Inspection =
  | { kind: 'match'; stats: Stats }
  | { kind: 'missing' }
  | { kind: 'changed'; why: string }
  | { kind: 'refused'; why: string }

const RESERVED_TOP = MANIFEST_ENTRY_NAME.split('/')[0] as string

/** Why a manifest path cannot be a temp-dir file (absolute, `..`, reserved, ...), or undefined. */
export function unsafePathReason(relPath: string): string | undefined {
  const segments = relPath.split('/')
  if (relPath === '' || relPath.startsWith('/')) return 'not a relative path'
  if (relPath.includes('\\') || relPath.includes('\0')) return 'contains a backslash or NUL'
  if (segments.some(s => s === '' || s === '.' || s === '..'))
    return 'has an empty, "." or ".." segment'
  if (segments[0] === RESERVED_TOP) return `${RESERVED_TOP}/ is the archive's own folder`
  return undefined
}

/** Absolute path of a manifest path inside `root`. */
export function fullPath(root: string, relPath: string): string {
  return path.join(root, ...relPath.split('/'))
}

/** Compares what is on disk at `file.path` (below `root`) with the manifest entry. */
export async function inspectAgainstManifest(
  root: string,
  file: ManifestFile
): Promise<Inspection> {
  const unsafe = unsafePathReason(file.path)
  if (unsafe !== undefined) return { kind: 'refused', why: `unsafe manifest path: ${unsafe}` }
  const parents = await checkParents(root, file.path)
  if (parents !== 'ok') return parents
  const full = fullPath(root, file.path)
  const stats = await lstatOrUndefined(full)
  if (stats === undefined) return { kind: 'missing' }
  if (file.type === 'symlink') {
    if (!stats.isSymbolicLink()) return { kind: 'changed', why: `is now ${describe(stats)}` }
    const text = await readlink(full)
    const matches =
      file.target !== undefined
        ? text === file.target
        : sha256(Buffer.from(text, 'utf8')) === file.sha256
    return matches
      ? { kind: 'match', stats }
      : { kind: 'changed', why: `the link now points to ${JSON.stringify(text)}` }
  }
  if (!stats.isFile()) return { kind: 'changed', why: `is now ${describe(stats)}` }
  if (stats.size !== file.size)
    return { kind: 'changed', why: `has ${stats.size} bytes, the archive has ${file.size}` }
  const hashed = await hashNoFollow(full, stats)
  if (hashed === undefined) return { kind: 'changed', why: 'was replaced while being read' }
  return hashed === file.sha256
    ? { kind: 'match', stats }
    : { kind: 'changed', why: 'content differs from the archived copy (sha256)' }
}

/**
 * Unlinks the file seen by a 'match' inspection, unless it was replaced or modified since
 * (device, inode, size, mtime and ctime are compared). Resolves false when it was left alone.
 */
export async function removeIfUnchanged(
  root: string,
  relPath: string,
  seen: Stats
): Promise<boolean> {
  if ((await checkParents(root, relPath)) !== 'ok') return false
  const full = fullPath(root, relPath)
  const now = await lstatOrUndefined(full)
  if (now === undefined || !sameFile(now, seen)) return false
  await unlink(full)
  return true
}

/**
 * Removes the folders (below `root`, never `root` itself) that held `removedPaths` and are
 * empty now, deepest first. Folders that still hold anything stay. Returns the removed ones.
 */
export async function removeEmptiedFolders(
  root: string,
  removedPaths: readonly string[]
): Promise<string[]> {
  const folders = new Set<string>()
  for (const relPath of removedPaths) {
    const segments = relPath.split('/')
    for (let depth = 1; depth < segments.length; depth++)
      folders.add(segments.slice(0, depth).join('/'))
  }
  const deepestFirst = [...folders].sort(
    (a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1)
  )
  const removed: string[] = []
  for (const folder of deepestFirst) {
    const stats = await lstatOrUndefined(fullPath(root, folder))
    if (stats === undefined || !stats.isDirectory()) continue
    try {
      await rmdir(fullPath(root, folder))
      removed.push(folder)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error
    }
  }
  return removed
}

/** Every folder above `relPath` must be a real folder; a missing one means a missing file. */
async function checkParents(
  root: string,
  relPath: string
): Promise<'ok' | { kind: 'missing' } | { kind: 'refused'; why: string }> {
  const segments = relPath.split('/')
  for (let depth = 1; depth < segments.length; depth++) {
    const parent = segments.slice(0, depth).join('/')
    const stats = await lstatOrUndefined(fullPath(root, parent))
    if (stats === undefined) return { kind: 'missing' }
    if (!stats.isDirectory())
      return { kind: 'refused', why: `its folder ${parent} is now ${describe(stats)}` }
  }
  return 'ok'
}

/** sha256 of a regular file opened without following links; undefined if it is not `seen`. */
async function hashNoFollow(full: string, seen: Stats): Promise<string | undefined> {
  let handle
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP' || code === 'ENOENT') return undefined
    throw error
  }
  try {
    const opened = await handle.stat()
    if (!opened.isFile() || opened.ino !== seen.ino || opened.dev !== seen.dev) return undefined
    const hash = createHash('sha256')
    for await (const chunk of handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false }))
      hash.update(chunk as Buffer)
    return hash.digest('hex')
  } finally {
    await handle.close()
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.isSymbolicLink() === b.isSymbolicLink()
  )
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function describe(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isSymbolicLink()) return 'a symlink'
  if (stats.isFile()) return 'a regular file'
  return 'a special file'
}

async function lstatOrUndefined(full: string): Promise<Stats | undefined> {
  try {
    return await lstat(full)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}
