import type { ProgressSink, ProgressUpdate } from '../progress/progress.js'

/** At most one `update` per this many milliseconds. */
export const PROGRESS_INTERVAL_MS = 100

/**
 * Counts files and bytes written and tells the sink, throttled; `done` once at the end. The
 * trailer's entries (the manifest) add their bytes but are not counted as files: the count is
 * of the caller's files.
 */
export class PackingProgress {
  private files = 0
  private bytes = 0
  private lastUpdate = 0
  private countingFiles = true

  constructor(
    private readonly sink: ProgressSink | undefined,
    private totalFiles: number,
    private totalBytes: number | undefined,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** The trailer's entries follow, of `bytes` bytes in all; they are not counted as files. */
  startTrailer(bytes: number | undefined): void {
    this.countingFiles = false
    this.totalBytes =
      this.totalBytes === undefined || bytes === undefined ? undefined : this.totalBytes + bytes
  }

  addBytes(bytes: number): void {
    this.bytes += bytes
    this.maybeUpdate()
  }

  addFile(): void {
    if (this.countingFiles) this.files++
    this.maybeUpdate()
  }

  /** Several whole files of `bytes` bytes in all (one update for the lot). */
  addFiles(files: number, bytes: number): void {
    if (this.countingFiles) this.files += files
    this.bytes += bytes
    this.maybeUpdate()
  }

  done(): void {
    this.sink?.done(this.snapshot())
  }

  private maybeUpdate(): void {
    if (!this.sink) return
    const now = this.now()
    if (now - this.lastUpdate < PROGRESS_INTERVAL_MS) return
    this.lastUpdate = now
    this.sink.update(this.snapshot())
  }

  private snapshot(): ProgressUpdate {
    const update: ProgressUpdate = {
      phase: 'packaging',
      files: this.files,
      bytes: this.bytes,
      totalFiles: this.totalFiles
    }
    if (this.totalBytes !== undefined) update.totalBytes = this.totalBytes
    return update
  }
}
