import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { jsonPieces } from '../../src/cli/json-pieces.js'

const joined = (value: unknown): string => [...jsonPieces(value)].join('')

describe('jsonPieces', () => {
  it('gives the text of JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), value => {
        expect(joined(value)).toBe(JSON.stringify(value))
      }),
      { numRuns: 500 }
    )
  })

  it('cuts a long file list into pieces and still matches JSON.stringify, undefined and toJSON included', () => {
    const files = Array.from({ length: 5000 }, (_, i) => ({
      path: `dir/${i} "quoted" ✓.txt`,
      size: i,
      target: i % 3 === 0 ? undefined : 'x',
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60))
    }))
    const value = {
      ok: true,
      skip: undefined,
      fn: () => 1,
      package: { files, counts: [1, undefined, () => 2, null] },
      list: Array.from({ length: 700 }, (_, i) => (i % 2 ? [i] : i))
    }
    const pieces = [...jsonPieces(value)]
    expect(pieces.length).toBeGreaterThan(5)
    expect(Math.max(...pieces.map(p => p.length))).toBeLessThan(64 * 1024)
    expect(pieces.join('')).toBe(JSON.stringify(value))
  })
})
