import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { compareWithManifest, type EntryFacts } from '../../src/archive/manifest-agreement.js'
import { ManifestIndex } from '../../src/archive/manifest-index.js'
import { compareArchivePaths, type ManifestFile } from '../../src/manifest/manifest.js'

const hex64 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map(b => Buffer.from(b).toString('hex'))

const fileArbitrary = fc.record(
  {
    path: fc.constantFrom('a', 'b', 'dir/c', 'dir/ü', 'x/y/z'),
    type: fc.constantFrom<'file' | 'symlink'>('file', 'symlink'),
    size: fc.maxSafeNat(),
    mode: fc.oneof(fc.integer({ min: 0, max: 0o7777 }), fc.maxSafeInteger()),
    mtime: fc.constantFrom('2026-01-02T03:04:05.678Z', '2020-02-02T00:00:00.000Z', 'bogus'),
    sha256: hex64,
    target: fc.string()
  },
  { requiredKeys: ['path', 'type', 'size', 'mode', 'mtime', 'sha256'] }
)

/** What a plain map of the list answers (the last listing of a path wins). */
function plainIndex(files: ManifestFile[]): Map<string, ManifestFile> {
  return new Map(files.map(f => [f.path, f]))
}

describe('ManifestIndex', () => {
  it('answers like the full list for every path, listed or not', () => {
    fc.assert(
      fc.property(fc.array(fileArbitrary, { maxLength: 30 }), files => {
        const index = ManifestIndex.of(files)
        const plain = plainIndex(files)
        expect(index.size).toBe(plain.size)
        expect([...index.paths()].sort()).toEqual([...plain.keys()].sort())
        for (const path of ['a', 'b', 'dir/c', 'dir/ü', 'x/y/z']) {
          const want = plain.get(path)
          expect(index.has(path)).toBe(want !== undefined)
          expect(index.get(path)).toEqual(want)
          expect(index.sha256Of(path)).toBe(want?.sha256)
          const ms = want === undefined ? NaN : Date.parse(want.mtime)
          expect(index.mtimeOf(path)?.getTime()).toBe(Number.isNaN(ms) ? undefined : ms)
          if (want !== undefined) {
            expect(index.digestMatches(path, Buffer.from(want.sha256, 'hex'))).toBe(true)
            const other = createHash('sha256').update(want.sha256).digest()
            expect(index.digestMatches(path, other)).toBe(false)
          }
        }
        const repeated = files.length - plain.size
        expect(index.problems).toHaveLength(repeated)
        // a list in path order (as packaging writes it) is searched without sorting: same answers
        const inOrder = [...files].sort((x, y) => compareArchivePaths(x.path, y.path))
        const sortedIndex = ManifestIndex.of(inOrder)
        for (const path of plain.keys())
          expect(sortedIndex.get(path)).toEqual(plainIndex(inOrder).get(path))
        expect([...sortedIndex.paths()]).toEqual([...index.paths()])
        expect(sortedIndex.problems.sort()).toEqual(index.problems.sort())
      }),
      { numRuns: 300 }
    )
  })

  it('grows past its first capacity without losing rows', () => {
    const files: ManifestFile[] = Array.from({ length: 5000 }, (_, i) => ({
      path: `f/${i}`,
      type: 'file',
      size: i,
      mode: 0o644,
      mtime: new Date(Date.UTC(2020, 0, 1, 0, 0, i % 7)).toISOString(),
      sha256: createHash('sha256').update(String(i)).digest('hex')
    }))
    const index = ManifestIndex.of(files)
    for (const f of files) expect(index.get(f.path)).toEqual(f)
    expect(index.mtimeOf('f/7')).toBe(index.mtimeOf('f/0'))
  })

  it('lets compareWithManifest refuse duplicate and missing listings as before', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex')
    const listed = (path: string, text: string): ManifestFile => ({
      path,
      type: 'file',
      size: text.length,
      mode: 0o644,
      mtime: '2026-01-01T00:00:00.000Z',
      sha256: sha(text)
    })
    const files = [
      listed('a', 'alpha'),
      listed('b', 'bravo'),
      listed('a', 'alpha'),
      listed('gone', 'x')
    ]
    const facts: EntryFacts[] = [
      { path: 'a', kind: 'file', size: 5, sha256: sha('alpha'), mode: 0o644 },
      { path: 'b', kind: 'file', size: 5, sha256: sha('BRAVO'), mode: 0o600 },
      { path: 'extra', kind: 'file', size: 1, sha256: sha('e'), mode: 0o644 }
    ]
    const expected = [
      'the manifest lists "a" twice',
      `"b" has sha256 ${sha('BRAVO')} in the archive, the manifest says ${sha('bravo')}`,
      '"b" has mode 600 in the archive, the manifest says 644',
      '"extra" is in the archive but not in the manifest',
      '"gone" is in the manifest but not in the archive'
    ]
    expect(compareWithManifest(facts, ManifestIndex.of(files))).toEqual(expected)
    expect(
      compareWithManifest(facts, {
        format: 'artifact-lfs-manifest',
        version: 1,
        tool: { name: 't', version: '1' },
        createdAt: '',
        files
      })
    ).toEqual(expected)
  })
})
