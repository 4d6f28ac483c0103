import { ChunkQueue } from './chunk-queue.js'
import { deflateSavesEnough } from './compression-choice.js'
import { CHUNK_SIZE } from './deflate-chunks.js'
import { readEntries } from './entry-reader.js'
import type { Chunk, EntryState, PackingContext } from './packing-context.js'
import {
  dataDescriptor,
  FLAG_DATA_DESCRIPTOR,
  FLAG_UTF8,
  localHeader,
  METHOD_DEFLATE,
  METHOD_STORE,
  S_IFLNK,
  S_IFREG,
  ZIP32_LIMIT
} from './zip-format.js'
import type { ZipEntrySource } from './zip-types.js'

export type { PackingContext } from './packing-context.js'

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
    const content = await chunk.content
    if (chunk.first) {
      // the same verdict as entry.worthDeflating, from the same numbers
      deflate =
        content.deflated !== null && deflateSavesEnough(content.raw.length, content.deflated.length)
      localHeaderOffset = output.position
      compressedSize = 0
      zip64 = entry.streamed && maxDeflatedSize(entry.size) >= ZIP32_LIMIT
    }
    const body = deflate ? content.deflated : content.raw
    if (body === null) throw new Error(`internal: no deflated data for ${entry.source.name}`)
    if (!entry.streamed) {
      await output.append(localHeader(headerFields(entry, deflate, body.length), false))
    } else if (chunk.first) {
      await output.append(localHeader(headerFields(entry, deflate, 0), zip64))
    }
    await output.append(body)
    compressedSize += body.length
    context.progress.addBytes(content.raw.length)
    if (chunk.last) {
      if (entry.streamed) {
        if (!zip64 && compressedSize >= ZIP32_LIMIT)
          throw new Error(`internal: ${entry.source.name} deflated past its zip64 estimate`)
        await output.append(dataDescriptor(entry.crc32, compressedSize, entry.size, zip64))
      }
      recordEntry(context, entry, deflate, compressedSize, localHeaderOffset)
    }
    // written (appends copy or finish before resolving): the memory can be reused
    content.release()
    queue.release(chunk.size)
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
