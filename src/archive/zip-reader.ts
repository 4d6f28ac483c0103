import { readSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { pipeline, type Readable } from 'node:stream'
import { createInflateRaw, inflateRawSync } from 'node:zlib'
import { archiveError, quoteName } from './archive-error.js'
import {
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  EXTRA_ZIP64,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORED,
  parseExtraFields,
  readAt,
  readZip64Values,
  SIG_LOCAL_HEADER,
  U32_SENTINEL
} from './zip-bytes.js'
import { readCentralDirectory, type ZipEntryInfo } from './zip-central-directory.js'
import {
  checkWholeEntry,
  describeEntryReadError,
  EntryCheckStream,
  pastLimitError,
  RangeReadStream
} from './zip-entry-stream.js'

export type { ZipEntryInfo, ZipEntryKind } from './zip-central-directory.js'

/**
 * Inflate output chunk size: zlib allocates one per stream, so small entries get a small one
 * (less garbage with many files) and big ones 256 KiB (fewer callbacks than the 16 KiB default).
 */
function inflateChunkFor(entry: ZipEntryInfo): number {
  return Math.min(256 * 1024, Math.max(1024, entry.uncompressedSize))
}

/**
 * Entries whose compressed and declared sizes are both at most this are read whole with
 * synchronous reads and one inflateRawSync: for many small files the per-entry cost of streams
 * and async calls dominates, and a whole-entry buffer this size is harmless.
 */
export const WHOLE_ENTRY_MAX_BYTES = 64 * 1024 * 1024

/**
 * Synchronous reads fetch at least this much at once: consecutive small entries (header, name
 * and data) are then served from memory instead of one read call each.
 */
const READ_WINDOW_BYTES = 1024 * 1024

/** Caps on what one entry may produce, on top of its own declared size. */
export interface EntryReadLimits {
  /** Most uncompressed bytes the stream may deliver. */
  maxBytes?: number
}

/**
 * A zip archive opened for reading: the central directory is read and checked once by `open`;
 * `openEntry` streams one entry's content, checked against the local header, its declared size
 * and its CRC-32. Only stored and deflate entries can be read. Call `close()` when done.
 */
export interface ZipReaderOptions {
  /** How errors name the archive (default: its path), e.g. the repo path of an LFS object. */
  displayName?: string
}

export class ZipReader {
  readonly path: string
  /** The name errors use. */
  readonly displayName: string
  readonly size: number
  readonly entries: readonly ZipEntryInfo[]
  readonly zip64: boolean
  private readonly handle: FileHandle
  private readonly dataLimits: number[]
  /** Reused for synchronous reads; `window` is the part holding archive bytes from `windowStart`. */
  private windowBuffer: Buffer = Buffer.alloc(0)
  private window: Buffer = Buffer.alloc(0)
  private windowStart = 0

  private constructor(
    path: string,
    displayName: string,
    handle: FileHandle,
    size: number,
    entries: ZipEntryInfo[],
    dataLimits: number[],
    zip64: boolean
  ) {
    this.path = path
    this.displayName = displayName
    this.handle = handle
    this.size = size
    this.entries = entries
    this.dataLimits = dataLimits
    this.zip64 = zip64
  }

  static async open(path: string, options: ZipReaderOptions = {}): Promise<ZipReader> {
    const name = options.displayName ?? path
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      throw archiveError(
        name,
        code === 'ENOENT' ? 'no such archive' : `cannot open: ${(cause as Error).message}`,
        { hint: 'check the archive path', cause }
      )
    }
    try {
      const stat = await handle.stat()
      if (!stat.isFile()) throw archiveError(name, 'is not a regular file')
      const cd = await readCentralDirectory(handle, name, stat.size)
      return new ZipReader(path, name, handle, stat.size, cd.entries, cd.dataLimits, cd.zip64)
    } catch (error) {
      await handle.close().catch(() => undefined)
      throw error
    }
  }

  /**
   * The entry's uncompressed content as a stream. It errors (ArtifactLfsError 'archive') if the
   * local header disagrees with the central directory, the data runs into the next entry, the
   * deflate data is corrupt, the content is longer or shorter than declared, it exceeds
   * `limits.maxBytes`, or the CRC-32 does not match. Data is trustworthy only after 'end'.
   */
  openEntry(entry: ZipEntryInfo, limits: EntryReadLimits = {}): Readable {
    const check = new EntryCheckStream(this.displayName, entry, limits.maxBytes)
    if (this.entries[entry.index] !== entry) {
      check.destroy(
        archiveError(this.displayName, `entry ${quoteName(entry.name)} is not from this archive`)
      )
      return check
    }
    try {
      this.checkMethod(entry)
    } catch (error) {
      check.destroy(error as Error)
      return check
    }
    this.locateData(entry).then(
      dataStart => {
        if (check.destroyed) return
        const raw = new RangeReadStream(
          this.handle,
          this.displayName,
          dataStart,
          entry.compressedSize
        )
        const done = (error: Error | null): void => {
          if (error && !check.destroyed) check.destroy(error)
        }
        if (entry.method === METHOD_DEFLATE)
          pipeline(raw, createInflateRaw({ chunkSize: inflateChunkFor(entry) }), check, done)
        else pipeline(raw, check, done)
      },
      (error: Error) => check.destroy(error)
    )
    return check
  }

  /** The whole content of a (small) entry, checked like `openEntry`. */
  async readEntry(entry: ZipEntryInfo, limits: EntryReadLimits = {}): Promise<Buffer> {
    if (this.canReadWhole(entry)) return this.readWholeEntry(entry, limits)
    const chunks: Buffer[] = []
    for await (const chunk of this.openEntry(entry, limits)) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  /** Whether `readWholeEntry` may be used for this entry (small enough to hold in memory). */
  canReadWhole(entry: ZipEntryInfo): boolean {
    return (
      entry.compressedSize <= WHOLE_ENTRY_MAX_BYTES &&
      entry.uncompressedSize <= WHOLE_ENTRY_MAX_BYTES
    )
  }

  /**
   * The whole content of an entry (at most WHOLE_ENTRY_MAX_BYTES, see `canReadWhole`), read
   * synchronously: the same checks as `openEntry` (local header, data range, size, CRC-32,
   * `limits.maxBytes`), with the same errors. Inflating stops at the declared size, so a lying
   * entry cannot make it allocate more. Consecutive entries share one read of the archive.
   */
  readWholeEntry(entry: ZipEntryInfo, limits: EntryReadLimits = {}): Buffer {
    const label = `entry ${quoteName(entry.name)}`
    if (this.entries[entry.index] !== entry) {
      throw archiveError(this.displayName, `${label} is not from this archive`)
    }
    if (!this.canReadWhole(entry)) {
      throw new Error(`internal: ${label} is too big to be read whole`)
    }
    this.checkMethod(entry)
    const cap = Math.min(entry.uncompressedSize, limits.maxBytes ?? Number.POSITIVE_INFINITY)
    if (entry.method === METHOD_STORED && entry.uncompressedSize > cap) {
      throw pastLimitError(this.displayName, entry, cap)
    }
    const at = entry.localHeaderOffset
    const limit = this.dataLimits[entry.index]
    // one read usually covers the header, the name, a typical extra field and the data
    const guess = LOCAL_HEADER_SIZE + entry.rawName.length + 64 + entry.compressedSize
    const first = this.bytesAtSync(at, Math.min(guess, limit - at), `${label}'s local header`)
    const headerLength = localHeaderLength(first, this.displayName, label, at)
    const header =
      headerLength <= first.length
        ? first
        : this.bytesAtSync(at, headerLength, `${label}'s local header`)
    const dataStart = this.checkLocalHeader(entry, header.subarray(0, headerLength), limit)
    const raw = this.bytesAtSync(dataStart, entry.compressedSize, `${label}'s data`)
    let data: Buffer
    if (entry.method === METHOD_STORED) {
      data = Buffer.from(raw)
    } else {
      try {
        // one byte of room past the cap tells "too long" apart from "exactly right"; one chunk
        // of that size is the whole output (no pieces to concatenate: a 12 MB manifest would
        // otherwise exist twice)
        data = inflateRawSync(raw, { maxOutputLength: cap + 1, chunkSize: Math.max(64, cap + 1) })
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw pastLimitError(this.displayName, entry, cap)
        }
        throw describeEntryReadError(this.displayName, entry, cause as Error)
      }
      if (data.length > cap) throw pastLimitError(this.displayName, entry, cap)
    }
    checkWholeEntry(this.displayName, entry, data)
    return data
  }

  async close(): Promise<void> {
    await this.handle.close()
  }

  private checkMethod(entry: ZipEntryInfo): void {
    if (entry.method === METHOD_STORED || entry.method === METHOD_DEFLATE) return
    throw archiveError(
      this.displayName,
      `entry ${quoteName(entry.name)} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`,
      { hint: 're-create the archive with deflate compression' }
    )
  }

  /**
   * `length` archive bytes at `position`, read synchronously through the shared window. The
   * result is a view that the next call may overwrite: use it before reading again.
   */
  private bytesAtSync(position: number, length: number, what: string): Buffer {
    const offset = position - this.windowStart
    if (offset >= 0 && offset + length <= this.window.length) {
      return this.window.subarray(offset, offset + length)
    }
    const wanted = Math.min(Math.max(length, READ_WINDOW_BYTES), Math.max(0, this.size - position))
    // a read bigger than the window gets its own buffer, so a big entry is not kept alive
    const big = wanted > READ_WINDOW_BYTES
    if (!big && this.windowBuffer.length === 0) {
      this.windowBuffer = Buffer.allocUnsafe(READ_WINDOW_BYTES)
    }
    const buffer = big ? Buffer.allocUnsafe(wanted) : this.windowBuffer
    let filled = 0
    while (filled < wanted) {
      const read = readSync(this.handle.fd, buffer, filled, wanted - filled, position + filled)
      if (read === 0) break
      filled += read
    }
    if (filled < length) {
      throw archiveError(
        this.displayName,
        `is truncated: ${what} (${length} bytes at offset ${position}) runs past the end of the file`
      )
    }
    if (big) return buffer.subarray(0, length)
    this.window = buffer.subarray(0, filled)
    this.windowStart = position
    return this.window.subarray(0, length)
  }

  /** Reads and cross-checks the local header; returns where the entry's data starts. */
  private async locateData(entry: ZipEntryInfo): Promise<number> {
    const label = `entry ${quoteName(entry.name)}`
    const at = entry.localHeaderOffset
    // one read usually covers the header, the name and a typical extra field
    const limit = this.dataLimits[entry.index]
    const guess = Math.min(LOCAL_HEADER_SIZE + entry.rawName.length + 64, limit - at)
    let header = await readAt(this.handle, this.displayName, at, guess, `${label}'s local header`)
    const headerLength = localHeaderLength(header, this.displayName, label, at)
    if (headerLength > header.length) {
      const rest = await readAt(
        this.handle,
        this.displayName,
        at + header.length,
        headerLength - header.length,
        `${label}'s local header`
      )
      header = Buffer.concat([header, rest])
    }
    return this.checkLocalHeader(entry, header.subarray(0, headerLength), limit)
  }

  /**
   * Cross-checks a complete local header (fixed part, name, extra field) with the central
   * directory, and that the data stays before `limit`; returns where the data starts.
   */
  private checkLocalHeader(entry: ZipEntryInfo, header: Buffer, limit: number): number {
    const label = `entry ${quoteName(entry.name)}`
    const at = entry.localHeaderOffset
    const nameLength = header.readUInt16LE(26)
    const headerLength = header.length
    const fixed = header.subarray(0, LOCAL_HEADER_SIZE)
    const variable = header.subarray(LOCAL_HEADER_SIZE, headerLength)
    const flags = fixed.readUInt16LE(6)
    const disagree = (what: string, local: string | number, central: string | number): Error =>
      archiveError(
        this.displayName,
        `${label}: the local header and the central directory disagree on the ${what} (local ${local}, central ${central})`
      )
    const localName = variable.subarray(0, nameLength)
    if (!localName.equals(entry.rawName)) {
      throw disagree('name', quoteName(localName.toString('utf8')), quoteName(entry.name))
    }
    const method = fixed.readUInt16LE(8)
    if (method !== entry.method) throw disagree('compression method', method, entry.method)
    if ((flags & FLAG_ENCRYPTED) !== (entry.flags & FLAG_ENCRYPTED)) {
      throw disagree('encryption flag', flags & FLAG_ENCRYPTED, entry.flags & FLAG_ENCRYPTED)
    }
    if ((flags & FLAG_DATA_DESCRIPTOR) === 0) {
      const crc = fixed.readUInt32LE(14)
      if (crc !== entry.crc32) throw disagree('CRC-32', crc, entry.crc32)
      let compressed = fixed.readUInt32LE(18)
      let uncompressed = fixed.readUInt32LE(22)
      const wanted = [uncompressed === U32_SENTINEL, compressed === U32_SENTINEL]
      if (wanted.some(Boolean)) {
        const extra = parseExtraFields(variable.subarray(nameLength))
        const values = readZip64Values(extra?.get(EXTRA_ZIP64), wanted, this.displayName, label)
        if (values === undefined) {
          throw archiveError(
            this.displayName,
            `${label}: local header needs a zip64 extra field but it is missing`
          )
        }
        uncompressed = values[0] ?? uncompressed
        compressed = values[1] ?? compressed
      }
      if (compressed !== entry.compressedSize) {
        throw disagree('compressed size', compressed, entry.compressedSize)
      }
      if (uncompressed !== entry.uncompressedSize) {
        throw disagree('uncompressed size', uncompressed, entry.uncompressedSize)
      }
    }
    const dataStart = at + headerLength
    const dataEnd = dataStart + entry.compressedSize
    if (dataEnd > limit) {
      throw archiveError(
        this.displayName,
        `${label}: its data (offset ${dataStart}..${dataEnd}) runs into the next entry or the central directory at ${limit}`
      )
    }
    return dataStart
  }
}

/**
 * The length of the local header starting `header` (fixed part + name + extra field), after
 * checking its signature; `header` needs only the fixed part.
 */
function localHeaderLength(header: Buffer, archivePath: string, label: string, at: number): number {
  if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== SIG_LOCAL_HEADER) {
    throw archiveError(
      archivePath,
      `${label}: no local header at offset ${at} (corrupt central directory)`
    )
  }
  return LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28)
}
