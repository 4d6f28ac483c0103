import { containsMarker } from '../gitattributes/managed-block-markers.js'
import { closestKey } from './closest-key.js'
import { type PolicyEntry } from './parse-policy-yaml.js'
import {
  defaultPolicy,
  KNOWN_POLICY_KEYS,
  MAX_SIZE_THRESHOLD_MB,
  POLICY_KEYS,
  type Policy
} from './policy.js'
import { describeValue, type PolicySource } from './policy-source.js'
import { normaliseSessionDir } from './session-artifact-dir.js'

/**
 * Turns parsed top-level entries into a Policy: defaults for missing keys, a refusal (with
 * line:column) for any wrong value, a warning for every unknown key. Pure: the on-disk
 * checks of session_artifact_dir happen in loadPolicy.
 */
export function validatePolicyValues(
  source: PolicySource,
  entries: readonly PolicyEntry[]
): { policy: Policy; warnings: string[] } {
  const policy = defaultPolicy()
  const warnings: string[] = []
  for (const entry of entries) {
    switch (entry.key) {
      case POLICY_KEYS.enableAutoLfs:
        policy.enableAutoLfs = readBoolean(source, entry)
        break
      case POLICY_KEYS.sessionArtifactDir:
        policy.sessionArtifactDir = readSessionDir(source, entry)
        break
      case POLICY_KEYS.sizeThresholdMb:
        policy.sizeThresholdMb = readThreshold(source, entry)
        break
      case POLICY_KEYS.binaryExtensions:
        policy.binaryExtensions = readExtensions(source, entry)
        break
      case POLICY_KEYS.gitattributesTemplate:
        policy.gitattributesTemplate = readTemplate(source, entry)
        break
      default: {
        const guess = closestKey(entry.key, KNOWN_POLICY_KEYS)
        const advice = guess
          ? `did you mean ${guess}?`
          : `known keys: ${KNOWN_POLICY_KEYS.join(', ')}`
        warnings.push(
          source.note(entry.keyOffset, `unknown key "${entry.key}" is ignored (${advice})`)
        )
      }
    }
  }
  return { policy, warnings }
}

function readBoolean(source: PolicySource, entry: PolicyEntry): boolean {
  if (typeof entry.value === 'boolean') return entry.value
  throw source.refuse(
    entry.valueOffset,
    entry.key,
    `must be true or false, got ${describeValue(entry.value)}`,
    `write ${entry.key}: true or ${entry.key}: false (in YAML 1.2, yes/no/on/off are strings)`
  )
}

function readSessionDir(source: PolicySource, entry: PolicyEntry): string {
  if (typeof entry.value !== 'string') {
    throw source.refuse(
      entry.valueOffset,
      entry.key,
      `must be a folder path (a string), got ${describeValue(entry.value)}`,
      `write e.g. ${entry.key}: codex_sessions (quote it if it looks like a number)`
    )
  }
  const normal = normaliseSessionDir(entry.value)
  if (typeof normal === 'string') return normal
  throw source.refuse(entry.valueOffset, entry.key, normal.problem, normal.hint)
}

function readThreshold(source: PolicySource, entry: PolicyEntry): number {
  const value = entry.value
  const hint = `write a size in megabytes without quotes or units, e.g. ${entry.key}: 50`
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw source.refuse(
      entry.valueOffset,
      entry.key,
      `must be a number greater than 0, got ${describeValue(value)}`,
      hint
    )
  }
  if (value > MAX_SIZE_THRESHOLD_MB) {
    throw source.refuse(
      entry.valueOffset,
      entry.key,
      `must be at most ${MAX_SIZE_THRESHOLD_MB} (1 TiB), got ${value}`,
      hint
    )
  }
  return value
}

/**
 * A YAML list of strings, or (as the original policy documentation shows) one string of
 * space-separated extensions: `binary_extensions: .db .7z .zip`. Each is lower-cased (ASCII
 * letters only: git globs compare bytes, see gitattributes-pattern.ts), gets a leading dot if
 * it has none, and duplicates are dropped keeping the first; the user's order is kept.
 */
function readExtensions(source: PolicySource, entry: PolicyEntry): string[] {
  let items: { raw: unknown; offset: number }[]
  if (typeof entry.value === 'string') {
    items = entry.value
      .split(/\s+/)
      .filter(word => word !== '')
      .map(raw => ({ raw, offset: entry.valueOffset }))
  } else if (Array.isArray(entry.value)) {
    items = entry.value.map((raw: unknown, index) => ({
      raw,
      offset: entry.itemOffsets[index] ?? entry.valueOffset
    }))
  } else {
    throw source.refuse(
      entry.valueOffset,
      entry.key,
      `must be a list of extensions, got ${describeValue(entry.value)}`,
      `write e.g. ${entry.key}: [".db", ".zip", ".tar.gz"]`
    )
  }
  const result: string[] = []
  items.forEach(({ raw, offset }, index) => {
    const extension = normaliseExtension(raw)
    if (typeof extension !== 'string') {
      throw source.refuse(
        offset,
        entry.key,
        `item ${index + 1} ${extension.problem}`,
        'write plain extensions like .db or .tar.gz: no globs, slashes, spaces or NUL'
      )
    }
    if (!result.includes(extension)) result.push(extension)
  })
  return result
}

function normaliseExtension(raw: unknown): string | { problem: string } {
  if (typeof raw !== 'string') return { problem: `must be a string, got ${describeValue(raw)}` }
  if (raw === '') return { problem: 'is empty' }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) {
    return { problem: `${JSON.stringify(raw)} contains whitespace, a control character or NUL` }
  }
  if (/[/\\]/.test(raw)) return { problem: `${JSON.stringify(raw)} contains a slash` }
  if (/[*?[\]]/.test(raw)) {
    return { problem: `${JSON.stringify(raw)} contains a glob character (* ? [ ])` }
  }
  const dotted = raw.startsWith('.') ? raw : `.${raw}`
  if (dotted.slice(1).split('.').includes('')) {
    return { problem: `${JSON.stringify(raw)} has an empty part (a lone, doubled or final dot)` }
  }
  return dotted.replace(/[A-Z]/g, letter => letter.toLowerCase())
}

function readTemplate(source: PolicySource, entry: PolicyEntry): string[] {
  if (typeof entry.value !== 'string') {
    throw source.refuse(
      entry.valueOffset,
      entry.key,
      `must be a multi-line string, got ${describeValue(entry.value)}`,
      `write it as a block: "${entry.key}: |" followed by indented .gitattributes lines`
    )
  }
  const start = source.position(entry.valueOffset)
  const lines: string[] = []
  entry.value.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trimEnd()
    if (line === '') return
    // a literal block keeps one value line per text line (its offset is the start of the
    // first content line); other styles point at the value
    const at =
      entry.literalIndent === undefined
        ? start
        : { line: start.line + index, column: start.column + entry.literalIndent }
    if (containsMarker(line)) {
      throw source.refuse(
        at,
        entry.key,
        `line ${index + 1} contains the artifact-lfs managed-block marker`,
        'remove that line: the markers are written by artifact-lfs around its own block'
      )
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line)) {
      throw source.refuse(
        at,
        entry.key,
        `line ${index + 1} contains a control character or NUL`,
        'remove it: .gitattributes lines are plain text'
      )
    }
    lines.push(line)
  })
  return lines
}
