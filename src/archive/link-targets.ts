import { archiveError, quoteName } from './archive-error.js'
import {
  checkLinkStaysInside,
  checkLinkTargetText,
  foldPathKey,
  type EntryPath
} from './entry-paths.js'
import type { ZipReader } from './zip-reader.js'

/** Longest symlink target accepted (PATH_MAX - 1 on Linux). */
export const MAX_LINK_TARGET_BYTES = 4095

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes a symlink entry's data (its target) and checks the text rules. */
export function decodeLinkTarget(item: EntryPath, data: Buffer, archiveName: string): string {
  let target: string
  try {
    target = strictUtf8.decode(data)
  } catch {
    throw archiveError(
      archiveName,
      `symlink entry ${quoteName(item.entry.name)} has a target that is not UTF-8`
    )
  }
  checkLinkTargetText(item.entry.name, target, archiveName)
  return target
}

/** Reads and checks the target of every symlink entry in `plan`; keyed by folded path. */
export async function readLinkTargets(
  reader: ZipReader,
  plan: readonly EntryPath[]
): Promise<Map<string, string>> {
  const targets = new Map<string, string>()
  for (const item of plan) {
    if (item.entry.kind !== 'symlink') continue
    if (item.entry.uncompressedSize > MAX_LINK_TARGET_BYTES) {
      throw archiveError(
        reader.displayName,
        `symlink entry ${quoteName(item.entry.name)} declares a ${item.entry.uncompressedSize}-byte target, longer than ${MAX_LINK_TARGET_BYTES}`
      )
    }
    const data = await reader.readEntry(item.entry, { maxBytes: MAX_LINK_TARGET_BYTES })
    targets.set(item.key, decodeLinkTarget(item, data, reader.displayName))
  }
  return targets
}

/**
 * A symlink lookup over the archive's own symlinks (by folded path, so "Link/x" meets "link"
 * as it would on a case-insensitive disk); paths the archive does not hold go to `fallback`
 * (e.g. the destination on disk), or count as "not a symlink".
 */
export function archiveLinkLookup(
  plan: readonly EntryPath[],
  targets: ReadonlyMap<string, string>,
  fallback?: (relativePath: string) => Promise<string | undefined>
): (relativePath: string) => Promise<string | undefined> {
  const planned = new Set(plan.map(item => item.key))
  return async relativePath => {
    const key = foldPathKey(relativePath)
    if (planned.has(key)) return targets.get(key)
    return fallback?.(relativePath)
  }
}

/** Refuses the archive if any symlink entry resolves outside the destination. */
export async function checkLinksStayInside(
  plan: readonly EntryPath[],
  targets: ReadonlyMap<string, string>,
  archiveName: string,
  fallback?: (relativePath: string) => Promise<string | undefined>
): Promise<void> {
  const lookup = archiveLinkLookup(plan, targets, fallback)
  for (const item of plan) {
    const target = targets.get(item.key)
    if (item.entry.kind !== 'symlink' || target === undefined) continue
    await checkLinkStaysInside(item.entry.name, item.path, target, archiveName, lookup)
  }
}
