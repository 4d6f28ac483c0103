import type { Hash } from 'node:crypto'
import type { ArchiveOutput } from './archive-output.js'
import type { CentralDirectoryWriter } from './central-directory-writer.js'
import type { Deflater, SmallFilesContent } from './deflate-chunks.js'
import type { PackingProgress } from './packing-progress.js'
import type { SlabPool } from './slab-pool.js'
import type { WrittenEntry, ZipEntrySource } from './zip-types.js'

/** Shared by every packEntries call of one archive. */
export interface PackingContext {
  output: ArchiveOutput
  /** null: everything is read and stored on the main thread (level 0, concurrency 1). */
  deflater: Deflater | null
  compressionLevel: number
  /** Raw bytes read ahead of the writer, at most (besides one chunk). */
  readAheadBytes: number
  /** Entries read ahead of the writer, at most. */
  readAheadEntries: number
  /** Recycled memory for file chunks (slabs of CHUNK_SIZE). */
  rawChunks: SlabPool
  central: CentralDirectoryWriter
  /** null: the writer keeps none (WriteZipOptions.retainEntries false). */
  written: WrittenEntry[] | null
  onEntryWritten: ((entry: WrittenEntry) => void) | undefined
  progress: PackingProgress
}

/** An entry between reading and writing. */
export interface EntryState {
  source: ZipEntrySource
  name: Buffer
  size: number
  /** More than one chunk: sizes and crc go in a data descriptor after the data. */
  streamed: boolean
  storeOnly: boolean
  /** Streamed entries: resolves once the first chunk is deflated: does deflate save enough? */
  worthDeflating: Promise<boolean>
  /** Final once the last chunk's content has resolved. */
  crc32: number
  /** Streamed entries only; a single chunk is hashed in one go. */
  hash: Hash | undefined
  sha256: string
}

/** What the reader queues for the writer, in archive order. */
export type QueuedWork = Chunk | SmallFilesChunk

/** One chunk (up to CHUNK_SIZE bytes) of one entry. */
export interface Chunk {
  kind: 'chunk'
  entry: EntryState
  first: boolean
  last: boolean
  /** Bytes of content (known before it is read: read-ahead weight). */
  size: number
  content: Promise<ChunkContent>
}

export interface ChunkContent {
  raw: Buffer
  /** The deflated chunk; null when the entry is stored. */
  deflated: Buffer | null
  /** Gives the memory back for reuse, once written. */
  release(): void
}

/** Consecutive small files, read, hashed and deflated together on a worker thread. */
export interface SmallFilesChunk {
  kind: 'small-files'
  sources: ZipEntrySource[]
  /** Their entry names, UTF-8 (checked for length when the group was made). */
  names: Buffer[]
  /** Bytes of content, all files together (read-ahead weight). */
  size: number
  content: Promise<SmallFilesChunkContent>
}

export interface SmallFilesChunkContent extends SmallFilesContent {
  /** Gives the memory back for reuse, once written. */
  release(): void
}
