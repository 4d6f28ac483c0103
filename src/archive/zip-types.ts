import type { ProgressSink } from '../progress/progress.js'

/** One entry to put in the archive. */
export interface ZipEntrySource {
  /** Archive path, '/'-separated, UTF-8, already validated by the caller. */
  name: string
  kind: 'file' | 'symlink' | 'bytes'
  /** kind 'file': absolute path to read. */
  sourcePath?: string
  /** kind 'symlink': stored as the entry's data, mode S_IFLNK. */
  linkTarget?: string
  /** kind 'bytes' (e.g. the manifest): the content, whole or in pieces written one by one. */
  data?: Buffer | readonly Buffer[]
  /** Permission bits (0o644...). */
  mode: number
  /** Already clamped by the caller. */
  mtime: Date
  /** kind 'file': size from the caller's lstat; a mismatch while reading is an error. */
  expectedSize?: number
  /**
   * kind 'file': mtime and ctime from the caller's lstat. When given, a small file must still
   * have them once read (it changed since it was listed otherwise), which spares an fstat.
   */
  expectedMtimeMs?: number
  expectedCtimeMs?: number
}

/**
 * The entries to write, in order: an array, or a list that makes each source when asked for
 * it (packaging 70,000 files then keeps no source object per file alive). `at` is called for
 * each index from 0 to length - 1, twice at most (once for the progress totals, unless
 * the list knows them).
 */
export interface EntrySourceList {
  readonly length: number
  at(index: number): ZipEntrySource | undefined
  /** The sum of the sources' content sizes, when the list knows it (spares a pass). */
  readonly totalBytes?: number
}

/** What was written for one entry. */
export interface WrittenEntry {
  name: string
  kind: ZipEntrySource['kind']
  /** Bytes of content (for a symlink: of the target text). */
  size: number
  compressedSize: number
  crc32: number
  /** Hex sha256 of the content. */
  sha256: string
  method: 'store' | 'deflate'
}

export interface WriteZipOptions {
  /** 0-9; 0 = store everything. */
  compressionLevel: number
  /** Chunks deflated at once; default os.availableParallelism(). */
  concurrency?: number
  /** Phase 'packaging', files/bytes/totals. */
  progress?: ProgressSink
  /**
   * Called as each entry joins the archive, in order (trailer entries too), on the writer's
   * thread: per-entry bookkeeping done here overlaps the packing instead of following it.
   */
  onEntryWritten?: (entry: WrittenEntry) => void
  /** Called after the last source; its entries (the manifest) are appended. */
  trailer?: (written: WrittenEntry[]) => ZipEntrySource[]
  /**
   * false: keep no WrittenEntry (about 150 bytes an entry); `entries` of the result and the
   * trailer's argument are then empty, and the caller keeps what it needs in onEntryWritten.
   * Default true.
   */
  retainEntries?: boolean
}

export interface WriteZipResult {
  /** Bytes in the archive. */
  size: number
  /** Hex sha256 of the archive. */
  sha256: string
  /** Every entry written, in order (empty when retainEntries is false). */
  entries: WrittenEntry[]
}
