import fc from 'fast-check'
import {
  ManifestTextBuilder,
  parseManifest,
  serializeManifest,
  type Manifest,
  type ManifestFile
} from '../../src/manifest/manifest.js'
import { manifestFileArbitrary, manifestOf as manifestOfVersion } from './manifest-fixtures.js'

const SHA = 'ab'.repeat(32)

const manifestOf = (files: ManifestFile[]): Manifest => manifestOfVersion(files, '9.9.9')

const fileArbitrary = manifestFileArbitrary(SHA, ['2026-01-02T03:04:05.678Z'])

describe('serializeManifest', () => {
  it('writes one file per line, sorted, keys in a fixed order, and parses back', () => {
    const files: ManifestFile[] = [
      {
        path: 'b/"quoted"\nname.txt',
        type: 'file',
        size: 3,
        mode: 0o644,
        mtime: '2026-01-01T00:00:00.000Z',
        sha256: SHA
      },
      {
        path: 'a/link',
        type: 'symlink',
        size: 4,
        mode: 0o777,
        mtime: '2026-01-01T00:00:00.000Z',
        sha256: SHA,
        target: '../x'
      }
    ]
    const text = serializeManifest(manifestOf(files)).toString('utf8')
    expect(text.split('\n')).toEqual([
      '{"format":"artifact-lfs-manifest","version":1,"tool":{"name":"artifact-lfs","version":"9.9.9"},"createdAt":"2026-11-24T00:00:00.000Z","files":[',
      `{"path":"a/link","type":"symlink","size":4,"mode":511,"mtime":"2026-01-01T00:00:00.000Z","sha256":"${SHA}","target":"../x"},`,
      `{"path":"b/\\"quoted\\"\\nname.txt","type":"file","size":3,"mode":420,"mtime":"2026-01-01T00:00:00.000Z","sha256":"${SHA}"}`,
      ']}',
      ''
    ])
    expect(parseManifest(Buffer.from(text), 'x.zip').files.map(f => f.path)).toEqual([
      'a/link',
      'b/"quoted"\nname.txt'
    ])
  })

  it('is valid JSON equal to the plain object, for any paths and targets', () => {
    fc.assert(
      fc.property(fc.array(fileArbitrary, { maxLength: 20 }), files => {
        const manifest = manifestOf(files)
        const parsed = JSON.parse(serializeManifest(manifest).toString('utf8'))
        const sorted = [...files].sort((a, b) =>
          Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))
        )
        expect(parsed).toEqual({ ...manifest, files: sorted })
        expect(Object.keys(parsed)).toEqual(['format', 'version', 'tool', 'createdAt', 'files'])
      }),
      { numRuns: 300 }
    )
  })

  it('writes an empty list as []', () => {
    const text = serializeManifest(manifestOf([])).toString('utf8')
    expect(text.endsWith('"files":[]}\n')).toBe(true)
    expect(JSON.parse(text).files).toEqual([])
  })

  it('builds text of many pieces equal to one serialization, and refuses files out of path order', () => {
    const files: ManifestFile[] = []
    for (let i = 0; i < 2000; i++)
      files.push({
        path: `dir-${String(i).padStart(4, '0')}/file ✓.txt`,
        type: 'file',
        size: i,
        mode: 0o644,
        mtime: '2026-01-02T03:04:05.678Z',
        sha256: SHA
      })
    const builder = new ManifestTextBuilder()
    for (const file of files) builder.add(file)
    expect(builder.length).toBe(2000)
    const header = manifestOf([])
    // 2,000 lines of ~150 characters: several 32 KiB pieces joined
    expect(builder.finish(header).equals(serializeManifest({ ...header, files }))).toBe(true)
    expect(parseManifest(builder.finish(header), 'built').files).toEqual(files)
    expect(() => builder.add(files[5]!)).toThrow(/added after/)
  })
})
