/**
 * The byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1.
 * Follows the Unicode definition TextDecoder's fatal mode uses: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b0 = bytes[i]!
    if (b0 < 0x80) {
      i += 1
      continue
    }
    let needed: number
    let min: number
    let max = 0xbf
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      needed = 1
      min = 0x80
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      needed = 2
      min = b0 === 0xe0 ? 0xa0 : 0x80
      if (b0 === 0xed) max = 0x9f
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      needed = 3
      min = b0 === 0xf0 ? 0x90 : 0x80
      if (b0 === 0xf4) max = 0x8f
    } else {
      return i
    }
    // the first continuation byte has the narrowed range, the rest are 0x80..0xBF
    for (let k = 1; k <= needed; k++) {
      const b = bytes[i + k]
      const lo = k === 1 ? min : 0x80
      const hi = k === 1 ? max : 0xbf
      if (b === undefined || b < lo || b > hi) return i
    }
    i += needed + 1
  }
  return -1
}

/** 1-based line and column (in characters) of byte `offset` in UTF-8 `bytes`. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1
      lineStart = i + 1
    }
  }
  // everything between lineStart and offset is valid UTF-8 (offset is the first bad byte)
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset))
  return { line, column: before.length + 1 }
}
