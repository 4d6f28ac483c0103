import { ArtifactLfsError } from '../errors.js'
import { GitCommandError, NETWORK_TIMEOUT_MS } from '../git/exec-git.js'
import type { GitRepo } from '../git/git-repo.js'
import { silentLogger, type Logger } from '../progress/progress.js'
import { credentialLoopWatcher, LFS_TRACE_ENV } from '../git/lfs-trace.js'
import {
  classifyPushFailure,
  classifyTracedPushFailure,
  PushFailedError,
  type PushFailure
} from './push-errors.js'

/**
 * Pushes our commit to `refs/heads/<branch>` (LFS objects first), retrying when the branch
 * moved on: fetch the new tip (same depth when shallow), let the caller rebuild the commit on
 * it and verify the rebuilt commit, back off (exponential, full jitter), push again. Network
 * failures are retried without a rebuild; every other failure stops at once with a
 * classified message and hint. Nothing is force-pushed, so a failed run leaves the remote
 * branch untouched.
 */

export interface PushWithRetryOptions {
  /** A remote name ('origin') or URL. */
  remote: string
  branch: string
  /** The commit to push; HEAD when omitted. */
  commitSha?: string
  /** Push attempts in total, default 5. */
  attempts?: number
  /** Regenerates our commit on top of `newTip`; resolves the new commit id. */
  rebuild: (newTip: string) => Promise<string>
  /** Throws when the rebuilt commit must not be pushed (e.g. verifyLfsPointers offenders). */
  verify: (commitSha: string) => Promise<void>
  sleep?: (ms: number) => Promise<void>
  /** In [0, 1): the jitter source; Math.random by default. */
  random?: () => number
  logger?: Logger
  /** Per network call (lfs push, push, fetch); NETWORK_TIMEOUT_MS by default. */
  timeoutMs?: number
  /** First back-off ceiling, doubled each retry; default 1000 ms. */
  baseDelayMs?: number
  /** Back-off cap; default 20 000 ms. */
  maxDelayMs?: number
  /**
   * Run `git lfs push <remote> <sha>` before `git push` (default true), so the objects reach
   * the remote even in a clone whose LFS pre-push hook is not installed.
   */
  pushLfsObjects?: boolean
}

export interface PushResult {
  pushed: true
  commitSha: string
  attempts: number
}

const defaultSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

export async function pushWithRetry(
  repo: GitRepo,
  options: PushWithRetryOptions
): Promise<PushResult> {
  const attempts = Math.max(1, options.attempts ?? 5)
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const logger = options.logger ?? silentLogger
  const baseDelayMs = options.baseDelayMs ?? 1000
  const maxDelayMs = options.maxDelayMs ?? 20_000
  const { remote, branch } = options
  if (remote.startsWith('-') || branch.startsWith('-'))
    throw new ArtifactLfsError('usage', `invalid remote or branch: ${remote} ${branch}`)
  let sha = options.commitSha ?? (await repo.headCommit())
  if (sha === undefined)
    throw new ArtifactLfsError('push', 'nothing to push: the repository has no commits', {
      hint: 'commit an archive first'
    })

  for (let attempt = 1; ; attempt++) {
    const failure = await pushOnce(repo, options, sha)
    if (failure === undefined) {
      logger.info(
        `pushed ${sha.slice(0, 12)} to ${remote} ${branch}` +
          (attempt > 1 ? ` (attempt ${attempt} of ${attempts})` : '')
      )
      return { pushed: true, commitSha: sha, attempts: attempt }
    }
    const where = `push of ${sha.slice(0, 12)} to ${remote} ${branch}`
    if (!failure.retryable)
      throw new PushFailedError(`${where} failed: ${failure.message}`, failure, attempt)
    if (attempt >= attempts)
      throw new PushFailedError(
        `${where} failed after ${attempts} attempts: ${failure.message}`,
        failure,
        attempt
      )
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
    const delay = Math.floor(random() * ceiling)
    logger.warn(
      `push attempt ${attempt} of ${attempts} failed: ${failure.message}; retrying in ${delay} ms`
    )
    await sleep(delay)
    if (failure.kind === 'rejected-non-fast-forward') {
      const tip = await fetchTip(repo, remote, branch, options.timeoutMs)
      logger.info(`${remote} ${branch} is now at ${tip.slice(0, 12)}: rebuilding our commit on it`)
      sha = await options.rebuild(tip)
      await options.verify(sha)
    }
  }
}

/** One attempt; undefined on success, the classified failure otherwise. */
async function pushOnce(
  repo: GitRepo,
  options: PushWithRetryOptions,
  sha: string
): Promise<PushFailure | undefined> {
  const timeoutMs = options.timeoutMs ?? NETWORK_TIMEOUT_MS
  const { remote, branch } = options
  const steps: string[][] = []
  if (options.pushLfsObjects !== false) steps.push(['lfs', 'push', remote, sha])
  steps.push(['push', '--porcelain', remote, `${sha}:refs/heads/${branch}`])
  for (const args of steps) {
    // git-lfs is traced (HTTP statuses) and stopped when it loops on rejected credentials
    const lfs = args[0] === 'lfs'
    try {
      const result = await repo.run(args, {
        timeoutMs,
        okExitCodes: [0, 1, 128],
        ...(lfs ? { env: { ...LFS_TRACE_ENV }, watchStderr: credentialLoopWatcher() } : {})
      })
      if (result.exitCode === 0) continue
      return classifyTracedPushFailure(`${result.stdout.toString('utf8')}\n${result.stderr}`, false)
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error
      return classifyTracedPushFailure(error.stderr, error.timedOut, error.stoppedBecause)
    }
  }
  return undefined
}

/** Fetches the remote branch (same depth as this clone when shallow); resolves its tip. */
export async function fetchTip(
  repo: GitRepo,
  remote: string,
  branch: string,
  timeoutMs = NETWORK_TIMEOUT_MS
): Promise<string> {
  const args = ['fetch', '--no-tags', '--quiet']
  if (await repo.isShallow()) {
    const depth = Number(await repo.text(['rev-list', '--count', '--first-parent', 'HEAD']))
    args.push(`--depth=${Math.max(1, depth)}`)
  }
  args.push(remote, `refs/heads/${branch}`)
  try {
    await repo.run(args, { timeoutMs })
  } catch (error) {
    const failure =
      error instanceof GitCommandError
        ? classifyPushFailure(error.stderr, error.timedOut)
        : undefined
    throw new ArtifactLfsError(
      'push',
      `could not fetch ${remote} ${branch} to rebuild on it: ${failure?.message ?? (error as Error).message}`,
      { hint: failure?.hint ?? 'check the remote and run again', cause: error }
    )
  }
  return repo.text(['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])
}
