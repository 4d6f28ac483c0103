import { describe, expect, test } from '@jest/globals'
import path from 'node:path'

const benchDir = path.resolve('bench')
const load = () => import(path.join(benchDir, 'merge-results.mjs'))

function run(mode: string, datasets: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    mode,
    runs: 3,
    machine: { date: '2026-11-24T06:00:00.000Z', bundle: { ranSha256: 'abc', commit: 'c0ffee' } },
    datasets,
    crashed: [] as string[],
    ...extra
  }
}

describe('bench --merge', () => {
  test('takes only the scenarios this run skipped, and says where they came from', async () => {
    const { mergeEarlierResults } = await load()
    const now = run('full', { A: { fresh: true } }, { runs: 1 })
    const earlier = run(
      'full',
      { A: { stale: true }, B: { stale: true } },
      { verify: { tools: {} }, crashed: ['dataset B: boom', 'dataset A: old'] }
    )
    const merged = mergeEarlierResults(now, earlier)
    expect(now.datasets).toEqual({ A: { fresh: true }, B: { stale: true } })
    expect((now as Record<string, unknown>).verify).toEqual({ tools: {} })
    expect(merged.map((m: { scenario: string }) => m.scenario)).toEqual(['dataset B', 'verify'])
    expect(merged[0]).toEqual({
      scenario: 'dataset B',
      date: '2026-11-24T06:00:00.000Z',
      runs: 3,
      bundle: 'abc',
      commit: 'c0ffee'
    })
    expect(now.crashed).toEqual(['dataset B: boom'])
  })

  test('keeps the origin of a scenario the earlier file had merged from a run before it', async () => {
    const { mergeEarlierResults } = await load()
    const older = {
      scenario: 'dataset C',
      date: '2026-11-24T01:00:00.000Z',
      runs: 1,
      bundle: 'old',
      commit: 'beef'
    }
    const earlier = run('full', { B: { b: 1 }, C: { c: 1 } }, { merged: [older] })
    const now = run('full', {})
    const merged = mergeEarlierResults(now, earlier)
    expect(merged).toEqual([
      {
        scenario: 'dataset B',
        date: '2026-11-24T06:00:00.000Z',
        runs: 3,
        bundle: 'abc',
        commit: 'c0ffee'
      },
      older
    ])
  })

  test('refuses to mix a quick run with a full one, or a file that is not results', async () => {
    const { mergeEarlierResults } = await load()
    expect(() => mergeEarlierResults(run('full', {}), run('quick', {}))).toThrow(
      'it is a quick run, this one is full'
    )
    expect(() => mergeEarlierResults(run('full', {}), { hello: 1 })).toThrow(
      'not a bench results file'
    )
  })
})
