import { afterAll, describe, expect, it } from '@jest/globals'
import { symlinkSync } from 'node:fs'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import {
  DEFAULT_COMMITTER_EMAIL,
  DEFAULT_COMMITTER_NAME
} from '../../src/git/committer-identity.js'
import { GitRepo } from '../../src/git/git-repo.js'
import {
  checkTools,
  committerIdentity,
  ensureLfsFilter,
  isLfsFilterConfigured,
  resolveBranch,
  runPreflight
} from '../../src/git/preflight.js'
import type { Logger } from '../../src/progress/progress.js'
import { commandConfigEnv } from '../helpers/lfs-fixtures.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: m => lines.push(`info: ${m}`),
    warn: m => lines.push(`warn: ${m}`),
    debug: () => undefined
  }
}

async function caught(promise: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

describe('checkTools', () => {
  it('reports the installed git and git-lfs versions', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const versions = await checkTools(new GitRepo(dir))
    expect(versions.git).toBe(git(dir, '--version').trim().replace('git version ', ''))
    expect(versions.gitLfs).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('says git itself is missing when it cannot be run', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const error = await caught(checkTools(new GitRepo(dir, { gitPath: '/nonexistent/git' })))
    expect(error.kind).toBe('git-missing')
  })

  it('says how to install git-lfs when it is missing', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const bin = makeTempDir('alfs-bin-')
    symlinkSync('/usr/bin/git', path.join(bin, 'git'))
    const repo = new GitRepo(dir, { gitPath: path.join(bin, 'git'), env: { PATH: bin } })
    const error = await caught(checkTools(repo))
    expect(error.kind).toBe('lfs-missing')
    expect(error.message).toBe('git-lfs is not installed')
    expect(error.hint).toMatch(/apt-get install git-lfs.*brew install git-lfs.*git lfs install/)
  })
})

describe('ensureLfsFilter', () => {
  it('runs git lfs install --local when no scope configures the filter, once', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    expect(await isLfsFilterConfigured(repo)).toBe(false)
    const logger = recordingLogger()
    expect(await ensureLfsFilter(repo, logger)).toBe(true)
    expect(git(dir, 'config', '--local', '--get', 'filter.lfs.process').trim()).toMatch(
      /git-lfs filter-process/
    )
    expect(logger.lines.join('\n')).toMatch(/git lfs install --local/)
    expect(await ensureLfsFilter(repo)).toBe(false)
  })

  it('leaves the repository alone when another scope already configures it', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const env = commandConfigEnv({ 'filter.lfs.process': 'git-lfs filter-process' })
    expect(await ensureLfsFilter(new GitRepo(dir, { env }))).toBe(false)
    expect(() => git(dir, 'config', '--local', '--get', 'filter.lfs.process')).toThrow()
  })
})

describe('resolveBranch', () => {
  it('uses the current branch, or the requested one when given', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    expect(await resolveBranch(repo)).toBe('main')
    expect(await resolveBranch(repo, 'artifacts/ci')).toBe('artifacts/ci')
    const bad = await caught(resolveBranch(repo, 'bad..name'))
    expect(bad.kind).toBe('usage')
    expect(bad.message).toContain('bad..name')
  })

  it('refuses a detached HEAD without a branch, with a hint', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    git(dir, 'checkout', '-q', '--detach')
    const repo = new GitRepo(dir)
    const error = await caught(resolveBranch(repo))
    expect(error.kind).toBe('repo-state')
    expect(error.message).toMatch(/detached/)
    expect(error.hint).toContain('pass --branch NAME')
    expect(await resolveBranch(repo, 'main')).toBe('main')
  })
})

describe('committerIdentity', () => {
  it('takes user.name/user.email from config as environment variables', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    git(dir, 'config', 'user.name', 'Local Person')
    git(dir, 'config', 'user.email', 'local@example.invalid')
    expect(await committerIdentity(new GitRepo(dir))).toEqual({
      GIT_AUTHOR_NAME: 'Local Person',
      GIT_AUTHOR_EMAIL: 'local@example.invalid',
      GIT_COMMITTER_NAME: 'Local Person',
      GIT_COMMITTER_EMAIL: 'local@example.invalid'
    })
  })

  it('falls back to github-actions[bot] without writing any config', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const emptyGlobal = path.join(makeTempDir(), 'gitconfig')
    writeFile(emptyGlobal, '')
    const repo = new GitRepo(dir, { env: { GIT_CONFIG_GLOBAL: emptyGlobal } })
    const logger = recordingLogger()
    const env = await committerIdentity(repo, logger)
    expect(env.GIT_AUTHOR_NAME).toBe(DEFAULT_COMMITTER_NAME)
    expect(env.GIT_COMMITTER_EMAIL).toBe(DEFAULT_COMMITTER_EMAIL)
    expect(logger.lines.join('\n')).toContain(DEFAULT_COMMITTER_NAME)
    expect(git(dir, 'config', '--list', '--local')).not.toMatch(/^user\./m)
  })
})

describe('runPreflight', () => {
  it('reports a shallow clone and everything else in one go', async () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'second.txt'), 'two\n')
    git(dir, 'add', 'second.txt')
    git(dir, 'commit', '-q', '-m', 'second')
    git(dir, 'push', '-q', 'origin', 'main')
    const clone = path.join(makeTempDir(), 'shallow')
    git(dir, 'clone', '-q', '--depth', '1', `file://${remote}`, clone)
    const logger = recordingLogger()
    const report = await runPreflight(new GitRepo(clone), { logger })
    expect(report.shallow).toBe(true)
    expect(report.branch).toBe('main')
    expect(report.installedLfsFilter).toBe(true)
    expect(report.identityEnv.GIT_AUTHOR_NAME).toBe('Test Runner')
    expect(logger.lines.join('\n')).toMatch(/shallow clone/)
  })
})
