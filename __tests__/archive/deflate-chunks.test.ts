import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash, randomBytes } from 'node:crypto'
import { statSync, utimesSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import {
  CHUNK_SIZE,
  DICTIONARY_SIZE,
  deflateChunkSync,
  fittedWindowBits,
  InlineDeflater,
  type DeflateJob,
  type Deflater
} from '../../src/archive/deflate-chunks.js'
import { DeflateWorkerPool } from '../../src/archive/deflate-worker-pool.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { compressibleText } from './zip-test-tools.js'

afterAll(cleanupSandboxes)

/** Splits data into chunk jobs the way the writer does (dictionary = previous 32 KiB). */
function jobsFor(data: Buffer, chunkSize = CHUNK_SIZE): DeflateJob[] {
  const jobs: DeflateJob[] = []
  for (let at = 0; at < data.length; at += chunkSize) {
    const end = Math.min(data.length, at + chunkSize)
    jobs.push({
      data: data.subarray(at, end),
      dictionary: at === 0 ? undefined : data.subarray(Math.max(0, at - DICTIONARY_SIZE), at),
      last: end === data.length
    })
  }
  return jobs
}

async function deflateAll(deflater: Deflater, jobs: DeflateJob[]): Promise<Buffer> {
  const outputs = await Promise.all(jobs.map(job => deflater.deflate(job)))
  const joined = Buffer.concat(outputs)
  for (const output of outputs) deflater.release(output)
  return joined
}

describe('chunked deflate', () => {
  const text = compressibleText(CHUNK_SIZE * 3 + 4321)

  it('concatenates sync-flushed chunks into one stream that inflates to the input', () => {
    const joined = Buffer.concat(jobsFor(text).map(job => deflateChunkSync(job, 6)))
    expect(zlib.inflateRawSync(joined).equals(text)).toBe(true)
    // only the last chunk ends the stream: a prefix is not a complete stream
    const first = deflateChunkSync(jobsFor(text)[0], 6)
    expect(first.subarray(-4).equals(Buffer.from([0x00, 0x00, 0xff, 0xff]))).toBe(true)
  })

  it('loses almost nothing to chunking thanks to the dictionary', () => {
    const chunked = Buffer.concat(jobsFor(text).map(job => deflateChunkSync(job, 6))).length
    const noDictionary = Buffer.concat(
      jobsFor(text).map(job => deflateChunkSync({ ...job, dictionary: undefined }, 6))
    ).length
    const whole = zlib.deflateRawSync(text, { level: 6 }).length
    expect(chunked).toBeLessThan(whole * 1.005)
    expect(chunked).toBeLessThanOrEqual(noDictionary)
  })

  it('gives the same bytes with the fitted window as with the full 32 KiB one', () => {
    const sizes = [0, 1, 249, 250, 251, 762, 763, 4000, 32_506, 32_507, 40_000]
    const samples = sizes.flatMap(size => [
      compressibleText(size, size % 7),
      randomBytes(size),
      Buffer.alloc(size, 'ab')
    ])
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(5), (bytes, repeat) => {
        const data = Buffer.concat(Array.from({ length: repeat + 1 }, () => Buffer.from(bytes)))
        samples.push(data)
        const full = zlib.deflateRawSync(data, { level: 6 })
        expect(deflateChunkSync({ data, last: true }, 6).equals(full)).toBe(true)
      }),
      { numRuns: 300 }
    )
    for (const data of samples)
      for (const level of [1, 6, 9])
        expect(
          deflateChunkSync({ data, last: true }, level).equals(zlib.deflateRawSync(data, { level }))
        ).toBe(true)
    expect(fittedWindowBits(250, false)).toBe(9)
    expect(fittedWindowBits(251, false)).toBe(10)
    expect(fittedWindowBits(40_000, false)).toBe(15)
    expect(fittedWindowBits(10, true)).toBe(15)
  })

  it('gives the same bytes inline and on worker threads, in any batch shape', async () => {
    const random = randomBytes(200_000)
    const jobs = [
      { data: text, last: true }, // larger than a chunk: a buffer of its own
      ...jobsFor(text),
      ...jobsFor(random),
      ...jobsFor(compressibleText(50_000, 9), 7000) // many small jobs: several per batch
    ]
    const inline = await deflateAll(new InlineDeflater(6), jobs)
    const pool = new DeflateWorkerPool(6, 3)
    try {
      const parallel = await deflateAll(pool, jobs)
      expect(parallel.equals(inline)).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('reads, checks, hashes and deflates groups of small files on worker threads', async () => {
    const dir = makeTempDir('alfs-deflate-')
    const textFile = path.join(dir, 'a.txt')
    const data = compressibleText(300_000, 4)
    writeFile(textFile, data)
    const emptyFile = path.join(dir, 'empty')
    writeFile(emptyFile, '')
    const pool = new DeflateWorkerPool(6, 2)
    try {
      const [group, single] = await Promise.all([
        pool.readSmallFiles([
          { path: textFile, expectedSize: data.length, deflate: true },
          { path: textFile, expectedSize: data.length, deflate: false },
          { path: emptyFile, expectedSize: 0, deflate: false }
        ]),
        pool.readSmallFiles([{ path: textFile, expectedSize: data.length, deflate: false }])
      ])
      const [text, stored, empty] = group.files
      const deflated = deflateChunkSync({ data, last: true }, 6)
      expect(text).toEqual({
        size: data.length,
        deflatedSize: deflated.length,
        crc32: zlib.crc32(data),
        sha256: createHash('sha256').update(data).digest('hex')
      })
      expect(stored!.deflatedSize).toBe(-1)
      expect(empty!.size).toBe(0)
      // raw then deflated for each file, back to back
      expect(group.bytes.length).toBe(data.length + deflated.length + data.length)
      expect(group.bytes.subarray(0, data.length).equals(data)).toBe(true)
      const afterRaw = group.bytes.subarray(data.length, data.length + deflated.length)
      expect(afterRaw.equals(deflated)).toBe(true)
      expect(group.bytes.subarray(data.length + deflated.length).equals(data)).toBe(true)
      expect(single.bytes.equals(data)).toBe(true)
      await expect(
        pool.readSmallFiles([
          { path: emptyFile, expectedSize: 0, deflate: false },
          { path: textFile, expectedSize: 5, deflate: true }
        ])
      ).rejects.toThrow(
        `${textFile} changed while being packed: its size is 300000 bytes, 5 were listed`
      )
      pool.release(group.bytes)
      pool.release(single.bytes)
    } finally {
      await pool.close()
    }
  })

  it('checks a small file against the mtime and ctime it was listed with', async () => {
    const dir = makeTempDir('alfs-deflate-')
    const file = path.join(dir, 'log.txt')
    writeFile(file, 'first version\n')
    const listed = statSync(file)
    const pool = new DeflateWorkerPool(6, 1)
    const request = {
      path: file,
      expectedSize: listed.size,
      expectedMtimeMs: listed.mtimeMs,
      expectedCtimeMs: listed.ctimeMs,
      deflate: true
    }
    try {
      const unchanged = await pool.readSmallFiles([request])
      expect(unchanged.files[0]!.size).toBe(listed.size)
      pool.release(unchanged.bytes)
      // same size, other bytes and times: changed since it was listed
      writeFile(file, 'other version\n')
      utimesSync(file, new Date(listed.mtimeMs + 5000), new Date(listed.mtimeMs + 5000))
      await expect(pool.readSmallFiles([request])).rejects.toThrow(
        `${file} changed while being packed: it was modified while being read`
      )
      // grew after it was listed
      writeFile(file, 'first version\nand more\n')
      await expect(pool.readSmallFiles([request])).rejects.toThrow(
        `${file} changed while being packed: its size is 23 bytes, 14 were listed`
      )
    } finally {
      await pool.close()
    }
  })

  it('rejects work still queued when the pool is closed, and afterwards', async () => {
    const pool = new DeflateWorkerPool(6, 1)
    const pending = pool.deflate({ data: text.subarray(0, 1000), last: true })
    await pool.close()
    await expect(pending).rejects.toThrow(/cancelled/)
    await expect(pool.deflate({ data: text, last: true })).rejects.toThrow()
  })
})
