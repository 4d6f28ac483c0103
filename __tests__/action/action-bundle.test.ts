import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { ACTION_BUNDLE, runActionBundle } from '../helpers/run-action.js'

afterAll(cleanupSandboxes)

/** As the runner runs it, with the run id and attempt a real run has. */
function runAction(workspace: string, inputs: Record<string, string>) {
  return runActionBundle(workspace, inputs, {
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTIONS: 'true'
  })
}

describe('dist/index.js run as the runner runs it', () => {
  it('packages, commits, verifies, validates and pushes; sets outputs and writes the job summary', async () => {
    expect(existsSync(ACTION_BUNDLE)).toBe(true)
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/logs/build.log'), 'ok\n'.repeat(500))
    writeFile(path.join(dir, 'tmp/db/state.sqlite'), Buffer.alloc(4096, 9))
    const run = await runAction(dir, {})
    expect(run.stdout).not.toMatch(/::error/)
    expect(run.status).toBe(0)
    const o = run.outputs
    expect(o['archive-path']).toMatch(/^codex_sessions\/codex-session_\d{8}_\d{6}-4242-1\.zip$/)
    expect(o['archive-sha256']).toMatch(/^[0-9a-f]{64}$/)
    expect(Number(o['archive-size'])).toBeGreaterThan(0)
    expect(o['files-count']).toBe('2')
    expect(o['pushed']).toBe('true')
    expect(o['push-attempts']).toBe('1')
    expect(o['violations']).toBe('[]')
    expect(o['commit-sha']).toBe(git(remote, 'rev-parse', 'main').trim())
    // each phase in a log group
    for (const phase of ['preflight', 'sync', 'package', 'commit', 'verify', 'validate', 'push'])
      expect(run.stdout).toContain(`::group::${phase}`)
    expect(run.summary).toContain('artifact-lfs')
    expect(run.summary).toContain(o['archive-path'])
    expect(run.summary).toContain('LFS verification')
    expect(run.summary).toMatch(/Pushed <code>[0-9a-f]{40}<\/code>/)
  })

  it('fails on a raw binary with an error annotation on the file, empty outputs, and nothing pushed', async () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'dump.DB'), Buffer.alloc(3000, 1))
    git(dir, 'add', 'dump.DB')
    git(dir, 'commit', '-q', '-m', 'raw db')
    const before = git(remote, 'rev-parse', 'main').trim()
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const run = await runAction(dir, {})
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /::error title=Not an LFS pointer,file=dump\.DB::raw blob with binary extension \.db/
    )
    expect(run.stdout).toMatch(/::error::.*must be LFS pointers/)
    expect(run.outputs).toEqual({})
    expect(run.summary).toContain('Failed')
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(before)
  })

  it('refuses a bad input value by name', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = await runAction(dir, { 'compression-level': 'eleven' })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /::error::input compression-level: must be a whole number from 0 to 9/
    )
  })

  it('honours dry-run and if-no-files-found', async () => {
    const { dir, remote } = makeScratchRepo()
    const before = git(remote, 'rev-parse', 'main').trim()
    const empty = await runAction(dir, { 'if-no-files-found': 'error' })
    expect(empty.status).toBe(1)
    expect(empty.stdout).toMatch(/::error::no files to package in tmp/)
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const dry = await runAction(dir, { 'dry-run': 'true' })
    expect(dry.status).toBe(0)
    expect(dry.outputs['pushed']).toBe('false')
    expect(dry.summary).toMatch(/Dry run: would push/)
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(before)
  })

  it('recovers the latest archive into tmp-dir with recover: latest (clone without LFS smudge)', async () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/out/result.json'), '{"ok":true}\n')
    expect((await runAction(dir, {})).status).toBe(0)
    const clone = path.join(makeTempDir(), 'clone')
    spawnSync('git', ['clone', '-q', `file://${remote}`, clone], {
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' }
    })
    const run = await runAction(clone, { recover: 'latest', 'tmp-dir': 'restored' })
    expect(run.stdout).not.toMatch(/::error/)
    expect(run.status).toBe(0)
    expect(run.outputs['recovered-archive']).toMatch(/^codex_sessions\/codex-session_.*\.zip$/)
    expect(run.outputs['recovered-files']).toBe('1')
    expect(readFileSync(path.join(clone, 'restored/out/result.json'), 'utf8')).toBe('{"ok":true}\n')
    expect(run.summary).toContain('artifact-lfs: recovery')
    expect(run.stdout).toContain('::group::recover')
  })
})
