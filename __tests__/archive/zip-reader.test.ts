import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { isArtifactLfsError } from '../../src/errors.js'
import { decodeCp437 } from '../../src/archive/zip-name-decoding.js'
import { ZipReader, type ZipEntryInfo } from '../../src/archive/zip-reader.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { makeInfoZip, makeZips, type FixtureSpec } from '../recover/fixtures/zip-fixtures.js'

afterAll(() => cleanupSandboxes())

async function readAll(
  archive: string
): Promise<Map<string, { info: ZipEntryInfo; data: Buffer }>> {
  const reader = await ZipReader.open(archive)
  try {
    const out = new Map<string, { info: ZipEntryInfo; data: Buffer }>()
    for (const info of reader.entries)
      out.set(info.name, { info, data: await reader.readEntry(info) })
    return out
  } finally {
    await reader.close()
  }
}

/** Opens the archive and reads every entry; resolves to the first error's message. */
async function failureOf(archive: string): Promise<string> {
  let reader: ZipReader | undefined
  try {
    reader = await ZipReader.open(archive)
    for (const info of reader.entries) await reader.readEntry(info)
  } catch (error) {
    expect(isArtifactLfsError(error)).toBe(true)
    expect((error as { kind: string }).kind).toBe('archive')
    return (error as Error).message
  } finally {
    await reader?.close()
  }
  throw new Error(`expected ${archive} to be refused`)
}

const twoFiles: FixtureSpec = {
  entries: [
    { name: 'alpha.txt', text: 'alpha content\n'.repeat(50) },
    { name: 'beta.bin', random: 3000, method: 'store' }
  ]
}

const utf8Name = 'café/naïve-日本.txt'
const cafRaw = Buffer.from('caf\x82.txt', 'latin1')
const rename = { op: 'set', where: 'both', index: 0, field: 'name', hex: cafRaw.toString('hex') }

/** An Info-ZIP Unicode Path extra field (0x7075) for a header name with CRC `nameCrc`. */
function unicodePathExtra(name: string, nameCrc: number): Record<string, unknown> & { op: string } {
  const unicode = Buffer.from(name, 'utf8')
  const field = Buffer.alloc(9 + unicode.length)
  field.writeUInt16LE(0x7075, 0)
  field.writeUInt16LE(5 + unicode.length, 2)
  field.writeUInt8(1, 4)
  field.writeUInt32LE(nameCrc, 5)
  unicode.copy(field, 9)
  return { op: 'set', where: 'cd', index: 0, field: 'extra', hex: field.toString('hex') }
}
const extra = unicodePathExtra('café-ünïcode.txt', crc32(cafRaw))
const stale = unicodePathExtra('café-ünïcode.txt', crc32(Buffer.from('other')))

const specs: Record<string, FixtureSpec> = {
  pythonMixed: {
    entries: [
      { name: 'docs/', dir: true, mode: 0o750 },
      {
        name: 'docs/readme.md',
        text: '# hello\n'.repeat(100),
        mode: 0o640,
        date_time: [2020, 2, 29, 13, 14, 16]
      },
      { name: 'bin/run.sh', text: '#!/bin/sh\necho hi\n', method: 'store', mode: 0o755 },
      { name: 'empty.txt', text: '' },
      { name: 'link', symlink: 'docs/readme.md' },
      { name: 'blob', random: 200_000, seed: 7 }
    ]
  },
  utf8Flagged: { entries: [{ name: utf8Name, text: 'x' }] },
  cp437Name: { entries: [{ name: 'cafX.txt', text: 'c' }], patches: [rename] },
  unicodePathExtra: { entries: [{ name: 'cafX.txt', text: 'c' }], patches: [rename, extra] },
  staleUnicodeExtra: { entries: [{ name: 'cafX.txt', text: 'c' }], patches: [rename, stale] },
  forcedZip64: {
    entries: [
      { name: 'z.bin', zeros: 300_000, force_zip64: true },
      { name: 'after', text: 'ok' }
    ]
  },
  zip64Fields: {
    entries: [
      { name: 'a.txt', text: 'hello zip64' },
      { name: 'b.txt', text: 'second', method: 'store' }
    ],
    patches: [
      { op: 'cd_zip64', index: 1, usize: 6, csize: 6 },
      { op: 'zip64_end', field: 'count', value: 2 }
    ]
  },
  manyEntries: { many: { count: 65_600, prefix: 'm/' } },
  twoFiles,
  truncated: twoFiles,
  cdOffsetWrong: { ...twoFiles, patches: [{ op: 'eocd', field: 'offset', value: 10 }] },
  countTooBig: { ...twoFiles, patches: [{ op: 'eocd', field: 'count', value: 60_000 }] },
  countTooSmall: { ...twoFiles, patches: [{ op: 'eocd', field: 'count', value: 1 }] },
  cdNameDiffers: {
    ...twoFiles,
    patches: [
      {
        op: 'set',
        where: 'cd',
        index: 0,
        field: 'name',
        hex: Buffer.from('omega.txt').toString('hex')
      }
    ]
  },
  lhSizeDiffers: {
    ...twoFiles,
    patches: [{ op: 'set', where: 'lh', index: 0, field: 'usize', value: 5 }]
  },
  lhMethodDiffers: {
    ...twoFiles,
    patches: [{ op: 'set', where: 'lh', index: 1, field: 'method', value: 8 }]
  },
  overlapping: {
    entries: [
      { name: 'a', zeros: 1000 },
      { name: 'b', zeros: 1000 }
    ],
    patches: [{ op: 'cd_offset_of', index: 1, of: 0 }]
  },
  pastDirectory: {
    entries: [{ name: 'a', text: 'aaaa', method: 'store' }],
    patches: [
      { op: 'set', where: 'both', index: 0, field: 'csize', value: 5000 },
      { op: 'set', where: 'both', index: 0, field: 'usize', value: 5000 }
    ]
  },
  zip64LhLies: {
    entries: [{ name: 'bomb', zeros: 1_000_000 }],
    patches: [
      { op: 'cd_zip64', index: 0, usize: 1000 },
      { op: 'lh_zip64', index: 0, usize: 1000, csize: 1003 }
    ]
  },
  zip64CdLies: {
    entries: [{ name: 'bomb', zeros: 1_000_000 }],
    patches: [
      { op: 'cd_zip64', index: 0, usize: 1000 },
      { op: 'lh_zip64', index: 0, usize: 1000 }
    ]
  },
  endRecordsDisagree: {
    ...twoFiles,
    patches: [
      { op: 'zip64_end', field: 'count', value: 2 },
      { op: 'eocd', field: 'count', value: 3 }
    ]
  },
  flippedStored: { ...twoFiles, patches: [{ op: 'flip', index: 1, at: 1234 }] },
  corruptDeflate: {
    entries: [{ name: 'text', text: 'some words '.repeat(500) }],
    patches: [{ op: 'flip', index: 0, at: 3 }]
  },
  methodUnsupported: {
    ...twoFiles,
    patches: [{ op: 'set', where: 'both', index: 0, field: 'method', value: 12 }]
  },
  encrypted: {
    ...twoFiles,
    patches: [{ op: 'set', where: 'both', index: 0, field: 'flags', value: 1 }]
  },
  fifo: {
    ...twoFiles,
    patches: [
      { op: 'set', where: 'cd', index: 0, field: 'ext_attr', value: (0o010644 << 16) >>> 0 }
    ]
  }
}

let zips: Record<string, string>
beforeAll(() => {
  zips = makeZips(makeTempDir('alfs-zr-'), specs)
})

describe('ZipReader on well-formed archives', () => {
  test('reads deflate and stored entries from Python zipfile, with kinds, modes and times', async () => {
    const archive = zips.pythonMixed
    const all = await readAll(archive)
    expect([...all.keys()]).toEqual([
      'docs/',
      'docs/readme.md',
      'bin/run.sh',
      'empty.txt',
      'link',
      'blob'
    ])
    const readme = all.get('docs/readme.md')!
    expect(readme.data.toString()).toBe('# hello\n'.repeat(100))
    expect(readme.info.method).toBe(8)
    expect(readme.info.compressedSize).toBeLessThan(readme.info.uncompressedSize)
    expect(readme.info.mode).toBe(0o640)
    expect(readme.info.kind).toBe('file')
    expect(readme.info.mtime.getTime()).toBe(new Date(2020, 1, 29, 13, 14, 16).getTime())
    expect(all.get('bin/run.sh')!.info.method).toBe(0)
    expect(all.get('bin/run.sh')!.info.mode).toBe(0o755)
    expect(all.get('docs/')!.info.kind).toBe('directory')
    expect(all.get('docs/')!.info.mode).toBe(0o750)
    expect(all.get('empty.txt')!.data.length).toBe(0)
    expect(all.get('link')!.info.kind).toBe('symlink')
    expect(all.get('link')!.data.toString()).toBe('docs/readme.md')
    const python = execFileSync('python3', [
      '-c',
      'import sys,zipfile,hashlib;print(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read("blob")).hexdigest())',
      archive
    ])
      .toString()
      .trim()
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(all.get('blob')!.data).digest('hex')).toBe(python)
  })

  test('UTF-8 names: flagged by Python, unflagged UTF-8 bytes from Info-ZIP', async () => {
    const name = utf8Name
    const py = await readAll(zips.utf8Flagged)
    expect(py.get(name)!.info.utf8).toBe(true)
    expect(py.get(name)!.info.rawName.equals(Buffer.from(name, 'utf8'))).toBe(true)

    const src = makeTempDir('alfs-zr-src-')
    writeFile(path.join(src, name), 'y')
    const plain = await readAll(makeInfoZip(src, path.join(makeTempDir(), 'plain.zip')))
    expect(plain.get(name)?.data.toString()).toBe('y')
    expect(plain.get(name)!.info.utf8).toBe(false)
    expect(plain.get('café/')!.info.kind).toBe('directory')
  })

  test('names without the UTF-8 flag: CP437, or the Info-ZIP Unicode Path extra field', async () => {
    const cp437 = await readAll(zips.cp437Name)
    expect([...cp437.keys()]).toEqual(['café.txt'])
    expect(cp437.get('café.txt')!.info.rawName.equals(cafRaw)).toBe(true)
    const viaExtra = await readAll(zips.unicodePathExtra)
    expect([...viaExtra.keys()]).toEqual(['café-ünïcode.txt'])
    // a stale extra field (CRC of another name) is ignored
    const ignored = await readAll(zips.staleUnicodeExtra)
    expect([...ignored.keys()]).toEqual(['café.txt'])
  })

  test('Info-ZIP archive: symlinks, nested dirs, empty file, store, exact UT mtimes', async () => {
    const src = makeTempDir('alfs-zr-src-')
    writeFile(path.join(src, 'a/b/c/deep.txt'), 'deep\n'.repeat(1000))
    writeFile(path.join(src, 'empty'), '')
    symlinkSync('a/b/c/deep.txt', path.join(src, 'shortcut'))
    const when = new Date('2024-03-04T05:06:07Z')
    utimesSync(path.join(src, 'a/b/c/deep.txt'), when, when)
    for (const extra of [[], ['-0']]) {
      const all = await readAll(makeInfoZip(src, path.join(makeTempDir(), 'i.zip'), extra))
      expect(all.get('a/b/c/deep.txt')!.data.toString()).toBe('deep\n'.repeat(1000))
      expect(all.get('a/b/c/deep.txt')!.info.method).toBe(extra.length ? 0 : 8)
      expect(all.get('a/b/c/deep.txt')!.info.mtime.toISOString()).toBe(when.toISOString())
      expect(all.get('a/b/')!.info.kind).toBe('directory')
      expect(all.get('empty')!.data.length).toBe(0)
      expect(all.get('shortcut')!.info.kind).toBe('symlink')
      expect(all.get('shortcut')!.data.toString()).toBe('a/b/c/deep.txt')
    }
  })

  test('every record field, as kept in the shared columns, matches the bytes of its record', async () => {
    const src = makeTempDir('alfs-zr-cols-')
    // contents chosen so CRCs above 2^31 occur (they once needed a boxed number per entry)
    for (let i = 0; i < 40; i++) writeFile(path.join(src, `d${i % 3}/f${i}.txt`), `file ${i}\n`)
    symlinkSync('d0/f0.txt', path.join(src, 'link'))
    const archive = makeInfoZip(src, path.join(makeTempDir(), 'cols.zip'))
    const bytes = readFileSync(archive)
    const reader = await ZipReader.open(archive)
    try {
      let pos = bytes.length - 22
      pos = bytes.readUInt32LE(pos + 16)
      expect(reader.entries.some(e => e.crc32 >= 2 ** 31)).toBe(true)
      for (const [index, entry] of reader.entries.entries()) {
        expect(bytes.readUInt32LE(pos)).toBe(0x02014b50)
        const nameLength = bytes.readUInt16LE(pos + 28)
        expect(entry.index).toBe(index)
        expect(entry.name).toBe(bytes.toString('utf8', pos + 46, pos + 46 + nameLength))
        expect(entry.rawName.length).toBe(nameLength)
        expect(entry.flags).toBe(bytes.readUInt16LE(pos + 8))
        expect(entry.method).toBe(bytes.readUInt16LE(pos + 10))
        expect(entry.crc32).toBe(bytes.readUInt32LE(pos + 16))
        expect(entry.compressedSize).toBe(bytes.readUInt32LE(pos + 20))
        expect(entry.uncompressedSize).toBe(bytes.readUInt32LE(pos + 24))
        expect(entry.externalAttributes).toBe(bytes.readUInt32LE(pos + 38))
        expect(entry.mode).toBe((bytes.readUInt32LE(pos + 38) >>> 16) & 0o7777)
        expect(entry.localHeaderOffset).toBe(bytes.readUInt32LE(pos + 42))
        const data = await reader.readEntry(entry)
        expect(entry.crc32).toBe(crc32(data))
        pos += 46 + nameLength + bytes.readUInt16LE(pos + 30) + bytes.readUInt16LE(pos + 32)
      }
      expect(reader.entries.find(e => e.name === 'link')?.kind).toBe('symlink')
      expect(reader.entries.find(e => e.name === 'd1/')?.kind).toBe('directory')
    } finally {
      await reader.close()
    }
  })

  test('zip64 local headers (force_zip64) and zip64 central directory fields', async () => {
    const forced = await readAll(zips.forcedZip64)
    expect(forced.get('z.bin')!.data.equals(Buffer.alloc(300_000))).toBe(true)
    expect(forced.get('after')!.data.toString()).toBe('ok')

    const real = zips.zip64Fields
    const reader = await ZipReader.open(real)
    expect(reader.zip64).toBe(true)
    expect(reader.entries[1].uncompressedSize).toBe(6)
    expect((await reader.readEntry(reader.entries[1])).toString()).toBe('second')
    await reader.close()
  })

  test('zip64 end records for more than 65,535 entries', async () => {
    const archive = zips.manyEntries
    const reader = await ZipReader.open(archive)
    try {
      expect(reader.zip64).toBe(true)
      expect(reader.entries.length).toBe(65_600)
      for (const i of [0, 65_535, 65_599]) {
        const entry = reader.entries[i]
        expect(entry.name).toBe(`m/${String(i).padStart(6, '0')}`)
        expect((await reader.readEntry(entry)).toString()).toBe(String(i))
      }
    } finally {
      await reader.close()
    }
  })

  test('a stream can be read twice, concurrently, and maxBytes caps it', async () => {
    const archive = zips.twoFiles
    const reader = await ZipReader.open(archive)
    try {
      const [a, b] = await Promise.all([
        reader.readEntry(reader.entries[0]),
        reader.readEntry(reader.entries[0])
      ])
      expect(a.equals(b)).toBe(true)
      await expect(reader.readEntry(reader.entries[1], { maxBytes: 100 })).rejects.toThrow(
        /entry "beta.bin" inflates past the limit of 100 bytes/
      )
    } finally {
      await reader.close()
    }
  })

  test('CP437 names (no UTF-8 flag, not valid UTF-8) decode like Python does', () => {
    const all = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i))
    const expected = execFileSync('python3', [
      '-c',
      'import sys;sys.stdout.buffer.write(bytes(range(128,256)).decode("cp437").encode("utf-8"))'
    ]).toString('utf8')
    expect(decodeCp437(all)).toBe(expected)
  })
})

describe('ZipReader refuses damaged and hostile archives', () => {
  test('not a zip file', async () => {
    const file = path.join(makeTempDir(), 'notes.zip')
    writeFileSync(file, 'just some text, no zip here\n'.repeat(10))
    expect(await failureOf(file)).toMatch(/notes\.zip: is not a zip archive \(280 bytes/)
  })

  test('empty file and missing file', async () => {
    const file = path.join(makeTempDir(), 'empty.zip')
    writeFileSync(file, '')
    expect(await failureOf(file)).toMatch(/empty\.zip: is empty, not a zip archive/)
    expect(await failureOf(path.join(makeTempDir(), 'nope.zip'))).toMatch(
      /nope\.zip: no such archive/
    )
  })

  test('truncated file', async () => {
    const archive = zips.truncated
    const size = statSync(archive).size
    writeFileSync(archive, readFileSync(archive).subarray(0, Math.floor(size / 2)))
    expect(await failureOf(archive)).toMatch(
      /is truncated \(\d+ bytes\): it starts like a zip archive/
    )
  })

  test('truncated inside the central directory', async () => {
    const archive = zips.cdOffsetWrong
    expect(await failureOf(archive)).toMatch(
      /corrupt central directory: it should end where the end record starts/
    )
  })

  test('central directory claiming more entries than fit', async () => {
    const archive = zips.countTooBig
    expect(await failureOf(archive)).toMatch(
      /corrupt central directory: it claims 60000 entries but its \d+ bytes have room for at most 2/
    )
  })

  test('central directory claiming fewer entries than it holds', async () => {
    const archive = zips.countTooSmall
    expect(await failureOf(archive)).toMatch(
      /bytes follow its last record \(it declares 1 entries\)/
    )
  })

  test('central directory name disagreeing with the local header', async () => {
    const archive = zips.cdNameDiffers
    expect(await failureOf(archive)).toMatch(
      /entry "omega.txt": the local header and the central directory disagree on the name \(local "alpha.txt", central "omega.txt"\)/
    )
  })

  test('central directory sizes or method disagreeing with the local header', async () => {
    const size = zips.lhSizeDiffers
    expect(await failureOf(size)).toMatch(
      /entry "alpha.txt": .*disagree on the uncompressed size \(local 5, central 700\)/
    )
    const method = zips.lhMethodDiffers
    expect(await failureOf(method)).toMatch(
      /entry "beta.bin": .*disagree on the compression method \(local 8, central 0\)/
    )
  })

  test('overlapping entries (two records pointing at one local header)', async () => {
    const archive = zips.overlapping
    expect(await failureOf(archive)).toMatch(/entries "a" and "b" overlap .*zip-bomb technique/)
  })

  test('entry data running past the start of the central directory', async () => {
    const archive = zips.pastDirectory
    expect(await failureOf(archive)).toMatch(
      /entry "a" claims data at offset 0\.\.5031, past the start of the central directory/
    )
  })

  test('zip64 central directory lying about the uncompressed size', async () => {
    const archive = zips.zip64LhLies
    // local header zip64 sizes with the real compressed size pass the cross-check
    const honest = zips.zip64CdLies
    expect(await failureOf(honest)).toMatch(
      /entry "bomb" inflates past its declared size of 1000 bytes/
    )
    expect(await failureOf(archive)).toMatch(
      /entry "bomb": .*disagree on the compressed size \(local 1003/
    )
  })

  test('zip64 end record disagreeing with the classic end record', async () => {
    const archive = zips.endRecordsDisagree
    expect(await failureOf(archive)).toMatch(
      /zip64 end record says the entry count is 2 but the classic record says 3/
    )
  })

  test('flipped byte in a stored entry fails the CRC-32 check', async () => {
    const archive = zips.flippedStored
    expect(await failureOf(archive)).toMatch(
      /entry "beta.bin" fails its CRC-32 check \(stored 0x[0-9a-f]{8}, content 0x[0-9a-f]{8}\)/
    )
  })

  test('corrupt deflate data', async () => {
    const archive = zips.corruptDeflate
    expect(await failureOf(archive)).toMatch(
      /entry "text" (has corrupt deflate data|fails its CRC-32|has \d+ bytes|inflates past)/
    )
  })

  test('unsupported compression method', async () => {
    const archive = zips.methodUnsupported
    expect(await failureOf(archive)).toMatch(
      /entry "alpha.txt" uses compression method 12; only stored \(0\) and deflate \(8\)/
    )
  })

  test('encrypted entries', async () => {
    const archive = zips.encrypted
    expect(await failureOf(archive)).toMatch(/entry "alpha.txt" is encrypted/)
  })

  test('special files (fifo) are refused', async () => {
    const archive = zips.fifo
    expect(await failureOf(archive)).toMatch(
      /entry "alpha.txt" is a special file \(unix type 0o10000\)/
    )
  })

  test('a directory in place of the archive is refused', async () => {
    const dir = makeTempDir()
    mkdirSync(path.join(dir, 'x.zip'))
    expect(await failureOf(path.join(dir, 'x.zip'))).toMatch(/x\.zip: is not a regular file/)
  })
})
