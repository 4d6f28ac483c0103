/**
 * Git LFS pointer files (spec v1): parse, format, and the canonical-form check.
 * A canonical pointer is exactly:
 *   version https://git-lfs.github.com/spec/v1\noid sha256:<64 hex>\nsize <decimal>\n
 * with a size above 0 (extension lines `ext-N-name` would sit between version and oid; we accept
 * them when parsing but artifact-lfs never writes them, so they are not canonical here).
 */
export const LFS_SPEC_URL = 'https://git-lfs.github.com/spec/v1'
/** Pointers larger than this are not pointers (git-lfs uses 1024 too). */
export const MAX_POINTER_SIZE = 1024

export interface LfsPointer {
  oid: string
  size: number
}

export function formatPointer(pointer: LfsPointer): string {
  return `version ${LFS_SPEC_URL}\noid sha256:${pointer.oid}\nsize ${pointer.size}\n`
}

export type PointerParse =
  | { kind: 'pointer'; pointer: LfsPointer; canonical: boolean }
  | { kind: 'not-pointer'; reason: string }

/** Parses blob content. `canonical` is false for CRLF, extra spaces, or keys out of order. */
export function parsePointer(content: Buffer | string): PointerParse {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  if (bytes.length === 0) return { kind: 'not-pointer', reason: 'empty file' }
  if (bytes.length > MAX_POINTER_SIZE)
    return { kind: 'not-pointer', reason: `larger than ${MAX_POINTER_SIZE} bytes` }
  const text = bytes.toString('utf8')
  if (!text.startsWith('version ')) return { kind: 'not-pointer', reason: 'no version line' }
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  const fields = new Map<string, string>()
  const order: string[] = []
  for (const line of lines) {
    const match = /^([a-z0-9.-]+) (.*)$/.exec(line)
    if (!match) return { kind: 'not-pointer', reason: `malformed line ${JSON.stringify(line)}` }
    const [, key, value] = match as unknown as [string, string, string]
    if (fields.has(key)) return { kind: 'not-pointer', reason: `duplicate key ${key}` }
    fields.set(key, value)
    order.push(key)
  }
  const version = fields.get('version')
  if (version !== LFS_SPEC_URL && version !== 'https://hawser.github.com/spec/v1')
    return { kind: 'not-pointer', reason: `unknown version ${JSON.stringify(version)}` }
  const oidField = fields.get('oid')
  const sizeField = fields.get('size')
  const oidMatch = oidField === undefined ? null : /^sha256:([0-9a-f]{64})$/.exec(oidField)
  if (!oidMatch) return { kind: 'not-pointer', reason: 'missing or malformed oid' }
  if (sizeField === undefined || !/^(0|[1-9][0-9]*)$/.test(sizeField))
    return { kind: 'not-pointer', reason: 'missing or malformed size' }
  const size = Number(sizeField)
  if (!Number.isSafeInteger(size)) return { kind: 'not-pointer', reason: 'size out of range' }
  const pointer = { oid: oidMatch[1] as string, size }
  // git-lfs encodes an empty file as the empty file, never as a `size 0` pointer
  const canonical = size > 0 && formatPointer(pointer) === text
  return { kind: 'pointer', pointer, canonical }
}

/** Where git-lfs keeps an object locally: <git dir>/lfs/objects/aa/bb/<oid>. */
export function localObjectPath(gitDir: string, oid: string): string {
  return `${gitDir}/lfs/objects/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`
}
