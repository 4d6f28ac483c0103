import { ArtifactLfsError } from '../errors.js'
import { NETWORK_TIMEOUT_MS } from '../git/exec-git.js'
import type { GitRepo } from '../git/git-repo.js'
import { mergeManagedBlock } from '../gitattributes/merge-managed-block.js'
import { renderLfsRules } from '../gitattributes/render-lfs-rules.js'
import type { Policy } from '../policy/policy.js'
import type { Logger } from '../progress/progress.js'
import { fastForwardLocal } from './fast-forward-local.js'
import type { PushReport } from './pipeline-types.js'
import { pushWithRetry } from './push-with-retry.js'
import { recommitOnTip } from './rebuild-commit.js'

export interface PushStepOptions {
  remote: string
  branch: string
  attempts: number
  dryRun: boolean
  policy: Policy
  identityEnv: Readonly<Record<string, string>>
  /** Throws when a (rebuilt) commit must not be pushed. */
  verify: (commitSha: string) => Promise<void>
  logger: Logger
}

/**
 * Pushes HEAD when it is ahead of the remote branch. When another job pushed first, our
 * commit is rebuilt on the new tip rather than merged: it only adds uniquely named archives
 * and the generated `.gitattributes` block, so the tip's `.gitattributes` gets our block
 * regenerated into it and the archives are taken as they are. Local commits that change
 * anything else are never rewritten: that is refused with a hint to rebase by hand.
 */
export async function pushStep(repo: GitRepo, options: PushStepOptions): Promise<PushReport> {
  const { remote, branch, logger } = options
  const head = await repo.headCommit()
  const base = { remote, branch }
  if (head === undefined) return { ...base, status: 'nothing-to-push', attempts: 0 }
  const remoteTip = await lsRemoteTip(repo, remote, branch)
  if (remoteTip === head) {
    logger.info(`${remote} ${branch} already has ${head.slice(0, 12)}: nothing to push`)
    return { ...base, status: 'nothing-to-push', commitSha: head, attempts: 0 }
  }
  if (options.dryRun) {
    logger.info(`dry run: would push ${head.slice(0, 12)} to ${remote} ${branch}`)
    return { ...base, status: 'dry-run', commitSha: head, attempts: 0 }
  }
  let current = head
  const rules = renderLfsRules(options.policy)
  const pushed = await pushWithRetry(repo, {
    remote,
    branch,
    commitSha: head,
    attempts: options.attempts,
    logger,
    verify: options.verify,
    rebuild: async newTip => {
      const paths = await rebuildablePaths(repo, current, newTip, options.policy.sessionArtifactDir)
      current = await recommitOnTip(repo, {
        tip: newTip,
        ourCommit: current,
        paths,
        identityEnv: options.identityEnv,
        regenerate: (path, contentAtTip) =>
          path === '.gitattributes' ? mergeManagedBlock(contentAtTip, rules) : undefined
      })
      return current
    }
  })
  await fastForwardLocal(repo, branch, pushed.commitSha, logger)
  return { ...base, status: 'pushed', commitSha: pushed.commitSha, attempts: pushed.attempts }
}

/**
 * Where our archive ended up in the pushed commit: the same path, unless a concurrent job had
 * already pushed an archive of that name and the rebuild gave ours the next free one (the
 * blob, i.e. the pointer, is what identifies it).
 */
export async function locateArchive(
  repo: GitRepo,
  ourCommit: string,
  pushedCommit: string,
  archivePath: string
): Promise<string> {
  if (ourCommit === pushedCommit) return archivePath
  const blob = await repo.text(['rev-parse', `${ourCommit}:${archivePath}`])
  const dir = archivePath.slice(0, archivePath.lastIndexOf('/') + 1)
  const listing = await repo.run(['ls-tree', '-z', pushedCommit, '--', dir])
  for (const record of listing.stdout.toString('utf8').split('\0')) {
    const [meta, file] = record.split('\t')
    if (file && meta?.split(' ')[2] === blob) return file
  }
  return archivePath
}

async function lsRemoteTip(
  repo: GitRepo,
  remote: string,
  branch: string
): Promise<string | undefined> {
  const result = await repo.run(['ls-remote', '--heads', remote, `refs/heads/${branch}`], {
    timeoutMs: NETWORK_TIMEOUT_MS,
    okExitCodes: [0, 2]
  })
  const line = result.stdout.toString('utf8').split('\n')[0] ?? ''
  const sha = line.split('\t')[0]
  return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
}

/** The paths our unpushed commits change, when all of them are ours to regenerate. */
async function rebuildablePaths(
  repo: GitRepo,
  ours: string,
  tip: string,
  sessionDir: string
): Promise<string[]> {
  const mergeBase = await repo.run(['merge-base', ours, tip], { okExitCodes: [0, 1] })
  const from = mergeBase.stdout.toString('utf8').trim()
  if (mergeBase.exitCode !== 0 || from === '')
    throw new ArtifactLfsError(
      'push',
      `our commit ${ours.slice(0, 12)} shares no history with the remote tip ${tip.slice(0, 12)}`,
      {
        hint: 'fetch the branch and rebase your work onto it, then run again'
      }
    )
  const diff = await repo.run(['diff', '--name-only', '--no-renames', '-z', from, ours])
  const paths = diff.stdout.toString('utf8').split('\0').filter(Boolean)
  const foreign = paths.filter(
    p => p !== '.gitattributes' && !(p.startsWith(`${sessionDir}/`) && /\.zip$/i.test(p))
  )
  if (foreign.length > 0)
    throw new ArtifactLfsError(
      'push',
      `the remote branch moved and the local commits to push change more than session archives (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}): not rewriting them`,
      { hint: 'pull --rebase, resolve, and run again (or push your own commits first)' }
    )
  return paths
}
