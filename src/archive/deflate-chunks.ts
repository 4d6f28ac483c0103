import zlib from 'node:zlib'
import { SlabPool } from './slab-pool.js'

/**
 * pigz-style chunked deflate. Each chunk of an entry is compressed as its own raw deflate
 * stream, primed with the previous chunk's last 32 KiB as dictionary; every chunk but the last
 * ends with a sync flush (byte-aligned, no final block) and the last with Z_FINISH, so the
 * concatenation of the outputs is one valid deflate stream. Chunks are independent jobs, so
 * they can run on several threads, and the bytes of a job never depend on where it ran.
 */

/** Bytes per chunk of entry data. */
export const CHUNK_SIZE = 1024 * 1024
/** Deflate's window: the most a back-reference can reach, and so the useful dictionary size. */
export const DICTIONARY_SIZE = 32 * 1024

export interface DeflateJob {
  data: Buffer
  /** The end of the previous chunk of the same entry (at most DICTIONARY_SIZE bytes). */
  dictionary?: Buffer
  /** True for the entry's last chunk: ends the stream instead of sync-flushing. */
  last: boolean
}

/** A whole small file (one chunk at most) to read, check, hash and maybe deflate. */
export interface SmallFileRequest {
  path: string
  expectedSize: number
  /**
   * The file's mtime and ctime as the caller listed it (lstat): after reading, the file must
   * still have them. Without them, an fstat taken before reading is the reference instead.
   */
  expectedMtimeMs?: number
  expectedCtimeMs?: number
  deflate: boolean
}

/** One file of a group as read; its bytes lie in the group's `bytes` (see SmallFilesContent). */
export interface SmallFileResult {
  size: number
  /** Bytes of the deflated copy, or -1 when deflate was not asked for. */
  deflatedSize: number
  crc32: number
  sha256: string
}

/**
 * What came of a group of SmallFileRequests: for each file in order, its raw bytes, then its
 * deflated bytes (if any), packed back to back in `bytes`.
 */
export interface SmallFilesContent {
  bytes: Buffer
  files: SmallFileResult[]
}

/**
 * Something that deflates chunks. Outputs may live in recycled memory: hand each one back
 * with `release` once written. `close` stops its threads.
 */
export interface Deflater {
  deflate(job: DeflateJob): Promise<Buffer>
  /**
   * Present when work runs on other threads: reads a group of small files there, with the
   * same checks as entry-data.ts (the first failure rejects with the same error), so the main
   * thread does no file I/O for them and pays one hand-off per group, not per file.
   */
  readSmallFiles?(requests: SmallFileRequest[]): Promise<SmallFilesContent>
  release(output: Buffer): void
  close(): Promise<void>
}

/**
 * zlib's output buffer size: the bytes produced do not depend on it. Under 4 KiB, small
 * outputs come from Buffer's pool instead of a new ArrayBuffer each (less GC for many small
 * files); big chunks get room for their whole output at once.
 */
function outputChunkSize(inputLength: number): number {
  return inputLength < 16384 ? 4095 : Math.min(inputLength + 1024, 1 << 21)
}

/** zlib keeps this many bytes of lookahead: matches reach back at most window - 262. */
const MIN_LOOKAHEAD = 262

/**
 * The smallest deflate window (windowBits 9-15) that still reaches back over all of `length`
 * bytes with no dictionary: zlib then finds exactly the matches the full 32 KiB window would,
 * so the bytes are the same (a test checks it), but it sets up and clears far less memory.
 * Tiny files deflate ~3x faster (70,000 files of 16-256 bytes: 30 us a file was setup).
 */
export function fittedWindowBits(length: number, hasDictionary: boolean): number {
  if (hasDictionary) return 15
  let bits = 9
  while (bits < 15 && (1 << bits) - MIN_LOOKAHEAD < length) bits++
  return bits
}

/**
 * One chunk, on the calling thread. DEFLATE_WORKER_SOURCE does exactly the same in a worker;
 * a test checks both give the same bytes.
 */
export function deflateChunkSync(job: DeflateJob, level: number): Buffer {
  const hasDictionary = job.dictionary !== undefined && job.dictionary.length > 0
  const options: zlib.ZlibOptions = {
    level,
    finishFlush: job.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    chunkSize: outputChunkSize(job.data.length),
    windowBits: fittedWindowBits(job.data.length, hasDictionary)
  }
  if (job.dictionary && job.dictionary.length > 0) options.dictionary = job.dictionary
  return zlib.deflateRawSync(job.data, options)
}

/** Deflates on the calling thread, one chunk at a time: for concurrency 1. */
export class InlineDeflater implements Deflater {
  private readonly outputs = new SlabPool(2 * CHUNK_SIZE, 4)

  constructor(private readonly level: number) {}

  deflate(job: DeflateJob): Promise<Buffer> {
    try {
      const fresh = deflateChunkSync(job, this.level)
      if (fresh.length > this.outputs.slabSize) return Promise.resolve(fresh)
      // the fresh buffer dies young; the copy is recycled (see SlabPool)
      const kept = this.outputs.carve(fresh.length)
      fresh.copy(kept)
      return Promise.resolve(kept)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  release(output: Buffer): void {
    this.outputs.release(output)
  }

  async close(): Promise<void> {}
}
