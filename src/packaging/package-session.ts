import path from 'node:path'
import { writeZip, type ZipEntrySource } from '../archive/zip-writer.js'
import { ArtifactLfsError } from '../errors.js'
import { PendingFile } from '../fs/atomic-file.js'
import {
  MANIFEST_ENTRY_NAME,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
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
import { PackedFiles } from './packed-files.js'
import {
  readPackageState,
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
  const createdAt = clamp(request.now.getTime()).toISOString()
  const packed = new PackedFiles(selection.changed, clamp)
  const trailer = (): ZipEntrySource[] => {
    const data = packed.manifest.finishPieces({
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
    const result = await writeZip(packed.sources, pending.handle, {
      compressionLevel: request.compressionLevel,
      progress: request.progress ?? silentProgress,
      onEntryWritten: entry => packed.entryWritten(entry),
      trailer,
      retainEntries: false
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
    const files = packed.manifestFiles()
    return {
      status: 'packaged',
      tmpDir: paths.tmpDir,
      archivePath,
      archiveRelPath: path.relative(request.repoRoot, archivePath).split(path.sep).join('/'),
      sha256: result.sha256,
      size: result.size,
      files,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0),
      skipped: collected.skipped,
      saveState: stateSaver(stateFile, {
        tmpDir: tmpDirRel,
        collected: collected.files,
        refreshed: selection.refreshed,
        previous: state.files,
        packed
      })
    }
  } finally {
    if (published === undefined) await pending.discard()
  }
}

/**
 * The saveState of an outcome: writes the state of every file listed (records of files
 * deleted since are dropped), made and written a few hundred records at a time. Made here,
 * not inline: a closure keeps alive every variable that any closure of its function captures
 * (V8 shares one context).
 */
function stateSaver(
  stateFile: string,
  parts: {
    tmpDir: string
    collected: CollectedFile[]
    refreshed: PackageState['files']
    previous: PackageState['files']
    packed: PackedFiles
  }
): () => Promise<void> {
  return () =>
    writePackageState(
      stateFile,
      parts.tmpDir,
      parts.packed.stateEntries(parts.collected, parts.refreshed, parts.previous)
    )
}
