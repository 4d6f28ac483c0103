import type { ProgressSink, ProgressUpdate } from '../progress/progress.js'

/** At most one `update` per this many milliseconds. */
export const PROGRESS_INTERVAL_MS = 100

/** Counts files and bytes written and tells the sink, throttled; `done` once at the end. */
export class PackingProgress {
  private files = 0
  private bytes = 0
  private lastUpdate = 0

  constructor(
    private readonly sink: ProgressSink | undefined,
    private totalFiles: number,
    private totalBytes: number | undefined,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** More entries joined the archive (the trailer). */
  addToTotals(files: number, bytes: number | undefined): void {
    this.totalFiles += files
    this.totalBytes =
      this.totalBytes === undefined || bytes === undefined ? undefined : this.totalBytes + bytes
  }

  addBytes(bytes: number): void {
    this.bytes += bytes
    this.maybeUpdate()
  }

  addFile(): void {
    this.files++
    this.maybeUpdate()
  }

  /** Several whole files of `bytes` bytes in all (one update for the lot). */
  addFiles(files: number, bytes: number): void {
    this.files += files
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
