import { ArtifactLfsError } from '../errors.js'

/**
 * The manifest every session archive carries as its last entry, under MANIFEST_ENTRY_NAME.
 * It is written by packaging, checked by validate, and never extracted as a user file.
 */
export const MANIFEST_ENTRY_NAME = '.artifact-lfs/manifest.json'
export const MANIFEST_FORMAT = 'artifact-lfs-manifest'
export const MANIFEST_VERSION = 1

export interface ManifestFile {
  /** Path inside the archive and inside the temp dir, '/'-separated. */
  path: string
  type: 'file' | 'symlink'
  /** Bytes of content (for a symlink: of the link target text). */
  size: number
  /** Unix permission bits, e.g. 0o644 = 420. */
  mode: number
  /** Modification time written to the archive, ISO 8601 UTC (clamped to SOURCE_DATE_EPOCH). */
  mtime: string
  /** sha256 of the content (for a symlink: of the target text). */
  sha256: string
  /** Symlink target as stored (relative, inside the temp dir). */
  target?: string
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT
  version: typeof MANIFEST_VERSION
  tool: { name: string; version: string }
  /** When the archive was made, ISO 8601 UTC (clamped like mtimes). */
  createdAt: string
  files: ManifestFile[]
}

/**
 * Deterministic JSON: fixed key order, sorted files, one file per line, trailing newline.
 * (One line a file rather than indented members: a third less to write and hold for 70,000
 * files, and fewer bytes once deflated, while `unzip -p ... | head` stays readable.)
 */
export function serializeManifest(manifest: Manifest): Buffer {
  const builder = new ManifestTextBuilder()
  for (const file of [...manifest.files].sort((a, b) => compareArchivePaths(a.path, b.path)))
    builder.add(file)
  return builder.finish(manifest)
}

/**
 * Lines are encoded in pieces of about this many characters: strings under V8's large-object
 * size (128 KiB) die young, while bigger ones are freed only by a full collection, and the
 * heap grows meanwhile.
 */
const PIECE_CHARS = 32 * 1024

/**
 * The manifest text of serializeManifest, built file by file as entries are written (in
 * archive order), so the work is spread over the packaging instead of piled at its end. It
 * keeps text, not file objects, and never a string of the whole manifest (12 MB for 70,000
 * files). Files must come in path order (compareArchivePaths), as entries are written.
 */
export class ManifestTextBuilder {
  private readonly pieces: Buffer[] = []
  private lines: string[] = []
  private pendingChars = 0
  private lastPath: string | undefined
  private count = 0

  /** Files added so far. */
  get length(): number {
    return this.count
  }

  add(file: ManifestFile): void {
    if (this.lastPath !== undefined && compareArchivePaths(this.lastPath, file.path) > 0)
      throw new Error(
        `internal: manifest file ${JSON.stringify(file.path)} added after ${JSON.stringify(this.lastPath)}`
      )
    this.lastPath = file.path
    this.count++
    if (this.pendingChars >= PIECE_CHARS) {
      // a piece ends with a separator: another line (this one) follows it
      this.pieces.push(Buffer.from(this.lines.join(',\n') + ',\n', 'utf8'))
      this.lines = []
      this.pendingChars = 0
    }
    const line = serializeFile(file)
    this.lines.push(line)
    this.pendingChars += line.length
  }

  /** The whole manifest: `header`'s fields, then the files added. */
  finish(header: Omit<Manifest, 'files'>): Buffer {
    return Buffer.concat(this.finishPieces(header))
  }

  /** The bytes of `finish`, in the pieces they were built in (no copy of the whole). */
  finishPieces(header: Omit<Manifest, 'files'>): Buffer[] {
    const head = JSON.stringify({
      format: header.format,
      version: header.version,
      tool: { name: header.tool.name, version: header.tool.version },
      createdAt: header.createdAt
    }).slice(0, -1)
    if (this.count === 0) return [Buffer.from(`${head},"files":[]}\n`, 'utf8')]
    return [
      Buffer.from(`${head},"files":[\n`, 'utf8'),
      ...this.pieces,
      Buffer.from(this.lines.join(',\n') + '\n]}\n', 'utf8')
    ]
  }
}

/** One file's JSON object, keys in a fixed order (`target` only for symlinks). */
function serializeFile(f: ManifestFile): string {
  // one JSON.stringify of a fresh literal is several times faster than one per field; an
  // undefined `target` is left out by JSON.stringify
  return JSON.stringify({
    path: f.path,
    type: f.type,
    size: f.size,
    mode: f.mode,
    mtime: f.mtime,
    sha256: f.sha256,
    target: f.target
  })
}

/** A manifest without its files list. */
export type ManifestHeader = Omit<Manifest, 'files'>

/** Parses and checks a manifest; `source` names the archive in errors. */
export function parseManifest(bytes: Buffer, source: string): Manifest {
  const files: ManifestFile[] = []
  const header = scanManifest(bytes, source, file => files.push(file))
  return { ...header, files }
}

/**
 * Parses and checks a manifest, handing each file to `visit` as soon as it is parsed, in list
 * order: the caller keeps what it needs, so neither a string of the whole manifest (12 MB for
 * 70,000 files) nor an object per file has to exist at once. Any JSON layout is accepted (the
 * compact one-file-a-line form and the older indented one alike). The header is checked before
 * the first file is visited; a malformed file throws when it is reached.
 */
export function scanManifest(
  bytes: Buffer,
  source: string,
  visit: (file: ManifestFile, index: number) => void
): ManifestHeader {
  const fail = (why: string): never => {
    throw new ArtifactLfsError('archive', `${source}: manifest ${why}`)
  }
  const notJson = (cause?: unknown): never => {
    throw new ArtifactLfsError('archive', `${source}: manifest is not valid JSON`, { cause })
  }
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text)
    } catch (cause) {
      return notJson(cause)
    }
  }
  const files = findFilesList(bytes)
  // without one "files" array at the top level, the whole text is parsed for the right error
  const headerText =
    files === undefined
      ? bytes.toString('utf8')
      : bytes.toString('utf8', 0, files.start) + '[]' + bytes.toString('utf8', files.end)
  const value = parse(headerText)
  if (typeof value !== 'object' || value === null) return fail('is not an object')
  const m = value as Record<string, unknown>
  if (m.format !== MANIFEST_FORMAT) fail(`has format ${JSON.stringify(m.format)}`)
  if (m.version !== MANIFEST_VERSION) fail(`has unsupported version ${JSON.stringify(m.version)}`)
  if (!Array.isArray(m.files)) return fail('has no files list')
  const tool = m.tool as { name?: unknown; version?: unknown } | undefined
  const header: ManifestHeader = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: { name: String(tool?.name ?? ''), version: String(tool?.version ?? '') },
    createdAt: String(m.createdAt ?? '')
  }
  const check = (raw: unknown, index: number): void => {
    if (!isManifestFile(raw)) fail(`entry ${index} is malformed`)
    visit(raw as ManifestFile, index)
  }
  if (files === undefined) {
    ;(m.files as unknown[]).forEach(check)
    return header
  }
  let index = 0
  let at = skipWhitespace(bytes, files.start + 1)
  if (at === files.end - 1) return header
  for (;;) {
    const end = skipValue(bytes, at)
    if (end < 0) notJson()
    check(parse(bytes.toString('utf8', at, end)), index++)
    at = skipWhitespace(bytes, end)
    if (bytes[at] === CLOSE_BRACKET) {
      if (at !== files.end - 1) notJson()
      return header
    }
    if (bytes[at] !== COMMA) notJson()
    at = skipWhitespace(bytes, at + 1)
  }
}

function isManifestFile(raw: unknown): boolean {
  const f = raw as Record<string, unknown>
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.path === 'string' &&
    (f.type === 'file' || f.type === 'symlink') &&
    Number.isSafeInteger(f.size) &&
    Number.isSafeInteger(f.mode) &&
    typeof f.mtime === 'string' &&
    typeof f.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(f.sha256)
  )
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/**
 * Where the value of the top-level "files" key lies, when the text is an object with exactly
 * one such key whose value starts with "[" (else undefined). Only the structure is followed
 * here (strings, brackets); JSON.parse checks the pieces. UTF-8 continuation bytes are all
 * >= 0x80, so they are never taken for structure.
 */
function findFilesList(bytes: Buffer): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined
  let at = skipWhitespace(bytes, 0)
  if (bytes[at] !== OPEN_BRACE) return undefined
  at = skipWhitespace(bytes, at + 1)
  if (bytes[at] === CLOSE_BRACE) return undefined
  for (;;) {
    if (bytes[at] !== QUOTE) return undefined
    const keyEnd = skipString(bytes, at)
    if (keyEnd < 0) return undefined
    const key = bytes.toString('utf8', at, keyEnd)
    at = skipWhitespace(bytes, keyEnd)
    if (bytes[at] !== COLON) return undefined
    at = skipWhitespace(bytes, at + 1)
    const valueEnd = skipValue(bytes, at)
    if (valueEnd < 0) return undefined
    // a key spelled with escapes ("fil\u0065s") is left to the whole-text parse
    if (key === '"files"') {
      if (found !== undefined || bytes[at] !== OPEN_BRACKET) return undefined
      found = { start: at, end: valueEnd }
    } else if (key.includes('\\')) return undefined
    at = skipWhitespace(bytes, valueEnd)
    if (bytes[at] === CLOSE_BRACE) break
    if (bytes[at] !== COMMA) return undefined
    at = skipWhitespace(bytes, at + 1)
  }
  return skipWhitespace(bytes, at + 1) === bytes.length ? found : undefined
}

function skipWhitespace(bytes: Buffer, at: number): number {
  while (at < bytes.length) {
    const b = bytes[at]
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break
    at++
  }
  return at
}

/** The end of the string starting at `at` (just past its closing quote), or -1. */
function skipString(bytes: Buffer, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === BACKSLASH) i++
    else if (b === QUOTE) return i + 1
  }
  return -1
}

/** The end of the JSON value starting at `at` (its structure only), or -1. */
function skipValue(bytes: Buffer, at: number): number {
  const first = bytes[at]
  if (first === QUOTE) return skipString(bytes, at)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    for (let i = at; i < bytes.length; i++) {
      const b = bytes[i]
      if (b === QUOTE) {
        i = skipString(bytes, i)
        if (i < 0) return -1
        i--
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1
      }
    }
    return -1
  }
  // a number or literal: up to the next delimiter
  let i = at
  while (i < bytes.length) {
    const b = bytes[i]
    if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b === 0x20 || b === 0x0a) break
    if (b === 0x0d || b === 0x09 || b === QUOTE || b === OPEN_BRACE || b === OPEN_BRACKET) break
    i++
  }
  return i === at ? -1 : i
}

/**
 * Byte-wise order of UTF-8 paths: the order entries are written in, on every platform.
 * UTF-8 byte order is code point order, which equals UTF-16 code unit order except that
 * surrogates (U+D800-DFFF, the halves of code points above U+FFFF) must sort after
 * U+E000-FFFF; comparing code units with that one correction avoids encoding both strings
 * (a sort of 70,000 paths compared ~2.4 million Buffers otherwise).
 */
export function compareArchivePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

/** A UTF-16 code unit's place in code point order: surrogates move above U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800
}
