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

/** Writes the state atomically: compact JSON, files sorted by path. */
export async function writePackageState(file: string, state: PackageState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFileAtomic(file, stateText(state))
}

/**
 * Records stringified at once: one stringify per record is several times slower, and a piece
 * under V8's large-object size (128 KiB) dies young.
 */
const RECORDS_PER_PIECE = 256

/**
 * The state file's text in pieces, so that no string or buffer of the whole (12 MB for
 * 70,000 files) is ever held.
 */
function* stateText(state: PackageState): Generator<string> {
  const keys = Object.keys(state.files).sort()
  yield JSON.stringify({ version: state.version, tmpDir: state.tmpDir, files: {} }).slice(0, -2)
  for (let start = 0; start < keys.length; start += RECORDS_PER_PIECE) {
    const piece = recordTable()
    for (const key of keys.slice(start, start + RECORDS_PER_PIECE)) piece[key] = state.files[key]!
    yield (start > 0 ? ',' : '') + JSON.stringify(piece).slice(1, -1)
  }
  yield '}}\n'
}

/**
 * An empty path -> record table. No prototype: a file named `__proto__` is a key like any
 * other, not a prototype to set.
 */
export function recordTable(): Record<string, PackagedFileRecord> {
  return Object.create(null) as Record<string, PackagedFileRecord>
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
    const record = Object.hasOwn(state.files, file.relPath) ? state.files[file.relPath] : undefined
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
