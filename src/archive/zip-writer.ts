import type { FileHandle } from 'node:fs/promises'
import os from 'node:os'
import { ArtifactLfsError } from '../errors.js'
import { ArchiveOutput } from './archive-output.js'
import { CentralDirectoryWriter } from './central-directory-writer.js'
import { CHUNK_SIZE, InlineDeflater, type Deflater } from './deflate-chunks.js'
import { DeflateWorkerPool } from './deflate-worker-pool.js'
import { dataLength } from './entry-data.js'
import { packEntries, type PackingContext } from './entry-packer.js'
import { PackingProgress } from './packing-progress.js'
import { SlabPool } from './slab-pool.js'
import { endOfCentralDirectory } from './zip-format.js'
import type {
  EntrySourceList,
  WriteZipOptions,
  WriteZipResult,
  ZipEntrySource
} from './zip-types.js'

export type {
  EntrySourceList,
  WriteZipOptions,
  WriteZipResult,
  WrittenEntry,
  ZipEntrySource
} from './zip-types.js'

/** Entries read ahead of the writer, at most: bounds memory for many tiny files. */
const READ_AHEAD_ENTRIES = 4096

/**
 * Writes a zip archive of `sources` (in the given order), then of `options.trailer`'s entries,
 * to `out` (an open, empty file, written sequentially from position 0 and left open).
 *
 * Entry data is read in 1 MiB chunks and deflated on several threads at once, with a bounded
 * read-ahead, so memory does not grow with file sizes and the output does not depend on timing:
 * the same sources and options always give the same bytes. Archive size and sha256 are
 * computed while writing. Throws ArtifactLfsError('archive') if a file cannot be read or
 * changes while being read; the partial output must then be discarded by the caller.
 */
export async function writeZip(
  sources: EntrySourceList,
  out: FileHandle,
  options: WriteZipOptions
): Promise<WriteZipResult> {
  const level = checkLevel(options.compressionLevel)
  const concurrency = checkConcurrency(options.concurrency ?? os.availableParallelism())
  const progress = new PackingProgress(options.progress, sources.length, totalBytes(sources))
  const output = new ArchiveOutput(out)
  const readAheadBytes = (2 * concurrency + 2) * CHUNK_SIZE
  const context: PackingContext = {
    output,
    deflater: createDeflater(level, concurrency),
    compressionLevel: level,
    readAheadBytes,
    readAheadEntries: READ_AHEAD_ENTRIES,
    rawChunks: new SlabPool(CHUNK_SIZE, readAheadBytes / CHUNK_SIZE + 2),
    central: new CentralDirectoryWriter(),
    written: options.retainEntries === false ? null : [],
    onEntryWritten: options.onEntryWritten,
    progress
  }
  try {
    await packEntries(sources, context)
    if (options.trailer) {
      const trailer = options.trailer(context.written ? [...context.written] : [])
      progress.startTrailer(totalBytes(trailer))
      await packEntries(trailer, context)
    }
  } finally {
    await context.deflater?.close()
  }
  const centralOffset = output.position
  for (const block of context.central.contents()) await output.append(block)
  const centralSize = output.position - centralOffset
  await output.append(endOfCentralDirectory(context.central.count, centralSize, centralOffset))
  await output.flush()
  progress.done()
  return { size: output.position, sha256: output.digest(), entries: context.written ?? [] }
}

/**
 * Concurrency 1 works on the main thread (and level 0 there needs no deflater at all); more
 * uses that many worker threads, which also read small files, even at level 0. (The async
 * zlib API on libuv's pool was tried first: its per-call cost on the main thread, ~150 us,
 * made archives of many small files several times slower than `zip`; workers take batches.)
 */
function createDeflater(level: number, concurrency: number): Deflater | null {
  if (concurrency > 1) return new DeflateWorkerPool(level, concurrency)
  return level === 0 ? null : new InlineDeflater(level)
}

function checkLevel(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new ArtifactLfsError('archive', `compression level ${level} is not an integer 0-9`, {
      hint: 'use 0 (store) to 9 (smallest); 6 is the usual default'
    })
  return level
}

function checkConcurrency(concurrency: number): number {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ArtifactLfsError('archive', `concurrency ${concurrency} is not a positive integer`, {
      hint: 'leave it unset to use one thread per CPU'
    })
  return concurrency
}

/** Sum of the known sizes, or undefined if a file's size is not known up front. */
function totalBytes(sources: EntrySourceList): number | undefined {
  if (sources.totalBytes !== undefined) return sources.totalBytes
  let total = 0
  for (let i = 0; i < sources.length; i++) {
    const source = sources.at(i) as ZipEntrySource
    if (source.kind === 'file') {
      if (source.expectedSize === undefined) return undefined
      total += source.expectedSize
    } else if (source.kind === 'symlink') total += Buffer.byteLength(source.linkTarget ?? '')
    else total += source.data === undefined ? 0 : dataLength(source.data)
  }
  return total
}
