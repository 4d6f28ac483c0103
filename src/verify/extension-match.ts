/**
 * Which policy extension a file name ends with, case-insensitively; the longest wins, so
 * `logs.tar.gz` matches `.tar.gz` before `.gz`. Extensions are like '.db' or '.tar.gz'.
 */
export function matchBinaryExtension(
  filePath: string,
  extensions: readonly string[]
): string | undefined {
  const base = filePath.slice(filePath.lastIndexOf('/') + 1).toLowerCase()
  let best: string | undefined
  for (const raw of extensions) {
    const ext = raw.toLowerCase()
    if (ext.length <= 1 || !base.endsWith(ext)) continue
    if (best === undefined || ext.length > best.length) best = ext
  }
  return best
}

/** `bytes[start..end)` holds a path as UTF-8 (or any bytes git stores); nothing is decoded. */
export type PathBytesTest = (bytes: Buffer, start: number, end: number) => boolean

const ASCII_LIMIT = 0x80
const UPPER_A = 0x41
const UPPER_Z = 0x5a
const CASE_BIT = 0x20

/**
 * A quick test on undecoded path bytes that is true for every path `matchBinaryExtension` matches
 * (and for a few more, which the caller then checks with it). It compares the path's last bytes
 * with each extension, ASCII case folded, from a table keyed by the last byte, so most paths
 * cost one lookup. A non-ASCII byte among the bytes compared answers true: Unicode lower-casing
 * can turn such a character into ASCII (the Kelvin sign into 'k'), so only the exact check on
 * the decoded string can tell. An ASCII tail is exact: ASCII lower-cases to ASCII, one to one.
 */
export function binaryExtensionPrefilter(extensions: readonly string[]): PathBytesTest {
  const lowered = extensions.map(ext => ext.toLowerCase()).filter(ext => ext.length > 1)
  // a non-ASCII extension can match through multi-byte characters: leave every path to the exact check
  if (lowered.some(ext => [...ext].some(char => char.charCodeAt(0) >= ASCII_LIMIT)))
    return () => true
  const byLastByte: Buffer[][] = Array.from({ length: ASCII_LIMIT }, () => [])
  for (const ext of new Set(lowered)) {
    const bytes = Buffer.from(ext, 'latin1')
    byLastByte[bytes[bytes.length - 1] as number]?.push(bytes)
  }
  return (bytes, start, end) => {
    if (end <= start) return false
    const last = foldAscii(bytes[end - 1] as number)
    if (last >= ASCII_LIMIT) return true
    for (const ext of byLastByte[last] as Buffer[]) {
      if (tailMayMatch(bytes, start, end, ext)) return true
    }
    return false
  }
}

/** True when the path's last bytes equal `ext` (ASCII case folded) or hold a non-ASCII byte. */
function tailMayMatch(bytes: Buffer, start: number, end: number, ext: Buffer): boolean {
  let at = end - 1
  for (let i = ext.length - 1; i >= 0; i--, at--) {
    // shorter than the extension, and all ASCII so far: one byte per character, cannot match
    if (at < start) return false
    const byte = foldAscii(bytes[at] as number)
    if (byte >= ASCII_LIMIT) return true
    if (byte !== ext[i]) return false
  }
  return true
}

function foldAscii(byte: number): number {
  return byte >= UPPER_A && byte <= UPPER_Z ? byte | CASE_BIT : byte
}
