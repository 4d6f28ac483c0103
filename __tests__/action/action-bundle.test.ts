import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const root = path.resolve(import.meta.dirname, '..', '..')
const bundle = path.join(root, 'dist', 'index.js')

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

/** The runner sets INPUT_<NAME> for every input (defaults included); hyphens are kept. */
function runnerEnv(
  overrides: Record<string, string>,
  files: { output: string; summary: string; workspace: string }
) {
  const meta = load(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('INPUT_')) env[key] = value
  for (const [name, spec] of Object.entries(meta.inputs))
    env[`INPUT_${name.toUpperCase()}`] = spec.default ?? ''
  for (const [name, value] of Object.entries(overrides)) env[`INPUT_${name.toUpperCase()}`] = value
  env.GITHUB_OUTPUT = files.output
  env.GITHUB_STEP_SUMMARY = files.summary
  env.GITHUB_WORKSPACE = files.workspace
  env.GITHUB_RUN_ID = '4242'
  env.GITHUB_RUN_ATTEMPT = '1'
  env.GITHUB_ACTIONS = 'true'
  return env
}

/** Parses the GITHUB_OUTPUT file (`name<<delimiter ... delimiter` blocks). */
function parseOutputs(file: string): Record<string, string> {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const outputs: Record<string, string> = {}
  const pattern = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!
  return outputs
}

function runAction(workspace: string, overrides: Record<string, string>) {
  const dir = makeTempDir('alfs-runner-')
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary.md'),
    workspace
  }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  const child = spawnSync(process.execPath, [bundle], {
    cwd: workspace,
    env: runnerEnv(overrides, files),
    encoding: 'utf8'
  })
  return {
    status: child.status,
    stdout: child.stdout,
    outputs: parseOutputs(files.output),
    summary: readFileSync(files.summary, 'utf8')
  }
}

describe('dist/index.js run as the runner runs it', () => {
  it('packages, commits, verifies, validates and pushes; sets outputs and writes the job summary', () => {
    expect(existsSync(bundle)).toBe(true)
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/logs/build.log'), 'ok\n'.repeat(500))
    writeFile(path.join(dir, 'tmp/db/state.sqlite'), Buffer.alloc(4096, 9))
    const run = runAction(dir, {})
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

  it('fails on a raw binary with an error annotation on the file, empty outputs, and nothing pushed', () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'dump.DB'), Buffer.alloc(3000, 1))
    git(dir, 'add', 'dump.DB')
    git(dir, 'commit', '-q', '-m', 'raw db')
    const before = git(remote, 'rev-parse', 'main').trim()
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const run = runAction(dir, {})
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /::error title=Not an LFS pointer,file=dump\.DB::raw blob with binary extension \.db/
    )
    expect(run.stdout).toMatch(/::error::.*must be LFS pointers/)
    expect(run.outputs).toEqual({})
    expect(run.summary).toContain('Failed')
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(before)
  })

  it('refuses a bad input value by name', () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = runAction(dir, { 'compression-level': 'eleven' })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /::error::input compression-level: must be a whole number from 0 to 9/
    )
  })

  it('honours dry-run and if-no-files-found', () => {
    const { dir, remote } = makeScratchRepo()
    const before = git(remote, 'rev-parse', 'main').trim()
    const empty = runAction(dir, { 'if-no-files-found': 'error' })
    expect(empty.status).toBe(1)
    expect(empty.stdout).toMatch(/::error::no files to package in tmp/)
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const dry = runAction(dir, { 'dry-run': 'true' })
    expect(dry.status).toBe(0)
    expect(dry.outputs['pushed']).toBe('false')
    expect(dry.summary).toMatch(/Dry run: would push/)
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(before)
  })

  it('recovers the latest archive into tmp-dir with recover: latest (clone without LFS smudge)', () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/out/result.json'), '{"ok":true}\n')
    expect(runAction(dir, {}).status).toBe(0)
    const clone = path.join(makeTempDir(), 'clone')
    spawnSync('git', ['clone', '-q', `file://${remote}`, clone], {
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' }
    })
    const run = runAction(clone, { recover: 'latest', 'tmp-dir': 'restored' })
    expect(run.stdout).not.toMatch(/::error/)
    expect(run.status).toBe(0)
    expect(run.outputs['recovered-archive']).toMatch(/^codex_sessions\/codex-session_.*\.zip$/)
    expect(run.outputs['recovered-files']).toBe('1')
    expect(readFileSync(path.join(clone, 'restored/out/result.json'), 'utf8')).toBe('{"ok":true}\n')
    expect(run.summary).toContain('artifact-lfs: recovery')
    expect(run.stdout).toContain('::group::recover')
  })
})
