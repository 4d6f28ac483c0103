import { realpath } from 'node:fs/promises'
import path from 'node:path'
import type { ArchiveLimits } from '../archive/archive-limits.js'
import { ArtifactLfsError } from '../errors.js'
import type { GitRepo } from '../git/git-repo.js'
import { isInsideOrEqual } from '../packaging/session-paths.js'
import {
  silentLogger,
  silentProgress,
  type Logger,
  type ProgressSink
} from '../progress/progress.js'
import { ensureArchiveBytes } from './fetch-archive-object.js'
import { resolveArchive } from './resolve-archive.js'
import { extractArchive } from './safe-extract.js'

export interface RecoverOptions {
  /** The --recover ARCHIVE: `latest`, a file name in the session dir, a path, `<commit>:<path>`. */
  spec: string
  /** Where to extract (absolute, or relative to `cwd`). */
  tmpDir: string
  /** The policy's session_artifact_dir (repo-relative). */
  sessionDir: string
  /** Relative paths (spec, tmpDir) are taken from here. */
  cwd: string
  /** Replace existing files whose content differs (otherwise such a conflict refuses all). */
  force?: boolean
  limits?: Partial<ArchiveLimits>
  logger?: Logger
  progress?: ProgressSink
}

export interface RecoverResult {
  /** The archive's display name: its repo path, `<commit>:<path>`, or the path as given. */
  archive: string
  source: 'work-tree' | 'commit'
  /** Full commit id for source 'commit'. */
  commit?: string
  /** Whether the LFS object had to be downloaded. */
  fetched: boolean
  /** Whether sha256 and size were checked against an LFS pointer before extracting. */
  verified: boolean
  /** The destination, absolute. */
  tmpDir: string
  /** Archive paths written (new or replaced). */
  written: string[]
  /** Archive paths already present with identical content. */
  skippedIdentical: string[]
  /** Archive paths that differed and were replaced (only with force). */
  conflicts: string[]
  /** Content bytes extracted and verified. */
  totalBytes: number
}

/**
 * --recover: resolve the archive, make its bytes local (fetching only that LFS object), prove
 * them against the pointer (sha256 and size), then extract all-or-nothing into the temp dir.
 * Nothing is written to the temp dir unless every check passed.
 */
export async function recoverSession(
  repo: GitRepo,
  options: RecoverOptions
): Promise<RecoverResult> {
  const logger = options.logger ?? silentLogger
  const progress = options.progress ?? silentProgress
  const destination = await checkDestination(repo, path.resolve(options.cwd, options.tmpDir))
  const archive = await resolveArchive(repo, options.spec, {
    sessionDir: options.sessionDir,
    cwd: options.cwd
  })
  logger.info(
    `recovering ${archive.displayName}${archive.source === 'commit' ? ' (from the commit, not the work tree)' : ''} into ${destination}`
  )
  const local = await ensureArchiveBytes(repo, archive, { logger, progress })
  let extracted
  try {
    extracted = await extractArchive(local.path, destination, {
      force: options.force,
      limits: options.limits,
      logger,
      progress
    })
  } catch (error) {
    throw renameArchive(error, local.path, archive.displayName)
  }
  const result: RecoverResult = {
    archive: archive.displayName,
    source: archive.source,
    fetched: local.fetched,
    verified: local.verified,
    tmpDir: destination,
    ...extracted
  }
  if (archive.commit !== undefined) result.commit = archive.commit
  return result
}

/**
 * Refuses destinations that are not a session temp dir: the file-system root, the repository
 * root or a folder holding it, anything inside the git dir.
 */
async function checkDestination(repo: GitRepo, wanted: string): Promise<string> {
  const destination = await realpathOfExistingPart(wanted)
  const refuse = (why: string): never => {
    throw new ArtifactLfsError('config', `refusing to recover into ${wanted}: ${why}`, {
      hint: 'pass --tmp-dir with a folder for session outputs, e.g. tmp/'
    })
  }
  if (destination === path.parse(destination).root) refuse('it is the file-system root')
  if (isInsideOrEqual(destination, repo.root)) refuse('it is or contains the repository root')
  const gitDir = await realpathOfExistingPart(await repo.gitDir())
  if (isInsideOrEqual(gitDir, destination)) refuse('it is inside the .git folder')
  return destination
}

/** The real path of the longest existing prefix, with the missing rest appended. */
async function realpathOfExistingPart(wanted: string): Promise<string> {
  const missing: string[] = []
  let current = wanted
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse())
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      const parent = path.dirname(current)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw cause
      missing.push(path.basename(current))
      current = parent
    }
  }
}

/** The extractor names the archive by its file (an LFS store path): use the display name. */
function renameArchive(error: unknown, bytesPath: string, displayName: string): unknown {
  if (error instanceof ArtifactLfsError && error.message.startsWith(bytesPath)) {
    error.message = displayName + error.message.slice(bytesPath.length)
  }
  return error
}
