import { describe, expect, it } from '@jest/globals'
import { throttledProgress } from '../../src/progress/throttled-progress.js'

describe('throttledProgress', () => {
  it('prints plain lines in CI: throttled updates, always the final line with files, bytes and rate', () => {
    const lines: string[] = []
    const sink = throttledProgress({ interactive: false, write: t => lines.push(t) }, 60_000)
    for (let i = 1; i <= 1000; i++)
      sink.update({
        phase: 'packaging',
        files: i,
        bytes: i * 1024,
        totalFiles: 1000,
        totalBytes: 1024 * 1000
      })
    expect(lines).toEqual([])
    sink.done({
      phase: 'packaging',
      files: 1000,
      bytes: 1024 * 1000,
      totalFiles: 1000,
      totalBytes: 1024 * 1000
    })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^packaging: 1,000\/1,000 files, 1000 KiB\/1000 KiB, .+\/s \(\d+\.\d s\)\n$/
    )
  })

  it('rewrites one line on a terminal', () => {
    const out: string[] = []
    const sink = throttledProgress({ interactive: true, write: t => out.push(t) }, 0)
    sink.update({ phase: 'extracting', files: 1, bytes: 10 })
    sink.update({ phase: 'extracting', files: 2, bytes: 20 })
    sink.done({ phase: 'extracting', files: 2, bytes: 20 })
    expect(out.slice(0, 2).every(t => t.startsWith('\r\x1b[K') && !t.endsWith('\n'))).toBe(true)
    // eslint-disable-next-line no-control-regex
    expect(out.at(-1)).toMatch(/^\r\x1b\[Kextracting: 2 files, 20 B, .*\n$/)
  })
})
