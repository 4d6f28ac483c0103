import { crc32 } from 'node:zlib'

/**
 * Turns the raw name bytes of a zip entry into text. APPNOTE: with general-purpose flag bit 11
 * the name is UTF-8; otherwise it is IBM code page 437, unless an Info-ZIP Unicode Path extra
 * field (0x7075) carries a UTF-8 version whose CRC matches the raw name. Many Unix zippers
 * (Info-ZIP in a UTF-8 locale among them) store UTF-8 bytes without setting the flag, so a
 * flagless name that is valid UTF-8 is read as UTF-8; only other bytes fall back to CP437.
 * Returns undefined when a name flagged as UTF-8 is not valid UTF-8.
 */
export function decodeEntryName(
  raw: Buffer,
  utf8Flag: boolean,
  unicodePathExtra: Buffer | undefined
): string | undefined {
  if (utf8Flag) return decodeUtf8Strict(raw)
  if (unicodePathExtra !== undefined) {
    const fromExtra = decodeUnicodePathExtra(unicodePathExtra, raw)
    if (fromExtra !== undefined) return fromExtra
  }
  if (isAscii(raw)) return raw.toString('latin1')
  return decodeUtf8Strict(raw) ?? decodeCp437(raw)
}

/** Info-ZIP Unicode Path extra field: version 1, CRC-32 of the header name, UTF-8 name. */
function decodeUnicodePathExtra(data: Buffer, headerName: Buffer): string | undefined {
  if (data.length < 5 || data[0] !== 1) return undefined
  if (data.readUInt32LE(1) !== crc32(headerName)) return undefined
  return decodeUtf8Strict(data.subarray(5))
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function decodeUtf8Strict(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

function isAscii(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte >= 0x80) return false
  return true
}

/** The upper half (0x80-0xFF) of code page 437, one character per byte value. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
  'áíóúñÑªº¿⌐¬½¼¡«»' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩' +
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0'

/** CP437 with the lower half read as ASCII (as every zip tool does). */
export function decodeCp437(bytes: Buffer): string {
  let out = ''
  for (const byte of bytes) out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80]
  return out
}
