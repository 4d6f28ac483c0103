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
  /** kind 'bytes' (e.g. the manifest). */
  data?: Buffer
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
}

export interface WriteZipResult {
  /** Bytes in the archive. */
  size: number
  /** Hex sha256 of the archive. */
  sha256: string
  entries: WrittenEntry[]
}
