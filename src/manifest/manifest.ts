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

/** Lines are encoded in pieces of about this many characters. */
const PIECE_CHARS = 256 * 1024

/**
 * The manifest text of serializeManifest, built file by file as entries are written (in
 * archive order), so the work is spread over the packaging instead of piled at its end, and
 * no string of the whole manifest (12 MB for 70,000 files) is ever made. Files added out of
 * path order are sorted at `finish` instead.
 */
export class ManifestTextBuilder {
  readonly files: ManifestFile[] = []
  private readonly pieces: Buffer[] = []
  private lines: string[] = []
  private pendingChars = 0
  private inOrder = true

  add(file: ManifestFile): void {
    const previous = this.files[this.files.length - 1]
    if (previous !== undefined && compareArchivePaths(previous.path, file.path) > 0)
      this.inOrder = false
    this.files.push(file)
    if (!this.inOrder) return
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
    if (!this.inOrder) return serializeManifest({ ...header, files: this.files })
    const head = JSON.stringify({
      format: header.format,
      version: header.version,
      tool: { name: header.tool.name, version: header.tool.version },
      createdAt: header.createdAt
    }).slice(0, -1)
    if (this.files.length === 0) return Buffer.from(`${head},"files":[]}\n`, 'utf8')
    return Buffer.concat([
      Buffer.from(`${head},"files":[\n`, 'utf8'),
      ...this.pieces,
      Buffer.from(this.lines.join(',\n') + '\n]}\n', 'utf8')
    ])
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

/** Parses and checks a manifest; `source` names the archive in errors. */
export function parseManifest(bytes: Buffer, source: string): Manifest {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch (cause) {
    throw new ArtifactLfsError('archive', `${source}: manifest is not valid JSON`, { cause })
  }
  const fail = (why: string): never => {
    throw new ArtifactLfsError('archive', `${source}: manifest ${why}`)
  }
  if (typeof value !== 'object' || value === null) return fail('is not an object')
  const m = value as Record<string, unknown>
  if (m.format !== MANIFEST_FORMAT) fail(`has format ${JSON.stringify(m.format)}`)
  if (m.version !== MANIFEST_VERSION) fail(`has unsupported version ${JSON.stringify(m.version)}`)
  if (!Array.isArray(m.files)) return fail('has no files list')
  const files: ManifestFile[] = []
  for (const [i, raw] of (m.files as unknown[]).entries()) {
    const f = raw as Record<string, unknown>
    if (
      typeof f !== 'object' ||
      f === null ||
      typeof f.path !== 'string' ||
      (f.type !== 'file' && f.type !== 'symlink') ||
      !Number.isSafeInteger(f.size) ||
      !Number.isSafeInteger(f.mode) ||
      typeof f.mtime !== 'string' ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256)
    )
      fail(`entry ${i} is malformed`)
    files.push(f as unknown as ManifestFile)
  }
  const tool = m.tool as { name?: unknown; version?: unknown } | undefined
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: { name: String(tool?.name ?? ''), version: String(tool?.version ?? '') },
    createdAt: String(m.createdAt ?? ''),
    files
  }
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
