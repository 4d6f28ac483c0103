import { afterAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { cloneWithLfs, makeLfsRepo } from '../helpers/lfs-fixtures.js'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, writeFile } from '../helpers/sandbox.js'
import { bareHasObject, branchTip, pointerOids, SLOW, spawnCli } from './reliability-helpers.js'

/**
 * 16 clones of one bare file:// remote package, commit and push to the same branch at the
 * same moment (16 CLI processes). Every run must push, every archive must be on the branch
 * with its LFS object on the remote, no archive commit may be lost, and the attempts stay
 * within --push-attempts. Prints how many attempts the runs needed. Clones that package in
 * the same second name their archives alike: the later push takes the next free name.
 */
const slow = SLOW ? describe : describe.skip
const CLONES = 16
const MAX_ATTEMPTS = 20
const PIPELINE = ['--package', '--commit', '--sync-gitattributes']

afterAll(cleanupSandboxes)

interface RunJson {
  ok: boolean
  error?: { message: string }
  package?: { archiveRelPath: string; sha256: string }
  push?: { status: string; attempts: number; commitSha: string }
}

slow('16 clones pushing to one branch at once', () => {
  it('lands all 16 archives and their LFS objects, loses no commit, bounds the attempts', async () => {
    const { remote } = makeLfsRepo()
    const start = branchTip(remote)
    const clones = Array.from({ length: CLONES }, (_, i) => {
      const clone = cloneWithLfs(remote)
      writeFile(path.join(clone, 'tmp', `job-${i}.bin`), randomBytes(100_000 + i))
      writeFile(path.join(clone, 'tmp', 'log.txt'), `job ${i}\n`)
      return clone
    })
    const started = Date.now()
    // they package within a second or two of each other: several archives share a name, and
    // the runs that push later file theirs under the next free name (-2, -3, ...)
    const runs = await Promise.all(
      clones.map(
        clone =>
          spawnCli(clone, [
            '--package',
            '--commit',
            '--sync-gitattributes',
            '--push',
            '--push-attempts',
            String(MAX_ATTEMPTS),
            '--json',
            '--quiet'
          ]).done
      )
    )
    const elapsed = Date.now() - started
    const results = runs.map(run => JSON.parse(run.stdout) as RunJson)
    const failures = results.filter(r => !r.ok).map(r => r.error?.message)
    expect(failures).toEqual([])
    for (const r of results) {
      expect(r.push?.status).toBe('pushed')
      expect(r.push!.attempts).toBeGreaterThanOrEqual(1)
      expect(r.push!.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS)
    }

    const tip = branchTip(remote)
    // no commit lost: 16 archive commits on the branch since the start, in one line
    const commits = git(remote, 'rev-list', '--first-parent', `${start}..${tip}`).trim().split('\n')
    expect(commits).toHaveLength(CLONES)
    expect(git(remote, 'rev-list', '--merges', `${start}..${tip}`).trim()).toBe('')
    // all 16 archives in the tip's tree, each the one its job packaged, objects on the remote
    const archives = git(remote, 'ls-tree', '-r', '--name-only', tip, '--', 'codex_sessions/')
      .trim()
      .split('\n')
    expect(archives).toHaveLength(CLONES)
    const oids = pointerOids(remote, tip)
    expect(oids.sort()).toEqual(results.map(r => r.package!.sha256).sort())
    for (const oid of oids) expect(bareHasObject(remote, oid)).toBe(true)
    // .gitattributes holds the managed block once
    const attributes = git(remote, 'show', `${tip}:.gitattributes`)
    expect(attributes.match(/>>> artifact-lfs managed block/g)).toHaveLength(1)

    const histogram: Record<number, number> = {}
    for (const r of results) histogram[r.push!.attempts] = (histogram[r.push!.attempts] ?? 0) + 1
    console.log(
      `16 concurrent pushes in ${elapsed} ms; attempts -> runs: ${JSON.stringify(histogram)}`
    )
  }, 300_000)
})

describe('two clones pushing archives of the same name', () => {
  it('the later one takes the next free name; the first archive is never replaced', async () => {
    const { remote } = makeLfsRepo()
    const [first, second] = [cloneWithLfs(remote), cloneWithLfs(remote)]
    writeFile(path.join(first, 'tmp', 'a.txt'), 'first clone\n')
    writeFile(path.join(second, 'tmp', 'b.txt'), 'second clone\n')
    const pushed = await runCli(first, [...PIPELINE, '--push', '--json'])
    expect(pushed.code).toBe(0)
    const name = JSON.parse(pushed.stdout).package.archiveRelPath as string
    const tip = branchTip(remote)
    const theirs = git(remote, 'rev-parse', `${tip}:${name}`).trim()

    // the second clone packaged in the same second: its archive has the same name
    const committed = await runCli(second, [...PIPELINE, '--json'])
    expect(committed.code).toBe(0)
    const own = JSON.parse(committed.stdout).package as { archiveRelPath: string; sha256: string }
    if (own.archiveRelPath !== name) {
      git(second, 'mv', own.archiveRelPath, name)
      git(second, 'commit', '-q', '--amend', '--no-edit')
    }
    const ours = git(second, 'rev-parse', `HEAD:${name}`).trim()
    const run = await runCli(second, ['--push', '--json'])
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    const newTip = branchTip(remote)
    expect(git(remote, 'rev-parse', `${newTip}~1`).trim()).toBe(tip)
    expect(git(remote, 'rev-parse', `${newTip}:${name}`).trim()).toBe(theirs)
    const renamed = name.replace(/\.zip$/, '-2.zip')
    expect(git(remote, 'rev-parse', `${newTip}:${renamed}`).trim()).toBe(ours)
    expect(pointerOids(remote, newTip).sort()).toEqual(
      [JSON.parse(pushed.stdout).package.sha256, own.sha256].sort()
    )
  })
})
