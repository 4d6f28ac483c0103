import type { Stats } from 'node:fs'
import { lstat, readdir, realpath } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import type { GitRepo } from '../git/git-repo.js'
import { compareArchivePaths } from '../manifest/manifest.js'
import type { Logger } from '../progress/progress.js'
import { ArchivedFiles, type ArchivedEntry } from './archived-files.js'
import { listHeadArchives } from './head-archives.js'
import { formatDuration } from './parse-duration.js'
import {
  fullPath,
  inspectAgainstManifest,
  removeEmptiedFolders,
  removeIfUnchanged
} from './verified-removal.js'

export interface PruneTempOptions {
  /** The temp dir; a relative path is taken from the repository root. */
  tmpDir: string
  /** The policy's session_artifact_dir, repo-relative. */
  sessionDir: string
  /** Only files whose mtime is at least this old may go. */
  olderThanMs: number
  now: Date
  /** List what would go without removing anything. */
  dryRun?: boolean
  logger: Logger
}

/** Why a temp file stays. */
export type KeepReason = 'too-new' | 'not-archived' | 'differs' | 'unverified'

export interface KeptFile {
  /** '/'-separated, relative to the temp dir. */
  path: string
  why: KeepReason
  /** The same in words, e.g. which archive holds a different copy. */
  detail: string
}

export interface PruneTempResult {
  /** Removed files (with dryRun: the files that would be removed). */
  removed: string[]
  kept: KeptFile[]
  /** Folders left empty by the removal and removed (never with dryRun). */
  removedFolders: string[]
  /** Archives at HEAD that could not vouch for anything, and why. */
  unavailableArchives: Array<{ path: string; why: string }>
  dryRun: boolean
}

/**
 * Removes temp-dir files that are older than `olderThanMs` (mtime) and byte-identical (same
 * path, type and sha256; symlinks: same link text) to a file in a session archive committed at
 * HEAD whose LFS object is in the local store and passes a full check (sha256 of the object,
 * then every entry against its manifest). Every other file is kept and listed with the reason.
 * Nothing is followed through symlinks; `.git` folders inside the temp dir are not entered.
 */
export async function pruneTemp(
  repo: GitRepo,
  options: PruneTempOptions
): Promise<PruneTempResult> {
  const { logger } = options
  const dryRun = options.dryRun === true
  const result: PruneTempResult = {
    removed: [],
    kept: [],
    removedFolders: [],
    unavailableArchives: [],
    dryRun
  }
  if (!Number.isFinite(options.olderThanMs) || options.olderThanMs < 0)
    throw new ArtifactLfsError(
      'usage',
      `older-than must be a duration of zero or more (got ${options.olderThanMs} ms)`,
      {
        hint: 'pass a duration such as 7d'
      }
    )
  const root = await resolveTempDir(repo, options.tmpDir, options.sessionDir)
  if (root === undefined) {
    logger.info(`prune-temp: ${options.tmpDir} does not exist; nothing to prune`)
    return result
  }
  const { archives } = await listHeadArchives(repo, options.sessionDir)
  const index = await ArchivedFiles.load(archives, logger)
  result.unavailableArchives = index.unavailable
  const age = formatDuration(options.olderThanMs)
  const keep = (relPath: string, why: KeepReason, detail: string): void => {
    result.kept.push({ path: relPath, why, detail })
    logger.debug(`keep ${relPath}: ${detail}`)
  }

  for (const { relPath, stats } of await walkTempDir(root)) {
    if (!stats.isFile() && !stats.isSymbolicLink()) {
      keep(relPath, 'not-archived', 'not a regular file or symlink')
      continue
    }
    if (options.now.getTime() - stats.mtimeMs < options.olderThanMs) {
      keep(relPath, 'too-new', `modified less than ${age} ago`)
      continue
    }
    const decision = await judge(root, relPath, stats, index)
    if (decision.kind === 'keep') {
      keep(relPath, decision.why, decision.detail)
      continue
    }
    if (dryRun) {
      result.removed.push(relPath)
      logger.info(`would remove ${relPath} (archived in ${decision.archivePath})`)
    } else if (await removeIfUnchanged(root, relPath, decision.stats)) {
      result.removed.push(relPath)
      logger.debug(`removed ${relPath} (archived in ${decision.archivePath})`)
    } else {
      keep(relPath, 'differs', 'changed while being checked')
    }
  }
  if (!dryRun) result.removedFolders = await removeEmptiedFolders(root, result.removed)
  logger.info(summary(result, age, options.tmpDir))
  return result
}

type Decision =
  | { kind: 'keep'; why: KeepReason; detail: string }
  | { kind: 'remove'; stats: Stats; archivePath: string }

/** Whether a committed, intact archive holds exactly this file. */
async function judge(
  root: string,
  relPath: string,
  stats: Stats,
  index: ArchivedFiles
): Promise<Decision> {
  const type = stats.isSymbolicLink() ? 'symlink' : 'file'
  const entries = index.entriesFor(relPath)
  if (entries.length === 0) {
    const unchecked = index.unavailable.length
    return {
      kind: 'keep',
      why: 'not-archived',
      detail:
        'not in any committed archive whose object is local' +
        (unchecked > 0 ? ` (${unchecked} archive(s) could not be read)` : '')
    }
  }
  let differs = `the archived copy in ${entries[0]?.archive.path} is a ${entries[0]?.file.type}`
  // one disk comparison per distinct archived version of the file
  const versions = new Map<string, ArchivedEntry[]>()
  for (const entry of entries.filter(e => e.file.type === type)) {
    const key = `${entry.file.sha256}\0${entry.file.target ?? ''}`
    versions.set(key, [...(versions.get(key) ?? []), entry])
  }
  for (const sameVersion of versions.values()) {
    const first = sameVersion[0] as ArchivedEntry
    const inspection = await inspectAgainstManifest(root, first.file)
    if (inspection.kind === 'changed' || inspection.kind === 'refused') {
      differs = `${inspection.why} (${first.archive.path})`
      continue
    }
    if (inspection.kind === 'missing')
      return { kind: 'keep', why: 'differs', detail: 'disappeared while being checked' }
    const problems: string[] = []
    for (const entry of sameVersion) {
      const why = await index.verify(entry.archive)
      if (why === undefined)
        return { kind: 'remove', stats: inspection.stats, archivePath: entry.archive.path }
      problems.push(`${entry.archive.path}: ${why}`)
    }
    return {
      kind: 'keep',
      why: 'unverified',
      detail: `archived, but no intact archive vouches for it (${problems.join('; ')})`
    }
  }
  return { kind: 'keep', why: 'differs', detail: differs }
}

/** The temp dir's real path, or undefined when it does not exist; refuses unsafe choices. */
async function resolveTempDir(
  repo: GitRepo,
  tmpDir: string,
  sessionDir: string
): Promise<string | undefined> {
  const wanted = path.resolve(repo.root, tmpDir)
  let root: string
  try {
    root = await realpath(wanted)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const refuse = (why: string): never => {
    throw new ArtifactLfsError('config', `refusing to prune temp dir ${tmpDir}: ${why}`, {
      hint: 'point the temp dir at a folder that holds only session outputs, e.g. tmp/'
    })
  }
  if (!(await lstat(root)).isDirectory()) refuse('it is not a folder')
  const gitDir = await repo.gitDir()
  const sessionAbs = path.resolve(repo.root, sessionDir)
  if (root === path.parse(root).root) refuse('it is the file-system root')
  if (isInsideOrEqual(root, repo.root)) refuse('it is or contains the repository root')
  if (isInsideOrEqual(gitDir, root)) refuse('it is inside the .git folder')
  if (isInsideOrEqual(root, sessionAbs))
    refuse(`it contains the session artifact dir ${sessionDir}`)
  return root
}

function isInsideOrEqual(parent: string, candidate: string): boolean {
  const rel = path.relative(parent, candidate)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** Every non-folder below `root` (symlinks not followed, `.git` not entered), path-sorted. */
async function walkTempDir(root: string): Promise<Array<{ relPath: string; stats: Stats }>> {
  const found: Array<{ relPath: string; stats: Stats }> = []
  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(relDir === '' ? root : fullPath(root, relDir), {
      withFileTypes: true
    })
    for (const entry of entries) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`
      const stats = await lstat(fullPath(root, relPath)).catch(vanished)
      if (stats === undefined) continue
      if (stats.isDirectory()) {
        if (entry.name !== '.git') await walk(relPath)
      } else found.push({ relPath, stats })
    }
  }
  await walk('')
  return found.sort((a, b) => compareArchivePaths(a.relPath, b.relPath))
}

/** A file removed by someone else between readdir and lstat is simply not there. */
function vanished(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined
  throw error
}

function summary(result: PruneTempResult, age: string, tmpDir: string): string {
  const counts = new Map<KeepReason, number>()
  for (const k of result.kept) counts.set(k.why, (counts.get(k.why) ?? 0) + 1)
  const parts = [...counts].map(([why, n]) => `${n} ${why.replace('-', ' ')}`)
  const verb = result.dryRun ? 'would remove' : 'removed'
  return (
    `prune-temp: ${verb} ${result.removed.length} file(s) in ${tmpDir} older than ${age} and archived at HEAD` +
    (result.kept.length > 0 ? `; kept ${result.kept.length} (${parts.join(', ')})` : '')
  )
}
