import { createHash } from 'node:crypto'
import { createReadStream, lstatSync, readlinkSync } from 'node:fs'
import { lstat, readlink, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'

/** What is at a path inside the destination right now (lstat: symlinks are not followed). */
export type Existing =
  | { kind: 'missing' }
  | { kind: 'file'; size: number }
  | { kind: 'directory' }
  | { kind: 'symlink'; target: string }
  | { kind: 'other' }

/**
 * The absolute destination folder, with a symlinked destDir resolved (the user chose it);
 * `exists` false means it will be created.
 */
export async function resolveDestination(
  destDir: string
): Promise<{ root: string; exists: boolean }> {
  const absolute = path.resolve(destDir)
  const found = await lstat(absolute).catch(noEntry)
  if (found === undefined) return { root: absolute, exists: false }
  const target = found.isSymbolicLink() ? await stat(absolute).catch(noEntry) : found
  if (target === undefined || !target.isDirectory()) {
    throw new ArtifactLfsError('recover', `${destDir} exists and is not a directory`, {
      hint: 'pass a directory (or a path that does not exist yet) as the destination'
    })
  }
  return { root: found.isSymbolicLink() ? await realpath(absolute) : absolute, exists: true }
}

/** lstat of `relative` inside `root`; a missing parent counts as missing. */
export async function inspectPath(root: string, relative: string): Promise<Existing> {
  const full = path.join(root, ...relative.split('/'))
  const found = await lstat(full).catch(noEntry)
  if (found === undefined) return { kind: 'missing' }
  if (found.isSymbolicLink()) return { kind: 'symlink', target: await readlink(full) }
  if (found.isDirectory()) return { kind: 'directory' }
  if (found.isFile()) return { kind: 'file', size: found.size }
  return { kind: 'other' }
}

/**
 * `inspectPath` with one synchronous lstat: for surveying many paths, where an async call
 * per path costs several times the lstat itself.
 */
export function inspectPathSync(root: string, relative: string): Existing {
  const full = path.join(root, ...relative.split('/'))
  let found
  try {
    found = lstatSync(full, { throwIfNoEntry: false })
  } catch (error) {
    found = noEntry(error as NodeJS.ErrnoException)
  }
  if (found === undefined) return { kind: 'missing' }
  if (found.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(full) }
  if (found.isDirectory()) return { kind: 'directory' }
  if (found.isFile()) return { kind: 'file', size: found.size }
  return { kind: 'other' }
}

/**
 * Every folder above `relative` inside `root` must be a real directory or not exist yet: a
 * symlink or a file there would make the write land somewhere else. Refuses otherwise.
 * `verified` remembers folders already seen to be real directories (one lstat per folder
 * instead of one per entry and level).
 */
export async function checkParentsInside(
  root: string,
  relative: string,
  verified: Set<string> = new Set()
): Promise<void> {
  const segments = relative.split('/')
  for (let depth = 1; depth < segments.length; depth++) {
    const parent = segments.slice(0, depth).join('/')
    if (verified.has(parent)) continue
    const existing = await inspectPath(root, parent)
    if (existing.kind === 'missing') return
    if (existing.kind === 'directory') {
      verified.add(parent)
      continue
    }
    throw notAFolderError(root, parent, relative, existing)
  }
}

/** The refusal for an entry `relative` below `parent`, which is not a folder on disk. */
export function notAFolderError(
  root: string,
  parent: string,
  relative: string,
  existing: Existing
): ArtifactLfsError {
  return new ArtifactLfsError(
    'recover',
    `${path.join(root, parent)} is a ${existing.kind === 'symlink' ? 'symlink' : 'file'}, but the archive puts ${relative} inside it; refusing to write through it`,
    { hint: `move ${path.join(root, parent)} out of the way, or extract into an empty directory` }
  )
}

/** A symlink lookup over what is on disk below `root` (for resolving symlink targets). */
export function diskLinkLookup(root: string): (relative: string) => Promise<string | undefined> {
  return async relative => {
    const existing = await inspectPath(root, relative)
    return existing.kind === 'symlink' ? existing.target : undefined
  }
}

/** sha256 of a file's content, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}

function noEntry(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
  throw error
}
