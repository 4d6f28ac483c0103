import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, existsSync } from 'node:fs'
import path from 'node:path'
import { commitArchivePrune } from '../../src/cleanup/prune-archives.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { identityEnvFor } from '../../src/git/committer-identity.js'
import { runCli } from '../helpers/run-cli.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { packageWithCli, recordingLogger, tmpFile, type PackagedRun } from './cleanup-fixtures.js'

afterAll(cleanupSandboxes)

const IDENTITY = identityEnvFor('Pruner', 'pruner@example.com')
const DAY = 86_400_000

/** Three archives made by the real CLI (package, commit; the last one pushes), oldest first. */
let original: { dir: string; remote: string }
let runs: PackagedRun[]

beforeAll(async () => {
  original = makeScratchRepo()
  runs = []
  for (const n of [1, 2, 3]) {
    writeFile(tmpFile(original.dir, `run-${n}.txt`), `output of run ${n}\n`)
    // only the last run pushes (and pushes all three commits): fewer git-lfs round trips
    runs.push(await packageWithCli(original.dir, n === 3))
  }
})

/** An independent copy of work tree + remote (each test may commit and push). */
function copyOfRepos(): { dir: string; remote: string } {
  const base = makeTempDir('alfs-prune-archives-')
  const from = path.dirname(original.dir)
  cpSync(from, base, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
  const dir = path.join(base, 'work')
  const remote = path.join(base, 'remote.git')
  git(dir, 'remote', 'set-url', 'origin', `file://${remote}`)
  return { dir, remote }
}

const trackedArchives = (dir: string, rev = 'HEAD'): string[] =>
  git(dir, 'ls-tree', '--name-only', `${rev}:codex_sessions`).split('\n').filter(Boolean).sort()

describe('commitArchivePrune (real git + git-lfs)', () => {
  it('keep 2: one commit removes the oldest archive, which stays in history; other staged work stays staged', async () => {
    const { dir, remote } = copyOfRepos()
    const [oldest, middle, newest] = runs as [PackagedRun, PackagedRun, PackagedRun]
    const before = git(dir, 'rev-parse', 'HEAD').trim()
    // the user has unrelated work staged: it must not end up in the prune commit
    writeFile(path.join(dir, 'notes.md'), 'staged, not for this commit\n')
    git(dir, 'add', 'notes.md')

    const logger = recordingLogger()
    const result = await commitArchivePrune(new GitRepo(dir), {
      sessionDir: 'codex_sessions',
      keep: 2,
      now: new Date(),
      identityEnv: IDENTITY,
      logger
    })

    expect(result.removed).toEqual([oldest.archiveRelPath])
    expect(result.kept).toEqual([newest, middle].map(r => path.basename(r.archiveRelPath)))
    expect(result.commitSha).toBe(git(dir, 'rev-parse', 'HEAD').trim())
    expect(git(dir, 'rev-parse', 'HEAD~1').trim()).toBe(before)
    // exactly the oldest archive left the tree, nothing else changed in the commit
    expect(git(dir, 'diff', '--name-status', 'HEAD~1', 'HEAD').trim()).toBe(
      `D\t${oldest.archiveRelPath}`
    )
    expect(trackedArchives(dir)).toEqual(
      [middle, newest].map(r => path.basename(r.archiveRelPath)).sort()
    )
    // the message says what and why
    const name = path.basename(oldest.archiveRelPath)
    expect(git(dir, 'log', '-1', '--format=%s')).toBe(
      `Prune 1 session archive (keep newest 2): ${name}\n`
    )
    expect(git(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Pruner <pruner@example.com>\n')
    // the pruned archive is still in history: its pointer at the old commit
    expect(git(dir, 'show', `${before}:${oldest.archiveRelPath}`)).toMatch(
      new RegExp(
        `^version https://git-lfs.github.com/spec/v1\noid sha256:${oldest.sha256}\nsize \\d+\n$`
      )
    )
    // git rm semantics: the work-tree copy is gone, the index agrees with HEAD for it
    expect(existsSync(path.join(dir, oldest.archiveRelPath))).toBe(false)
    expect(existsSync(path.join(dir, newest.archiveRelPath))).toBe(true)
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('A  notes.md\n')
    expect(result.leftInWorkTree).toEqual([])

    // the existing push step accepts the deletion commit (verify + validate + push)
    const push = await runCli(dir, ['--push', '--json'])
    expect(push.code).toBe(0)
    expect(JSON.parse(push.stdout).push.status).toBe('pushed')
    expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(result.commitSha)
    expect(trackedArchives(remote, 'main')).toHaveLength(2)
  })

  it('max-age with keep: removes what is older than max-age but never below keep', async () => {
    const { dir } = copyOfRepos()
    const result = await commitArchivePrune(new GitRepo(dir), {
      sessionDir: 'codex_sessions',
      keep: 1,
      maxAgeMs: 30 * DAY,
      now: new Date(Date.now() + 31 * DAY), // every archive is now 31 days old
      identityEnv: IDENTITY,
      logger: recordingLogger()
    })
    const [oldest, middle, newest] = runs as [PackagedRun, PackagedRun, PackagedRun]
    expect(result.removed).toEqual([oldest.archiveRelPath, middle.archiveRelPath])
    expect(trackedArchives(dir)).toEqual([path.basename(newest.archiveRelPath)])
    expect(git(dir, 'log', '-1', '--format=%s')).toMatch(
      /^Prune 2 session archives older than 30d \(keep newest 1\): codex-session_\S+, codex-session_\S+\n$/
    )
    expect(git(dir, 'log', '-1', '--format=%b')).toContain(`- ${middle.archiveRelPath}\n`)
  })

  it('nothing old enough: no commit, HEAD and work tree unchanged', async () => {
    const { dir } = copyOfRepos()
    const head = git(dir, 'rev-parse', 'HEAD').trim()
    const result = await commitArchivePrune(new GitRepo(dir), {
      sessionDir: 'codex_sessions',
      keep: 3,
      maxAgeMs: DAY,
      now: new Date(),
      identityEnv: IDENTITY,
      logger: recordingLogger()
    })
    expect(result).toEqual({ removed: [], kept: expect.any(Array), leftInWorkTree: [] })
    expect(result.commitSha).toBeUndefined()
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(head)
    expect(trackedArchives(dir)).toHaveLength(3)
  })

  it('a modified work-tree copy of a pruned archive is left in place (untracked) and reported', async () => {
    const { dir } = copyOfRepos()
    const oldest = runs[0] as PackagedRun
    writeFile(path.join(dir, oldest.archiveRelPath), 'not the archive any more')
    const result = await commitArchivePrune(new GitRepo(dir), {
      sessionDir: 'codex_sessions',
      keep: 2,
      now: new Date(),
      identityEnv: IDENTITY,
      logger: recordingLogger()
    })
    expect(result.removed).toEqual([oldest.archiveRelPath])
    expect(result.leftInWorkTree).toEqual([oldest.archiveRelPath])
    expect(existsSync(path.join(dir, oldest.archiveRelPath))).toBe(true)
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(
      `?? ${oldest.archiveRelPath}\n?? tmp/run-1.txt\n?? tmp/run-2.txt\n?? tmp/run-3.txt\n`
    )
  })
})
