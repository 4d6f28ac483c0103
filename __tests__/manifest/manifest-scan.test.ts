import fc from 'fast-check'
import {
  parseManifest,
  scanManifest,
  serializeManifest,
  type Manifest,
  type ManifestFile
} from '../../src/manifest/manifest.js'
import { manifestFileArbitrary, manifestOf as manifestOfVersion } from './manifest-fixtures.js'

const SHA = 'cd'.repeat(32)

const manifestOf = (files: ManifestFile[]): Manifest => manifestOfVersion(files, '1.2.3')

const fileArbitrary = manifestFileArbitrary(SHA, ['2026-01-02T03:04:05.678Z', 'not a time'])

const file = (path: string): ManifestFile => ({
  path,
  type: 'file',
  size: 1,
  mode: 0o644,
  mtime: '2026-01-01T00:00:00.000Z',
  sha256: SHA
})

function scanAll(text: string): { header: Omit<Manifest, 'files'>; files: ManifestFile[] } {
  const files: ManifestFile[] = []
  const indexes: number[] = []
  const header = scanManifest(Buffer.from(text, 'utf8'), 'x.zip', (f, i) => {
    files.push(f)
    indexes.push(i)
  })
  expect(indexes).toEqual(files.map((_, i) => i))
  return { header, files }
}

describe('scanManifest', () => {
  it('reads every layout JSON allows the same as JSON.parse (compact, indented, odd)', () => {
    fc.assert(
      fc.property(
        fc.array(fileArbitrary, { maxLength: 12 }),
        fc.constantFrom(undefined, 2, '\t', ' \r\n'),
        fc.boolean(),
        (files, indent, filesFirst) => {
          const manifest = manifestOf(files)
          const { files: list, ...header } = manifest
          const ordered = filesFirst ? { files: list, ...header } : manifest
          const texts = [
            JSON.stringify(ordered, null, indent),
            serializeManifest(manifest).toString('utf8')
          ]
          for (const text of texts) {
            const scanned = scanAll(text)
            const expected = JSON.parse(text) as Manifest
            expect(scanned.files).toEqual(expected.files)
            expect({ ...scanned.header, files: expected.files }).toEqual(expected)
            expect(parseManifest(Buffer.from(text), 'x.zip')).toEqual(expected)
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('refuses what parseManifest always refused, with the same sentences', () => {
    const good = JSON.stringify(manifestOf([file('a'), file('b')]))
    const cases: [string, string][] = [
      [good.replace(']}', ',]}'), 'x.zip: manifest is not valid JSON'],
      [good.replace(']}', ']'), 'x.zip: manifest is not valid JSON'],
      [good + 'x', 'x.zip: manifest is not valid JSON'],
      [good.replace('{"path":"b"', '{"path":"b",'), 'x.zip: manifest is not valid JSON'],
      [
        good.replace(`"sha256":"${SHA}"}]`, '"sha256":"XYZ"}]'),
        'x.zip: manifest entry 1 is malformed'
      ],
      [good.replace('"files":[{', '"files":[7,{'), 'x.zip: manifest entry 0 is malformed'],
      [good.replace('"version":1', '"version":2'), 'x.zip: manifest has unsupported version 2'],
      [good.replace(/"files":\[.*\]/, '"files":{}'), 'x.zip: manifest has no files list'],
      ['[1,2]', 'x.zip: manifest has format undefined'],
      ['"text"', 'x.zip: manifest is not an object']
    ]
    for (const [text, message] of cases) {
      expect(text).not.toBe(good)
      expect(() => scanAll(text)).toThrow(message)
      expect(() => parseManifest(Buffer.from(text), 'x.zip')).toThrow(message)
    }
  })

  it('checks the header before visiting any file', () => {
    const text = JSON.stringify({ ...manifestOf([file('a')]), format: 'other' })
    const visited: string[] = []
    expect(() => scanManifest(Buffer.from(text), 'x.zip', f => visited.push(f.path))).toThrow(
      'has format "other"'
    )
    expect(visited).toEqual([])
  })

  it('takes the last of two "files" keys, as JSON.parse does, and escaped keys too', () => {
    const base = JSON.stringify(manifestOf([file('a')])).slice(0, -1)
    const twice = `${base},"files":[${JSON.stringify(file('b'))}]}`
    expect(scanAll(twice).files.map(f => f.path)).toEqual(['b'])
    const escaped = `${base.replace('"files"', '"fil\\u0065s"')}}`
    expect(scanAll(escaped).files.map(f => f.path)).toEqual(['a'])
  })
})
