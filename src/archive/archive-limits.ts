import { ArtifactLfsError } from '../errors.js'
import { archiveError, quoteName } from './archive-error.js'
import type { ZipEntryInfo } from './zip-central-directory.js'

/** Zip-bomb limits, checked on declared sizes before reading and on real bytes while reading. */
export interface ArchiveLimits {
  /** Most uncompressed bytes in the whole archive. */
  maxTotalBytes: number
  /** Most entries (files, directories, symlinks, the manifest). */
  maxEntries: number
  /** Most uncompressed bytes per compressed byte, per entry. */
  maxRatio: number
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 20 * 1024 * 1024 * 1024,
  maxEntries: 1_000_000,
  // deflate cannot exceed ~1032:1, so an honest entry (even all zeros) never passes this;
  // a higher ratio means the sizes lie, which is how zip bombs look
  maxRatio: 1100
}

const LIMIT_HINT =
  'the archive may be a zip bomb; if you trust it, raise the extraction limits (maxTotalBytes, maxEntries, maxRatio)'

/** Defaults overridden by `overrides`; each value must be a positive number. */
export function resolveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS }
  for (const key of Object.keys(limits) as (keyof ArchiveLimits)[]) {
    const value = overrides[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value > 0)) {
      throw new ArtifactLfsError('usage', `limit ${key} must be a positive number, got ${value}`)
    }
    limits[key] = value
  }
  return limits
}

/**
 * Checks the sizes the central directory declares against the limits, before anything is
 * read; returns the declared total of uncompressed bytes. (The readers then hold every entry
 * to its declared size, so the real output cannot exceed what passed here.)
 */
export function checkDeclaredLimits(
  entries: readonly ZipEntryInfo[],
  limits: ArchiveLimits,
  archiveName: string
): number {
  if (entries.length > limits.maxEntries) {
    throw archiveError(
      archiveName,
      `has ${entries.length} entries, more than the limit of ${limits.maxEntries}`,
      { hint: LIMIT_HINT }
    )
  }
  let total = 0
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / entry.compressedSize
    if (entry.uncompressedSize > 0 && !(ratio <= limits.maxRatio)) {
      throw archiveError(
        archiveName,
        `entry ${quoteName(entry.name)} would inflate ${entry.compressedSize} bytes to ${entry.uncompressedSize} (ratio ${entry.compressedSize === 0 ? 'infinite' : Math.round(ratio)}:1, limit ${limits.maxRatio}:1)`,
        { hint: LIMIT_HINT }
      )
    }
    total += entry.uncompressedSize
    if (total > limits.maxTotalBytes) {
      throw archiveError(
        archiveName,
        `declares more than ${limits.maxTotalBytes} bytes of content (limit reached at entry ${quoteName(entry.name)})`,
        { hint: LIMIT_HINT }
      )
    }
  }
  return total
}
