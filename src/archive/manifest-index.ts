import { compareArchivePaths, type ManifestFile } from '../manifest/manifest.js'

const TYPE_FILE = 0
const TYPE_SYMLINK = 1
const SHA256_BYTES = 32
const DEFAULT_CAPACITY = 1024

/**
 * A manifest's files by path, kept compactly: recovery looks up every archive entry in it,
 * and 70,000 parsed file objects (each with its own path, mtime and sha256 strings) cost
 * ~20 MB where these columns cost a third of that. Per listed file one row: path, type, size,
 * mode, an index into the distinct mtime texts, and the sha256 as 32 bytes. Paths are found
 * by binary search over the rows in path order (manifests are written sorted, so that order
 * is usually the list's own): no hash map of 70,000 keys. A path listed twice keeps its last
 * row, and the repetition is recorded in `problems`.
 */
export class ManifestIndex {
  private count = 0
  private paths_: string[]
  /** Whether the paths were added in path order so far. */
  private inOrder = true
  /** Rows in path order, one per distinct path (the last listing); made at the first lookup. */
  private order: Uint32Array | undefined
  private readonly repeated: string[] = []
  /** The row the previous lookup found: one entry is looked up several times in a row. */
  private lastPath: string | undefined
  private lastRow = -1
  private types: Uint8Array
  private sizes: Float64Array
  private modes: Float64Array
  private mtimeRefs: Uint32Array
  private digests: Buffer
  private readonly targets = new Map<number, string>()
  /** Distinct mtime texts (archives mostly repeat one) and their Dates, made when asked for. */
  private readonly mtimeTexts: string[] = []
  private readonly mtimeRefByText = new Map<string, number>()
  private readonly mtimeDates: (Date | null | undefined)[] = []

  /** `capacity`: how many files are expected (e.g. the archive's entry count); more still fit. */
  constructor(capacity = DEFAULT_CAPACITY) {
    const rows = Math.max(1, capacity)
    this.paths_ = new Array<string>(rows)
    this.types = new Uint8Array(rows)
    this.sizes = new Float64Array(rows)
    this.modes = new Float64Array(rows)
    this.mtimeRefs = new Uint32Array(rows)
    this.digests = Buffer.alloc(rows * SHA256_BYTES)
  }

  static of(files: readonly ManifestFile[]): ManifestIndex {
    const index = new ManifestIndex(files.length)
    for (const file of files) index.add(file)
    return index
  }

  /** Adds one checked manifest file (see parseManifest: sha256 is 64 lower-case hex digits). */
  add(file: ManifestFile): void {
    if (this.order !== undefined) throw new Error('internal: ManifestIndex.add after a lookup')
    if (this.count === this.types.length) this.grow()
    const row = this.count++
    if (row > 0 && compareArchivePaths(this.paths_[row - 1], file.path) > 0) this.inOrder = false
    this.paths_[row] = file.path
    this.types[row] = file.type === 'symlink' ? TYPE_SYMLINK : TYPE_FILE
    this.sizes[row] = file.size
    this.modes[row] = file.mode
    this.mtimeRefs[row] = this.mtimeRefOf(file.mtime)
    this.digests.write(file.sha256, row * SHA256_BYTES, SHA256_BYTES, 'hex')
    if (file.target !== undefined) this.targets.set(row, file.target)
  }

  /** The list's own problems (paths listed twice), one sentence each. */
  get problems(): string[] {
    this.seal()
    return this.repeated
  }

  /** Distinct paths listed. */
  get size(): number {
    return this.seal().length
  }

  has(path: string): boolean {
    return this.rowOf(path) !== undefined
  }

  /** The distinct paths, in path order. */
  *paths(): IterableIterator<string> {
    for (const row of this.seal()) yield this.paths_[row]
  }

  /** The listed file at `path`, as a fresh object (or undefined). */
  get(path: string): ManifestFile | undefined {
    const row = this.rowOf(path)
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
    const row = this.rowOf(path)
    return row === undefined ? undefined : this.digestAt(row).toString('hex')
  }

  /** Whether `path` is listed with exactly this sha256 `digest` (32 bytes). */
  digestMatches(path: string, digest: Buffer): boolean {
    const row = this.rowOf(path)
    return row !== undefined && this.digestAt(row).equals(digest)
  }

  /**
   * The listed mtime of `path`, one Date shared by all paths with the same text; undefined
   * when not listed or not a readable time.
   */
  mtimeOf(path: string): Date | undefined {
    const row = this.rowOf(path)
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

  /** The row listing `path` (its last listing), by binary search in path order. */
  private rowOf(path: string): number | undefined {
    if (path === this.lastPath) return this.lastRow < 0 ? undefined : this.lastRow
    const order = this.seal()
    let low = 0
    let high = order.length - 1
    let found = -1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const row = order[middle]
      const comparison = compareArchivePaths(this.paths_[row], path)
      if (comparison === 0) {
        found = row
        break
      }
      if (comparison < 0) low = middle + 1
      else high = middle - 1
    }
    this.lastPath = path
    this.lastRow = found
    return found < 0 ? undefined : found
  }

  /**
   * The rows in path order, one per distinct path, made once (no more adding afterwards).
   * Equal paths end up next to each other, in list order (the sort is stable): the last one
   * stands, each earlier one is a repetition.
   */
  private seal(): Uint32Array {
    if (this.order !== undefined) return this.order
    const all = new Uint32Array(this.count).map((_, row) => row)
    if (!this.inOrder) all.sort((a, b) => compareArchivePaths(this.paths_[a], this.paths_[b]))
    let distinct = 0
    for (let i = 0; i < all.length; i++) {
      const path = this.paths_[all[i]]
      if (i + 1 < all.length && this.paths_[all[i + 1]] === path) {
        this.repeated.push(`the manifest lists "${path}" twice`)
        continue
      }
      all[distinct++] = all[i]
    }
    this.order = all.subarray(0, distinct)
    return this.order
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
    this.paths_.length = capacity
  }
}
