import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { execGit, type ExecGitOptions, type ExecGitResult } from './exec-git.js'

export type GitCallOptions = Omit<ExecGitOptions, 'cwd'>

/**
 * A repository on disk: its root, and `run()` that executes git there through execGit.
 * Feature modules (verify, commit, push, ...) take a GitRepo and build their own argv.
 */
export class GitRepo {
  readonly root: string
  private readonly defaults: GitCallOptions

  constructor(root: string, defaults: GitCallOptions = {}) {
    this.root = root
    this.defaults = defaults
  }

  /** Finds the work-tree root that contains `dir` (any folder inside the repo). */
  static async discover(dir: string, defaults: GitCallOptions = {}): Promise<GitRepo> {
    let result: ExecGitResult
    try {
      result = await execGit(['rev-parse', '--show-toplevel'], { ...defaults, cwd: dir })
    } catch (cause) {
      throw new ArtifactLfsError('repo-state', `${dir} is not inside a git work tree`, {
        hint: 'run artifact-lfs from inside a git repository (git init, or cd into your clone)',
        cause
      })
    }
    const top = result.stdout.toString('utf8').replace(/\n$/, '')
    return new GitRepo(await realpath(top), defaults)
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
    const dir = await this.text(['rev-parse', '--absolute-git-dir'])
    return path.resolve(this.root, dir)
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
