import { afterAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import type { ExecGitResult } from '../../src/git/exec-git.js'
import { startEarlyGitCall, takeEarlyGitCall } from '../../src/git/early-git-call.js'
import { GitRepo, LOCATE_ARGS, type GitCallOptions } from '../../src/git/git-repo.js'
import { cleanupSandboxes, git, makeScratchRepo, makeTempDir } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

/** A GitRepo that records every git argv it runs (the calls still go to real git). */
class CountingRepo extends GitRepo {
  readonly calls: string[][] = []
  override run(args: readonly string[], options?: GitCallOptions): Promise<ExecGitResult> {
    this.calls.push([...args])
    return super.run(args, options)
  }
}

/** A `git` that logs each argv it gets, one line per process, then runs the real git. */
function loggingGit(): { gitPath: string; log: string } {
  const bin = makeTempDir('alfs-bin-')
  const log = path.join(bin, 'calls.log')
  const gitPath = path.join(bin, 'git')
  writeFileSync(gitPath, `#!/bin/sh\necho "$*" >> '${log}'\nexec /usr/bin/git "$@"\n`)
  chmodSync(gitPath, 0o755)
  return { gitPath, log }
}

describe('GitRepo.locate', () => {
  it('finds root, git dir and shallowness with one git process, and keeps the git dir', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true })
    const { gitPath, log } = loggingGit()
    const { repo, shallow } = await GitRepo.locate(path.join(dir, 'sub', 'deeper'), { gitPath })
    expect(repo.root).toBe(realpathSync(dir))
    expect(shallow).toBe(false)
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1)
    expect(await repo.gitDir()).toBe(path.join(realpathSync(dir), '.git'))
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1)
    const counting = new CountingRepo(repo.root)
    expect(await counting.gitDir()).toBe(path.join(realpathSync(dir), '.git'))
    expect(await counting.gitDir()).toBe(path.join(realpathSync(dir), '.git'))
    // asked once, then remembered
    expect(counting.calls).toEqual([['rev-parse', '--absolute-git-dir']])
  })

  it('reports a shallow clone', async () => {
    const { dir, remote } = makeScratchRepo()
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second')
    git(dir, 'push', '-q', 'origin', 'main')
    const clone = path.join(makeTempDir(), 'shallow')
    git(dir, 'clone', '-q', '--depth', '1', `file://${remote}`, clone)
    expect((await GitRepo.locate(clone)).shallow).toBe(true)
  })

  it('still finds a root whose path holds a newline (one question per process then)', async () => {
    const base = makeTempDir()
    const odd = path.join(base, 'line\nbreak')
    mkdirSync(odd)
    git(odd, 'init', '-q', '-b', 'main')
    const { repo, shallow } = await GitRepo.locate(odd)
    expect(repo.root).toBe(realpathSync(odd))
    expect(shallow).toBe(false)
    expect(await repo.gitDir()).toBe(path.join(realpathSync(odd), '.git'))
  })

  it('takes the rev-parse started early in the same folder, and remembers that folder', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const sub = path.join(dir, 'sub')
    mkdirSync(sub)
    const { gitPath, log } = loggingGit()
    const savedPath = process.env.PATH
    process.env.PATH = `${path.dirname(gitPath)}:${savedPath}`
    try {
      startEarlyGitCall(sub, LOCATE_ARGS)
      startEarlyGitCall(dir, LOCATE_ARGS)
      const { repo } = await GitRepo.locate(sub)
      expect(repo.root).toBe(realpathSync(dir))
      expect(repo.locatedFrom).toBe(sub)
      expect(await repo.gitDir()).toBe(path.join(realpathSync(dir), '.git'))
      // the two early processes, and none of its own
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2)
      // the one started in another folder is left for whoever locates from there
      expect(await takeEarlyGitCall(dir, LOCATE_ARGS)?.output()).toMatchObject({ exitCode: 0 })
    } finally {
      process.env.PATH = savedPath
    }
  })

  it('leaves early calls alone, and says it was located from nowhere, with its own git options', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    startEarlyGitCall(dir, LOCATE_ARGS)
    const { gitPath, log } = loggingGit()
    const { repo } = await GitRepo.locate(dir, { gitPath })
    expect(repo.locatedFrom).toBeUndefined()
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1)
    expect(await takeEarlyGitCall(dir, LOCATE_ARGS)?.output()).toMatchObject({ exitCode: 0 })
    expect(new GitRepo(dir).locatedFrom).toBeUndefined()
  })

  it('says git is missing, or that the folder is not in a work tree', async () => {
    const missing = await GitRepo.locate(makeTempDir(), { gitPath: '/nonexistent/git' }).catch(
      (e: unknown) => e
    )
    expect(missing).toBeInstanceOf(ArtifactLfsError)
    expect((missing as ArtifactLfsError).kind).toBe('git-missing')
    const outside = await GitRepo.locate(makeTempDir()).catch((e: unknown) => e)
    expect((outside as ArtifactLfsError).kind).toBe('repo-state')
    expect((outside as ArtifactLfsError).message).toMatch(/not inside a git work tree/)
  })
})
