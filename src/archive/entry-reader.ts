import { createHash, hash as hashOnce } from 'node:crypto'
import zlib from 'node:zlib'
import { ArtifactLfsError } from '../errors.js'
import type { ChunkQueue } from './chunk-queue.js'
import { deflateSavesEnough, storeWithoutSampling } from './compression-choice.js'
import { CHUNK_SIZE, DICTIONARY_SIZE } from './deflate-chunks.js'
import { openEntryData } from './entry-data.js'
import type { Chunk, EntryState, PackingContext } from './packing-context.js'
import { ZIP16_LIMIT } from './zip-format.js'
import type { ZipEntrySource } from './zip-types.js'

const STORED: Promise<null> = Promise.resolve(null)
const NEVER_DEFLATE: Promise<boolean> = Promise.resolve(false)
const EMPTY = Buffer.alloc(0)
const ignore = (): void => undefined

function newEntry(source: ZipEntrySource, size: number, context: PackingContext): EntryState {
  const streamed = size > CHUNK_SIZE
  const name = Buffer.from(source.name, 'utf8')
  if (name.length > ZIP16_LIMIT)
    throw new ArtifactLfsError(
      'archive',
      `entry name too long (${name.length} bytes): ${source.name.slice(0, 80)}...`,
      {
        hint: 'zip names are limited to 65,535 bytes; exclude or rename the file'
      }
    )
  return {
    source,
    name,
    size,
    streamed,
    storeOnly:
      context.deflater === null ||
      storeWithoutSampling(
        { name: source.name, kind: source.kind, size },
        context.compressionLevel
      ),
    worthDeflating: NEVER_DEFLATE,
    crc32: 0,
    hash: streamed ? createHash('sha256') : undefined,
    sha256: ''
  }
}

/**
 * The producer: reads each source in 1 MiB chunks (small files on a worker thread when the
 * deflater can), hashes them, starts their deflate and queues them in order. Reads stay ahead
 * of the writer by at most the queue's budget.
 */
export async function readEntries(
  sources: ZipEntrySource[],
  context: PackingContext,
  queue: ChunkQueue<Chunk>
): Promise<void> {
  for (const source of sources) {
    const small = offloadedSmallFile(source, context)
    if (small) {
      await queue.push(small, small.size)
      continue
    }
    const data = openEntryData(source, size => context.rawChunks.carve(size))
    try {
      const entry = newEntry(source, data.size, context)
      let offset = 0
      let dictionary: Buffer | undefined
      for (let first = true, last = false; !last; first = false) {
        const raw = offset < data.size ? data.read(CHUNK_SIZE) : EMPTY
        offset += raw.length
        last = offset >= data.size
        if (last) data.finish() // throws if the file changed while it was read
        entry.crc32 = zlib.crc32(raw, entry.crc32)
        if (!entry.hash) entry.sha256 = hashOnce('sha256', raw, 'hex')
        else if (last) entry.sha256 = entry.hash.update(raw).digest('hex')
        else entry.hash.update(raw)
        const deflated = scheduleDeflate(context, entry, raw, dictionary, first, last)
        // copied now: once pushed, the writer may recycle `raw` before the next chunk is read
        if (!last && !entry.storeOnly) dictionary = Buffer.from(raw.subarray(-DICTIONARY_SIZE))
        const content = deflated.then(out => ({
          raw,
          deflated: out,
          release: () => {
            if (out) context.deflater?.release(out)
            context.rawChunks.release(raw)
          }
        }))
        content.catch(ignore) // awaited by the writer; this only silences an abandoned one
        await queue.push({ entry, first, last, size: raw.length, content }, raw.length)
      }
    } finally {
      data.close()
    }
  }
}

/**
 * A file of one chunk at most, read, checked, hashed and deflated on a worker thread when the
 * deflater offers it, so the main thread does no file I/O for it; otherwise undefined.
 */
function offloadedSmallFile(source: ZipEntrySource, context: PackingContext): Chunk | undefined {
  const deflater = context.deflater
  const size = source.expectedSize
  if (!deflater?.readSmallFile || source.kind !== 'file' || !source.sourcePath) return undefined
  if (size === undefined || size > CHUNK_SIZE) return undefined
  const entry = newEntry(source, size, context)
  const content = deflater
    .readSmallFile({ path: source.sourcePath, expectedSize: size, deflate: !entry.storeOnly })
    .then(read => {
      entry.crc32 = read.crc32
      entry.sha256 = read.sha256
      return {
        raw: read.raw,
        deflated: read.deflated,
        release: () => {
          deflater.release(read.raw)
          if (read.deflated) deflater.release(read.deflated)
        }
      }
    })
  content.catch(ignore) // awaited by the writer; this only silences an abandoned one
  return { entry, first: true, last: true, size, content }
}

function scheduleDeflate(
  context: PackingContext,
  entry: EntryState,
  raw: Buffer,
  dictionary: Buffer | undefined,
  first: boolean,
  last: boolean
): Promise<Buffer | null> {
  const deflater = context.deflater
  if (entry.storeOnly || deflater === null) return STORED
  let deflated: Promise<Buffer | null>
  if (first) {
    const rawLength = raw.length
    const sample = deflater.deflate({ data: raw, last })
    if (entry.streamed) {
      entry.worthDeflating = sample.then(out => deflateSavesEnough(rawLength, out.length))
      entry.worthDeflating.catch(ignore)
    }
    deflated = sample
  } else {
    // later chunks wait for the verdict on the first, so a stored entry costs one sample only
    deflated = entry.worthDeflating.then(worth =>
      worth ? deflater.deflate({ data: raw, dictionary, last }) : null
    )
  }
  return deflated
}
