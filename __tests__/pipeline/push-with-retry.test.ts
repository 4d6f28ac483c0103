import { afterAll, describe, expect, it, jest } from '@jest/globals'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import { identityEnvFor } from '../../src/git/committer-identity.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { localObjectPath } from '../../src/lfs/pointer.js'
import { commitArchive } from '../../src/pipeline/commit-archive.js'
import { fastForwardLocal } from '../../src/pipeline/fast-forward-local.js'
import { PushFailedError } from '../../src/pipeline/push-errors.js'
import { pushWithRetry } from '../../src/pipeline/push-with-retry.js'
import { recommitOnTip } from '../../src/pipeline/rebuild-commit.js'
import { assertNoOffenders, verifyLfsPointers } from '../../src/verify/verify-lfs-pointers.js'
import { cloneWithLfs, makeLfsRepo, writeArchive } from '../helpers/lfs-fixtures.js'
import { cleanupSandboxes, git, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const identityEnv = identityEnvFor('Archive Bot', 'bot@example.invalid')
const RULES = { binaryExtensions: ['.zip'], sizeThresholdMb: 50 }
const noSleep = async (_ms: number): Promise<void> => undefined

/** Packages (random bytes) and commits one archive in `dir`; what the orchestrator does. */
async function commitOne(dir: string, name: string) {
  const archivePath = `codex_sessions/${name}.zip`
  const archive = writeArchive(dir, archivePath, 5000)
  const { commitSha } = await commitArchive(new GitRepo(dir), {
    archivePath,
    expected: archive,
    alsoStage: [],
    message: `Add session artifact ${name}`,
    identityEnv
  })
  return { archivePath, archive, commitSha }
}

/** pushWithRetry wired the way the orchestrator wires it: rebuild on the tip, then verify. */
function pushOurs(dir: string, ourCommit: string, paths: string[], extra = {}) {
  const repo = new GitRepo(dir)
  return pushWithRetry(repo, {
    remote: 'origin',
    branch: 'main',
    commitSha: ourCommit,
    rebuild: tip => recommitOnTip(repo, { tip, ourCommit, paths, identityEnv }),
    verify: async sha => assertNoOffenders(await verifyLfsPointers(repo, RULES, sha), sha),
    sleep: noSleep,
    ...extra
  })
}

describe('pushWithRetry against a bare file:// remote', () => {
  it('lands the commit and the LFS object; a fresh clone gets the bytes back', async () => {
    const { dir, remote } = makeLfsRepo()
    // no pre-push hook: the LFS objects must still reach the remote (explicit git lfs push)
    rmSync(path.join(dir, '.git/hooks/pre-push'))
    const { archivePath, archive, commitSha } = await commitOne(dir, 'one')

    const result = await pushOurs(dir, commitSha, [archivePath])

    expect(result).toEqual({ pushed: true, commitSha, attempts: 1 })
    expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(commitSha)
    expect(existsSync(localObjectPath(remote, archive.sha256))).toBe(true)
    const clone = cloneWithLfs(remote)
    git(clone, 'lfs', 'pull')
    expect(readFileSync(path.join(clone, archivePath)).equals(archive.bytes)).toBe(true)
  })

  it('lands two clones pushing at once: the second fetches, rebuilds and retries', async () => {
    const { remote } = makeLfsRepo()
    const a = cloneWithLfs(remote)
    const b = cloneWithLfs(remote)
    const ours = [await commitOne(a, 'from-a'), await commitOne(b, 'from-b')]

    const results = await Promise.all(
      [a, b].map((dir, i) =>
        pushOurs(dir, ours[i]!.commitSha, [ours[i]!.archivePath], { random: () => 0.5 })
      )
    )

    const attempts = results.map(r => r.attempts).sort()
    expect(attempts[0]).toBe(1)
    expect(attempts[1]).toBeGreaterThanOrEqual(2)
    const log = git(remote, 'log', '--format=%s', 'main')
    expect(log).toContain('Add session artifact from-a')
    expect(log).toContain('Add session artifact from-b')
    const tip = git(remote, 'rev-parse', 'main').trim()
    expect(results.map(r => r.commitSha)).toContain(tip)
    for (const { archive } of ours)
      expect(existsSync(localObjectPath(remote, archive.sha256))).toBe(true)
    // the loser's rebuilt commit sits on the winner's and carries both archives
    const loser = results[0]!.attempts > 1 ? 0 : 1
    const loserDir = [a, b][loser]!
    const winner = ours[1 - loser]!
    expect(git(remote, 'rev-parse', `${tip}^`).trim()).toBe(results[1 - loser]!.commitSha)
    expect(git(remote, 'ls-tree', '-r', '--name-only', tip)).toContain(winner.archivePath)

    const moved = await fastForwardLocal(new GitRepo(loserDir), 'main', tip)
    expect(moved).toEqual({ branchUpdated: true, workTreeUpdated: true })
    expect(readFileSync(path.join(loserDir, winner.archivePath)).equals(winner.archive.bytes)).toBe(
      true
    )
    expect(git(loserDir, 'status', '--porcelain')).toBe('')
  })

  it('retries from a shallow clone, fetching with its depth', async () => {
    const { dir, remote } = makeLfsRepo()
    const shallow = path.join(path.dirname(cloneWithLfs(remote)), 'shallow')
    git(dir, 'clone', '-q', '--depth', '1', `file://${remote}`, shallow)
    git(shallow, 'lfs', 'install', '--local')
    const ours = await commitOne(shallow, 'from-shallow')
    writeFile(path.join(dir, 'more.txt'), 'history the shallow clone does not need\n')
    git(dir, 'add', 'more.txt')
    git(dir, 'commit', '-q', '-m', 'more history')
    const other = await commitOne(dir, 'from-full')
    await pushOurs(dir, other.commitSha, [other.archivePath])

    const result = await pushOurs(shallow, ours.commitSha, [ours.archivePath])

    expect(result.attempts).toBe(2)
    expect(git(remote, 'rev-parse', `main^`).trim()).toBe(other.commitSha)
    expect(git(shallow, 'rev-parse', '--is-shallow-repository').trim()).toBe('true')
    // depth 2 (the base + our commit): the tip and its parent came, not the whole history
    expect(git(shallow, 'rev-list', '--count', 'FETCH_HEAD').trim()).toBe('2')
  })

  it('stops when the rebuilt commit fails verification, leaving the remote as the other push left it', async () => {
    const { remote } = makeLfsRepo()
    const a = cloneWithLfs(remote)
    const b = cloneWithLfs(remote)
    const first = await commitOne(a, 'first')
    await pushOurs(a, first.commitSha, [first.archivePath])
    const second = await commitOne(b, 'second')
    const verify = jest.fn(async (sha: string) => {
      throw new ArtifactLfsError('verify', `refusing ${sha}`)
    })
    await expect(pushOurs(b, second.commitSha, [second.archivePath], { verify })).rejects.toThrow(
      /refusing [0-9a-f]{40}/
    )
    expect(verify).toHaveBeenCalledTimes(1)
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(first.commitSha)
    expect(existsSync(path.join(b, second.archivePath))).toBe(true)
  })
})

describe('pushWithRetry failures', () => {
  it('fails fast as auth against a server that always answers 401', async () => {
    let requests = 0
    const server = http.createServer((_req, res) => {
      requests++
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="artifact-lfs test"' })
      res.end('denied\n')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { dir } = makeLfsRepo({ withRemote: false })
      const { commitSha } = await commitOne(dir, 'denied')
      const { port } = server.address() as AddressInfo
      const sleep = jest.fn(noSleep)
      const rebuild = jest.fn(async () => 'never')
      const error = await pushWithRetry(new GitRepo(dir), {
        remote: `http://127.0.0.1:${port}/repo.git`,
        branch: 'main',
        commitSha,
        rebuild,
        verify: async () => undefined,
        sleep
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PushFailedError)
      const failed = error as PushFailedError
      expect(failed.failure.kind).toBe('auth')
      expect(failed.attempts).toBe(1)
      expect(failed.kind).toBe('push')
      expect(failed.hint).toMatch(/contents: write/)
      expect(sleep).not.toHaveBeenCalled()
      expect(rebuild).not.toHaveBeenCalled()
      expect(requests).toBeGreaterThan(0)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('retries network failures with capped exponential full-jitter back-off, without rebuilding', async () => {
    const server = http.createServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise(resolve => server.close(resolve))
    const { dir } = makeLfsRepo({ withRemote: false })
    const sleep = jest.fn(noSleep)
    const rebuild = jest.fn(async () => 'never')
    const error = await pushWithRetry(new GitRepo(dir), {
      remote: `http://127.0.0.1:${port}/repo.git`,
      branch: 'main',
      attempts: 4,
      rebuild,
      verify: async () => undefined,
      sleep,
      random: () => 0.5,
      baseDelayMs: 1000,
      maxDelayMs: 3000
    }).catch((e: unknown) => e)
    expect((error as PushFailedError).failure.kind).toBe('network')
    expect((error as PushFailedError).attempts).toBe(4)
    expect((error as Error).message).toMatch(/failed after 4 attempts/)
    expect(sleep.mock.calls.map(c => c[0])).toEqual([500, 1000, 1500])
    expect(rebuild).not.toHaveBeenCalled()
  })
})

describe('recommitOnTip', () => {
  it('builds our change on the tip without touching the work tree, index or refs', async () => {
    const { dir, remote } = makeLfsRepo()
    const other = cloneWithLfs(remote)
    writeFile(path.join(other, 'from-other.txt'), 'other\n')
    writeFile(path.join(other, '.gitattributes'), '*.db filter=lfs diff=lfs merge=lfs -text\n')
    git(other, 'add', '.')
    git(other, 'commit', '-q', '-m', 'other work')
    git(other, 'push', '-q', 'origin', 'main')
    writeFile(path.join(dir, '.gitattributes'), '*.zip filter=lfs diff=lfs merge=lfs -text\n')
    const ours = await commitOne(dir, 'mine')
    writeFile(path.join(dir, 'scratch.txt'), 'untracked user file\n')
    const tip = git(dir, 'ls-remote', 'origin', 'refs/heads/main').split('\t')[0]!
    git(dir, 'fetch', '-q', 'origin', 'main')
    const before = [
      git(dir, 'status', '--porcelain'),
      git(dir, 'ls-files', '-s'),
      git(dir, 'show-ref')
    ]

    const sha = await recommitOnTip(new GitRepo(dir), {
      tip,
      ourCommit: ours.commitSha,
      paths: [ours.archivePath, '.gitattributes'],
      regenerate: (p, atTip) =>
        p === '.gitattributes'
          ? Buffer.concat([
              atTip ?? Buffer.alloc(0),
              Buffer.from('*.zip filter=lfs diff=lfs merge=lfs -text\n')
            ])
          : undefined,
      identityEnv
    })

    expect([
      git(dir, 'status', '--porcelain'),
      git(dir, 'ls-files', '-s'),
      git(dir, 'show-ref')
    ]).toEqual(before)
    expect(git(dir, 'rev-parse', `${sha}^`).trim()).toBe(tip)
    expect(git(dir, 'log', '-1', '--format=%s', sha).trim()).toBe('Add session artifact mine')
    expect(
      git(dir, 'ls-tree', '-r', '--name-only', sha).split('\n').sort().filter(Boolean)
    ).toEqual(['.gitattributes', 'README.md', ours.archivePath, 'from-other.txt'].sort())
    expect(git(dir, 'show', `${sha}:.gitattributes`)).toBe(
      '*.db filter=lfs diff=lfs merge=lfs -text\n*.zip filter=lfs diff=lfs merge=lfs -text\n'
    )
    expect(git(dir, 'rev-parse', `${sha}:${ours.archivePath}`)).toBe(
      git(dir, 'rev-parse', `${ours.commitSha}:${ours.archivePath}`)
    )
  })
})

describe('fastForwardLocal', () => {
  it('refuses to move over local edits, then moves and keeps staged changes once they are gone', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const head = git(dir, 'rev-parse', 'HEAD').trim()
    // a pushed commit that changes README.md
    writeFile(path.join(dir, 'README.md'), '# changed upstream\n')
    git(dir, 'add', 'README.md')
    const tree = git(dir, 'write-tree').trim()
    const pushed = git(dir, 'commit-tree', tree, '-p', head, '-m', 'upstream').trim()
    git(dir, 'reset', '-q', '--hard', head)
    writeFile(path.join(dir, 'README.md'), '# my local edit\n')
    writeFile(path.join(dir, 'staged.txt'), 'staged\n')
    git(dir, 'add', 'staged.txt')
    const warn = jest.fn()

    const refused = await fastForwardLocal(new GitRepo(dir), 'main', pushed, {
      info: () => undefined,
      warn,
      debug: () => undefined
    })

    expect(refused.branchUpdated).toBe(false)
    expect(refused.warning).toMatch(/local edits stop main from moving/)
    expect(warn).toHaveBeenCalledWith(refused.warning)
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(head)
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# my local edit\n')

    git(dir, 'checkout', '-q', '--', 'README.md')
    const moved = await fastForwardLocal(new GitRepo(dir), 'main', pushed)
    expect(moved).toEqual({ branchUpdated: true, workTreeUpdated: true })
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(pushed)
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# changed upstream\n')
    expect(git(dir, 'status', '--porcelain')).toBe('A  staged.txt\n')
  })
})
