import { ChunkQueue } from './chunk-queue.js'
import { deflateSavesEnough } from './compression-choice.js'
import { CHUNK_SIZE } from './deflate-chunks.js'
import { readEntries } from './entry-reader.js'
import type {
  Chunk,
  EntryState,
  PackingContext,
  QueuedWork,
  SmallFilesChunk
} from './packing-context.js'
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
  type EntryHeaderFields
} from './zip-format.js'
import type { EntrySourceList, WrittenEntry, ZipEntrySource } from './zip-types.js'

export type { PackingContext } from './packing-context.js'

/**
 * Reads `sources` in order, deflates their chunks in parallel and appends local headers, data
 * and descriptors to the output strictly in order, adding central records to the context.
 */
export async function packEntries(
  sources: EntrySourceList,
  context: PackingContext
): Promise<void> {
  const queue = new ChunkQueue<QueuedWork>(context.readAheadBytes, context.readAheadEntries)
  const producing = readEntries(sources, context, queue).then(
    () => queue.close(),
    (error: unknown) => queue.fail(error)
  )
  const consuming = writeEntries(context, queue).catch((error: unknown) => queue.fail(error))
  await Promise.all([producing, consuming])
  if (queue.error !== undefined) throw queue.error
}

/** Worst case of chunked deflate output for `size` bytes: stored blocks plus flush markers. */
function maxDeflatedSize(size: number): number {
  return size + Math.ceil(size / 16_000) * 5 + (Math.ceil(size / CHUNK_SIZE) + 1) * 16
}

async function writeEntries(context: PackingContext, queue: ChunkQueue<QueuedWork>): Promise<void> {
  const state: ChunkWriteState = {
    deflate: false,
    zip64: false,
    localHeaderOffset: 0,
    compressedSize: 0
  }
  for (let work = await queue.shift(); work; work = await queue.shift()) {
    if (work.kind === 'small-files') await writeSmallFiles(context, work)
    else await writeChunk(context, work, state)
    queue.release(work.size, work.kind === 'small-files' ? work.sources.length : 1)
  }
}

/** Appends `data`: synchronously when it fits the output's gather buffer. */
async function append(context: PackingContext, data: Buffer): Promise<void> {
  if (!context.output.tryAppend(data)) await context.output.append(data)
}

/** What the writer carries from one chunk of an entry to the next. */
interface ChunkWriteState {
  deflate: boolean
  zip64: boolean
  localHeaderOffset: number
  compressedSize: number
}

async function writeChunk(
  context: PackingContext,
  chunk: Chunk,
  state: ChunkWriteState
): Promise<void> {
  const { output } = context
  const { entry } = chunk
  const content = await chunk.content
  if (chunk.first) {
    // the same verdict as entry.worthDeflating, from the same numbers
    state.deflate =
      content.deflated !== null && deflateSavesEnough(content.raw.length, content.deflated.length)
    state.localHeaderOffset = output.position
    state.compressedSize = 0
    state.zip64 = entry.streamed && maxDeflatedSize(entry.size) >= ZIP32_LIMIT
  }
  const body = state.deflate ? content.deflated : content.raw
  if (body === null) throw new Error(`internal: no deflated data for ${entry.source.name}`)
  if (!entry.streamed) {
    await append(context, localHeader(headerFields(entry, state.deflate, body.length), false))
  } else if (chunk.first) {
    await append(context, localHeader(headerFields(entry, state.deflate, 0), state.zip64))
  }
  await append(context, body)
  state.compressedSize += body.length
  context.progress.addBytes(content.raw.length)
  if (chunk.last) {
    if (entry.streamed) {
      if (!state.zip64 && state.compressedSize >= ZIP32_LIMIT)
        throw new Error(`internal: ${entry.source.name} deflated past its zip64 estimate`)
      await append(
        context,
        dataDescriptor(entry.crc32, state.compressedSize, entry.size, state.zip64)
      )
    }
    recordEntry(context, entry, state.deflate, state.compressedSize, state.localHeaderOffset)
  }
  // written (appends copy or finish before resolving): the memory can be reused
  content.release()
}

/** Writes a group of small files: header and body of each, in order, mostly without a wait. */
async function writeSmallFiles(context: PackingContext, group: SmallFilesChunk): Promise<void> {
  const content = await group.content
  const { bytes, files } = content
  let at = 0
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!
    const source = group.sources[i]!
    const raw = bytes.subarray(at, (at += file.size))
    let body = raw
    if (file.deflatedSize >= 0) {
      const deflated = bytes.subarray(at, (at += file.deflatedSize))
      if (deflateSavesEnough(file.size, file.deflatedSize)) body = deflated
    }
    const deflate = body !== raw
    const fields = {
      name: group.names[i]!,
      flags: FLAG_UTF8,
      method: deflate ? METHOD_DEFLATE : METHOD_STORE,
      mtime: source.mtime,
      crc32: file.crc32,
      compressedSize: body.length,
      size: file.size
    }
    const localHeaderOffset = context.output.position
    await append(context, localHeader(fields, false))
    await append(context, body)
    addRecords(context, source, fields, localHeaderOffset, file.sha256)
  }
  context.progress.addFiles(files.length, group.size)
  content.release()
}
function headerFields(
  entry: EntryState,
  deflate: boolean,
  compressedSize: number
): EntryHeaderFields {
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
  const fields = headerFields(entry, deflate, compressedSize)
  fields.crc32 = entry.crc32
  fields.compressedSize = compressedSize
  fields.size = entry.size
  addRecords(context, entry.source, fields, localHeaderOffset, entry.sha256)
  context.progress.addFile()
}

/** The entry's central directory record and its WrittenEntry. */
function addRecords(
  context: PackingContext,
  source: ZipEntrySource,
  fields: EntryHeaderFields,
  localHeaderOffset: number,
  sha256: string
): void {
  const unixMode = source.kind === 'symlink' ? S_IFLNK | 0o777 : S_IFREG | (source.mode & 0o7777)
  context.central.add({
    name: fields.name,
    flags: fields.flags,
    method: fields.method,
    mtime: fields.mtime,
    crc32: fields.crc32,
    compressedSize: fields.compressedSize,
    size: fields.size,
    unixMode,
    localHeaderOffset
  })
  const written: WrittenEntry = {
    name: source.name,
    kind: source.kind,
    size: fields.size,
    compressedSize: fields.compressedSize,
    crc32: fields.crc32 >>> 0,
    sha256,
    method: fields.method === METHOD_DEFLATE ? 'deflate' : 'store'
  }
  context.written?.push(written)
  context.onEntryWritten?.(written)
}
