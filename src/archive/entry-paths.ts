import { archiveError, quoteName } from './archive-error.js'
import type { ZipEntryInfo } from './zip-central-directory.js'

/** An entry with its checked relative path ('/'-separated, no trailing '/', never empty). */
export interface EntryPath {
  entry: ZipEntryInfo
  path: string
  /** `path` folded for comparison on case-insensitive, normalizing file systems. */
  key: string
}

const TRAVERSAL_HINT =
  'this archive tries to write outside the destination or to an unsafe path; do not extract it'
const DUPLICATE_HINT =
  'two entries would land on the same file on macOS or Windows; re-create the archive with distinct names'
const MAX_LINK_TARGET = 4095
const MAX_LINK_HOPS = 40

/**
 * NFC-normalised and lower-cased: two names with the same key are one file on APFS/HFS+ or
 * NTFS, so an archive holding both is refused on every platform.
 */
export function foldPathKey(path: string): string {
  return path.normalize('NFC').toLowerCase().normalize('NFC')
}

/** The entry's relative path, or a refusal naming what is wrong with it. */
export function checkEntryName(entry: ZipEntryInfo, archiveName: string): string {
  const name = entry.name
  const refuse = (why: string): never => {
    throw archiveError(archiveName, `entry ${quoteName(name)} ${why}`, { hint: TRAVERSAL_HINT })
  }
  if (name === '') refuse('has an empty name')
  if (name.includes('\0') || entry.rawName.includes(0)) refuse('contains a NUL byte')
  // eslint-disable-next-line no-control-regex
  if (/[\x01-\x1f\x7f]/.test(name)) refuse('contains a control character')
  if (/^[A-Za-z]:/.test(name)) refuse('starts with a drive letter (absolute Windows path)')
  if (name.includes('\\')) refuse('contains a backslash, which Windows reads as a separator')
  if (name.startsWith('/')) refuse('is an absolute path')
  const trimmed = entry.kind === 'directory' && name.endsWith('/') ? name.slice(0, -1) : name
  for (const segment of trimmed.split('/')) {
    if (segment === '') refuse('has an empty path segment ("//" or a trailing "/")')
    if (segment === '..') refuse('has a ".." segment that would escape the destination')
    if (segment === '.') refuse('has a "." segment')
  }
  return trimmed
}

/**
 * Checks every name (see checkEntryName), then refuses duplicates (exact, after Unicode NFC
 * normalisation, or differing only in case) and any entry below a path that is itself a file
 * or symlink entry (a file "through" a symlink). Returns the entries with their paths.
 */
export function planEntryPaths(entries: readonly ZipEntryInfo[], archiveName: string): EntryPath[] {
  const byKey = new Map<string, EntryPath>()
  const planned: EntryPath[] = []
  for (const entry of entries) {
    const path = checkEntryName(entry, archiveName)
    const item: EntryPath = { entry, path, key: foldPathKey(path) }
    const earlier = byKey.get(item.key)
    if (earlier !== undefined) {
      const a = earlier.entry.name
      const b = entry.name
      const why =
        a === b
          ? `entry ${quoteName(b)} appears twice`
          : earlier.path === path
            ? `entries ${quoteName(a)} and ${quoteName(b)} are the same path`
            : earlier.path.normalize('NFC') === path.normalize('NFC')
              ? `entries ${quoteName(a)} and ${quoteName(b)} are the same path after Unicode (NFC) normalisation`
              : `entries ${quoteName(a)} and ${quoteName(b)} differ only in case (one file on case-insensitive file systems)`
      throw archiveError(archiveName, why, { hint: DUPLICATE_HINT })
    }
    byKey.set(item.key, item)
    planned.push(item)
  }
  for (const item of planned) {
    const segments = item.key.split('/')
    for (let depth = 1; depth < segments.length; depth++) {
      const parent = byKey.get(segments.slice(0, depth).join('/'))
      if (parent !== undefined && parent.entry.kind !== 'directory') {
        throw archiveError(
          archiveName,
          `entry ${quoteName(item.entry.name)} is inside ${quoteName(parent.entry.name)}, which is a ${parent.entry.kind} entry; refusing to write through it`,
          { hint: TRAVERSAL_HINT }
        )
      }
    }
  }
  return planned
}

/** Rules for the text of a symlink target, before resolving it. */
export function checkLinkTargetText(linkName: string, target: string, archiveName: string): void {
  const refuse = (why: string): never => {
    throw archiveError(archiveName, `symlink entry ${quoteName(linkName)} ${why}`, {
      hint: TRAVERSAL_HINT
    })
  }
  if (target === '') refuse('has an empty target')
  if (target.length > MAX_LINK_TARGET) refuse(`has a target longer than ${MAX_LINK_TARGET} bytes`)
  if (target.includes('\0')) refuse('has a target containing a NUL byte')
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
    refuse(`points to the absolute path ${quoteName(target)}`)
  }
  if (target.includes('\\')) refuse(`has a target with a backslash (${quoteName(target)})`)
}

export type LinkResolution =
  { kind: 'inside'; path: string } | { kind: 'outside' } | { kind: 'loop' }

/**
 * Where a symlink target leads: the target is walked component by component from the link's
 * folder, following symlinks met on the way (via `lookup`, which returns the target of the
 * symlink at a relative path, or undefined), as the OS resolves it: ".." after a symlink climbs
 * from where the symlink points, not lexically. 'outside' if it climbs above the destination
 * or meets an absolute target; 'loop' if the links never settle.
 */
export async function resolveLinkTarget(
  linkPath: string,
  target: string,
  lookup: (relativePath: string) => Promise<string | undefined>
): Promise<LinkResolution> {
  let hops = 0
  let looped = false
  const walk = async (start: string[], text: string): Promise<string[] | undefined> => {
    if (text.startsWith('/')) return undefined
    let at = [...start]
    for (const part of text.split('/')) {
      if (part === '' || part === '.') continue
      if (part === '..') {
        if (at.length === 0) return undefined
        at.pop()
        continue
      }
      at.push(part)
      const next = await lookup(at.join('/'))
      if (next === undefined) continue
      if (++hops > MAX_LINK_HOPS) {
        looped = true
        return undefined
      }
      const resolved = await walk(at.slice(0, -1), next)
      if (resolved === undefined) return undefined
      at = resolved
    }
    return at
  }
  const resolved = await walk(linkPath.split('/').slice(0, -1), target)
  if (looped) return { kind: 'loop' }
  return resolved === undefined ? { kind: 'outside' } : { kind: 'inside', path: resolved.join('/') }
}

/** Refuses a symlink entry whose target leaves the destination (or never settles). */
export async function checkLinkStaysInside(
  linkName: string,
  linkPath: string,
  target: string,
  archiveName: string,
  lookup: (relativePath: string) => Promise<string | undefined>
): Promise<void> {
  const resolution = await resolveLinkTarget(linkPath, target, lookup)
  if (resolution.kind === 'loop') {
    throw archiveError(
      archiveName,
      `symlink entry ${quoteName(linkName)} is part of a symlink loop (${quoteName(target)})`,
      { hint: TRAVERSAL_HINT }
    )
  }
  if (resolution.kind === 'outside') {
    throw archiveError(
      archiveName,
      `symlink entry ${quoteName(linkName)} points outside the destination (${quoteName(target)})`,
      { hint: TRAVERSAL_HINT }
    )
  }
}
