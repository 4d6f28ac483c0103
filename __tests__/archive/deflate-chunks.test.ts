import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import zlib from 'node:zlib'
import {
  CHUNK_SIZE,
  DICTIONARY_SIZE,
  deflateChunkSync,
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

  it('reads, checks, hashes and deflates small files on worker threads', async () => {
    const dir = makeTempDir('alfs-deflate-')
    const textFile = path.join(dir, 'a.txt')
    const data = compressibleText(300_000, 4)
    writeFile(textFile, data)
    const emptyFile = path.join(dir, 'empty')
    writeFile(emptyFile, '')
    const pool = new DeflateWorkerPool(6, 2)
    try {
      const [text, stored, empty] = await Promise.all([
        pool.readSmallFile({ path: textFile, expectedSize: data.length, deflate: true }),
        pool.readSmallFile({ path: textFile, expectedSize: data.length, deflate: false }),
        pool.readSmallFile({ path: emptyFile, expectedSize: 0, deflate: false })
      ])
      expect(text.raw.equals(data)).toBe(true)
      expect(text.crc32).toBe(zlib.crc32(data))
      expect(text.sha256).toBe(createHash('sha256').update(data).digest('hex'))
      expect(text.deflated!.equals(deflateChunkSync({ data, last: true }, 6))).toBe(true)
      expect(stored.deflated).toBeNull()
      expect(stored.raw.equals(data)).toBe(true)
      expect(empty.raw.length).toBe(0)
      await expect(
        pool.readSmallFile({ path: textFile, expectedSize: 5, deflate: true })
      ).rejects.toThrow(
        `${textFile} changed while being packed: its size is 300000 bytes, 5 were listed`
      )
      for (const content of [text, stored]) pool.release(content.raw)
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
