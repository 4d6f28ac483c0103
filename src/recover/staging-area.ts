import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { chmod, lutimes, mkdir, open, symlink, utimes } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { archiveError, quoteName } from '../archive/archive-error.js'
import type { EntryPath } from '../archive/entry-paths.js'
import type { ZipReader } from '../archive/zip-reader.js'
import type { ManifestFile } from '../manifest/manifest.js'
import type { ProgressSink } from '../progress/progress.js'
import { mapBounded } from './bounded-parallel.js'

/** One archive entry written into the staging folder, checked. */
export interface StagedEntry {
  item: EntryPath
  /** Absolute path in the staging folder. */
  stagedPath: string
  /** Content bytes (the target text for a symlink). */
  size: number
  /** sha256 of the content (files only). */
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

export interface StageOptions {
  /** Manifest files by path, when the archive has a manifest: sha256 and mtime come from it. */
  manifestFiles?: ReadonlyMap<string, ManifestFile>
  targets: ReadonlyMap<string, string>
  progress: ProgressSink
  totalBytes: number
}

/** Entries staged at once: hides file-system latency for many small files, bounded memory. */
const STAGING_CONCURRENCY = 8

/**
 * Writes every entry of `plan` under `dataDir` with the same relative path: directories,
 * files (streamed, CRC-32 and size checked by the reader, sha256 checked against the
 * manifest), symlinks. Files get their mode (permission bits only) and mtime here, so the
 * later rename keeps them. The reader holds each entry to its declared size, and the declared
 * sizes were checked against the limits, so the real output is bounded too.
 */
export async function stageEntries(
  reader: ZipReader,
  plan: readonly EntryPath[],
  dataDir: string,
  options: StageOptions
): Promise<StagedEntry[]> {
  const totalFiles = plan.filter(item => item.entry.kind !== 'directory').length
  let files = 0
  let bytes = 0
  const madeDirs = new Map<string, Promise<unknown>>()
  const makeDir = (dir: string): Promise<unknown> => {
    let made = madeDirs.get(dir)
    if (made === undefined) {
      made = mkdir(dir, { recursive: true, mode: 0o700 })
      madeDirs.set(dir, made)
    }
    return made
  }
  return mapBounded(plan, STAGING_CONCURRENCY, async item => {
    const stagedPath = path.join(dataDir, ...item.path.split('/'))
    const listed = options.manifestFiles?.get(item.path)
    const mtime = manifestTime(listed) ?? item.entry.mtime
    const mode = item.entry.mode & 0o777
    const entry: StagedEntry = { item, stagedPath, size: 0, mode, mtime }
    if (item.entry.kind === 'directory') {
      await makeDir(stagedPath)
      return entry
    }
    await makeDir(path.dirname(stagedPath))
    if (item.entry.kind === 'symlink') {
      const target = options.targets.get(item.key)
      if (target === undefined) throw new Error(`internal: no target read for ${item.path}`)
      await symlink(target, stagedPath)
      await lutimes(stagedPath, mtime, mtime)
      entry.target = target
      entry.size = Buffer.byteLength(target)
    } else {
      const { size, sha256 } = await stageFile(reader, item, stagedPath, mode, mtime)
      if (listed !== undefined && listed.sha256 !== sha256) {
        throw archiveError(
          reader.displayName,
          `entry ${quoteName(item.entry.name)} has sha256 ${sha256} but the manifest says ${listed.sha256}: the archive is corrupt`
        )
      }
      entry.size = size
      entry.sha256 = sha256
    }
    files++
    bytes += entry.size
    options.progress.update({
      phase: 'extracting',
      files,
      bytes,
      totalFiles,
      totalBytes: options.totalBytes
    })
    return entry
  })
}

/** Entries up to this size are read whole and written with one handle (fewer stream costs). */
const SMALL_FILE = 256 * 1024

/** Writes one file entry, with its mode and mtime; returns its size and sha256. */
async function stageFile(
  reader: ZipReader,
  item: EntryPath,
  stagedPath: string,
  mode: number,
  mtime: Date
): Promise<{ size: number; sha256: string }> {
  if (item.entry.uncompressedSize <= SMALL_FILE) {
    const data = await reader.readEntry(item.entry)
    const handle = await open(stagedPath, 'wx', 0o600)
    try {
      await handle.writeFile(data)
      await handle.chmod(mode)
      await handle.utimes(mtime, mtime)
    } finally {
      await handle.close()
    }
    return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') }
  }
  const hash = createHash('sha256')
  let size = 0
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk)
      size += chunk.length
      callback(null, chunk)
    }
  })
  await pipeline(
    reader.openEntry(item.entry),
    hasher,
    createWriteStream(stagedPath, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 })
  )
  await chmod(stagedPath, mode)
  await utimes(stagedPath, mtime, mtime)
  return { size, sha256: hash.digest('hex') }
}

function manifestTime(file: ManifestFile | undefined): Date | undefined {
  if (file === undefined) return undefined
  const ms = Date.parse(file.mtime)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}
