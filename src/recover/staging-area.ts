import { createHash, hash, randomBytes } from 'node:crypto'
import {
  closeSync,
  createWriteStream,
  fchmodSync,
  futimesSync,
  lutimesSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeSync
} from 'node:fs'
import { chmod, mkdir, utimes } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { archiveError, quoteName } from '../archive/archive-error.js'
import type { EntryPath } from '../archive/entry-paths.js'
import type { ZipReader } from '../archive/zip-reader.js'
import type { ManifestIndex } from '../archive/manifest-index.js'
import type { ProgressSink } from '../progress/progress.js'
import { mapBounded } from './bounded-parallel.js'

/** One archive entry written into the staging folder, checked. */
export interface StagedEntry {
  item: EntryPath
  /** Content bytes (the target text for a symlink). */
  size: number
  /**
   * sha256 of the content, for files the manifest does not vouch for (with a manifest, the
   * content matched its sha256: ask the manifest, no string per file is kept here).
   */
  sha256?: string
  /** Symlink target. */
  target?: string
  /** Permission bits to restore (no setuid/setgid/sticky). */
  mode: number
  mtime: Date
}

/** Creates a hidden, uniquely named folder next to the destination (same file system). */
export async function createStagingDir(parent: string, destName: string): Promise<string> {
  const name = `.${destName}.artifact-lfs-extract-${process.pid}-${randomBytes(4).toString('hex')}`
  const dir = path.join(parent, name)
  await mkdir(dir, { mode: 0o700 })
  return dir
}

/** Where an archive path lives below the staging data folder. */
export function stagedPathOf(dataDir: string, relative: string): string {
  return path.join(dataDir, ...relative.split('/'))
}

export interface StageOptions {
  /** The manifest's files, when the archive has one: sha256 and mtime come from it. */
  manifest?: ManifestIndex
  targets: ReadonlyMap<string, string>
  progress: ProgressSink
  totalBytes: number
}

/**
 * File entries up to this size (declared and compressed) are read whole and written with
 * synchronous calls: for small files the cost of a stream and of async calls per entry is far
 * more than the work itself. Bigger files are streamed (bounded memory).
 */
const SYNC_FILE_MAX_BYTES = 1024 * 1024

/** Streamed (big) files in flight at once: reading, inflating and writing overlap (~10 MiB each). */
const STREAMED_CONCURRENCY = 3

/** The synchronous loop hands control back to the event loop this often (progress, signals). */
const YIELD_EVERY_MS = 100

/**
 * Writes every entry of `plan` under `dataDir` with the same relative path: directories,
 * files (CRC-32 and size checked by the reader, sha256 checked against the manifest before
 * the file is written), symlinks. Files get their mode (permission bits only) and mtime here,
 * so the later rename keeps them; folders are made with the default mode (the staging folder
 * itself is private), directory entries get theirs after placement. Small entries are staged
 * synchronously in archive order (consecutive entries share one read of the archive), big
 * files are streamed afterwards. The reader holds each entry to its declared size, and the
 * declared sizes were checked against the limits, so the real output is bounded too.
 */
export async function stageEntries(
  reader: ZipReader,
  plan: readonly EntryPath[],
  dataDir: string,
  options: StageOptions
): Promise<StagedEntry[]> {
  const folders = new StagingFolders(dataDir)
  const counter = new StageCounter(plan, options)
  const staged = new Array<StagedEntry>(plan.length)
  const streamed: number[] = []
  const inArchiveOrder = new Uint32Array(plan.length).map((_, index) => index)
  inArchiveOrder.sort((a, b) => plan[a].entry.localHeaderOffset - plan[b].entry.localHeaderOffset)
  let lastYield = Date.now()
  for (const index of inArchiveOrder) {
    const item = plan[index]
    const entry = newStagedEntry(item, options.manifest)
    const kind = item.entry.kind
    if (kind === 'directory') {
      folders.ensure(item.path)
    } else if (kind === 'symlink') {
      stageSymlink(item, entry, folders, options.targets)
    } else if (isSmallFile(item)) {
      stageSmallFile(reader, item, entry, folders, options.manifest)
    } else {
      streamed.push(index)
      continue
    }
    staged[index] = entry
    counter.add(entry)
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise(resolve => setImmediate(resolve))
      lastYield = Date.now()
    }
  }
  await mapBounded(streamed, STREAMED_CONCURRENCY, async index => {
    const item = plan[index]
    const entry = newStagedEntry(item, options.manifest)
    folders.ensure(path.posix.dirname(item.path))
    const stagedPath = folders.pathOf(item.path)
    const { size, digest } = await stageStreamedFile(reader, item, stagedPath, entry)
    entry.size = size
    checkDigest(reader, item, entry, digest, options.manifest)
    staged[index] = entry
    counter.add(entry)
  })
  return staged
}

/** Folders made below the staging data folder, each made once (parents first). */
class StagingFolders {
  private readonly made = new Set<string>(['.'])

  constructor(private readonly dataDir: string) {}

  pathOf(relative: string): string {
    return stagedPathOf(this.dataDir, relative)
  }

  /** Makes the folder `relative` ('.' is the data folder) and every folder above it. */
  ensure(relative: string): void {
    if (this.made.has(relative)) return
    this.ensure(path.posix.dirname(relative))
    try {
      mkdirSync(this.pathOf(relative))
    } catch (error) {
      // on a case-insensitive disk "A" and "a" are one folder: the second mkdir finds it
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    this.made.add(relative)
  }
}

/** Counts staged files and bytes for the progress sink. */
class StageCounter {
  private files = 0
  private bytes = 0
  private readonly totalFiles: number

  constructor(
    plan: readonly EntryPath[],
    private readonly options: StageOptions
  ) {
    let files = 0
    for (const item of plan) if (item.entry.kind !== 'directory') files++
    this.totalFiles = files
  }

  add(entry: StagedEntry): void {
    if (entry.item.entry.kind === 'directory') return
    this.files++
    this.bytes += entry.size
    this.options.progress.update({
      phase: 'extracting',
      files: this.files,
      bytes: this.bytes,
      totalFiles: this.totalFiles,
      totalBytes: this.options.totalBytes
    })
  }
}

function newStagedEntry(item: EntryPath, manifest: ManifestIndex | undefined): StagedEntry {
  return {
    item,
    size: 0,
    mode: item.entry.mode & 0o777,
    mtime: manifest?.mtimeOf(item.path) ?? item.entry.mtime
  }
}

function isSmallFile(item: EntryPath): boolean {
  return (
    item.entry.uncompressedSize <= SYNC_FILE_MAX_BYTES &&
    item.entry.compressedSize <= SYNC_FILE_MAX_BYTES
  )
}

function stageSymlink(
  item: EntryPath,
  entry: StagedEntry,
  folders: StagingFolders,
  targets: ReadonlyMap<string, string>
): void {
  const target = targets.get(item.key)
  if (target === undefined) throw new Error(`internal: no target read for ${item.path}`)
  folders.ensure(path.posix.dirname(item.path))
  const stagedPath = folders.pathOf(item.path)
  symlinkSync(target, stagedPath)
  lutimesSync(stagedPath, entry.mtime, entry.mtime)
  entry.target = target
  entry.size = Buffer.byteLength(target)
}

/** Reads, checks and writes one small file with synchronous calls. */
function stageSmallFile(
  reader: ZipReader,
  item: EntryPath,
  entry: StagedEntry,
  folders: StagingFolders,
  manifest: ManifestIndex | undefined
): void {
  const data = reader.readWholeEntry(item.entry)
  entry.size = data.length
  checkDigest(reader, item, entry, hash('sha256', data, 'buffer'), manifest)
  folders.ensure(path.posix.dirname(item.path))
  const fd = openSync(folders.pathOf(item.path), 'wx', 0o600)
  try {
    let written = 0
    while (written < data.length) written += writeSync(fd, data, written)
    fchmodSync(fd, entry.mode)
    futimesSync(fd, entry.mtime, entry.mtime)
  } finally {
    closeSync(fd)
  }
}

/**
 * A listed file's content must have the manifest's sha256; an unlisted one (no manifest)
 * keeps its own sha256 for the comparison with the destination.
 */
function checkDigest(
  reader: ZipReader,
  item: EntryPath,
  entry: StagedEntry,
  digest: Buffer,
  manifest: ManifestIndex | undefined
): void {
  if (manifest === undefined || !manifest.has(item.path)) {
    entry.sha256 = digest.toString('hex')
    return
  }
  if (manifest.digestMatches(item.path, digest)) return
  throw archiveError(
    reader.displayName,
    `entry ${quoteName(item.entry.name)} has sha256 ${digest.toString('hex')} but the manifest says ${manifest.sha256Of(item.path)}: the archive is corrupt`
  )
}

/** Streams one big file entry to `stagedPath`, with its mode and mtime; returns size and sha256 digest. */
async function stageStreamedFile(
  reader: ZipReader,
  item: EntryPath,
  stagedPath: string,
  entry: StagedEntry
): Promise<{ size: number; digest: Buffer }> {
  const hasher = createHash('sha256')
  let size = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hasher.update(chunk)
      size += chunk.length
      callback(null, chunk)
    }
  })
  await pipeline(
    reader.openEntry(item.entry),
    counter,
    createWriteStream(stagedPath, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 })
  )
  await chmod(stagedPath, entry.mode)
  await utimes(stagedPath, entry.mtime, entry.mtime)
  return { size, digest: hasher.digest() }
}
