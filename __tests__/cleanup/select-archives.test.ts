import { describe, expect, it } from '@jest/globals'
import { archiveTime, selectArchivesToPrune } from '../../src/cleanup/prune-archives.js'

const DAY = 86_400_000
const NOW = new Date('2025-03-31T12:00:00Z')

/** codex-session_ names for days before NOW (same clock time). */
const daysAgo = (days: number, suffix = ''): string => {
  const d = new Date(NOW.getTime() - days * DAY)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `codex-session_${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_120000${suffix}.zip`
}

const A0 = daysAgo(0)
const A1 = daysAgo(1)
const A5 = daysAgo(5)
const A10 = daysAgo(10)
const A40 = daysAgo(40)
const ALL = [A10, A0, A40, A5, A1] // unordered on purpose

describe('selectArchivesToPrune', () => {
  it.each<[string, { keep?: number; maxAgeMs?: number }, string[]]>([
    ['keep 2: all but the two newest', { keep: 2 }, [A40, A10, A5]],
    ['keep 0: everything', { keep: 0 }, [A40, A10, A5, A1, A0]],
    ['keep more than there are: nothing', { keep: 9 }, []],
    ['keep exactly all: nothing', { keep: 5 }, []],
    ['max-age 7d alone: older than a week', { maxAgeMs: 7 * DAY }, [A40, A10]],
    ['max-age 0: everything in the past', { maxAgeMs: 0 }, [A40, A10, A5, A1]],
    ['max-age 7d, keep 4: keep wins over age', { keep: 4, maxAgeMs: 7 * DAY }, [A40]],
    ['max-age 7d, keep 1: age decides', { keep: 1, maxAgeMs: 7 * DAY }, [A40, A10]],
    ['max-age 60d, keep 0: nothing is that old', { keep: 0, maxAgeMs: 60 * DAY }, []],
    [
      'max-age 1d keep 2: the two newest are kept whatever their age',
      { keep: 2, maxAgeMs: DAY },
      [A40, A10, A5]
    ],
    ['max-age 1d keep 1: boundary stays', { keep: 1, maxAgeMs: DAY }, [A40, A10, A5]]
  ])('%s', (_title, rule, expected) => {
    const selection = selectArchivesToPrune(ALL, { ...rule, now: NOW })
    expect(selection.prune).toEqual(expected.slice().sort())
    expect(selection.kept.length + selection.prune.length).toBe(ALL.length)
    expect(selection.ignored).toEqual([])
  })

  it('lists kept names newest first', () => {
    expect(selectArchivesToPrune(ALL, { keep: 3, now: NOW }).kept).toEqual([A0, A1, A5])
  })

  it('orders same-second archives by their suffix numbers (run id, attempt, counter)', () => {
    const base = 'codex-session_20250301_101010'
    const names = [
      `${base}.zip`,
      `${base}-2.zip`,
      `${base}-77-1.zip`,
      `${base}-77-2.zip`,
      `${base}-3.zip`
    ]
    expect(selectArchivesToPrune(names, { keep: 2, now: NOW }).kept).toEqual([
      `${base}-77-2.zip`,
      `${base}-77-1.zip`
    ])
    expect(selectArchivesToPrune(names, { keep: 4, now: NOW }).prune).toEqual([`${base}.zip`])
  })

  it('never prunes names it does not recognise, and they do not count towards keep', () => {
    const odd = ['notes.zip', 'codex-session_20250230_000000.zip', 'codex-session_2025_x.zip']
    const selection = selectArchivesToPrune([...odd, A0, A40], { keep: 1, now: NOW })
    expect(selection.prune).toEqual([A40])
    expect(selection.kept).toEqual([A0])
    expect(selection.ignored.sort()).toEqual(odd.slice().sort())
  })

  it('reads timestamps as UTC', () => {
    expect(archiveTime('codex-session_20250102_030405.zip')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5))
    expect(archiveTime('codex-session_20251301_000000.zip')).toBeUndefined()
    expect(archiveTime('codex-session_20250101_246000.zip')).toBeUndefined()
  })

  it('counts duplicate names once', () => {
    expect(selectArchivesToPrune([A0, A0, A1], { keep: 1, now: NOW })).toEqual({
      prune: [A1],
      kept: [A0],
      ignored: []
    })
  })

  it.each<[string, { keep?: number; maxAgeMs?: number }, RegExp]>([
    ['neither keep nor max-age', {}, /needs keep, max-age or both/],
    ['a negative keep', { keep: -1 }, /keep must be a whole number/],
    ['a fractional keep', { keep: 1.5 }, /keep must be a whole number/],
    ['a negative max-age', { maxAgeMs: -5 }, /max-age must be a duration/],
    ['a NaN max-age', { maxAgeMs: Number.NaN }, /max-age must be a duration/]
  ])('refuses %s', (_title, rule, message) => {
    expect(() => selectArchivesToPrune(ALL, { ...rule, now: NOW })).toThrow(message)
  })
})
