import { afterAll, describe, expect, it } from '@jest/globals'
import { execGit, GitCommandError } from '../src/git/exec-git.js'
import { GitRepo } from '../src/git/git-repo.js'
import { cleanupSandboxes, makeScratchRepo, makeTempDir } from './helpers/sandbox.js'

afterAll(cleanupSandboxes)

describe('execGit', () => {
  it('runs git with prompts disabled and returns stdout as bytes', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const env = await execGit(['-c', 'alias.envp=!printenv GIT_TERMINAL_PROMPT', 'envp'], {
      cwd: dir
    })
    expect(env.stdout.toString('utf8').trim()).toBe('0')
  })

  it('feeds stdin and keeps stderr in the error', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const hashed = await execGit(['hash-object', '--stdin'], { cwd: dir, input: 'hello\n' })
    expect(hashed.stdout.toString().trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    await expect(execGit(['rev-parse', '--verify', 'no-such-ref'], { cwd: dir })).rejects.toThrow(
      /exited with code 128/
    )
  })

  it('kills a process that exceeds its timeout, with its children', async () => {
    const dir = makeTempDir()
    const started = Date.now()
    const error = await execGit(['-c', 'alias.slow=!sleep 30', 'slow'], {
      cwd: dir,
      timeoutMs: 300
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitCommandError)
    expect((error as GitCommandError).timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('says how to install git when the binary is missing', async () => {
    const error = await execGit(['--version'], {
      cwd: makeTempDir(),
      gitPath: '/nonexistent/git'
    }).catch((e: unknown) => e)
    expect((error as GitCommandError).hint).toMatch(/install git/)
  })
})

describe('GitRepo', () => {
  it('discovers the root from a subfolder and reads branch and head', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const repo = await GitRepo.discover(`${dir}/.git/..`)
    expect(repo.root).toBe(dir)
    expect(await repo.currentBranch()).toBe('main')
    expect(await repo.headCommit()).toMatch(/^[0-9a-f]{40}$/)
    expect(await repo.isShallow()).toBe(false)
  })

  it('refuses a folder outside any repository', async () => {
    await expect(GitRepo.discover(makeTempDir())).rejects.toThrow(/not inside a git work tree/)
  })
})
