import path from 'node:path'
import { writeZip, type WrittenEntry, type ZipEntrySource } from '../archive/zip-writer.js'
import { ArtifactLfsError } from '../errors.js'
import { PendingFile } from '../fs/atomic-file.js'
import {
  MANIFEST_ENTRY_NAME,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  ManifestTextBuilder,
  type ManifestFile
} from '../manifest/manifest.js'
import {
  silentLogger,
  silentProgress,
  type Logger,
  type ProgressSink
} from '../progress/progress.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { archiveNameCandidates } from './archive-name.js'
import { archiveWriteFailure } from './archive-write-failure.js'
import { collectFiles, type CollectedFile, type SkippedFile } from './collect-files.js'
import {
  readPackageState,
  recordFor,
  selectChanged,
  stateFilePath,
  writePackageState,
  type PackageState
} from './package-state.js'
import { resolveSessionPaths } from './session-paths.js'
import { removeStalePartials } from './stale-partials.js'

export interface PackageRequest {
  repoRoot: string
  gitDir: string
  /** As the user gave it; resolved against repoRoot when relative. */
  tmpDir: string
  /** The policy's session_artifact_dir, relative to the repo root. */
  sessionArtifactDir: string
  all: boolean
  includeHidden: boolean
  compressionLevel: number
  /** SOURCE_DATE_EPOCH in seconds: mtimes and createdAt are clamped to it. */
  sourceDateEpoch?: number
  now: Date
  runContext?: { runId?: string; runAttempt?: string }
  logger?: Logger
  progress?: ProgressSink
}

export interface NothingToPackage {
  status: 'nothing-to-package'
  reason: string
  tmpDir: string
  skipped: SkippedFile[]
}

export interface PackagedArchive {
  status: 'packaged'
  tmpDir: string
  /** Absolute path of the published archive. */
  archivePath: string
  /** Repo-relative, '/'-separated. */
  archiveRelPath: string
  sha256: string
  size: number
  files: ManifestFile[]
  /** Sum of the packaged files' sizes. */
  totalBytes: number
  skipped: SkippedFile[]
  /** Records the packaged files as done; call only once the whole run succeeded. */
  saveState(): Promise<void>
}

export type PackageOutcome = NothingToPackage | PackagedArchive

export async function packageSession(request: PackageRequest): Promise<PackageOutcome> {
  const logger = request.logger ?? silentLogger
  const paths = await resolveSessionPaths(
    request.repoRoot,
    request.gitDir,
    request.tmpDir,
    request.sessionArtifactDir
  )
  await removeStalePartials(paths.sessionDir, request.gitDir, logger)
  const tmpDirRel = path.relative(request.repoRoot, paths.tmpDir).split(path.sep).join('/') || '.'
  if (paths.tmpDirCreated) {
    logger.info(`temp dir ${tmpDirRel} did not exist; created it`)
    return {
      status: 'nothing-to-package',
      reason: 'the temp dir was empty',
      tmpDir: paths.tmpDir,
      skipped: []
    }
  }
  const collected = await collectFiles(paths.tmpDir, {
    includeHidden: request.includeHidden,
    logger
  })
  const stateFile = stateFilePath(request.gitDir, tmpDirRel)
  const state = await readPackageState(stateFile, tmpDirRel)
  const selection = request.all
    ? { changed: collected.files, refreshed: {} }
    : await selectChanged(collected.files, state)
  if (selection.changed.length === 0) {
    return {
      status: 'nothing-to-package',
      reason:
        collected.files.length === 0
          ? 'the temp dir holds no files to archive'
          : 'no file is new or changed since the last packaging',
      tmpDir: paths.tmpDir,
      skipped: collected.skipped
    }
  }

  const clampMs =
    request.sourceDateEpoch === undefined
      ? Number.POSITIVE_INFINITY
      : request.sourceDateEpoch * 1000
  const clamp = (ms: number): Date => new Date(Math.min(ms, clampMs))
  const sources = selection.changed.map(file => toSource(file, clamp))
  const createdAt = clamp(request.now.getTime()).toISOString()
  const byName = new Map(selection.changed.map(file => [file.relPath, file]))
  const newState: PackageState = {
    version: 1,
    tmpDir: tmpDirRel,
    files: { ...pruneMissing(state, collected.files), ...selection.refreshed }
  }
  // manifest line and state record of each file as it is written, while workers pack the rest
  const manifest = new ManifestTextBuilder()
  const onEntryWritten = (entry: WrittenEntry): void => {
    const file = byName.get(entry.name)
    if (file === undefined) return // the manifest's own entry
    const out: ManifestFile = {
      path: entry.name,
      type: file.kind,
      size: entry.size,
      mode: file.stats.mode & 0o777,
      mtime: clamp(file.stats.mtimeMs).toISOString(),
      sha256: entry.sha256
    }
    if (file.kind === 'symlink') out.target = file.linkTarget as string
    manifest.add(out)
    newState.files[file.relPath] = recordFor(file.stats, entry.sha256)
  }
  const trailer = (): ZipEntrySource[] => {
    const data = manifest.finish({
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt
    })
    return [
      { name: MANIFEST_ENTRY_NAME, kind: 'bytes', data, mode: 0o644, mtime: new Date(createdAt) }
    ]
  }

  const failure = (scope: 'create' | 'write') => (error: unknown) => {
    throw archiveWriteFailure(error, paths.sessionDirRel, scope)
  }
  const pending = await PendingFile.create(path.join(paths.sessionDir, 'codex-session.zip')).catch(
    failure('create')
  )
  let published: string | undefined
  try {
    const result = await writeZip(sources, pending.handle, {
      compressionLevel: request.compressionLevel,
      progress: request.progress ?? silentProgress,
      onEntryWritten,
      trailer
    }).catch(failure('write'))
    for (const name of archiveNameCandidates(request.now, request.runContext)) {
      const target = path.join(paths.sessionDir, name)
      if (await pending.publish(target).catch(failure('create'))) {
        published = target
        break
      }
    }
    if (published === undefined)
      throw new ArtifactLfsError('io', `no free archive name in ${paths.sessionDirRel}`, {
        hint: 'too many archives share this second; retry'
      })
    const archivePath = published
    return {
      status: 'packaged',
      tmpDir: paths.tmpDir,
      archivePath,
      archiveRelPath: path.relative(request.repoRoot, archivePath).split(path.sep).join('/'),
      sha256: result.sha256,
      size: result.size,
      files: manifest.files,
      totalBytes: manifest.files.reduce((sum, f) => sum + f.size, 0),
      skipped: collected.skipped,
      saveState: stateSaver(stateFile, newState)
    }
  } finally {
    if (published === undefined) await pending.discard()
  }
}

/**
 * The writer's view of a collected file. Plain literals, one shape for all: a spread of a
 * shared base gave each of 70,000 sources a hidden class of its own (V8), and the GC paid.
 */
function toSource(file: CollectedFile, clamp: (ms: number) => Date): ZipEntrySource {
  const mode = file.stats.mode & 0o777
  const mtime = clamp(file.stats.mtimeMs)
  if (file.kind === 'symlink')
    return { name: file.relPath, mode, mtime, kind: 'symlink', linkTarget: file.linkTarget }
  return {
    name: file.relPath,
    mode,
    mtime,
    kind: 'file',
    sourcePath: file.absPath,
    expectedSize: file.stats.size,
    expectedMtimeMs: file.stats.mtimeMs,
    expectedCtimeMs: file.stats.ctimeMs
  }
}

/**
 * The saveState of an outcome. Made here, not inline: a closure keeps alive every variable
 * that any closure of its function captures (V8 shares one context), and inline it held on to
 * the path index of every collected file until the pipeline ended.
 */
function stateSaver(stateFile: string, state: PackageState): () => Promise<void> {
  return () => writePackageState(stateFile, state)
}

/** State records of files that still exist (deleted files are forgotten). */
function pruneMissing(state: PackageState, files: CollectedFile[]): PackageState['files'] {
  const present = new Set(files.map(f => f.relPath))
  const kept: PackageState['files'] = {}
  for (const [key, record] of Object.entries(state.files)) if (present.has(key)) kept[key] = record
  return kept
}
