import {
  constructFromEvents,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
  type Event
} from 'js-yaml'
import { type PolicySource } from './policy-source.js'

/** One top-level `key: value` pair and where it sits in the text. */
export interface PolicyEntry {
  key: string
  /** Offset of the key, and of the value (the key's offset when the value is empty). */
  keyOffset: number
  valueOffset: number
  /** For a block literal scalar (`|`): the indentation of its content lines, else undefined. */
  literalIndent: number | undefined
  /** For a sequence value: the offset of each item. */
  itemOffsets: number[]
  value: unknown
}

/**
 * Aliases never copy data in js-yaml 5 (an alias is the same object), so a "billion laughs"
 * document stays small; this cap still bounds the work on hostile input.
 */
const MAX_ALIASES = 1000
/** Policy values are at most a list of strings; anything deeper is not a policy. */
const MAX_DEPTH = 20

const SYNTAX = 'YAML syntax'

/**
 * Parses the policy text into its top-level entries (empty for an empty document). Refuses
 * malformed YAML, more than one document, a top level that is not a mapping, and duplicate
 * keys, each with line:column.
 */
export function parsePolicyYaml(source: PolicySource): PolicyEntry[] {
  let events: Event[]
  try {
    events = parseEvents(source.text, { filename: source.label, maxDepth: MAX_DEPTH })
  } catch (cause) {
    throw yamlRefusal(source, cause, () => SYNTAX)
  }
  if (events.length === 0) return []
  const second = nextDocument(events)
  if (second !== -1) {
    throw source.refuse(
      nodeOffset(events[second + 1]) ?? source.text.indexOf('---', 1),
      SYNTAX,
      'the policy file holds more than one YAML document',
      'keep a single document: remove the second `---` and everything after it'
    )
  }
  const root = events[1]!
  if (root.type === EVENT_ID.POP) return []
  if (root.type === EVENT_ID.SCALAR && root.valueStart === -1) return []
  if (root.type !== EVENT_ID.MAPPING) {
    throw source.refuse(
      nodeOffset(root) ?? 0,
      '(top level)',
      `the policy must be a mapping of keys to values, got ${nodeKind(root)}`,
      'write one `key: value` per line, e.g. `size_threshold_mb: 50`'
    )
  }
  const entries = collectEntries(source, events)
  let document: unknown
  try {
    document = constructFromEvents(events, {
      source: source.text,
      filename: source.label,
      maxAliases: MAX_ALIASES
    })[0]
  } catch (cause) {
    throw yamlRefusal(source, cause, position => keyAt(entries, position) ?? SYNTAX)
  }
  const record = document as Record<string, unknown>
  for (const entry of entries) {
    entry.value = Object.hasOwn(record, entry.key) ? record[entry.key] : undefined
  }
  return entries
}

function collectEntries(source: PolicySource, events: Event[]): PolicyEntry[] {
  const entries: PolicyEntry[] = []
  const firstLine = new Map<string, number>()
  let i = 2
  while (i < events.length && events[i]!.type !== EVENT_ID.POP) {
    const keyEvent = events[i]!
    const keyOffset = nodeOffset(keyEvent) ?? 0
    const key =
      keyEvent.type === EVENT_ID.SCALAR && keyEvent.valueStart !== -1
        ? getScalarValue(source.text, keyEvent)
        : keyEvent.type === EVENT_ID.SCALAR
          ? 'null'
          : `(${nodeKind(keyEvent)} as a key)`
    const valueIndex = skipNode(events, i)
    const valueEvent = events[valueIndex]!
    const next = skipNode(events, valueIndex)
    const seen = firstLine.get(key)
    if (seen !== undefined) {
      throw source.refuse(
        keyOffset,
        key,
        `duplicate key (first set on line ${seen})`,
        'keep one of the two lines: YAML keys must be unique'
      )
    }
    firstLine.set(key, source.position(keyOffset).line)
    entries.push({
      key,
      keyOffset,
      valueOffset: nodeOffset(valueEvent) ?? keyOffset,
      literalIndent:
        valueEvent.type === EVENT_ID.SCALAR && valueEvent.style === SCALAR_STYLE.LITERAL_BLOCK
          ? Math.max(0, valueEvent.indent)
          : undefined,
      itemOffsets: valueEvent.type === EVENT_ID.SEQUENCE ? childOffsets(events, valueIndex) : [],
      value: undefined
    })
    i = next
  }
  return entries
}

/** The index just after the node starting at `i` (a scalar, alias, or whole collection). */
function skipNode(events: Event[], i: number): number {
  const type = events[i]!.type
  if (type !== EVENT_ID.SEQUENCE && type !== EVENT_ID.MAPPING) return i + 1
  let depth = 0
  for (let j = i; j < events.length; j++) {
    const t = events[j]!.type
    if (t === EVENT_ID.SEQUENCE || t === EVENT_ID.MAPPING) depth += 1
    else if (t === EVENT_ID.POP) {
      depth -= 1
      if (depth === 0) return j + 1
    }
  }
  return events.length
}

function childOffsets(events: Event[], collection: number): number[] {
  const offsets: number[] = []
  let i = collection + 1
  while (i < events.length && events[i]!.type !== EVENT_ID.POP) {
    offsets.push(nodeOffset(events[i]) ?? -1)
    i = skipNode(events, i)
  }
  return offsets
}

/** Index of a second DOCUMENT event at the top level, or -1. */
function nextDocument(events: Event[]): number {
  let depth = 0
  for (let i = 0; i < events.length; i++) {
    const t = events[i]!.type
    if (t === EVENT_ID.DOCUMENT) {
      if (depth === 0 && i > 0) return i
      depth += 1
    } else if (t === EVENT_ID.SEQUENCE || t === EVENT_ID.MAPPING) depth += 1
    else if (t === EVENT_ID.POP) depth -= 1
  }
  return -1
}

function nodeOffset(event: Event | undefined): number | undefined {
  if (!event) return undefined
  switch (event.type) {
    case EVENT_ID.SCALAR:
      if (event.valueStart === -1) return undefined
      // point at the opening quote, not the first character inside it
      return event.style === SCALAR_STYLE.SINGLE_QUOTED ||
        event.style === SCALAR_STYLE.DOUBLE_QUOTED
        ? event.valueStart - 1
        : event.valueStart
    case EVENT_ID.SEQUENCE:
    case EVENT_ID.MAPPING:
      return event.start
    case EVENT_ID.ALIAS:
      return Math.max(0, event.anchorStart - 1)
    default:
      return undefined
  }
}

function nodeKind(event: Event): string {
  switch (event.type) {
    case EVENT_ID.SEQUENCE:
      return 'a list'
    case EVENT_ID.MAPPING:
      return 'a mapping'
    case EVENT_ID.ALIAS:
      return 'an alias'
    default:
      return 'a single value'
  }
}

/** The top-level key whose text contains `offset` (the last key starting at or before it). */
function keyAt(entries: PolicyEntry[], offset: number): string | undefined {
  let found: string | undefined
  for (const entry of entries) if (entry.keyOffset <= offset) found = entry.key
  return found
}

function yamlRefusal(
  source: PolicySource,
  cause: unknown,
  keyFor: (offset: number) => string
): Error {
  if (!(cause instanceof YAMLException)) {
    return source.refuse(0, SYNTAX, `could not parse: ${String(cause)}`, 'fix the YAML', cause)
  }
  const mark = cause.mark
  const at = mark ? { line: mark.line + 1, column: mark.column + 1 } : { line: 1, column: 1 }
  const key = mark ? keyFor(mark.position) : SYNTAX
  return source.refuse(
    at,
    key,
    `invalid YAML: ${cause.reason}`,
    'fix the YAML at that line; quote values that contain ": " or start with *, &, !, [, { or %',
    cause
  )
}
