import { ArtifactLfsError } from '../errors.js'

/**
 * Retention durations as users write them: a whole number and one unit letter, `30m`, `12h`,
 * `7d`, `2w`. Months and years are not accepted (their length varies); write days instead.
 */
const UNIT_MS = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000
} as const

type Unit = keyof typeof UNIT_MS

const DURATION_PATTERN = /^(0|[1-9][0-9]{0,12})([mhdw])$/

/**
 * Milliseconds for `value`. `label` names the setting in the error (e.g. `--older-than`).
 * Anything but `<number><m|h|d|w>` is a usage error that quotes the value.
 */
export function parseDuration(value: string, label = 'duration'): number {
  const match = DURATION_PATTERN.exec(value)
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as Unit] : Number.NaN
  if (!match || !Number.isSafeInteger(ms))
    throw new ArtifactLfsError('usage', `${label}: ${JSON.stringify(value)} is not a duration`, {
      hint: 'write a whole number followed by m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 12h, 7d or 2w'
    })
  return ms
}

/** The shortest exact spelling of `ms` in the same units (`604800000` -> `1w`), for messages. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    if (ms > 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`
  }
  if (ms === 0) return '0m'
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}
