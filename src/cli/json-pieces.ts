/** Array items stringified at once. */
const ITEMS_PER_PIECE = 256
/** Pieces are handed out once they hold about this many characters. */
const PIECE_CHARS = 32 * 1024

/**
 * The text of `JSON.stringify(value)`, in pieces of about 32 KiB: long arrays (the file list
 * of a 70,000-file archive) are stringified a few hundred items at a time, so neither the
 * whole text nor its UTF-8 bytes are ever held at once (24 MB then, for 12 MB of JSON).
 */
export function* jsonPieces(value: unknown): Generator<string> {
  let pending = ''
  for (const part of parts(toJsonValue(value, ''))) {
    pending += part
    if (pending.length >= PIECE_CHARS) {
      yield pending
      pending = ''
    }
  }
  if (pending !== '') yield pending
}

/** JSON.stringify's text for `json` (a value whose toJSON, if any, was applied), in parts. */
function* parts(json: unknown): Generator<string> {
  if (Array.isArray(json)) {
    if (json.length <= ITEMS_PER_PIECE && !json.some(isContainer)) {
      yield JSON.stringify(json)
      return
    }
    yield '['
    for (let start = 0; start < json.length; start += ITEMS_PER_PIECE) {
      const slice = json.slice(start, start + ITEMS_PER_PIECE)
      if (slice.some(isContainer)) {
        // items that are objects or arrays may hold long arrays themselves
        for (let i = 0; i < slice.length; i++) {
          if (start + i > 0) yield ','
          yield* itemParts(slice[i], String(start + i))
        }
      } else yield (start > 0 ? ',' : '') + JSON.stringify(slice).slice(1, -1)
    }
    yield ']'
    return
  }
  if (isPlainObject(json)) {
    yield '{'
    let first = true
    for (const name of Object.keys(json)) {
      const member = toJsonValue(json[name], name)
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol')
        continue
      yield `${first ? '' : ','}${JSON.stringify(name)}:`
      first = false
      yield* parts(member)
    }
    yield '}'
    return
  }
  yield JSON.stringify(json) as string
}

/** An array item: what JSON.stringify writes as null (undefined, a function) becomes null. */
function* itemParts(item: unknown, index: string): Generator<string> {
  const json = toJsonValue(item, index)
  if (json === undefined || typeof json === 'function' || typeof json === 'symbol') yield 'null'
  else yield* parts(json)
}

/** The value JSON.stringify serializes in place of `value` (its toJSON result, if any). */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value) {
    const toJSON = (value as { toJSON: unknown }).toJSON
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key)
  }
  return value
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object'
}

/** An object JSON.stringify walks member by member (not a boxed primitive). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Number || value instanceof String || value instanceof Boolean)
  )
}
