import { describe, expect, it } from '@jest/globals'
import {
  archiveNameCandidates,
  compareArchiveNamesNewestFirst,
  parseArchiveName,
  utcStamp
} from '../../src/packaging/archive-name.js'

describe('archive names', () => {
  it('formats the UTC timestamp as YYYYmmdd_HHMMSS', () => {
    expect(utcStamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102_030405')
  })

  it('offers the plain name first, then numbered ones; run ids go into the suffix', () => {
    const now = new Date(Date.UTC(2026, 10, 24, 12, 0, 0))
    const plain = archiveNameCandidates(now)
    expect([plain.next().value, plain.next().value, plain.next().value]).toEqual([
      'codex-session_20261124_120000.zip',
      'codex-session_20261124_120000-2.zip',
      'codex-session_20261124_120000-3.zip'
    ])
    const run = archiveNameCandidates(now, { runId: '987654', runAttempt: '2' })
    expect(run.next().value).toBe('codex-session_20261124_120000-987654-2.zip')
  })

  it('parses names and orders newest first, suffixes numerically', () => {
    expect(parseArchiveName('codex-session_20261124_120000-2.zip')).toEqual({
      stamp: '20261124_120000',
      suffix: '-2'
    })
    expect(parseArchiveName('other.zip')).toBeUndefined()
    const names = [
      'codex-session_20261124_120000.zip',
      'codex-session_20261124_120000-10.zip',
      'codex-session_20261125_000000.zip',
      'codex-session_20261124_120000-2.zip'
    ]
    expect([...names].sort(compareArchiveNamesNewestFirst)).toEqual([
      'codex-session_20261125_000000.zip',
      'codex-session_20261124_120000-10.zip',
      'codex-session_20261124_120000-2.zip',
      'codex-session_20261124_120000.zip'
    ])
  })
})
