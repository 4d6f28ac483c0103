import { describeProgress } from './progress-line.js'
import type { ProgressSink, ProgressUpdate } from './progress.js'

export interface ProgressOutput {
  /** A terminal: one line rewritten in place. */
  interactive: boolean
  write(text: string): void
}

/**
 * A ProgressSink that prints: on a terminal a single updating line (~10 per second), in CI a
 * plain line every `intervalMs` (default 5 s) and always the final line with the totals.
 */
export function throttledProgress(output: ProgressOutput, intervalMs?: number): ProgressSink {
  const every = intervalMs ?? (output.interactive ? 100 : 5_000)
  const started = Date.now()
  let last = 0
  let lastPhase = ''
  const elapsed = (): number => (Date.now() - started) / 1000
  return {
    update(p: ProgressUpdate) {
      const now = Date.now()
      if (now - last < every && p.phase === lastPhase) return
      if (last === 0 && !output.interactive && now - started < every) {
        lastPhase = p.phase
        return
      }
      last = now
      lastPhase = p.phase
      const line = describeProgress(p, elapsed())
      output.write(output.interactive ? `\r\x1b[K${line}` : `${line}\n`)
    },
    done(p: ProgressUpdate) {
      const line = `${describeProgress(p, elapsed())} (${elapsed().toFixed(1)} s)`
      output.write(output.interactive ? `\r\x1b[K${line}\n` : `${line}\n`)
      last = 0
    }
  }
}
