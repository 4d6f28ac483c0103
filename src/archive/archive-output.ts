import { createHash, type Hash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { ArtifactLfsError } from '../errors.js'

/** Small pieces (headers, small entries) are gathered up to this size before one write. */
const GATHER_SIZE = 1024 * 1024

/**
 * The archive file as it is written: strictly sequential writes from position 0, with the
 * size and sha256 of everything written kept as it goes, so no second read pass is needed.
 * Small pieces are copied into one buffer to save system calls; once `append` resolves, the
 * caller may reuse the memory it passed.
 */
export class ArchiveOutput {
  private readonly hash: Hash = createHash('sha256')
  private readonly gathered = Buffer.allocUnsafeSlow(GATHER_SIZE)
  private gatheredBytes = 0
  /** Bytes handed to the file so far. */
  private flushed = 0

  /** Bytes appended so far (written or gathered). */
  private appended = 0

  constructor(private readonly handle: FileHandle) {}

  /** Archive offset of the next byte appended. */
  get position(): number {
    return this.appended
  }

  /**
   * Appends `data`; the returned promise settles once it is safe to append more (append and
   * tryAppend must not be called while an append is pending).
   */
  async append(data: Buffer): Promise<void> {
    if (data.length === 0 || this.tryAppend(data)) return
    this.appended += data.length
    if (this.gatheredBytes + data.length > GATHER_SIZE) await this.flush()
    if (data.length >= GATHER_SIZE / 2) {
      this.hash.update(data)
      await this.writeFully(data)
      return
    }
    this.gatheredBytes += data.copy(this.gathered, this.gatheredBytes)
  }

  /**
   * Appends `data` at once if it fits the gather buffer without a write, and says whether it
   * did; otherwise the caller must `await append(data)`. (Many small files: no promise each.)
   */
  tryAppend(data: Buffer): boolean {
    if (data.length >= GATHER_SIZE / 2 || this.gatheredBytes + data.length > GATHER_SIZE)
      return false
    this.appended += data.length
    this.gatheredBytes += data.copy(this.gathered, this.gatheredBytes)
    return true
  }

  /** Writes everything gathered so far. */
  async flush(): Promise<void> {
    if (this.gatheredBytes === 0) return
    const size = this.gatheredBytes
    this.gatheredBytes = 0
    const gathered = this.gathered.subarray(0, size)
    this.hash.update(gathered) // hashed here, in one go, not piece by piece
    await this.writeFully(gathered)
  }

  /** Hex sha256 of all bytes appended; call once, after the last append and flush. */
  digest(): string {
    return this.hash.digest('hex')
  }

  private async writeFully(data: Buffer): Promise<void> {
    let done = 0
    while (done < data.length) {
      let written: number
      try {
        ;({ bytesWritten: written } = await this.handle.write(
          data,
          done,
          data.length - done,
          this.flushed
        ))
      } catch (cause) {
        throw new ArtifactLfsError(
          'archive',
          `cannot write the archive: ${(cause as Error).message}`,
          { hint: 'check free disk space and permissions of the output folder', cause }
        )
      }
      if (written <= 0)
        throw new ArtifactLfsError(
          'archive',
          'cannot write the archive: the write made no progress'
        )
      done += written
      this.flushed += written
    }
  }
}
