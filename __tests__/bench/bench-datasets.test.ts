import { afterAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'

// The bench is plain .mjs run by node; load it by path (no type declarations needed).
const benchDir = path.resolve(process.cwd(), 'bench')
const load = (name: string) => import(path.join(benchDir, name))

afterAll(() => cleanupSandboxes())

describe('bench datasets', () => {
  test('the same seed writes the same bytes; another seed does not', async () => {
    const { datasetFiles } = await load('dataset-specs.mjs')
    const { writeDatasetTree } = await load('datasets.mjs')
    const params = { files: 20, totalBytes: 3 * 1024 * 1024 }
    const files = datasetFiles('B', params, 'seed-1')
    const first = writeDatasetTree(makeTempDir('bench-ds-'), files, 'seed-1')
    const again = writeDatasetTree(makeTempDir('bench-ds-'), files, 'seed-1')
    const other = writeDatasetTree(makeTempDir('bench-ds-'), files, 'seed-2')
    expect(again).toEqual(first)
    expect(other.map((f: { sha256: string }) => f.sha256)).not.toEqual(
      first.map((f: { sha256: string }) => f.sha256)
    )
    expect(first.reduce((sum: number, f: { size: number }) => sum + f.size, 0)).toBe(
      params.totalBytes
    )
  })

  test('B is half incompressible, half compressible, as the issue asks', async () => {
    const { datasetFiles } = await load('dataset-specs.mjs')
    const { writeDatasetTree } = await load('datasets.mjs')
    const dir = makeTempDir('bench-ds-')
    const files = datasetFiles('B', { files: 20, totalBytes: 20 * 256 * 1024 }, 's')
    expect(files).toHaveLength(20)
    writeDatasetTree(dir, files, 's')
    const shrink = (kind: string) => {
      const sample = files.filter((f: { kind: string }) => f.kind === kind)
      const raw = sample.map((f: { path: string }) => readFileSync(path.join(dir, f.path)))
      const total = raw.reduce((sum: number, b: Buffer) => sum + b.length, 0)
      const packed = raw.reduce(
        (sum: number, b: Buffer) => sum + deflateRawSync(b, { level: 6 }).length,
        0
      )
      return { count: sample.length, ratio: packed / total }
    }
    const random = shrink('random')
    expect(random.count).toBe(10)
    expect(random.ratio).toBeGreaterThan(0.99)
    expect(shrink('log').ratio).toBeLessThan(0.5)
    const db = shrink('db')
    expect(db.count).toBe(1)
    expect(db.ratio).toBeLessThan(0.6)
    expect(readFileSync(path.join(dir, 'db/state-19.db')).subarray(0, 15).toString()).toBe(
      'SQLite format 3'
    )
  })

  test('--quick scales every dataset down about 10x', async () => {
    const { DATASET_IDS, datasetFiles, datasetParams } = await load('dataset-specs.mjs')
    for (const id of DATASET_IDS) {
      const size = (quick: boolean) => {
        const files = datasetFiles(id, datasetParams(id, quick), 's')
        return {
          count: files.length,
          bytes: files.reduce((s: number, f: { size: number }) => s + f.size, 0)
        }
      }
      const full = size(false)
      const quick = size(true)
      const scale = id === 'A' || id === 'D' ? full.count / quick.count : full.bytes / quick.bytes
      expect(scale).toBeGreaterThanOrEqual(9)
      expect(scale).toBeLessThanOrEqual(11)
    }
    expect(datasetParams('D', false).files).toBe(70000)
    expect(datasetParams('C', true).totalBytes).toBe(300 * 1024 * 1024)
  })

  test('a cached dataset is reused, and its key follows the parameters', async () => {
    const { materializeDataset, datasetKey } = await load('datasets.mjs')
    const cache = makeTempDir('bench-cache-')
    const first = materializeDataset(cache, 'A', { quick: true, seed: 'k' })
    const second = materializeDataset(cache, 'A', { quick: true, seed: 'k' })
    expect(first.cached).toBe(false)
    expect(second.cached).toBe(true)
    expect(second.files).toEqual(first.files)
    expect(first.fileCount).toBe(1000)
    expect(datasetKey('A', { files: 1 }, 'k')).not.toBe(datasetKey('A', { files: 2 }, 'k'))
  })
})
