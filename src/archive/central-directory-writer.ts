import { centralHeaderSize, writeCentralHeader, type CentralRecord } from './zip-format.js'

/** The directory is kept in blocks of this size (a record is at most ~66 KB). */
const BLOCK_SIZE = 1 << 20

/**
 * The central directory, built as entries are written: each record goes straight into a
 * block of bytes as its header, so an archive of 70,000 files keeps ~6 MB of bytes outside
 * the JS heap instead of 70,000 record objects for the garbage collector to trace. Blocks are
 * filled one after the other, never grown or copied: a single doubling buffer held up to
 * twice the directory, and three times while it grew.
 */
export class CentralDirectoryWriter {
  private readonly full: Buffer[] = []
  private block: Buffer | undefined
  private used = 0
  private entries = 0

  /** Records written so far. */
  get count(): number {
    return this.entries
  }

  add(record: CentralRecord): void {
    const size = centralHeaderSize(record)
    if (this.block === undefined || this.used + size > this.block.length) {
      if (this.block !== undefined) this.full.push(this.block.subarray(0, this.used))
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_SIZE, size))
      this.used = 0
    }
    this.used = writeCentralHeader(this.block, this.used, record)
    this.entries++
  }

  /** The directory's bytes so far, in order (views: valid until the next `add`). */
  contents(): Buffer[] {
    return this.block === undefined
      ? [...this.full]
      : [...this.full, this.block.subarray(0, this.used)]
  }
}
