import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { writeFileAtomic } from '../fs/atomic-file.js'
import type { CollectedFile, FileStat } from './collect-files.js'

/**
 * What the last successful packaging of one temp dir took, kept per clone under
 * `<git dir>/artifact-lfs/` (never committed, so concurrent jobs never edit a shared file).
 * A file is unchanged when its stat fingerprint is the same, or, when only the stat
 * changed (touched, copied back), when its sha256 is the same.
 */
export interface PackagedFileRecord {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
  sha256: string
}

export interface PackageState {
  version: 1
  /** The temp dir this state belongs to, relative to the repo root. */
  tmpDir: string
  files: Record<string, PackagedFileRecord>
}

export function stateFilePath(gitDir: string, tmpDirKey: string): string {
  const id = createHash('sha256').update(tmpDirKey).digest('hex').slice(0, 16)
  return path.join(gitDir, 'artifact-lfs', `package-state-${id}.json`)
}

export async function readPackageState(file: string, tmpDirKey: string): Promise<PackageState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { version: 1, tmpDir: tmpDirKey, files: {} }
    throw cause
  }
  try {
    const parsed = JSON.parse(text) as PackageState
    if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null)
      throw new Error('unexpected shape')
    return parsed
  } catch (cause) {
    throw new ArtifactLfsError('io', `packaging state ${file} is corrupt`, {
      hint: 'delete it (the next run then packages every file again) or run with --all',
      cause
    })
  }
}

/** One file's record in the state, by its path. */
export type StateEntry = readonly [relPath: string, record: PackagedFileRecord]

/**
 * Writes the state atomically as compact JSON, its files in the order `entries` gives them
 * (packaging gives archive path order; each path once).
 */
export async function writePackageState(
  file: string,
  tmpDir: string,
  entries: Iterable<StateEntry>
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFileAtomic(file, stateText(tmpDir, entries))
}

/**
 * Records stringified at once: one stringify per record is several times slower, and a piece
 * under V8's large-object size (128 KiB) dies young.
 */
const RECORDS_PER_PIECE = 256

/**
 * The state file's text in pieces, so that no string, buffer or table of the whole (12 MB of
 * text for 70,000 files) is ever held.
 */
function* stateText(tmpDir: string, entries: Iterable<StateEntry>): Generator<string> {
  yield JSON.stringify({ version: 1, tmpDir, files: {} }).slice(0, -2)
  let piece = recordTable()
  let inPiece = 0
  let first = true
  const flush = (): string => {
    const text = (first ? '' : ',') + JSON.stringify(piece).slice(1, -1)
    first = false
    piece = recordTable()
    inPiece = 0
    return text
  }
  for (const [relPath, record] of entries) {
    piece[relPath] = record
    if (++inPiece === RECORDS_PER_PIECE) yield flush()
  }
  if (inPiece > 0) yield flush()
  yield '}}\n'
}

/**
 * An empty path -> record table. No prototype: a file named `__proto__` is a key like any
 * other, not a prototype to set.
 */
export function recordTable(): Record<string, PackagedFileRecord> {
  return Object.create(null) as Record<string, PackagedFileRecord>
}

/** The record `files` holds for `relPath` (its own: never one inherited from Object). */
export function recordOf(
  files: Record<string, PackagedFileRecord>,
  relPath: string
): PackagedFileRecord | undefined {
  return Object.hasOwn(files, relPath) ? files[relPath] : undefined
}

function fingerprintMatches(record: PackagedFileRecord, stats: FileStat): boolean {
  return (
    record.size === stats.size &&
    record.mtimeMs === stats.mtimeMs &&
    record.ctimeMs === stats.ctimeMs &&
    record.ino === stats.ino
  )
}

export function recordFor(stats: FileStat, sha256: string): PackagedFileRecord {
  return {
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    ino: stats.ino,
    sha256
  }
}

/** sha256 of a file's bytes, or of a symlink's target text. */
export async function contentSha256(file: CollectedFile): Promise<string> {
  const hash = createHash('sha256')
  if (file.kind === 'symlink') return hash.update(file.linkTarget ?? '').digest('hex')
  for await (const chunk of createReadStream(file.absPath, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export interface ChangeSelection {
  changed: CollectedFile[]
  /** Unchanged files whose stat moved: their refreshed records, to save with the state. */
  refreshed: Record<string, PackagedFileRecord>
}

/** Splits the collected files into new-or-changed ones and unchanged ones. */
export async function selectChanged(
  files: CollectedFile[],
  state: PackageState
): Promise<ChangeSelection> {
  const changed: CollectedFile[] = []
  const refreshed = recordTable()
  for (const file of files) {
    const record = recordOf(state.files, file.relPath)
    if (record === undefined) {
      changed.push(file)
      continue
    }
    if (fingerprintMatches(record, file)) continue
    if (record.size === file.size && (await contentSha256(file)) === record.sha256) {
      refreshed[file.relPath] = recordFor(file, record.sha256)
      continue
    }
    changed.push(file)
  }
  return { changed, refreshed }
}
