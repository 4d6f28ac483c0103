import path from 'node:path'
import { cleanPackagedFiles } from '../cleanup/clean-packaged-files.js'
import { listHeadArchives } from '../cleanup/head-archives.js'
import { commitArchivePrune } from '../cleanup/prune-archives.js'
import { pruneTemp } from '../cleanup/prune-temp.js'
import { selectArchivesToPrune } from '../cleanup/select-archives.js'
import type { GitRepo } from '../git/git-repo.js'
import type { ManifestFile } from '../manifest/manifest.js'
import type { Logger } from '../progress/progress.js'
import type { CleanupReport } from './pipeline-types.js'

type PruneArchivesReport = NonNullable<CleanupReport['pruneArchives']>
type PruneTempReport = NonNullable<CleanupReport['pruneTemp']>

/** --prune-archives: one commit removing older archives; in a dry run only the selection. */
export async function pruneArchivesStep(
  repo: GitRepo,
  options: {
    sessionDir: string
    keep?: number
    maxAgeMs?: number
    now: Date
    dryRun: boolean
    identityEnv: Readonly<Record<string, string>>
    logger: Logger
  }
): Promise<PruneArchivesReport> {
  if (options.dryRun) {
    const { archives } = await listHeadArchives(repo, options.sessionDir)
    const selection = selectArchivesToPrune(
      archives.map(a => a.name),
      { keep: options.keep, maxAgeMs: options.maxAgeMs, now: options.now }
    )
    const byName = new Map(archives.map(a => [a.name, a.path]))
    const removed = selection.prune.map(name => byName.get(name) ?? name)
    options.logger.info(`dry run: would prune ${removed.length} archive(s)`)
    return { removed, kept: selection.kept, dryRun: true }
  }
  const result = await commitArchivePrune(repo, {
    sessionDir: options.sessionDir,
    keep: options.keep,
    maxAgeMs: options.maxAgeMs,
    now: options.now,
    identityEnv: options.identityEnv,
    logger: options.logger
  })
  options.logger.info(
    result.commitSha
      ? `pruned ${result.removed.length} archive(s) in ${result.commitSha}`
      : 'no archive is old enough to prune'
  )
  return { commitSha: result.commitSha, removed: result.removed, kept: result.kept, dryRun: false }
}

/** --prune-temp: remove old temp-dir files that an archive at HEAD holds byte-identical. */
export async function pruneTempStep(
  repo: GitRepo,
  options: {
    tmpDir: string
    sessionDir: string
    olderThanMs: number
    now: Date
    dryRun: boolean
    logger: Logger
  }
): Promise<PruneTempReport> {
  const result = await pruneTemp(repo, options)
  options.logger.info(
    `${options.dryRun ? 'dry run: would remove' : 'removed'} ${result.removed.length} archived file(s) from ${path.basename(options.tmpDir)}; kept ${result.kept.length}`
  )
  return {
    removed: result.removed,
    kept: result.kept.map(k => ({ path: k.path, why: k.why })),
    dryRun: options.dryRun
  }
}

/** --clean: after the archive is stored, remove exactly its unchanged files from the temp dir. */
export async function cleanStep(
  tmpDir: string,
  files: readonly ManifestFile[],
  logger: Logger
): Promise<NonNullable<CleanupReport['clean']>> {
  const result = await cleanPackagedFiles(tmpDir, files, logger)
  for (const kept of result.keptChanged) logger.warn(`kept ${kept.path}: ${kept.why}`)
  logger.info(`removed ${result.removed.length} archived file(s) from the temp dir`)
  return { removed: result.removed, keptChanged: result.keptChanged.map(k => k.path) }
}
