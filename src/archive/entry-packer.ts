import { createHash, hash as hashOnce, type Hash } from 'node:crypto'
import zlib from 'node:zlib'
import { ArtifactLfsError } from '../errors.js'
import type { ArchiveOutput } from './archive-output.js'
import { ChunkQueue } from './chunk-queue.js'
import { deflateSavesEnough, storeWithoutSampling } from './compression-choice.js'
import { CHUNK_SIZE, DICTIONARY_SIZE, type Deflater } from './deflate-chunks.js'
import { openEntryData } from './entry-data.js'
import type { PackingProgress } from './packing-progress.js'
import type { SlabPool } from './slab-pool.js'
import {
  dataDescriptor,
  FLAG_DATA_DESCRIPTOR,
  FLAG_UTF8,
  localHeader,
  METHOD_DEFLATE,
  METHOD_STORE,
  S_IFLNK,
  S_IFREG,
  ZIP32_LIMIT,
  type CentralRecord
} from './zip-format.js'
import type { WrittenEntry, ZipEntrySource } from './zip-types.js'

/** Shared by every packEntries call of one archive. */
export interface PackingContext {
  output: ArchiveOutput
  /** null when the compression level is 0. */
  deflater: Deflater | null
  compressionLevel: number
  /** Raw bytes read ahead of the writer, at most (besides one chunk). */
  readAheadBytes: number
  /** Entries read ahead of the writer, at most. */
  readAheadEntries: number
  /** Recycled memory for file chunks (slabs of CHUNK_SIZE). */
  rawChunks: SlabPool
  central: CentralRecord[]
  written: WrittenEntry[]
  progress: PackingProgress
}

/** An entry between reading and writing. */
interface EntryState {
  source: ZipEntrySource
  name: Buffer
  size: number
  /** More than one chunk: sizes and crc go in a data descriptor after the data. */
  streamed: boolean
  storeOnly: boolean
  /** Streamed entries: resolves once the first chunk is deflated: does deflate save enough? */
  worthDeflating: Promise<boolean>
  crc32: number
  /** Streamed entries only; a single chunk is hashed in one go. */
  hash: Hash | undefined
  sha256: string
}

interface Chunk {
  entry: EntryState
  first: boolean
  last: boolean
  raw: Buffer
  /** The deflated chunk; null when the entry is stored. */
  deflated: Promise<Buffer | null>
}

const STORED: Promise<null> = Promise.resolve(null)
const NEVER_DEFLATE: Promise<boolean> = Promise.resolve(false)
const EMPTY = Buffer.alloc(0)
const ignore = (): void => undefined

/**
 * Reads `sources` in order, deflates their chunks in parallel and appends local headers, data
 * and descriptors to the output strictly in order, adding central records to the context.
 */
export async function packEntries(
  sources: ZipEntrySource[],
  context: PackingContext
): Promise<void> {
  const queue = new ChunkQueue<Chunk>(context.readAheadBytes, context.readAheadEntries)
  const producing = readEntries(sources, context, queue).then(
    () => queue.close(),
    (error: unknown) => queue.fail(error)
  )
  const consuming = writeEntries(context, queue).catch((error: unknown) => queue.fail(error))
  await Promise.all([producing, consuming])
  if (queue.error !== undefined) throw queue.error
}

async function readEntries(
  sources: ZipEntrySource[],
  context: PackingContext,
  queue: ChunkQueue<Chunk>
): Promise<void> {
  for (const source of sources) {
    const data = openEntryData(source, size => context.rawChunks.carve(size))
    try {
      const streamed = data.size > CHUNK_SIZE
      const entry: EntryState = {
        source,
        name: Buffer.from(source.name, 'utf8'),
        size: data.size,
        streamed,
        storeOnly:
          context.deflater === null ||
          storeWithoutSampling({ ...source, size: data.size }, context.compressionLevel),
        worthDeflating: NEVER_DEFLATE,
        crc32: 0,
        hash: streamed ? createHash('sha256') : undefined,
        sha256: ''
      }
      let offset = 0
      let dictionary: Buffer | undefined
      for (let first = true, last = false; !last; first = false) {
        const raw = data.read(CHUNK_SIZE) ?? EMPTY
        offset += raw.length
        last = offset >= data.size
        if (last && raw.length > 0 && data.read(1) !== null)
          throw new ArtifactLfsError('archive', `entry ${source.name}: more data than its size`)
        entry.crc32 = zlib.crc32(raw, entry.crc32)
        if (!entry.hash) entry.sha256 = hashOnce('sha256', raw, 'hex')
        else if (last) entry.sha256 = entry.hash.update(raw).digest('hex')
        else entry.hash.update(raw)
        const deflated = scheduleDeflate(context, entry, raw, dictionary, first, last)
        // copied now: once pushed, the writer may recycle `raw` before the next chunk is read
        if (!last && !entry.storeOnly) dictionary = Buffer.from(raw.subarray(-DICTIONARY_SIZE))
        await queue.push({ entry, first, last, raw, deflated }, raw.length)
      }
    } finally {
      data.close()
    }
  }
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
  deflated.catch(ignore) // awaited by the writer; this only silences an abandoned one
  return deflated
}

/** Worst case of chunked deflate output for `size` bytes: stored blocks plus flush markers. */
function maxDeflatedSize(size: number): number {
  return size + Math.ceil(size / 16_000) * 5 + (Math.ceil(size / CHUNK_SIZE) + 1) * 16
}

async function writeEntries(context: PackingContext, queue: ChunkQueue<Chunk>): Promise<void> {
  const { output } = context
  let deflate = false
  let zip64 = false
  let localHeaderOffset = 0
  let compressedSize = 0
  for (let chunk = await queue.shift(); chunk; chunk = await queue.shift()) {
    const { entry } = chunk
    const deflated = await chunk.deflated
    if (chunk.first) {
      // the same verdict as entry.worthDeflating, from the same numbers
      deflate = deflated !== null && deflateSavesEnough(chunk.raw.length, deflated.length)
      localHeaderOffset = output.position
      compressedSize = 0
      zip64 = entry.streamed && maxDeflatedSize(entry.size) >= ZIP32_LIMIT
    }
    const body = deflate ? deflated : chunk.raw
    if (body === null) throw new Error(`internal: no deflated data for ${entry.source.name}`)
    if (!entry.streamed) {
      await output.append(localHeader(headerFields(entry, deflate, body.length), false))
    } else if (chunk.first) {
      await output.append(localHeader(headerFields(entry, deflate, 0), zip64))
    }
    await output.append(body)
    compressedSize += body.length
    context.progress.addBytes(chunk.raw.length)
    if (chunk.last) {
      if (entry.streamed) {
        if (!zip64 && compressedSize >= ZIP32_LIMIT)
          throw new Error(`internal: ${entry.source.name} deflated past its zip64 estimate`)
        await output.append(dataDescriptor(entry.crc32, compressedSize, entry.size, zip64))
      }
      recordEntry(context, entry, deflate, compressedSize, localHeaderOffset)
    }
    // written (appends copy or finish before resolving): the memory can be reused
    if (deflated) context.deflater?.release(deflated)
    context.rawChunks.release(chunk.raw)
    queue.release(chunk.raw.length)
  }
}

function headerFields(entry: EntryState, deflate: boolean, compressedSize: number) {
  const streamed = entry.streamed
  return {
    name: entry.name,
    flags: FLAG_UTF8 | (streamed ? FLAG_DATA_DESCRIPTOR : 0),
    method: deflate ? METHOD_DEFLATE : METHOD_STORE,
    mtime: entry.source.mtime,
    crc32: streamed ? 0 : entry.crc32,
    compressedSize: streamed ? 0 : compressedSize,
    size: streamed ? 0 : entry.size
  }
}

function recordEntry(
  context: PackingContext,
  entry: EntryState,
  deflate: boolean,
  compressedSize: number,
  localHeaderOffset: number
): void {
  const { source } = entry
  const unixMode = source.kind === 'symlink' ? S_IFLNK | 0o777 : S_IFREG | (source.mode & 0o7777)
  context.central.push({
    ...headerFields(entry, deflate, compressedSize),
    crc32: entry.crc32,
    compressedSize,
    size: entry.size,
    unixMode,
    localHeaderOffset
  })
  context.written.push({
    name: source.name,
    kind: source.kind,
    size: entry.size,
    compressedSize,
    crc32: entry.crc32 >>> 0,
    sha256: entry.sha256,
    method: deflate ? 'deflate' : 'store'
  })
  context.progress.addFile()
}
