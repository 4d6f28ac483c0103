import { createHash, hash as hashOnce } from 'node:crypto'
import zlib from 'node:zlib'
import { ArtifactLfsError } from '../errors.js'
import type { ChunkQueue } from './chunk-queue.js'
import { deflateSavesEnough, storeWithoutSampling } from './compression-choice.js'
import { CHUNK_SIZE, DICTIONARY_SIZE } from './deflate-chunks.js'
import { openEntryData } from './entry-data.js'
import type { EntryState, PackingContext, QueuedWork, SmallFilesChunk } from './packing-context.js'
import { ZIP16_LIMIT } from './zip-format.js'
import type { EntrySourceList, ZipEntrySource } from './zip-types.js'

const STORED: Promise<null> = Promise.resolve(null)
const NEVER_DEFLATE: Promise<boolean> = Promise.resolve(false)
const EMPTY = Buffer.alloc(0)
const ignore = (): void => undefined

/** Small files are read in groups of at most this many files... */
const GROUP_MAX_FILES = 256
/** ...and this many bytes (a single bigger small file makes a group of its own). */
const GROUP_MAX_BYTES = 256 * 1024

/** The entry name as stored: UTF-8, at most 65,535 bytes. */
function entryName(source: ZipEntrySource): Buffer {
  const name = Buffer.from(source.name, 'utf8')
  if (name.length > ZIP16_LIMIT)
    throw new ArtifactLfsError(
      'archive',
      `entry name too long (${name.length} bytes): ${source.name.slice(0, 80)}...`,
      {
        hint: 'zip names are limited to 65,535 bytes; exclude or rename the file'
      }
    )
  return name
}

function isStoreOnly(source: ZipEntrySource, size: number, context: PackingContext): boolean {
  return (
    context.deflater === null ||
    storeWithoutSampling({ name: source.name, kind: source.kind, size }, context.compressionLevel)
  )
}

function newEntry(source: ZipEntrySource, size: number, context: PackingContext): EntryState {
  const streamed = size > CHUNK_SIZE
  return {
    source,
    name: entryName(source),
    size,
    streamed,
    storeOnly: isStoreOnly(source, size, context),
    worthDeflating: NEVER_DEFLATE,
    crc32: 0,
    hash: streamed ? createHash('sha256') : undefined,
    sha256: ''
  }
}

/**
 * The producer: reads each source in 1 MiB chunks, hashes them, starts their deflate and
 * queues them in order; runs of small files go to a worker thread as groups when the deflater
 * can read files. Reads stay ahead of the writer by at most the queue's budget.
 */
export async function readEntries(
  sources: EntrySourceList,
  context: PackingContext,
  queue: ChunkQueue<QueuedWork>
): Promise<void> {
  let group: ZipEntrySource[] = []
  let groupBytes = 0
  const pushGroup = async (): Promise<void> => {
    if (group.length === 0) return
    const chunk = smallFilesChunk(group, groupBytes, context)
    group = []
    groupBytes = 0
    // a group counts as its files: 175 groups of tiny files fit the byte budget, and held
    // 45,000 files' sources, names and headers in flight
    await queue.push(chunk, chunk.size, chunk.sources.length)
  }
  for (let i = 0; i < sources.length; i++) {
    const source = sources.at(i) as ZipEntrySource
    const smallSize = offloadableSize(source, context)
    if (smallSize !== undefined) {
      if (group.length > 0 && groupBytes + smallSize > GROUP_MAX_BYTES) await pushGroup()
      group.push(source)
      groupBytes += smallSize
      if (group.length >= GROUP_MAX_FILES || groupBytes >= GROUP_MAX_BYTES) await pushGroup()
      continue
    }
    await pushGroup()
    await readInChunks(source, context, queue)
  }
  await pushGroup()
}

async function readInChunks(
  source: ZipEntrySource,
  context: PackingContext,
  queue: ChunkQueue<QueuedWork>
): Promise<void> {
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
      await queue.push({ kind: 'chunk', entry, first, last, size: raw.length, content }, raw.length)
    }
  } finally {
    data.close()
  }
}

/**
 * The listed size of a file of one chunk at most, when the deflater reads such files on its
 * worker threads (so the main thread does no file I/O for it); otherwise undefined.
 */
function offloadableSize(source: ZipEntrySource, context: PackingContext): number | undefined {
  const size = source.expectedSize
  if (!context.deflater?.readSmallFiles || source.kind !== 'file' || !source.sourcePath)
    return undefined
  if (size === undefined || size > CHUNK_SIZE) return undefined
  return size
}

/** A group of small files, read, checked, hashed and deflated on a worker thread. */
function smallFilesChunk(
  sources: ZipEntrySource[],
  size: number,
  context: PackingContext
): SmallFilesChunk {
  const deflater = context.deflater!
  const names = sources.map(entryName)
  const requests = sources.map(source => {
    const expectedSize = source.expectedSize!
    return {
      path: source.sourcePath!,
      expectedSize,
      expectedMtimeMs: source.expectedMtimeMs,
      expectedCtimeMs: source.expectedCtimeMs,
      deflate: !isStoreOnly(source, expectedSize, context)
    }
  })
  const content = deflater.readSmallFiles!(requests).then(read => ({
    ...read,
    release: () => deflater.release(read.bytes)
  }))
  content.catch(ignore) // awaited by the writer; this only silences an abandoned one
  return { kind: 'small-files', sources, names, size, content }
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
