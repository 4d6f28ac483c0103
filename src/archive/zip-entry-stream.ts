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
  private readonly label: string

  constructor(
    private readonly archivePath: string,
    private readonly entry: ZipEntryInfo,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY
  ) {
    super()
    this.label = `entry ${quoteName(entry.name)}`
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.entry.uncompressedSize) {
      callback(
        archiveError(
          this.archivePath,
          `${this.label} inflates past its declared size of ${this.entry.uncompressedSize} bytes (zip bomb or corrupt archive); refused`
        )
      )
      return
    }
    if (this.bytes > this.maxBytes) {
      callback(
        archiveError(
          this.archivePath,
          `${this.label} inflates past the limit of ${this.maxBytes} bytes; refused`,
          { hint: 'raise the extraction limits only if you trust this archive' }
        )
      )
      return
    }
    this.crc = crc32(chunk, this.crc)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.entry.uncompressedSize) {
      callback(
        archiveError(
          this.archivePath,
          `${this.label} has ${this.bytes} bytes of content but declares ${this.entry.uncompressedSize}`
        )
      )
      return
    }
    if (this.crc >>> 0 !== this.entry.crc32 >>> 0) {
      callback(
        archiveError(
          this.archivePath,
          `${this.label} fails its CRC-32 check (stored ${hex(this.entry.crc32)}, content ${hex(this.crc)}): the archive is corrupt`
        )
      )
      return
    }
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error === null || isArtifactLfsError(error) || error.name === 'AbortError') {
      callback(error)
      return
    }
    const zlibCode = (error as NodeJS.ErrnoException).code
    const what =
      typeof zlibCode === 'string' && zlibCode.startsWith('Z_')
        ? `${this.label} has corrupt deflate data (${error.message})`
        : `${this.label} could not be read: ${error.message}`
    callback(archiveError(this.archivePath, what, { cause: error }))
  }
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`
}
