/** A snapshot of long work: how many files and bytes are done, of how many. */
export interface ProgressUpdate {
  /** What is going on, e.g. "packaging", "extracting", "verifying". */
  phase: string
  files: number
  bytes: number
  totalFiles?: number
  totalBytes?: number
}

/**
 * Where the engine reports progress. The engine calls `update` as often as it likes; the
 * sink decides how often to print (see progress-printer.ts). `done` is called once at the end.
 */
export interface ProgressSink {
  update(progress: ProgressUpdate): void
  done(progress: ProgressUpdate): void
}

export const silentProgress: ProgressSink = {
  update: () => undefined,
  done: () => undefined
}

/** Log lines the engine emits (warnings about skipped files, info about defaults). */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  debug(message: string): void
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined
}
