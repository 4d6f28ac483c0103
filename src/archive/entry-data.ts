import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { ArtifactLfsError } from '../errors.js'
import { problemError, readError } from './read-problems.js'

/** What to read: the writer's view of a ZipEntrySource. */
export interface EntryDataSource {
  kind: 'file' | 'symlink' | 'bytes'
  sourcePath?: string
  linkTarget?: string
  data?: Buffer | readonly Buffer[]
  expectedSize?: number
  /** Archive path, for messages about `bytes` and `symlink` entries. */
  name: string
}

/**
 * The content of one entry, read front to back in chunks. Files are read with synchronous
 * calls: a chunk from the page cache takes well under a millisecond, far less than a
 * thread-pool round trip per call (small files are read on worker threads instead, see
 * DEFLATE_WORKER_SOURCE, with the same checks).
 */
export interface EntryData {
  readonly size: number
  /** The next min(maxBytes, bytes left) bytes; throws if the file ends early. */
  read(maxBytes: number): Buffer
  /** After the last byte: throws if the file changed while it was read. */
  finish(): void
  close(): void
}

/**
 * Opens the content of `source`; throws ArtifactLfsError('archive') naming the file.
 * File chunks are read into buffers from `allocate` (the writer recycles them); in-memory
 * content is returned as views of itself.
 */
export function openEntryData(
  source: EntryDataSource,
  allocate: (size: number) => Buffer = size => Buffer.allocUnsafe(size)
): EntryData {
  if (source.kind === 'file') return openFileData(source, allocate)
  if (source.kind === 'symlink')
    return memoryData(Buffer.from(requireField(source, source.linkTarget, 'linkTarget'), 'utf8'))
  const data = requireField(source, source.data, 'data')
  return Buffer.isBuffer(data) ? memoryData(data) : piecesData(data, allocate)
}

/** Bytes of a `bytes` entry's data, whole or in pieces. */
export function dataLength(data: Buffer | readonly Buffer[]): number {
  if (Buffer.isBuffer(data)) return data.length
  let length = 0
  for (const piece of data) length += piece.length
  return length
}

function requireField<T>(source: EntryDataSource, value: T | undefined, field: string): T {
  if (value === undefined)
    throw new ArtifactLfsError(
      'archive',
      `entry ${source.name}: ${source.kind} entry has no ${field}`,
      { hint: 'this is a bug in the code that lists the entries; please report it' }
    )
  return value
}

function memoryData(content: Buffer): EntryData {
  let offset = 0
  return {
    size: content.length,
    read(maxBytes) {
      const chunk = content.subarray(offset, offset + maxBytes)
      offset += chunk.length
      return chunk
    },
    finish: () => undefined,
    close: () => undefined
  }
}

/** Content held in pieces: each read is copied into a buffer from `allocate`. */
function piecesData(pieces: readonly Buffer[], allocate: (size: number) => Buffer): EntryData {
  const size = dataLength(pieces)
  let offset = 0
  let piece = 0
  let inPiece = 0
  return {
    size,
    read(maxBytes) {
      const chunk = allocate(Math.min(maxBytes, size - offset))
      for (let filled = 0; filled < chunk.length;) {
        const current = pieces[piece] as Buffer
        const copied = current.copy(chunk, filled, inPiece)
        filled += copied
        inPiece += copied
        if (inPiece === current.length) {
          piece++
          inPiece = 0
        }
      }
      offset += chunk.length
      return chunk
    },
    finish: () => undefined,
    close: () => undefined
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

function openFileData(source: EntryDataSource, allocate: (size: number) => Buffer): EntryData {
  const file = requireField(source, source.sourcePath, 'sourcePath')
  let fd: number
  try {
    fd = openSync(file, OPEN_FLAGS)
  } catch (cause) {
    throw readError(file, cause)
  }
  try {
    const before = statOrThrow(fd, file)
    if (!before.isFile()) throw problemError(file, { problem: 'not-file' })
    if (source.expectedSize !== undefined && before.size !== source.expectedSize)
      throw problemError(file, {
        problem: 'size-listed',
        actual: before.size,
        listed: source.expectedSize
      })
    return new FileData(fd, file, before, allocate)
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

class FileData implements EntryData {
  readonly size: number
  private offset = 0
  private closed = false

  constructor(
    private readonly fd: number,
    private readonly file: string,
    private readonly before: Stats,
    private readonly allocate: (size: number) => Buffer
  ) {
    this.size = before.size
  }

  read(maxBytes: number): Buffer {
    const wanted = Math.min(maxBytes, this.size - this.offset)
    if (wanted <= 0) return Buffer.alloc(0)
    const chunk = this.allocate(wanted)
    let filled = 0
    while (filled < wanted) {
      let got: number
      try {
        got = readSync(this.fd, chunk, filled, wanted - filled, this.offset + filled)
      } catch (cause) {
        throw readError(this.file, cause)
      }
      if (got === 0)
        throw problemError(this.file, {
          problem: 'ended',
          got: this.offset + filled,
          size: this.size
        })
      filled += got
    }
    this.offset += filled
    return chunk
  }

  /** After the last byte: the size and mtime must be those seen when the file was opened. */
  finish(): void {
    const after = statOrThrow(this.fd, this.file)
    if (after.size !== this.before.size)
      throw problemError(this.file, {
        problem: 'size-changed',
        before: this.before.size,
        after: after.size
      })
    if (after.mtimeMs !== this.before.mtimeMs || after.ctimeMs !== this.before.ctimeMs)
      throw problemError(this.file, { problem: 'modified' })
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }
}

function statOrThrow(fd: number, file: string): Stats {
  try {
    return fstatSync(fd)
  } catch (cause) {
    throw readError(file, cause)
  }
}
