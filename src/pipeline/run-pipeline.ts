import path from 'node:path'
import { ArtifactLfsError, isArtifactLfsError } from '../errors.js'
import { GitRepo } from '../git/git-repo.js'
import { checkTools, committerIdentity, ensureLfsFilter, resolveBranch } from '../git/preflight.js'
import { syncGitattributes } from '../gitattributes/sync-gitattributes.js'
import { packageSession, type PackagedArchive } from '../packaging/package-session.js'
import { RunLock } from '../packaging/run-lock.js'
import { loadPolicy } from '../policy/load-policy.js'
import type { Policy } from '../policy/policy.js'
import { validateSessionArchives } from '../validate/validate-archives.js'
import { verifyLfsPointers } from '../verify/verify-lfs-pointers.js'
import { commitArchive } from './commit-archive.js'
import { PipelineFailure } from './pipeline-failure.js'
import type {
  PackageReport,
  PipelineHooks,
  PipelineRequest,
  PipelineResult,
  VerifyReport
} from './pipeline-types.js'
import { locateArchive, pushStep } from './push-step.js'
import { cleanStep, pruneArchivesStep, pruneTempStep } from './cleanup-steps.js'
import { isLfsTracked } from '../git/lfs-attributes.js'

/**
 * The one engine both adapters drive: sync -> package -> commit -> verify -> validate -> push,
 * each only when asked, push only when every earlier step of this run passed.
 */
export async function runPipeline(
  request: PipelineRequest,
  hooks: PipelineHooks
): Promise<PipelineResult> {
  const { logger } = hooks
  const { repo, shallow } = await GitRepo.locate(request.cwd)
  const gitDir = await repo.gitDir()
  const loaded = await loadPolicy(repo.root, request.policyFile)
  if (!loaded.exists)
    logger.info(`no ${request.policyFile} at the repo root: using the default policy`)
  for (const warning of loaded.warnings) logger.warn(warning)
  const policy = loaded.policy
  const steps = request.steps
  const result: PipelineResult = {
    repoRoot: repo.root,
    policySource: loaded.source,
    policyExists: loaded.exists
  }
  let current = 'preflight'
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    current = name
    return hooks.phase(name, work)
  }

  const tmpDir =
    request.tmpDir === undefined
      ? path.join(repo.root, 'tmp')
      : path.resolve(request.cwd, request.tmpDir)
  const writes =
    steps.package ||
    steps.commit ||
    steps.push ||
    steps.clean ||
    steps.pruneTemp !== undefined ||
    steps.pruneArchives !== undefined ||
    (steps.sync && !steps.syncCheck)
  const lock = writes ? await RunLock.acquire(gitDir) : undefined
  try {
    let branch: string | undefined
    let identityEnv: Record<string, string> = {}
    let autoSync = false
    const commits = steps.commit || steps.pruneArchives !== undefined
    // verify reads blobs through git alone; every other git step may need git-lfs
    const needsGitLfs = commits || steps.push || steps.validate || steps.pruneTemp !== undefined
    if (needsGitLfs || steps.verify) {
      await step('preflight', async () => {
        if (needsGitLfs) {
          const tools = await checkTools(repo)
          logger.info(`git ${tools.git}, git-lfs ${tools.gitLfs}`)
        }
        if (shallow) logger.info('shallow clone: verify and push work on it as they are')
        if (commits || steps.push) {
          if (await ensureLfsFilter(repo))
            logger.info('configured the LFS filter for this clone (git lfs install --local)')
          branch = await resolveBranch(repo, request.branch)
          identityEnv = await committerIdentity(repo)
        }
        if (steps.commit && !steps.sync) {
          const probe = `${policy.sessionArtifactDir}/codex-session_00000000_000000.zip`
          if (!(await isLfsTracked(repo, probe))) {
            if (policy.enableAutoLfs || request.allowAutoLfs) autoSync = true
            else
              throw new ArtifactLfsError(
                'commit',
                `${policy.sessionArtifactDir}/*.zip is not covered by an LFS rule in .gitattributes: committing would store raw archives`,
                {
                  hint: 'run with --sync-gitattributes (Action: sync: true), or set enable_autolfs: true in the policy (or ALLOW_AUTOLFS=1) to add the rule automatically'
                }
              )
          }
        }
      })
    }

    let gitattributesChanged = false
    if (steps.sync || autoSync) {
      result.sync = await step('sync', async () => {
        const sync = await syncGitattributes(repo.root, policy, { check: steps.syncCheck })
        if (steps.syncCheck && sync.changed)
          throw new ArtifactLfsError(
            'config',
            `${sync.path} is out of date with ${request.policyFile}:\n${sync.diff}`,
            {
              hint: 'run artifact-lfs --sync-gitattributes and commit the result'
            }
          )
        logger.info(sync.changed ? `updated ${sync.path}` : `${sync.path} is up to date`)
        return {
          path: sync.path,
          changed: sync.changed,
          checkOnly: steps.syncCheck,
          diff: sync.diff
        }
      })
      gitattributesChanged = !steps.syncCheck && (await differsFromHead(repo, '.gitattributes'))
    }

    let packaged: PackagedArchive | undefined
    if (steps.package) {
      result.package = await step('package', async () => {
        const outcome = await packageSession({
          repoRoot: repo.root,
          gitDir,
          tmpDir,
          sessionArtifactDir: policy.sessionArtifactDir,
          all: request.all,
          includeHidden: request.includeHidden,
          compressionLevel: request.compressionLevel,
          sourceDateEpoch: request.sourceDateEpoch,
          now: request.now,
          runContext: request.runContext,
          logger,
          progress: hooks.progress
        })
        if (outcome.status === 'nothing-to-package') {
          logger.info(`nothing to package: ${outcome.reason}`)
          return {
            status: outcome.status,
            reason: outcome.reason,
            files: [],
            totalBytes: 0,
            skipped: outcome.skipped
          }
        }
        packaged = outcome
        logger.info(
          `archive ${outcome.archiveRelPath}: ${outcome.files.length} files, ${outcome.size} bytes, sha256 ${outcome.sha256}`
        )
        return packageReport(outcome)
      })
      if (packaged && !steps.commit) await packaged.saveState()
    }

    if (steps.commit) {
      result.commit = await step('commit', async () => {
        if (!packaged) {
          logger.info('nothing to commit: no archive was produced')
          return { status: 'nothing-to-commit' as const, branch }
        }
        const { commitSha } = await commitArchive(repo, {
          archivePath: packaged.archiveRelPath,
          expected: { sha256: packaged.sha256, size: packaged.size },
          alsoStage: gitattributesChanged ? ['.gitattributes'] : [],
          message:
            request.message ??
            `Add session artifact ${path.basename(packaged.archiveRelPath, '.zip').replace(/^codex-session_/, '')}`,
          identityEnv
        })
        await packaged.saveState()
        logger.info(`committed ${commitSha} on ${branch}`)
        return { status: 'committed' as const, commitSha, branch }
      })
    }

    const pruneArchives = steps.pruneArchives
    if (pruneArchives) {
      const report = await step('prune-archives', () =>
        pruneArchivesStep(repo, {
          sessionDir: policy.sessionArtifactDir,
          keep: pruneArchives.keep,
          maxAgeMs: pruneArchives.maxAgeMs,
          now: request.now,
          dryRun: request.dryRun,
          identityEnv,
          logger
        })
      )
      result.cleanup = { ...result.cleanup, pruneArchives: report }
    }

    if (steps.verify || steps.push) {
      result.verify = await step('verify', () => verifyAt(repo, policy, 'HEAD'))
      if (result.verify.offenders.length > 0)
        throw new ArtifactLfsError('verify', verifyFailureMessage(result.verify), {
          hint: 'track them with LFS (add their extension to binary_extensions, run --sync-gitattributes, then git add --renormalize) or remove them from the commit'
        })
    }

    if (steps.validate || steps.push) {
      const report = await step('validate', async () => {
        const validated = await validateSessionArchives(repo, {
          sessionDir: policy.sessionArtifactDir,
          ref: 'HEAD',
          requireObjects: packaged ? [packaged.archiveRelPath] : []
        })
        for (const a of validated.archives)
          logger.info(`${a.status.padEnd(12)} ${a.path}: ${a.detail}`)
        return validated
      })
      result.validate = report
      if (report.failures.length > 0)
        throw new ArtifactLfsError(
          'validate',
          `${report.failures.length} session archive(s) failed validation:\n` +
            report.failures.map(f => `  ${f.path}: ${f.detail}`).join('\n'),
          { hint: 'nothing was pushed; fix or remove the archives listed' }
        )
    }

    if (steps.push) {
      result.push = await step('push', () =>
        pushStep(repo, {
          remote: request.remote,
          branch: branch as string,
          attempts: request.pushAttempts,
          dryRun: request.dryRun,
          policy,
          identityEnv,
          verify: async (sha: string) => {
            const report = await verifyAt(repo, policy, sha)
            if (report.offenders.length > 0)
              throw new ArtifactLfsError('verify', verifyFailureMessage(report))
          },
          logger
        })
      )

      const pushedSha = result.push.commitSha
      const committedSha = result.commit?.commitSha
      if (
        result.push.status === 'pushed' &&
        packaged &&
        result.package &&
        committedSha &&
        pushedSha
      ) {
        const finalPath = await locateArchive(
          repo,
          committedSha,
          pushedSha,
          packaged.archiveRelPath
        )
        if (finalPath !== packaged.archiveRelPath) {
          logger.warn(
            `another job pushed an archive named ${packaged.archiveRelPath} first; ours is ${finalPath}`
          )
          result.package.archiveRelPath = finalPath
          result.package.archivePath = path.join(repo.root, finalPath)
        }
      }
    }

    if (steps.clean && packaged && result.commit?.status === 'committed' && !request.dryRun) {
      const stored = packaged
      const report = await step('clean', () => cleanStep(stored.tmpDir, stored.files, logger))
      result.cleanup = { ...result.cleanup, clean: report }
    }
    const pruneTempRule = steps.pruneTemp
    if (pruneTempRule) {
      const report = await step('prune-temp', () =>
        pruneTempStep(repo, {
          tmpDir,
          sessionDir: policy.sessionArtifactDir,
          olderThanMs: pruneTempRule.olderThanMs,
          now: request.now,
          dryRun: request.dryRun,
          logger
        })
      )
      result.cleanup = { ...result.cleanup, pruneTemp: report }
    }
    return result
  } catch (error) {
    if (isArtifactLfsError(error)) throw new PipelineFailure(current, error, result)
    throw error
  } finally {
    await lock?.release()
  }
}

function packageReport(outcome: PackagedArchive): PackageReport {
  return {
    status: 'packaged',
    archivePath: outcome.archivePath,
    archiveRelPath: outcome.archiveRelPath,
    sha256: outcome.sha256,
    size: outcome.size,
    files: outcome.files,
    totalBytes: outcome.totalBytes,
    skipped: outcome.skipped
  }
}

async function verifyAt(repo: GitRepo, policy: Policy, ref: string): Promise<VerifyReport> {
  const verified = await verifyLfsPointers(repo, policy, ref)
  return {
    checkedFiles: verified.checked.length,
    pointers: verified.checked.filter(c => c.status === 'pointer').length,
    offenders: verified.offenders,
    checked: verified.checked.map(c => ({ path: c.path, status: c.status, blobSize: c.blobSize }))
  }
}

function verifyFailureMessage(report: VerifyReport): string {
  return (
    `${report.offenders.length} tracked file(s) must be LFS pointers but are not:\n` +
    report.offenders.map(o => `  ${o.path}: ${o.reason}`).join('\n')
  )
}

/** True when the work-tree file differs from HEAD, including when it is new (untracked). */
async function differsFromHead(repo: GitRepo, file: string): Promise<boolean> {
  const status = await repo.run([
    'status',
    '--porcelain',
    '-z',
    '--untracked-files=all',
    '--',
    file
  ])
  return status.stdout.length > 0
}
