import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { lstatSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { CHUNK_SIZE } from '../../src/archive/deflate-chunks.js'
import type { WriteZipResult, ZipEntrySource } from '../../src/archive/zip-writer.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import {
  compressibleText,
  extendedTimestamp,
  fileSource,
  inspectWithPython,
  sha256Hex,
  sha256OfFile,
  unzip,
  writeZipFile,
  type PyArchive
} from './zip-test-tools.js'

afterAll(cleanupSandboxes)

const MTIME = new Date('2023-11-14T22:13:21Z')
const UTF8_NAME = 'données/naïve 日本語 ✓.txt'

/** A realistic mix: text, empty, utf-8 name, executable, random, .png, multi-chunk, symlink. */
function makeSources(dir: string): { sources: ZipEntrySource[]; contents: Map<string, Buffer> } {
  const contents = new Map<string, Buffer>()
  const sources: ZipEntrySource[] = []
  const addFile = (name: string, data: Buffer, mode = 0o644): void => {
    const file = path.join(dir, 'src', name)
    writeFile(file, data)
    contents.set(name, data)
    sources.push(fileSource(name, file, data.length, mode, MTIME))
  }
  addFile('a/notes.txt', compressibleText(20_000))
  addFile('a/empty.log', Buffer.alloc(0))
  addFile(UTF8_NAME, Buffer.from('unicode ✓\n'.repeat(50)))
  addFile('bin/run.sh', Buffer.from('#!/bin/sh\necho hello\n'.repeat(20)), 0o755)
  addFile('blob/random.bin', randomBytes(300_000))
  addFile('img/picture.png', compressibleText(50_000, 3))
  addFile('logs/big.log', compressibleText(CHUNK_SIZE * 2 + 12_345, 5))
  addFile('logs/big-random.dat', randomBytes(CHUNK_SIZE + 1000))
  sources.push({
    name: 'link-to-notes',
    kind: 'symlink',
    linkTarget: 'a/notes.txt',
    mode: 0o777,
    mtime: MTIME
  })
  contents.set('link-to-notes', Buffer.from('a/notes.txt'))
  const manifest = Buffer.from('{"format":"test"}\n')
  sources.push({
    name: '.artifact-lfs/manifest.json',
    kind: 'bytes',
    data: manifest,
    mode: 0o644,
    mtime: MTIME
  })
  contents.set('.artifact-lfs/manifest.json', manifest)
  return { sources, contents }
}

describe('writeZip: an interoperable archive', () => {
  let dir: string
  let archive: string
  let result: WriteZipResult
  let contents: Map<string, Buffer>
  let sources: ZipEntrySource[]
  let py: PyArchive

  beforeAll(async () => {
    dir = makeTempDir('alfs-zip-')
    ;({ sources, contents } = makeSources(dir))
    archive = path.join(dir, 'out.zip')
    result = await writeZipFile(archive, sources, { compressionLevel: 6, concurrency: 2 })
    py = inspectWithPython(archive)
  })

  it('reports the size and sha256 of the bytes on disk', () => {
    expect(result.size).toBe(statSync(archive).size)
    expect(result.sha256).toBe(sha256OfFile(archive))
  })

  it('passes unzip -t and Python zipfile.testzip', () => {
    expect(unzip('-t', archive)).toMatch(/No errors detected/)
    expect(py.testzip).toBeNull()
    expect(py.entries.map(e => e.name)).toEqual(sources.map(s => s.name))
  })

  it('stores content, sizes and sha256 that match the sources', () => {
    for (const entry of py.entries) {
      const expected = contents.get(entry.name)!
      expect(entry.file_size).toBe(expected.length)
      expect(entry.sha256).toBe(sha256Hex(expected))
    }
    for (const written of result.entries) {
      const expected = contents.get(written.name)!
      const pyEntry = py.entries.find(e => e.name === written.name)!
      expect(written.sha256).toBe(sha256Hex(expected))
      expect(written.size).toBe(expected.length)
      expect(written.compressedSize).toBe(pyEntry.compress_size)
      expect(written.crc32).toBe(pyEntry.CRC)
      expect(written.method).toBe(pyEntry.compress_type === 8 ? 'deflate' : 'store')
    }
  })

  it('sets the UTF-8 flag, unix version-made-by and st_mode external attributes', () => {
    for (const entry of py.entries) {
      expect(entry.flag_bits & 0x800).toBe(0x800)
      expect(entry.create_system).toBe(3)
    }
    const mode = (name: string): number =>
      py.entries.find(e => e.name === name)!.external_attr >>> 16
    expect(mode('a/notes.txt')).toBe(0o100644)
    expect(mode('bin/run.sh')).toBe(0o100755)
    expect(mode('link-to-notes')).toBe(0o120777)
    expect(py.entries.map(e => e.name)).toContain(UTF8_NAME)
    const listing = unzip('-Z', archive)
    expect(listing).toMatch(/-rwxr-xr-x .* bin\/run\.sh/)
    expect(listing).toMatch(/lrwxrwxrwx .* link-to-notes/)
    expect(listing).toMatch(/-rw-r--r-- .* a\/notes\.txt/)
  })

  it('writes DOS time from the UTC fields and an extended timestamp with the mtime', () => {
    for (const entry of py.entries) {
      expect(entry.date_time).toEqual([2023, 11, 14, 22, 13, 20]) // DOS: 2-second resolution
      expect(extendedTimestamp(entry.extra)).toBe(Math.floor(MTIME.getTime() / 1000))
    }
  })

  it('deflates text, stores random data, already-compressed formats, symlinks and empty files', () => {
    const method = (name: string): string => result.entries.find(e => e.name === name)!.method
    expect(method('a/notes.txt')).toBe('deflate')
    expect(method('logs/big.log')).toBe('deflate')
    expect(method('blob/random.bin')).toBe('store')
    expect(method('logs/big-random.dat')).toBe('store')
    expect(method('img/picture.png')).toBe('store') // compressible, but a .png is left alone
    expect(method('link-to-notes')).toBe('store')
    expect(method('a/empty.log')).toBe('store')
    const big = result.entries.find(e => e.name === 'logs/big.log')!
    expect(big.compressedSize).toBeLessThan(big.size / 2)
  })

  it('extracts with Info-ZIP unzip: symlinks as links, modes and mtimes restored', () => {
    const target = path.join(dir, 'extracted')
    unzip('-q', archive, '-d', target)
    const link = path.join(target, 'link-to-notes')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe('a/notes.txt')
    expect(readFileSync(link).equals(contents.get('a/notes.txt')!)).toBe(true)
    expect(statSync(path.join(target, 'bin/run.sh')).mode & 0o777).toBe(0o755)
    for (const name of [UTF8_NAME, 'logs/big.log', 'logs/big-random.dat'])
      expect(readFileSync(path.join(target, name)).equals(contents.get(name)!)).toBe(true)
    expect(statSync(path.join(target, 'a/notes.txt')).mtime.getTime()).toBe(
      Math.floor(MTIME.getTime() / 1000) * 1000
    )
  })
})

describe('writeZip: options', () => {
  it.each([6, 0])(
    'is byte-identical for the same input whatever the concurrency (level %i)',
    async level => {
      const dir = makeTempDir('alfs-zip-')
      const { sources } = makeSources(dir)
      const one = path.join(dir, 'one.zip')
      const four = path.join(dir, 'four.zip')
      const a = await writeZipFile(one, sources, { compressionLevel: level, concurrency: 1 })
      const b = await writeZipFile(four, sources, { compressionLevel: level, concurrency: 4 })
      expect(readFileSync(one).equals(readFileSync(four))).toBe(true)
      expect(a.sha256).toBe(b.sha256)
      expect(a.entries).toEqual(b.entries)
    }
  )

  it('stores everything at compression level 0', async () => {
    const dir = makeTempDir('alfs-zip-')
    const { sources, contents } = makeSources(dir)
    const archive = path.join(dir, 'stored.zip')
    const result = await writeZipFile(archive, sources, { compressionLevel: 0 })
    expect(result.entries.every(e => e.method === 'store' && e.compressedSize === e.size)).toBe(
      true
    )
    const py = inspectWithPython(archive)
    expect(py.testzip).toBeNull()
    for (const entry of py.entries) expect(entry.sha256).toBe(sha256Hex(contents.get(entry.name)!))
  })

  it('appends the trailer after every source, given what was written', async () => {
    const dir = makeTempDir('alfs-zip-')
    const { sources } = makeSources(dir)
    const archive = path.join(dir, 'trailer.zip')
    let seen: string[] = []
    const result = await writeZipFile(archive, sources.slice(0, 3), {
      compressionLevel: 6,
      trailer: written => {
        seen = written.map(w => `${w.name}:${w.sha256}`)
        const data = Buffer.from(JSON.stringify(written.map(w => w.name)))
        return [{ name: 'zz/manifest.json', kind: 'bytes', data, mode: 0o644, mtime: MTIME }]
      }
    })
    expect(seen).toEqual(result.entries.slice(0, 3).map(w => `${w.name}:${w.sha256}`))
    const py = inspectWithPython(archive)
    expect(py.entries.map(e => e.name)).toEqual([
      ...sources.slice(0, 3).map(s => s.name),
      'zz/manifest.json'
    ])
    expect(result.entries[3].name).toBe('zz/manifest.json')
  })

  it('writes the same bytes from a list that makes each source on demand, keeping no entries when asked', async () => {
    const dir = makeTempDir('alfs-zip-')
    const { sources } = makeSources(dir)
    const fromArray = path.join(dir, 'array.zip')
    const fromList = path.join(dir, 'list.zip')
    const expected = await writeZipFile(fromArray, sources, { compressionLevel: 6 })
    const asked: number[] = []
    const seen: string[] = []
    const lazy = {
      length: sources.length,
      totalBytes: 1, // deliberately wrong: only the progress totals may use it
      at: (index: number) => {
        asked.push(index)
        return sources[index] === undefined ? undefined : { ...sources[index]! }
      }
    }
    const result = await writeZipFile(fromList, lazy, {
      compressionLevel: 6,
      retainEntries: false,
      onEntryWritten: entry => seen.push(`${entry.name}:${entry.sha256}`),
      trailer: written => {
        expect(written).toEqual([])
        return []
      }
    })
    expect(readFileSync(fromList).equals(readFileSync(fromArray))).toBe(true)
    expect(result.sha256).toBe(expected.sha256)
    expect(result.entries).toEqual([])
    expect(seen).toEqual(expected.entries.map(w => `${w.name}:${w.sha256}`))
    // with totalBytes given, each source is made once, in order
    expect(asked).toEqual(sources.map((_, i) => i))
  })

  it('refuses a compression level outside 0-9', async () => {
    const dir = makeTempDir('alfs-zip-')
    await expect(
      writeZipFile(path.join(dir, 'x.zip'), [], { compressionLevel: 10 })
    ).rejects.toThrow(/compression level 10/)
  })

  it('writes a valid empty archive', async () => {
    const dir = makeTempDir('alfs-zip-')
    const archive = path.join(dir, 'empty.zip')
    const result = await writeZipFile(archive, [], { compressionLevel: 6 })
    expect(result.size).toBe(22)
    expect(inspectWithPython(archive).count).toBe(0)
  })

  it('reports progress at most every ~100 ms and once done with the totals', async () => {
    const dir = makeTempDir('alfs-zip-')
    const { sources } = makeSources(dir)
    const updates: number[] = []
    let done: unknown
    let doneCalls = 0
    const started = Date.now()
    await writeZipFile(path.join(dir, 'p.zip'), sources, {
      compressionLevel: 6,
      progress: {
        update: p => {
          expect(p.phase).toBe('packaging')
          updates.push(Date.now())
        },
        done: p => {
          done = p
          doneCalls++
        }
      }
    })
    const elapsed = Date.now() - started
    expect(updates.length).toBeGreaterThanOrEqual(1)
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1)
    const totalBytes = sources.reduce(
      (sum, s) => sum + (s.expectedSize ?? s.data?.length ?? Buffer.byteLength(s.linkTarget ?? '')),
      0
    )
    expect(doneCalls).toBe(1)
    expect(done).toEqual({
      phase: 'packaging',
      files: sources.length,
      bytes: totalBytes,
      totalFiles: sources.length,
      totalBytes
    })
  })
})

describe('writeZip: links inside the archive survive a round trip through the file system', () => {
  it('packs a symlink read from disk with its target as data', async () => {
    const dir = makeTempDir('alfs-zip-')
    symlinkSync('../elsewhere/target.txt', path.join(dir, 'link'))
    const target = readlinkSync(path.join(dir, 'link'))
    const archive = path.join(dir, 'l.zip')
    await writeZipFile(
      archive,
      [{ name: 'dir/link', kind: 'symlink', linkTarget: target, mode: 0o777, mtime: MTIME }],
      { compressionLevel: 9 }
    )
    const out = path.join(dir, 'x')
    unzip('-q', archive, '-d', out)
    expect(readlinkSync(path.join(out, 'dir/link'))).toBe('../elsewhere/target.txt')
  })
})
