import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'
import { runCli } from '../helpers/run-cli.js'

afterAll(cleanupSandboxes)

const PIPELINE = ['--package', '--commit', '--sync-gitattributes', '--push']

describe('cleanup and retention (CLI, real git + git-lfs)', () => {
  it('--clean removes exactly the archived files after the push; nothing outside the temp dir is touched', async () => {
    const { dir } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/a/one.txt'), 'one')
    writeFile(path.join(dir, 'tmp/two.txt'), 'two')
    writeFile(path.join(dir, 'tmp/.hidden'), 'not packaged, so not removed')
    const run = await runCli(dir, [...PIPELINE, '--clean', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.cleanup.clean.removed.sort()).toEqual(['a/one.txt', 'two.txt'])
    expect(existsSync(path.join(dir, 'tmp/a'))).toBe(false)
    expect(readFileSync(path.join(dir, 'tmp/.hidden'), 'utf8')).toBe('not packaged, so not removed')
    expect(existsSync(path.join(dir, 'README.md'))).toBe(true)
  })

  it('--clean removes nothing when the push fails', async () => {
    const { dir } = makeScratchRepo()
    git(dir, 'remote', 'set-url', 'origin', `file://${path.join(dir, '..', 'no-such-remote.git')}`)
    writeFile(path.join(dir, 'tmp/keep.txt'), 'keep me')
    const run = await runCli(dir, [...PIPELINE, '--clean'])
    expect(run.code).toBe(1)
    expect(readFileSync(path.join(dir, 'tmp/keep.txt'), 'utf8')).toBe('keep me')
  })

  it('--clean is refused without --commit (usage error)', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = await runCli(dir, ['--package', '--clean'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--clean needs --commit/)
  })

  it('--prune-archives --keep 2 leaves the two newest; history still recovers the pruned one', async () => {
    const { dir, remote } = makeScratchRepo()
    const made: string[] = []
    for (const n of [1, 2, 3]) {
      writeFile(path.join(dir, 'tmp/version.txt'), `version ${n}\n`)
      const run = await runCli(dir, [...PIPELINE, '--json'])
      expect(run.code).toBe(0)
      made.push(JSON.parse(run.stdout).package.archiveRelPath)
      await new Promise(resolve => setTimeout(resolve, 1100))
    }
    const before = git(dir, 'rev-parse', 'HEAD').trim()
    const dry = await runCli(dir, [
      '--prune-archives',
      '--keep',
      '2',
      '--push',
      '--dry-run',
      '--json'
    ])
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.stdout).cleanup.pruneArchives).toMatchObject({
      removed: [made[0]],
      dryRun: true
    })
    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(before)

    const prune = await runCli(dir, ['--prune-archives', '--keep', '2', '--push', '--json'])
    expect(prune.code).toBe(0)
    const tree = git(remote, 'ls-tree', '-r', '--name-only', 'main')
    expect(tree).not.toContain(made[0])
    expect(tree).toContain(made[1])
    expect(tree).toContain(made[2])
    expect(git(remote, 'log', '-1', '--format=%s', 'main')).toMatch(/^Prune 1 session archive/)

    const recovered = await runCli(dir, [
      '--recover',
      `${before}:${made[0]}`,
      '--tmp-dir',
      'restored'
    ])
    expect(recovered.stderr).not.toMatch(/error:/)
    expect(recovered.code).toBe(0)
    expect(readFileSync(path.join(dir, 'restored/version.txt'), 'utf8')).toBe('version 1\n')
  })
})
