import type { FileHandle } from 'node:fs/promises'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { crc32 } from 'node:zlib'
import { isArtifactLfsError } from '../errors.js'
import { archiveError, quoteName } from './archive-error.js'
import type { ZipEntryInfo } from './zip-central-directory.js'

/** Positional read size: large reads keep system time down on big stored entries. */
const CHUNK = 1024 * 1024

/** Streams `length` bytes of the archive from `start` with positional reads (bounded memory). */
export class RangeReadStream extends Readable {
  private position: number
  private remaining: number

  constructor(
    private readonly handle: FileHandle,
    private readonly archivePath: string,
    start: number,
    length: number
  ) {
    super({ highWaterMark: CHUNK })
    this.position = start
    this.remaining = length
  }

  override _read(): void {
    if (this.remaining === 0) {
      this.push(null)
      return
    }
    const length = Math.min(CHUNK, this.remaining)
    const buffer = Buffer.allocUnsafe(length)
    this.handle.read(buffer, 0, length, this.position).then(
      ({ bytesRead }) => {
        if (bytesRead === 0) {
          this.destroy(
            archiveError(
              this.archivePath,
              `is truncated: entry data ends at offset ${this.position}`
            )
          )
          return
        }
        this.position += bytesRead
        this.remaining -= bytesRead
        this.push(buffer.subarray(0, bytesRead))
      },
      (cause: Error) => this.destroy(cause)
    )
  }
}

/**
 * Passes an entry's uncompressed bytes through while counting them and computing CRC-32.
 * Errors as soon as more bytes arrive than the entry declares or than `maxBytes` allows, and at
 * the end if the size or CRC-32 differ: a consumer must treat data as good only after 'end'.
 * Any other error leaving the stream (zlib, I/O) is turned into an 'archive' refusal that
 * names the archive and the entry.
 */
export class EntryCheckStream extends Transform {
  private bytes = 0
  private crc = 0

  constructor(
    private readonly archivePath: string,
    private readonly entry: ZipEntryInfo,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY
  ) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.entry.uncompressedSize || this.bytes > this.maxBytes) {
      callback(
        pastLimitError(
          this.archivePath,
          this.entry,
          Math.min(this.entry.uncompressedSize, this.maxBytes)
        )
      )
      return
    }
    this.crc = crc32(chunk, this.crc)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    callback(contentError(this.archivePath, this.entry, this.bytes, this.crc))
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error === null || isArtifactLfsError(error) || error.name === 'AbortError') {
      callback(error)
      return
    }
    callback(describeEntryReadError(this.archivePath, this.entry, error))
  }
}

/**
 * The refusal for an entry producing more than `cap` bytes: past its declared size (a zip bomb
 * or corruption) when `cap` is that size, else past the caller's limit.
 */
export function pastLimitError(archivePath: string, entry: ZipEntryInfo, cap: number): Error {
  const label = `entry ${quoteName(entry.name)}`
  if (cap >= entry.uncompressedSize) {
    return archiveError(
      archivePath,
      `${label} inflates past its declared size of ${entry.uncompressedSize} bytes (zip bomb or corrupt archive); refused`
    )
  }
  return archiveError(archivePath, `${label} inflates past the limit of ${cap} bytes; refused`, {
    hint: 'raise the extraction limits only if you trust this archive'
  })
}

/** Refuses a complete entry whose size or CRC-32 is not what the central directory says. */
export function checkWholeEntry(archivePath: string, entry: ZipEntryInfo, data: Buffer): void {
  const problem = contentError(archivePath, entry, data.length, crc32(data))
  if (problem !== null) throw problem
}

/** The error for content of `bytes` bytes with CRC `crc`, or null when both match. */
function contentError(
  archivePath: string,
  entry: ZipEntryInfo,
  bytes: number,
  crc: number
): Error | null {
  const label = `entry ${quoteName(entry.name)}`
  if (bytes !== entry.uncompressedSize) {
    return archiveError(
      archivePath,
      `${label} has ${bytes} bytes of content but declares ${entry.uncompressedSize}`
    )
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    return archiveError(
      archivePath,
      `${label} fails its CRC-32 check (stored ${hex(entry.crc32)}, content ${hex(crc)}): the archive is corrupt`
    )
  }
  return null
}

/** A zlib or I/O error while reading an entry, as an 'archive' refusal naming the entry. */
export function describeEntryReadError(
  archivePath: string,
  entry: ZipEntryInfo,
  error: Error
): Error {
  const label = `entry ${quoteName(entry.name)}`
  const zlibCode = (error as NodeJS.ErrnoException).code
  const what =
    typeof zlibCode === 'string' && zlibCode.startsWith('Z_')
      ? `${label} has corrupt deflate data (${error.message})`
      : `${label} could not be read: ${error.message}`
  return archiveError(archivePath, what, { cause: error })
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`
}
