import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { ArchiveOutput } from '../../src/archive/archive-output.js'
import { CentralDirectoryWriter } from '../../src/archive/central-directory-writer.js'
import { ChunkQueue } from '../../src/archive/chunk-queue.js'
import { openEntryData } from '../../src/archive/entry-data.js'
import { PackingProgress } from '../../src/archive/packing-progress.js'
import { SlabPool } from '../../src/archive/slab-pool.js'
import { centralHeader, type CentralRecord } from '../../src/archive/zip-format.js'
import type { ProgressUpdate } from '../../src/progress/progress.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))
/** A few event-loop turns: a push may also yield a turn of its own (it does every 2 ms). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await tick()
}

describe('ChunkQueue', () => {
  it('hands items over in order and blocks the producer over its byte budget', async () => {
    const queue = new ChunkQueue<number>(100, 1000)
    await queue.push(1, 60)
    let second = false
    const pushing = queue.push(2, 60).then(() => (second = true))
    await settle()
    expect(second).toBe(false) // 120 bytes would exceed the budget of 100
    expect(await queue.shift()).toBe(1)
    queue.release(60)
    await pushing
    expect(second).toBe(true)
    queue.close()
    expect(await queue.shift()).toBe(2)
    expect(await queue.shift()).toBeUndefined()
  })

  it('always admits one item, however heavy, so a big chunk cannot deadlock', async () => {
    const queue = new ChunkQueue<string>(10, 10)
    await queue.push('huge', 1_000)
    expect(await queue.shift()).toBe('huge')
  })

  it('limits the number of items too', async () => {
    const queue = new ChunkQueue<number>(1_000_000, 2)
    await queue.push(1, 1)
    await queue.push(2, 1)
    let third = false
    void queue.push(3, 1).then(() => (third = true))
    await settle()
    expect(third).toBe(false)
    await queue.shift()
    queue.release(1)
    await settle()
    expect(third).toBe(true)
  })

  it('counts an item as several when pushed so (a group of small files counts as its files)', async () => {
    const queue = new ChunkQueue<string>(1_000_000, 10)
    await queue.push('group of 8', 8, 8)
    let next = false
    void queue.push('group of 3', 3, 3).then(() => (next = true))
    await settle()
    expect(next).toBe(false) // 8 + 3 > 10 items
    expect(await queue.shift()).toBe('group of 8')
    queue.release(8, 8)
    await settle()
    expect(next).toBe(true)
  })

  it('does not keep items alive once they are shifted', async () => {
    setFlagsFromString('--expose-gc')
    const collect = runInNewContext('gc') as () => void
    const queue = new ChunkQueue<object>(1_000_000, 1000)
    const refs: WeakRef<object>[] = []
    const pushOne = async (): Promise<void> => {
      const item = { payload: Buffer.alloc(1000) }
      refs.push(new WeakRef(item))
      await queue.push(item, 1)
    }
    for (let i = 0; i < 4; i++) await pushOne()
    for (let i = 0; i < 4; i++) if ((await queue.shift()) !== undefined) queue.release(1)
    await settle()
    collect()
    // the last one may still sit in a register of this frame; the others must be gone
    expect(refs.slice(0, 3).map(ref => ref.deref() === undefined)).toEqual([true, true, true])
  })

  it('wakes both sides with the first failure', async () => {
    const queue = new ChunkQueue<number>(10, 10)
    const waiting = queue.shift()
    const first = new Error('first')
    queue.fail(first)
    queue.fail(new Error('second'))
    await expect(waiting).rejects.toBe(first)
    await expect(queue.push(1, 1)).rejects.toBe(first)
    expect(queue.error).toBe(first)
  })
})

describe('CentralDirectoryWriter', () => {
  it('gives the same bytes as one header after another, across blocks of 1 MiB', () => {
    const writer = new CentralDirectoryWriter()
    const expected: Buffer[] = []
    for (let i = 0; i < 12_000; i++) {
      // names of up to ~600 bytes: 12,000 records are some 4 MB, several blocks
      const record: CentralRecord = {
        name: Buffer.from(`dir/${'x'.repeat(i % 600)}-${i}.txt`),
        flags: 0x0800,
        method: i % 2 === 0 ? 8 : 0,
        mtime: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)),
        crc32: (i * 2654435761) >>> 0,
        compressedSize: i * 3,
        size: i * 7,
        unixMode: 0o100644,
        localHeaderOffset: i * 5_000_000 // past 4 GiB for the later ones: zip64 extras
      }
      writer.add(record)
      expected.push(centralHeader(record))
    }
    const blocks = writer.contents()
    expect(blocks.length).toBeGreaterThan(3)
    expect(writer.count).toBe(12_000)
    expect(Buffer.concat(blocks).equals(Buffer.concat(expected))).toBe(true)
  })
})

describe('SlabPool', () => {
  it('carves views from one slab and reuses it once every view is released', () => {
    const pool = new SlabPool(1024, 4)
    const a = pool.carve(300)
    const b = pool.carve(300)
    expect(a.buffer).toBe(b.buffer)
    const c = pool.carve(600) // does not fit: a new slab
    expect(c.buffer).not.toBe(a.buffer)
    const firstSlab = a.buffer
    pool.release(a)
    pool.release(b)
    const d = pool.carve(1024) // the current slab is full, so the next comes from the free list
    expect(d.buffer).toBe(firstSlab)
  })

  it('ignores buffers it did not make', () => {
    const pool = new SlabPool(64)
    const foreign = Buffer.alloc(64)
    pool.release(foreign)
    expect(pool.carve(64).buffer).not.toBe(foreign.buffer)
  })

  it('keeps at most `keepFree` free slabs', () => {
    const pool = new SlabPool(16, 1)
    const one = pool.take()
    const two = pool.take()
    pool.recycle(one)
    pool.recycle(two)
    expect(pool.take()).toBe(one)
    expect(pool.take()).not.toBe(two)
  })

  it('books slabs that come back from a worker with their number of views', () => {
    const pool = new SlabPool(32, 4)
    const slab = new ArrayBuffer(32)
    pool.adopt(slab, 2)
    pool.release(Buffer.from(slab, 0, 10))
    expect(pool.take()).not.toBe(slab)
    pool.release(Buffer.from(slab, 10, 10))
    expect(pool.take()).toBe(slab)
  })
})

describe('ArchiveOutput', () => {
  it('writes pieces in order, counting size and sha256, and copies small pieces', async () => {
    const dir = makeTempDir('alfs-out-')
    const file = path.join(dir, 'out.bin')
    const handle = await open(file, 'wx')
    const output = new ArchiveOutput(handle)
    const pieces = [Buffer.from('head'), Buffer.alloc(2 * 1024 * 1024, 7), Buffer.from('tail')]
    const reused = Buffer.from('mutable')
    await output.append(pieces[0])
    await output.append(reused)
    reused.fill(0) // the caller may reuse memory once append resolved
    await output.append(pieces[1])
    await output.append(pieces[2])
    await output.flush()
    await handle.close()
    const expected = Buffer.concat([pieces[0], Buffer.from('mutable'), pieces[1], pieces[2]])
    expect(output.position).toBe(expected.length)
    expect(readFileSync(file).equals(expected)).toBe(true)
    expect(output.digest()).toBe(createHash('sha256').update(expected).digest('hex'))
  })
})

describe('openEntryData', () => {
  it('reads a file in chunks into the given buffers, then checks it did not change', () => {
    const dir = makeTempDir('alfs-data-')
    const file = path.join(dir, 'f')
    writeFile(file, 'abcdefghij')
    const allocated: number[] = []
    const data = openEntryData(
      { name: 'f', kind: 'file', sourcePath: file, expectedSize: 10 },
      size => {
        allocated.push(size)
        return Buffer.alloc(size)
      }
    )
    expect(data.size).toBe(10)
    expect(data.read(4).toString()).toBe('abcd')
    expect(data.read(4).toString()).toBe('efgh')
    expect(data.read(4).toString()).toBe('ij')
    expect(data.read(4).length).toBe(0)
    data.finish()
    data.close()
    expect(allocated).toEqual([4, 4, 2])
  })

  it('finish() throws if the file grew after its last byte was read', () => {
    const dir = makeTempDir('alfs-data-')
    const file = path.join(dir, 'f')
    writeFile(file, 'abc')
    const data = openEntryData({ name: 'f', kind: 'file', sourcePath: file, expectedSize: 3 })
    expect(data.read(10).toString()).toBe('abc')
    appendFileSync(file, 'd')
    expect(() => data.finish()).toThrow(
      `${file} changed while being packed: its size went from 3 to 4 bytes`
    )
    data.close()
  })

  it('serves symlink targets and in-memory bytes as views', () => {
    const link = openEntryData({ name: 'l', kind: 'symlink', linkTarget: '../t' })
    expect(link.size).toBe(4)
    expect(link.read(100).toString()).toBe('../t')
    const bytes = Buffer.from('0123456789')
    const data = openEntryData({ name: 'b', kind: 'bytes', data: bytes })
    expect(data.read(6).buffer).toBe(bytes.buffer)
    expect(data.read(6).toString()).toBe('6789')
  })

  it('reads bytes held in pieces across piece boundaries, into the buffers it is given', () => {
    const pieces = ['abc', '', 'defghij', 'k', 'lmnopqrstuvwxyz'].map(p => Buffer.from(p))
    const given: Buffer[] = []
    const data = openEntryData({ name: 'm', kind: 'bytes', data: pieces }, size => {
      const buffer = Buffer.alloc(size)
      given.push(buffer)
      return buffer
    })
    expect(data.size).toBe(26)
    const chunks: string[] = []
    for (let read = 0; read < data.size;) {
      const chunk = data.read(4)
      read += chunk.length
      chunks.push(chunk.toString())
    }
    expect(chunks.join('')).toBe('abcdefghijklmnopqrstuvwxyz')
    expect(chunks).toEqual(['abcd', 'efgh', 'ijkl', 'mnop', 'qrst', 'uvwx', 'yz'])
    expect(given.map(b => b.toString())).toEqual(chunks)
  })
})

describe('PackingProgress', () => {
  it('updates at most every 100 ms, and reports done once with the totals', () => {
    let now = 1_000
    const updates: ProgressUpdate[] = []
    const done: ProgressUpdate[] = []
    const progress = new PackingProgress(
      { update: u => updates.push(u), done: u => done.push(u) },
      3,
      300,
      () => now
    )
    progress.addBytes(100)
    progress.addFile()
    now += 50
    progress.addBytes(100)
    now += 60
    progress.addFile()
    progress.addFiles(1, 0)
    // the manifest: its bytes count, it is not one of the caller's files
    progress.startTrailer(20)
    progress.addBytes(20)
    progress.addFile()
    progress.done()
    expect(updates).toEqual([
      { phase: 'packaging', files: 0, bytes: 100, totalFiles: 3, totalBytes: 300 },
      { phase: 'packaging', files: 2, bytes: 200, totalFiles: 3, totalBytes: 300 }
    ])
    expect(done).toEqual([
      { phase: 'packaging', files: 3, bytes: 220, totalFiles: 3, totalBytes: 320 }
    ])
  })
})
