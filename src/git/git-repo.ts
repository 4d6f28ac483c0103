import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { takeEarlyGitCall } from './early-git-call.js'
import { execGit, GitCommandError, type ExecGitOptions, type ExecGitResult } from './exec-git.js'

export type GitCallOptions = Omit<ExecGitOptions, 'cwd'>

/** The one git call `GitRepo.locate` makes (unless a path holds a newline). */
export const LOCATE_ARGS: readonly string[] = [
  'rev-parse',
  '--show-toplevel',
  '--absolute-git-dir',
  '--is-shallow-repository'
]

/**
 * A repository on disk: its root, and `run()` that executes git there through execGit.
 * Feature modules (verify, commit, push, ...) take a GitRepo and build their own argv.
 */
export class GitRepo {
  readonly root: string
  private readonly defaults: GitCallOptions
  /** See `locatedFrom`. */
  private plainLocateDir: string | undefined
  /** The git dir once known: it does not change while we run, so it is asked for once. */
  private knownGitDir: string | undefined

  constructor(root: string, defaults: GitCallOptions = {}) {
    this.root = root
    this.defaults = defaults
  }

  /** Finds the work-tree root that contains `dir` (any folder inside the repo). */
  static async discover(dir: string, defaults: GitCallOptions = {}): Promise<GitRepo> {
    return (await GitRepo.locate(dir, defaults)).repo
  }

  /**
   * `discover`, plus whether the clone is shallow, from ONE `git rev-parse` (root, git dir and
   * shallowness in one process: each spawn costs more than the little work git does here).
   */
  static async locate(
    dir: string,
    defaults: GitCallOptions = {}
  ): Promise<{ repo: GitRepo; shallow: boolean }> {
    const plain = Object.keys(defaults).length === 0
    // a verify-only CLI run started this call before it loaded the code that reads it
    const early = plain ? takeEarlyGitCall(dir, LOCATE_ARGS) : undefined
    let result: ExecGitResult
    try {
      result = await (early?.output() ?? execGit(LOCATE_ARGS, { ...defaults, cwd: dir }))
    } catch (cause) {
      if (cause instanceof GitCommandError && cause.gitExitCode === null && !cause.timedOut)
        throw new ArtifactLfsError('git-missing', 'git is not installed or cannot be run', {
          hint: 'install git 2.30 or newer and make sure it is on PATH',
          cause
        })
      throw new ArtifactLfsError('repo-state', `${dir} is not inside a git work tree`, {
        hint: 'run artifact-lfs from inside a git repository (git init, or cd into your clone)',
        cause
      })
    }
    const lines = result.stdout.toString('utf8').replace(/\n$/, '').split('\n')
    const [top, gitDir, shallow] = lines
    if (lines.length === 3 && top !== undefined && gitDir !== undefined) {
      const repo = new GitRepo(await realpath(top), defaults)
      repo.knownGitDir = path.resolve(repo.root, gitDir)
      if (plain) repo.plainLocateDir = dir
      return { repo, shallow: shallow === 'true' }
    }
    // a path with a newline in it makes the lines ambiguous: ask one question per process
    const topOnly = await execGit(['rev-parse', '--show-toplevel'], { ...defaults, cwd: dir })
    const repo = new GitRepo(
      await realpath(topOnly.stdout.toString('utf8').replace(/\n$/, '')),
      defaults
    )
    if (plain) repo.plainLocateDir = dir
    return { repo, shallow: await repo.isShallow() }
  }

  /**
   * The folder `locate` found this repository from, when its calls use plain execGit options
   * (no env, no other git): git run in that folder sees exactly this repository, so a call
   * started there before the repository was known (an EarlyGitCall) can stand in for `run`.
   */
  get locatedFrom(): string | undefined {
    return this.plainLocateDir
  }

  run(args: readonly string[], options: GitCallOptions = {}): Promise<ExecGitResult> {
    return execGit(args, {
      ...this.defaults,
      ...options,
      env: { ...this.defaults.env, ...options.env },
      cwd: this.root
    })
  }

  /** stdout as text without the trailing newline. */
  async text(args: readonly string[], options: GitCallOptions = {}): Promise<string> {
    const result = await this.run(args, options)
    return result.stdout.toString('utf8').replace(/\n$/, '')
  }

  /** The git dir as an absolute path (handles worktrees and submodules). */
  async gitDir(): Promise<string> {
    if (this.knownGitDir === undefined) {
      const dir = await this.text(['rev-parse', '--absolute-git-dir'])
      this.knownGitDir = path.resolve(this.root, dir)
    }
    return this.knownGitDir
  }

  /** The commit HEAD points to, or undefined in a repository without commits. */
  async headCommit(): Promise<string | undefined> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {
      okExitCodes: [0, 1]
    })
    const sha = result.stdout.toString('utf8').trim()
    return result.exitCode === 0 && sha ? sha : undefined
  }

  /** The branch HEAD is on (short name), or undefined when detached. */
  async currentBranch(): Promise<string | undefined> {
    const result = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
      okExitCodes: [0, 1]
    })
    const name = result.stdout.toString('utf8').trim()
    return result.exitCode === 0 && name ? name : undefined
  }

  async isShallow(): Promise<boolean> {
    return (await this.text(['rev-parse', '--is-shallow-repository'])) === 'true'
  }
}
