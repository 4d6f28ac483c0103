import { ArtifactLfsError } from '../errors.js'
import {
  compareArchiveNamesNewestFirst,
  parseArchiveName,
  utcStamp
} from '../packaging/archive-name.js'

export interface RetentionRule {
  /** Always keep at least this many of the newest archives. */
  keep?: number
  /** Remove archives older than this (by the UTC timestamp in the name), never below `keep`. */
  maxAgeMs?: number
  now: Date
}

export interface PruneSelection {
  /** Names to remove, in name order (oldest first for same-format names). */
  prune: string[]
  /** Recognised names that stay, newest first. */
  kept: string[]
  /** Names that are not `codex-session_<YYYYmmdd_HHMMSS>[...].zip`: never pruned. */
  ignored: string[]
}

/**
 * Which session archives a retention rule removes. Pure: only the names count.
 * - `keep` alone: everything but the newest `keep`.
 * - `maxAgeMs` alone: everything older than it (strictly; keep defaults to 0).
 * - both: older than `maxAgeMs` and not among the newest `keep`.
 * "Newest" is compareArchiveNamesNewestFirst (timestamp, then the suffix's numbers). A name
 * whose timestamp is not a real UTC date and time is ignored, never pruned.
 */
export function selectArchivesToPrune(
  names: readonly string[],
  rule: RetentionRule
): PruneSelection {
  const keep = checkRule(rule)
  const recognised: Array<{ name: string; ms: number }> = []
  const ignored: string[] = []
  for (const name of new Set(names)) {
    const ms = archiveTime(name)
    if (ms === undefined) ignored.push(name)
    else recognised.push({ name, ms })
  }
  recognised.sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name))
  const prune: string[] = []
  const kept: string[] = []
  const cutoff = rule.maxAgeMs === undefined ? undefined : rule.now.getTime() - rule.maxAgeMs
  recognised.forEach(({ name, ms }, rank) => {
    const protectedByKeep = rank < keep
    const oldEnough = cutoff === undefined || ms < cutoff
    if (!protectedByKeep && oldEnough) prune.push(name)
    else kept.push(name)
  })
  prune.sort()
  return { prune, kept, ignored }
}

/** The UTC time in an archive name, or undefined when the name has none (or an invalid one). */
export function archiveTime(name: string): number | undefined {
  const parsed = parseArchiveName(name)
  if (parsed === undefined) return undefined
  const s = parsed.stamp
  const ms = Date.UTC(
    Number(s.slice(0, 4)),
    Number(s.slice(4, 6)) - 1,
    Number(s.slice(6, 8)),
    Number(s.slice(9, 11)),
    Number(s.slice(11, 13)),
    Number(s.slice(13, 15))
  )
  // Date.UTC rolls 2025-02-30 over into March: only a stamp that round-trips is real
  return Number.isFinite(ms) && utcStamp(new Date(ms)) === s ? ms : undefined
}

function checkRule(rule: RetentionRule): number {
  if (rule.keep === undefined && rule.maxAgeMs === undefined)
    throw new ArtifactLfsError('usage', 'archive pruning needs keep, max-age or both', {
      hint: 'e.g. keep: 10 (the newest ten stay) and/or max-age: 30d'
    })
  if (rule.keep !== undefined && (!Number.isSafeInteger(rule.keep) || rule.keep < 0))
    throw new ArtifactLfsError(
      'usage',
      `keep must be a whole number of zero or more (got ${rule.keep})`,
      {
        hint: 'e.g. keep: 10'
      }
    )
  if (rule.maxAgeMs !== undefined && (!Number.isFinite(rule.maxAgeMs) || rule.maxAgeMs < 0))
    throw new ArtifactLfsError(
      'usage',
      `max-age must be a duration of zero or more (got ${rule.maxAgeMs} ms)`,
      {
        hint: 'e.g. max-age: 30d'
      }
    )
  if (Number.isNaN(rule.now.getTime()))
    throw new ArtifactLfsError('usage', 'the current time for archive pruning is not a valid date')
  return rule.keep ?? 0
}
