import path from 'node:path'
import { GitRepo } from '../git/git-repo.js'
import { RunLock } from '../packaging/run-lock.js'
import { loadPolicy } from '../policy/load-policy.js'
import type { Logger, ProgressSink } from '../progress/progress.js'
import { listArchives, type ArchiveListing } from './list-archives.js'
import { recoverSession, type RecoverResult } from './recover-session.js'

export interface RecoveryRequest {
  /** Any folder inside the repository; relative paths are taken from here. */
  cwd: string
  policyFile: string
  /** The ARCHIVE spec: `latest`, a name in the session dir, a path, `<commit>:<path>`. */
  spec: string
  /** Where files are restored; default `tmp` at the repo root. */
  tmpDir?: string
  force: boolean
  logger: Logger
  progress: ProgressSink
}

async function open(cwd: string, policyFile: string, logger: Logger) {
  const repo = await GitRepo.discover(cwd)
  const loaded = await loadPolicy(repo.root, policyFile)
  if (!loaded.exists) logger.info(`no ${policyFile} at the repo root: using the default policy`)
  for (const warning of loaded.warnings) logger.warn(warning)
  return { repo, policy: loaded.policy }
}

/** The engine entry point of `--recover [ARCHIVE]` (CLI) and `recover:` (Action). */
export async function runRecovery(request: RecoveryRequest): Promise<RecoverResult> {
  const { repo, policy } = await open(request.cwd, request.policyFile, request.logger)
  const lock = await RunLock.acquire(await repo.gitDir())
  try {
    return await recoverSession(repo, {
      spec: request.spec,
      tmpDir: request.tmpDir ?? path.join(repo.root, 'tmp'),
      sessionDir: policy.sessionArtifactDir,
      cwd: request.cwd,
      force: request.force,
      logger: request.logger,
      progress: request.progress
    })
  } finally {
    await lock.release()
  }
}

/** The engine entry point of `--recover --list`. */
export async function runListing(
  request: Pick<RecoveryRequest, 'cwd' | 'policyFile' | 'logger'>
): Promise<ArchiveListing[]> {
  const { repo, policy } = await open(request.cwd, request.policyFile, request.logger)
  return listArchives(repo, { sessionDir: policy.sessionArtifactDir })
}
