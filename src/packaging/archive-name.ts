/**
 * Archive names: `codex-session_<UTC YYYYmmdd_HHMMSS>[<suffix>].zip`. The suffix keeps two
 * packagings in the same second (or two jobs at once) from ever sharing a name: in GitHub
 * Actions the run id and attempt, then a counter for any further collision.
 */
export const ARCHIVE_PREFIX = 'codex-session_'
const NAME_PATTERN = /^codex-session_(\d{8}_\d{6})((?:-[0-9A-Za-z]+)*)\.zip$/

export function utcStamp(date: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return (
    `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
  )
}

/** Candidate names in the order to try them. */
export function* archiveNameCandidates(
  now: Date,
  runContext?: { runId?: string; runAttempt?: string }
): Generator<string> {
  const base = `${ARCHIVE_PREFIX}${utcStamp(now)}`
  const run = runContext?.runId
    ? `-${sanitize(runContext.runId)}${runContext.runAttempt ? `-${sanitize(runContext.runAttempt)}` : ''}`
    : ''
  yield `${base}${run}.zip`
  for (let n = 2; n < 10_000; n++) yield `${base}${run}-${n}.zip`
}

function sanitize(value: string): string {
  return value.replace(/[^0-9A-Za-z]/g, '')
}

export interface ParsedArchiveName {
  stamp: string
  suffix: string
}

export function parseArchiveName(name: string): ParsedArchiveName | undefined {
  const match = NAME_PATTERN.exec(name)
  return match ? { stamp: match[1] as string, suffix: match[2] ?? '' } : undefined
}

/** Newest first: by timestamp, then by the numeric parts of the suffix. */
export function compareArchiveNamesNewestFirst(a: string, b: string): number {
  const pa = parseArchiveName(a)
  const pb = parseArchiveName(b)
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? 1 : -1
  if (pa.stamp !== pb.stamp) return pa.stamp < pb.stamp ? 1 : -1
  const na = pa.suffix.split('-').filter(Boolean).map(Number)
  const nb = pb.suffix.split('-').filter(Boolean).map(Number)
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const x = na[i] ?? -1
    const y = nb[i] ?? -1
    if (x !== y) return y - x
  }
  return 0
}
