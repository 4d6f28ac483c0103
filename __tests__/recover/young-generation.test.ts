import { describe, expect, test } from '@jest/globals'
import { withYoungGenerationHeld } from '../../src/recover/young-generation.js'

describe('withYoungGenerationHeld', () => {
  test('holds the growth factor once for overlapping calls and puts it back after the last', async () => {
    const flags: string[] = []
    const set = (f: string): void => void flags.push(f)
    let release!: () => void
    const first = withYoungGenerationHeld(
      () => new Promise<string>(resolve => (release = () => resolve('first'))),
      set
    )
    const second = withYoungGenerationHeld(async () => 'second', set)
    await expect(second).resolves.toBe('second')
    expect(flags).toEqual(['--semi-space-growth-factor=1'])
    release()
    await expect(first).resolves.toBe('first')
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2'])
  })

  test('puts the factor back when the work fails', async () => {
    const flags: string[] = []
    const failing = withYoungGenerationHeld(
      async () => {
        throw new Error('boom')
      },
      f => void flags.push(f)
    )
    await expect(failing).rejects.toThrow('boom')
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2'])
  })

  test('leaves a growth factor chosen on the node command line alone', async () => {
    const flags: string[] = []
    process.execArgv.push('--semi-space-growth-factor=3')
    try {
      await withYoungGenerationHeld(
        async () => undefined,
        f => void flags.push(f)
      )
    } finally {
      process.execArgv.pop()
    }
    expect(flags).toEqual([])
  })
})
