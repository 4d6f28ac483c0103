import { ArtifactLfsError } from '../errors.js'
import { silentLogger, type Logger } from '../progress/progress.js'
import { committerIdentity, type IdentityEnv } from './committer-identity.js'
export { committerIdentity, type IdentityEnv } from './committer-identity.js'
import { GitCommandError } from './exec-git.js'
import type { GitRepo } from './git-repo.js'

/**
 * Checks made before anything is packaged or committed: are git and git-lfs there, is the
 * LFS filter configured (without it `git add` silently stores raw blobs), which branch we
 * push to, and who commits.
 */

export const LFS_MISSING_HINT =
  'install it: apt-get install git-lfs (Debian/Ubuntu), brew install git-lfs (macOS), or see https://git-lfs.com; then run git lfs install'

export interface ToolVersions {
  /** e.g. "2.39.5" */
  git: string
  /** e.g. "3.3.0" */
  gitLfs: string
}

/** The versions of git and git-lfs; a clear error when either is missing. */
export async function checkTools(repo: GitRepo): Promise<ToolVersions> {
  // two independent processes: run them side by side, report git first when both fail
  const [gitRun, lfsRun] = await Promise.allSettled([
    repo.text(['--version']),
    repo.text(['lfs', 'version'])
  ])
  if (gitRun.status === 'rejected')
    throw new ArtifactLfsError('git-missing', 'git is not installed or cannot be run', {
      hint: 'install git 2.30 or newer and make sure it is on PATH',
      cause: gitRun.reason
    })
  if (lfsRun.status === 'rejected')
    throw new ArtifactLfsError('lfs-missing', 'git-lfs is not installed', {
      hint: LFS_MISSING_HINT,
      cause: lfsRun.reason
    })
  const gitLine = gitRun.value
  const lfsLine = lfsRun.value
  return {
    git: /git version (\S+)/.exec(gitLine)?.[1] ?? gitLine.trim(),
    gitLfs: /git-lfs\/(\S+)/.exec(lfsLine)?.[1] ?? lfsLine.trim()
  }
}

/** True when `filter.lfs.clean` or `filter.lfs.process` is set in any config scope. */
export async function isLfsFilterConfigured(repo: GitRepo): Promise<boolean> {
  const result = await repo.run(['config', '--get-regexp', '^filter\\.lfs\\.(clean|process)$'], {
    okExitCodes: [0, 1]
  })
  return result.exitCode === 0 && result.stdout.toString('utf8').trim() !== ''
}

export async function ensureLfsFilter(
  repo: GitRepo,
  logger: Logger = silentLogger
): Promise<boolean> {
  if (await isLfsFilterConfigured(repo)) return false
  try {
    await repo.run(['lfs', 'install', '--local'])
  } catch (cause) {
    const stderr = cause instanceof GitCommandError ? cause.stderr : ''
    if (/'lfs' is not a git command/.test(stderr))
      throw new ArtifactLfsError('lfs-missing', 'git-lfs is not installed', {
        hint: LFS_MISSING_HINT,
        cause
      })
    throw new ArtifactLfsError(
      'repo-state',
      `the Git LFS filter is not configured in ${repo.root} and git lfs install --local failed`,
      {
        hint: 'run git lfs install --local yourself and read its message (an existing pre-push hook may need git lfs update --manual)',
        cause
      }
    )
  }
  if (!(await isLfsFilterConfigured(repo)))
    throw new ArtifactLfsError(
      'repo-state',
      `git lfs install --local ran in ${repo.root} but filter.lfs.process is still not set`,
      { hint: 'check the repository config (git config --show-origin --get-regexp filter.lfs)' }
    )
  logger.info(
    'Git LFS filter was not configured: ran git lfs install --local (repository config and hooks only)'
  )
  return true
}

/**
 * The branch to commit and push to: `requested` when given (checked with
 * `git check-ref-format --branch`), else the branch HEAD is on.
 */
export async function resolveBranch(repo: GitRepo, requested?: string): Promise<string> {
  if (requested !== undefined && requested !== '') {
    const check = await repo.run(['check-ref-format', '--branch', requested], {
      okExitCodes: [0, 1, 128]
    })
    const normalized = check.stdout.toString('utf8').trim()
    if (check.exitCode !== 0 || requested.startsWith('-') || normalized.startsWith('refs/'))
      throw new ArtifactLfsError(
        'usage',
        `${JSON.stringify(requested)} is not a valid branch name`,
        {
          hint: 'pass a plain branch name, e.g. --branch artifacts'
        }
      )
    return normalized
  }
  const current = await repo.currentBranch()
  if (current === undefined)
    throw new ArtifactLfsError(
      'repo-state',
      `HEAD is detached in ${repo.root}: there is no branch to commit the archive to`,
      { hint: 'pass --branch NAME (the branch input in the Action), or check out a branch first' }
    )
  return current
}

export interface PreflightReport {
  tools: ToolVersions
  /** True when the LFS filter was missing and `git lfs install --local` configured it. */
  installedLfsFilter: boolean
  branch: string
  /** HEAD's branch, or undefined when detached. */
  currentBranch: string | undefined
  identityEnv: IdentityEnv
  /** A shallow clone: verify still works; the push retry fetches with the same depth. */
  shallow: boolean
}

/** All checks in order, with one log line per finding worth knowing. */
export async function runPreflight(
  repo: GitRepo,
  options: { branch?: string; logger?: Logger } = {}
): Promise<PreflightReport> {
  const logger = options.logger ?? silentLogger
  const tools = await checkTools(repo)
  logger.debug(`git ${tools.git}, git-lfs ${tools.gitLfs}`)
  const installedLfsFilter = await ensureLfsFilter(repo, logger)
  const branch = await resolveBranch(repo, options.branch)
  const currentBranch = await repo.currentBranch()
  const identityEnv = await committerIdentity(repo, logger)
  const shallow = await repo.isShallow()
  if (shallow)
    logger.info('shallow clone: verify reads only HEAD; a push retry fetches with the same depth')
  return { tools, installedLfsFilter, branch, currentBranch, identityEnv, shallow }
}
