import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { ZipEntrySource } from '../../src/archive/zip-writer.js'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'
import { fileSource, inspectWithPython, PYTHON, unzip, writeZipFile } from './zip-test-tools.js'

afterAll(cleanupSandboxes)

const GiB = 1024 ** 3

/** testzip, entry count, and the last entry's name and content, from Python's zipfile. */
const SUMMARY = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.namelist()
    print(json.dumps(dict(testzip=z.testzip(), count=len(names), last=names[-1],
                          content=z.read(names[-1]).decode())))
`
const SLOW = process.env.ALFS_SLOW_TESTS === '1'

describe('zip64', () => {
  it('writes more than 65,535 entries with a zip64 end record that Python and unzip read', async () => {
    const dir = makeTempDir('alfs-zip64-')
    const archive = path.join(dir, 'many.zip')
    const count = 70_000
    const mtime = new Date('2024-01-01T00:00:00Z')
    const sources: ZipEntrySource[] = []
    for (let i = 0; i < count; i++)
      sources.push({
        name: `d${i % 100}/f${i}.txt`,
        kind: 'bytes',
        data: Buffer.from(`entry ${i}\n`),
        mode: 0o644,
        mtime
      })
    const result = await writeZipFile(archive, sources, { compressionLevel: 6 })
    expect(result.entries).toHaveLength(count)

    const bytes = readFileSync(archive)
    const end = bytes.subarray(bytes.length - 22)
    expect(end.readUInt32LE(0)).toBe(0x06054b50)
    expect(end.readUInt16LE(10)).toBe(0xffff)
    const locator = bytes.subarray(bytes.length - 42, bytes.length - 22)
    expect(locator.readUInt32LE(0)).toBe(0x07064b50)
    const zip64End = bytes.subarray(Number(locator.readBigUInt64LE(8)))
    expect(zip64End.readUInt32LE(0)).toBe(0x06064b50)
    expect(Number(zip64End.readBigUInt64LE(32))).toBe(count)

    const py = execFileSync(PYTHON, ['-c', SUMMARY, archive], { encoding: 'utf8' })
    expect(JSON.parse(py)).toEqual({
      testzip: null,
      count,
      last: 'd99/f69999.txt',
      content: 'entry 69999\n'
    })
    expect(unzip('-tq', archive)).toMatch(/No errors detected/)
    expect(unzip('-p', archive, 'd42/f65542.txt')).toBe('entry 65542\n')
  })

  // ALFS_SLOW_TESTS=1: two passes over a 4.5 GiB sparse file, ~9 GiB read plus 4.5 GiB written
  ;(SLOW ? it : it.skip)(
    'writes entries over 4 GiB, deflated and stored, with offsets past 4 GiB (slow)',
    async () => {
      const dir = makeTempDir('alfs-zip64-')
      const sparse = path.join(dir, 'zeros.img')
      const size = 4.5 * GiB
      writeFileSync(sparse, '')
      truncateSync(sparse, size)
      const archive = path.join(dir, 'huge.zip')
      const tail = path.join(dir, 'tail.txt')
      writeFileSync(tail, 'after the big ones\n')
      const result = await writeZipFile(
        archive,
        [
          fileSource('big/deflated.img', sparse, size),
          fileSource('big/stored.gz', sparse, size), // stored by extension: 4.5 GiB in the archive
          fileSource('tail.txt', tail, 19)
        ],
        { compressionLevel: 6 }
      )
      let crc = 0
      const zeros = Buffer.alloc(64 * 1024 * 1024)
      for (let done = 0; done < size; done += zeros.length) crc = zlib.crc32(zeros, crc)
      expect(result.entries.map(e => [e.method, e.size, e.crc32])).toEqual([
        ['deflate', size, crc],
        ['store', size, crc],
        ['store', 19, zlib.crc32('after the big ones\n')]
      ])
      expect(statSync(archive).size).toBeGreaterThan(size)
      const py = inspectWithPython(archive, false)
      expect(py.entries.map(e => e.file_size)).toEqual([size, size, 19])
      expect(py.entries[2].header_offset).toBeGreaterThan(4 * GiB)
      expect(unzip('-tq', archive)).toMatch(/No errors detected/)
      expect(unzip('-p', archive, 'tail.txt')).toBe('after the big ones\n')
    },
    30 * 60 * 1000
  )
})
