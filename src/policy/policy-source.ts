import { ArtifactLfsError } from '../errors.js'

/** A 1-based position in the policy text. */
export interface SourcePosition {
  line: number
  column: number
}

/**
 * The decoded policy text plus the name it is shown under (e.g. `.codex_lfs_policy.yaml`).
 * Turns character offsets into line:column and builds the one-line refusals loadPolicy throws.
 */
export class PolicySource {
  readonly label: string
  readonly text: string
  private readonly lineStarts: number[]

  constructor(label: string, text: string) {
    this.label = label
    this.text = text
    this.lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
  }

  position(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.lineStarts[mid]! <= clamped) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo]! + 1 }
  }

  /** `<file>:<line>:<col>: <key>: <what>` as an ArtifactLfsError('policy'). */
  refuse(
    at: number | SourcePosition,
    key: string,
    what: string,
    hint: string,
    cause?: unknown
  ): ArtifactLfsError {
    return policyRefusal(this.label, typeof at === 'number' ? this.position(at) : at, key, what, {
      hint,
      cause
    })
  }

  /** `<file>:<line>:<col>: <what>` for warnings (unknown keys). */
  note(offset: number, what: string): string {
    const { line, column } = this.position(offset)
    return `${this.label}:${line}:${column}: ${what}`
  }
}

/** A refusal about the policy; `at` undefined means the file as a whole (no line:col). */
export function policyRefusal(
  label: string,
  at: SourcePosition | undefined,
  key: string | undefined,
  what: string,
  options: { hint: string; cause?: unknown }
): ArtifactLfsError {
  const where = at ? `${label}:${at.line}:${at.column}` : label
  const message = `${where}: ${key ? `${key}: ` : ''}${oneLine(what)}`
  return new ArtifactLfsError('policy', message, options)
}

/** Messages are one line: control characters (newlines included) are shown escaped. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, c => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  })
}

/** A short, safe description of any YAML value for an error message ("got ..."). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)'
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan'
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
    return String(value)
  }
  if (typeof value === 'boolean') return String(value)
  // never serialise structures: an alias bomb would expand here
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Map || typeof value === 'object') return 'a mapping'
  return typeof value
}
