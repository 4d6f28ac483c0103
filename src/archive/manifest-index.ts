import type { ManifestFile } from '../manifest/manifest.js'

const TYPE_FILE = 0
const TYPE_SYMLINK = 1
const SHA256_BYTES = 32
const FIRST_CAPACITY = 1024

/**
 * A manifest's files by path, kept compactly: recovery looks up every archive entry in it,
 * and 70,000 parsed file objects (each with its own path, mtime and sha256 strings) cost
 * ~20 MB where these columns cost a third of that. Per path one row: type, size, mode, an
 * index into the distinct mtime texts, and the sha256 as 32 bytes. A path listed twice keeps
 * its last row, and the repetition is recorded in `problems`.
 */
export class ManifestIndex {
  /** The list's own problems (paths listed twice), one sentence each. */
  readonly problems: string[] = []
  private readonly rows = new Map<string, number>()
  private count = 0
  private types = new Uint8Array(FIRST_CAPACITY)
  private sizes = new Float64Array(FIRST_CAPACITY)
  private modes = new Float64Array(FIRST_CAPACITY)
  private mtimeRefs = new Uint32Array(FIRST_CAPACITY)
  private digests = Buffer.alloc(FIRST_CAPACITY * SHA256_BYTES)
  private readonly targets = new Map<number, string>()
  /** Distinct mtime texts (archives mostly repeat one) and their Dates, made when asked for. */
  private readonly mtimeTexts: string[] = []
  private readonly mtimeRefByText = new Map<string, number>()
  private readonly mtimeDates: (Date | null | undefined)[] = []

  static of(files: Iterable<ManifestFile>): ManifestIndex {
    const index = new ManifestIndex()
    for (const file of files) index.add(file)
    return index
  }

  /** Adds one checked manifest file (see parseManifest: sha256 is 64 lower-case hex digits). */
  add(file: ManifestFile): void {
    if (this.rows.has(file.path)) this.problems.push(`the manifest lists "${file.path}" twice`)
    if (this.count === this.types.length) this.grow()
    const row = this.count++
    this.rows.set(file.path, row)
    this.types[row] = file.type === 'symlink' ? TYPE_SYMLINK : TYPE_FILE
    this.sizes[row] = file.size
    this.modes[row] = file.mode
    this.mtimeRefs[row] = this.mtimeRefOf(file.mtime)
    this.digests.write(file.sha256, row * SHA256_BYTES, SHA256_BYTES, 'hex')
    if (file.target !== undefined) this.targets.set(row, file.target)
  }

  /** Distinct paths listed. */
  get size(): number {
    return this.rows.size
  }

  has(path: string): boolean {
    return this.rows.has(path)
  }

  paths(): IterableIterator<string> {
    return this.rows.keys()
  }

  /** The listed file at `path`, as a fresh object (or undefined). */
  get(path: string): ManifestFile | undefined {
    const row = this.rows.get(path)
    if (row === undefined) return undefined
    const file: ManifestFile = {
      path,
      type: this.types[row] === TYPE_SYMLINK ? 'symlink' : 'file',
      size: this.sizes[row],
      mode: this.modes[row],
      mtime: this.mtimeTexts[this.mtimeRefs[row]],
      sha256: this.digestAt(row).toString('hex')
    }
    const target = this.targets.get(row)
    if (target !== undefined) file.target = target
    return file
  }

  /** The listed sha256 of `path` (hex), or undefined when it is not listed. */
  sha256Of(path: string): string | undefined {
    const row = this.rows.get(path)
    return row === undefined ? undefined : this.digestAt(row).toString('hex')
  }

  /** Whether `path` is listed with exactly this sha256 `digest` (32 bytes). */
  digestMatches(path: string, digest: Buffer): boolean {
    const row = this.rows.get(path)
    return row !== undefined && this.digestAt(row).equals(digest)
  }

  /**
   * The listed mtime of `path`, one Date shared by all paths with the same text; undefined
   * when not listed or not a readable time.
   */
  mtimeOf(path: string): Date | undefined {
    const row = this.rows.get(path)
    if (row === undefined) return undefined
    const ref = this.mtimeRefs[row]
    let date = this.mtimeDates[ref]
    if (date === undefined) {
      const ms = Date.parse(this.mtimeTexts[ref])
      date = Number.isNaN(ms) ? null : new Date(ms)
      this.mtimeDates[ref] = date
    }
    return date ?? undefined
  }

  private digestAt(row: number): Buffer {
    return this.digests.subarray(row * SHA256_BYTES, (row + 1) * SHA256_BYTES)
  }

  private mtimeRefOf(text: string): number {
    let ref = this.mtimeRefByText.get(text)
    if (ref === undefined) {
      ref = this.mtimeTexts.length
      this.mtimeTexts.push(text)
      this.mtimeRefByText.set(text, ref)
    }
    return ref
  }

  private grow(): void {
    const capacity = this.types.length * 2
    const widen = <T extends Uint8Array | Float64Array | Uint32Array>(old: T, fresh: T): T => {
      fresh.set(old)
      return fresh
    }
    this.types = widen(this.types, new Uint8Array(capacity))
    this.sizes = widen(this.sizes, new Float64Array(capacity))
    this.modes = widen(this.modes, new Float64Array(capacity))
    this.mtimeRefs = widen(this.mtimeRefs, new Uint32Array(capacity))
    const digests = Buffer.alloc(capacity * SHA256_BYTES)
    this.digests.copy(digests)
    this.digests = digests
  }
}
