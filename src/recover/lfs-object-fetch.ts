import { ArtifactLfsError } from '../errors.js'
import { GitCommandError, NETWORK_TIMEOUT_MS } from '../git/exec-git.js'
import type { GitRepo } from '../git/git-repo.js'
import {
  CREDENTIAL_LOOP,
  credentialLoopWatcher,
  LFS_TRACE_ENV,
  MAX_CREDENTIAL_REJECTIONS,
  withoutTraceLines
} from '../git/lfs-trace.js'

/**
 * Our fetches must download even when the caller's environment says "skip smudge"
 * (a clone made with GIT_LFS_SKIP_SMUDGE=1 is exactly the case being repaired).
 */
const FETCH_ENV = { GIT_LFS_SKIP_SMUDGE: undefined }

/**
 * A git-lfs --include pattern that matches exactly `repoPath`: wildmatch characters are
 * backslash-escaped (braces are literal to git-lfs; escaping them breaks the match), and a
 * comma (git-lfs splits the list on commas, with no escape) becomes `?`, which can only widen
 * the match to a sibling name differing in that one character.
 */
export function lfsIncludePattern(repoPath: string): string {
  return repoPath.replace(/[\\*?[\]!#]/g, ch => `\\${ch}`).replace(/,/g, '?')
}

/** The remote git-lfs would use: remote.lfsdefault, the branch's upstream, origin, the only one. */
export async function lfsRemote(repo: GitRepo): Promise<string> {
  const configured = async (key: string): Promise<string> => {
    const result = await repo.run(['config', '--get', key], { okExitCodes: [0, 1] })
    return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : ''
  }
  const lfsDefault = await configured('remote.lfsdefault')
  if (lfsDefault !== '') return lfsDefault
  const branch = await repo.currentBranch()
  if (branch !== undefined) {
    const upstream = await configured(`branch.${branch}.remote`)
    if (upstream !== '' && upstream !== '.') return upstream
  }
  const remotes = (await repo.text(['remote'])).split('\n').filter(Boolean)
  if (remotes.includes('origin')) return 'origin'
  if (remotes.length === 1) return remotes[0] as string
  throw new ArtifactLfsError(
    'recover',
    remotes.length === 0
      ? 'this clone has no remote to fetch the LFS object from'
      : `this clone has ${remotes.length} remotes and none is origin or the branch's upstream`,
    {
      hint: 'add the remote (git remote add origin URL) or set git config remote.lfsdefault NAME'
    }
  )
}

export interface FetchTarget {
  /** Names the archive in messages. */
  displayName: string
  /** Repo-relative path the LFS object belongs to. */
  repoPath: string
  oid: string
}

/**
 * Downloads the object of a work-tree file that is only a pointer:
 * `git lfs pull --include=<path>` (which also checks the real file out in place of the pointer).
 */
export async function pullWorkTreeObject(repo: GitRepo, target: FetchTarget): Promise<void> {
  const args = ['lfs', 'pull', `--include=${lfsIncludePattern(target.repoPath)}`, '--exclude=']
  await runFetch(repo, args, target)
}

/** Downloads the object a commit's pointer names: `git lfs fetch <remote> <commit> --include=...`. */
export async function fetchCommitObject(
  repo: GitRepo,
  commit: string,
  target: FetchTarget
): Promise<void> {
  const remote = await lfsRemote(repo)
  const args = [
    'lfs',
    'fetch',
    `--include=${lfsIncludePattern(target.repoPath)}`,
    '--exclude=',
    remote,
    commit
  ]
  await runFetch(repo, args, target)
}

/**
 * git-lfs runs traced, so that a credential helper answering the same rejected password is
 * stopped after a few rounds instead of looping until the timeout (see lfs-trace.ts).
 */
async function runFetch(repo: GitRepo, args: string[], target: FetchTarget): Promise<void> {
  try {
    await repo.run(args, {
      timeoutMs: NETWORK_TIMEOUT_MS,
      env: { ...FETCH_ENV, ...LFS_TRACE_ENV },
      watchStderr: credentialLoopWatcher()
    })
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error
    throw fetchFailed(target, error)
  }
}

function fetchFailed(target: FetchTarget, error: GitCommandError): ArtifactLfsError {
  const said = withoutTraceLines(error.stderr).trim()
  const auth =
    error.stoppedBecause === CREDENTIAL_LOOP ||
    /Git credentials for \S+ not found|could not read (Username|Password)|Authorization error/i.test(
      said
    )
  const missing = !auth && /missing object|does not exist|not found|404/i.test(said)
  const why = error.timedOut
    ? 'the transfer timed out'
    : error.stoppedBecause === CREDENTIAL_LOOP
      ? `the LFS server refused the credentials ${MAX_CREDENTIAL_REJECTIONS} times in a row; git-lfs was stopped`
      : auth
        ? 'the LFS server wants credentials that were not given or not accepted'
        : missing
          ? 'the remote does not have it'
          : 'git-lfs failed'
  const detail = said === '' ? '' : `: ${said.split('\n').slice(-4).join(' | ')}`
  return new ArtifactLfsError(
    'recover',
    `${target.displayName} is only an LFS pointer here and its object ${target.oid.slice(0, 12)} could not be fetched (${why})${detail}`,
    {
      hint: auth
        ? 'check the credentials for the LFS server (credential helper, token, lfs.url), then try git lfs fetch yourself'
        : missing
          ? 'the job that pushed this archive must also push its LFS object (git lfs push --all <remote>); check that you fetch from the right remote'
          : 'check the remote URL, your network and credentials, then try git lfs fetch yourself',
      cause: error
    }
  )
}

/** After a fetch that "worked", the object is still not in the local store. */
export function notFetchedError(target: FetchTarget, objectPath: string): ArtifactLfsError {
  return new ArtifactLfsError(
    'recover',
    `${target.displayName}: git-lfs did not bring LFS object ${target.oid.slice(0, 12)} (no ${objectPath})`,
    {
      hint: `check that ${target.repoPath} is tracked by LFS in that commit and that the remote has the object (git lfs ls-files; git lfs fetch --all)`
    }
  )
}
