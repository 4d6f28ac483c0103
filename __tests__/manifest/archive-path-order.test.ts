import fc from 'fast-check'
import { compareArchivePaths } from '../../src/manifest/manifest.js'

const byteOrder = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

describe('compareArchivePaths', () => {
  it('orders like the UTF-8 bytes, for any Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareArchivePaths(a, b))).toBe(Math.sign(byteOrder(a, b)))
      }),
      { numRuns: 5000 }
    )
  })

  it('puts characters above U+FFFF after U+E000-FFFF, as UTF-8 does (UTF-16 order would not)', () => {
    const emoji = 'a/\u{1F600}.txt' // a surrogate pair in UTF-16, F0 9F 98 80 in UTF-8
    const privateUse = 'a/\uE000.txt' // EE 80 80 in UTF-8
    const replacementLike = 'a/\uFFFD.txt'
    expect(emoji < privateUse).toBe(true) // what plain string comparison says
    expect(compareArchivePaths(emoji, privateUse)).toBeGreaterThan(0)
    expect(compareArchivePaths(emoji, replacementLike)).toBeGreaterThan(0)
    expect(compareArchivePaths(privateUse, emoji)).toBeLessThan(0)
  })

  it('sorts a prefix first and equal paths as equal', () => {
    expect(compareArchivePaths('dir', 'dir/file')).toBeLessThan(0)
    expect(compareArchivePaths('dir/file', 'dir')).toBeGreaterThan(0)
    expect(compareArchivePaths('x/é', 'x/é')).toBe(0)
    const paths = ['b', 'a/z', 'a', 'a/\u{10000}', 'a/\uFFFF', 'A', '_']
    expect([...paths].sort(compareArchivePaths)).toEqual([...paths].sort(byteOrder))
  })
})
