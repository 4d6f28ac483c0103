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
  deflate: boolean
}

/** What came of a SmallFileRequest; `deflated` is null unless deflate was asked for. */
export interface SmallFileContent {
  raw: Buffer
  deflated: Buffer | null
  crc32: number
  sha256: string
}

/**
 * Something that deflates chunks. Outputs may live in recycled memory: hand each one back
 * with `release` once written. `close` stops its threads.
 */
export interface Deflater {
  deflate(job: DeflateJob): Promise<Buffer>
  /**
   * Present when work runs on other threads: reads a small file there too, with the same
   * checks as entry-data.ts (failures reject with the same errors), so the main thread does
   * no file I/O for it.
   */
  readSmallFile?(request: SmallFileRequest): Promise<SmallFileContent>
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

/**
 * One chunk, on the calling thread. DEFLATE_WORKER_SOURCE does exactly the same in a worker;
 * a test checks both give the same bytes.
 */
export function deflateChunkSync(job: DeflateJob, level: number): Buffer {
  const options: zlib.ZlibOptions = {
    level,
    finishFlush: job.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    chunkSize: outputChunkSize(job.data.length)
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
