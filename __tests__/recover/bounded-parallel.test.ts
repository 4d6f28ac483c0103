import { describe, expect, test } from '@jest/globals'
import { mapBounded } from '../../src/recover/bounded-parallel.js'

const tick = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('mapBounded', () => {
  test('keeps input order and never runs more than the limit at once', async () => {
    let running = 0
    let peak = 0
    const out = await mapBounded([5, 1, 4, 2, 3, 0], 3, async (n, i) => {
      running++
      peak = Math.max(peak, running)
      await tick(n * 3)
      running--
      return `${i}:${n}`
    })
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0'])
    expect(peak).toBe(3)
  })

  test('after a failure starts nothing new and settles running tasks before rejecting', async () => {
    const started: number[] = []
    const finished: number[] = []
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async n => {
      started.push(n)
      if (n === 1) throw new Error('boom')
      await tick(20)
      finished.push(n)
      return n
    })
    await expect(run).rejects.toThrow('boom')
    // 0 was running when 1 failed; 2 may have started in 1's slot before the failure was seen
    expect(started.length).toBeLessThanOrEqual(3)
    expect(finished.sort()).toEqual(started.filter(n => n !== 1).sort())
  })

  test('an empty list gives an empty result', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([])
  })
})
