// Materializes a dataset on disk, once: datasets are cached under
// $TMPDIR/artifact-lfs-bench/datasets/<id>-<key>/ where key hashes the generator version, the
// parameters and the seed. The tree lives in `tree/`; `meta.json` next to it (never inside the
// tree, or it would be packaged) holds every file's size and sha256, computed while writing.
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import path from 'node:path'
import {
  logChunks,
  pagedDbChunks,
  randomChunks,
  smallText,
  textChunks
} from './dataset-content.mjs'
import { GENERATOR_VERSION, datasetFiles, datasetParams } from './dataset-specs.mjs'

/** Every generated file gets this mtime, so archivers that store mtimes produce stable bytes. */
export const DATASET_MTIME = 1700000000

export const DEFAULT_SEED = 'artifact-lfs-bench'

/** The cache key of a dataset: changes with anything that changes its bytes. */
export function datasetKey(id, params, seed) {
  return createHash('sha256')
    .update(JSON.stringify({ v: GENERATOR_VERSION, id, params, seed }))
    .digest('hex')
    .slice(0, 16)
}

function contentChunks(file, seedText) {
  switch (file.kind) {
    case 'text':
      return file.size <= 64 * 1024
        ? [smallText(seedText, file.size)]
        : textChunks(seedText, file.size)
    case 'log':
      return logChunks(seedText, file.size)
    case 'db':
      return pagedDbChunks(seedText, file.size)
    case 'random':
      return randomChunks(seedText, file.size)
    default:
      throw new Error(`unknown content kind ${file.kind}`)
  }
}

/** Writes the files of a spec under `treeDir`; returns [{ path, size, sha256 }]. */
export function writeDatasetTree(treeDir, files, seed) {
  const written = []
  const madeDirs = new Set()
  for (const file of files) {
    const target = path.join(treeDir, ...file.path.split('/'))
    const dir = path.dirname(target)
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true })
      madeDirs.add(dir)
    }
    const hash = createHash('sha256')
    const fd = openSync(target, 'w')
    let size = 0
    try {
      for (const chunk of contentChunks(file, `${seed}:${file.path}`)) {
        hash.update(chunk)
        for (let done = 0; done < chunk.length;)
          done += writeSync(fd, chunk, done, chunk.length - done)
        size += chunk.length
      }
    } finally {
      closeSync(fd)
    }
    if (size !== file.size)
      throw new Error(`dataset: ${file.path} came out ${size} bytes, not ${file.size}`)
    utimesSync(target, DATASET_MTIME, DATASET_MTIME)
    written.push({ path: file.path, size, sha256: hash.digest('hex') })
  }
  return written
}

/**
 * The dataset `id` at the given scale, generated now or taken from the cache. Returns
 * { id, key, params, dir (the tree), files: [{ path, size, sha256 }], totalBytes, cached }.
 */
export function materializeDataset(cacheRoot, id, { quick, seed = DEFAULT_SEED, log = () => {} }) {
  const params = datasetParams(id, quick)
  const key = datasetKey(id, params, seed)
  const home = path.join(cacheRoot, 'datasets', `${id}-${key}`)
  const treeDir = path.join(home, 'tree')
  const metaFile = path.join(home, 'meta.json')
  if (existsSync(metaFile) && existsSync(treeDir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'))
    return { ...meta, dir: treeDir, cached: true }
  }
  rmSync(home, { recursive: true, force: true })
  const partial = path.join(home, `tree.partial-${process.pid}`)
  mkdirSync(partial, { recursive: true })
  const started = process.hrtime.bigint()
  log(`dataset ${id}: generating into ${home} ...`)
  const files = writeDatasetTree(partial, datasetFiles(id, params, seed), seed)
  renameSync(partial, treeDir)
  const meta = {
    id,
    key,
    params,
    seed,
    files,
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    generatedSeconds: Number(process.hrtime.bigint() - started) / 1e9
  }
  writeFileSync(metaFile, JSON.stringify(meta))
  log(
    `dataset ${id}: ${files.length} files, ${meta.totalBytes} bytes in ${meta.generatedSeconds.toFixed(1)} s`
  )
  return { ...meta, dir: treeDir, cached: false }
}
