import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { loadPolicy } from '../../src/policy/load-policy.js'
import { MAX_POLICY_FILE_BYTES } from '../../src/policy/policy.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { loadFrom, POLICY, refusalOf, repoWithPolicy } from './policy-helpers.js'

afterAll(cleanupSandboxes)

describe('loadPolicy: the policy file itself', () => {
  it('refuses a file larger than 1 MiB without parsing it', async () => {
    const big = `size_threshold_mb: 5\n# ${'x'.repeat(MAX_POLICY_FILE_BYTES)}\n`
    const refusal = await refusalOf(big)
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml: the policy file is \d+ bytes, more than the 1048576 allowed$/
    )
    // exactly at the limit is still read
    const atLimit = 'size_threshold_mb: 5\n#'.padEnd(MAX_POLICY_FILE_BYTES - 1, 'x') + '\n'
    expect((await loadFrom(atLimit)).policy.sizeThresholdMb).toBe(5)
  })

  it('refuses bytes that are not UTF-8, naming line and column', async () => {
    const bytes = Buffer.concat([
      Buffer.from(
        'enable_autolfs: true\nsession_artifact_dir: caf\u00e9\nbinary_extensions: [.d',
        'utf8'
      ),
      Buffer.from([0xff]),
      Buffer.from('b]\n', 'utf8')
    ])
    const refusal = await refusalOf(bytes)
    expect(refusal.message).toBe('.codex_lfs_policy.yaml:3:23: is not valid UTF-8 (byte 0xff)')
    // an overlong encoding and a lone surrogate are refused too
    const overlong = await refusalOf(Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]))
    expect(overlong.message).toBe('.codex_lfs_policy.yaml:1:4: is not valid UTF-8 (byte 0xc0)')
    const surrogate = await refusalOf(Buffer.from([0x0a, 0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80]))
    expect(surrogate.message).toBe('.codex_lfs_policy.yaml:2:4: is not valid UTF-8 (byte 0xed)')
  })

  it('refuses a NUL byte in the YAML text', async () => {
    const refusal = await refusalOf('size_threshold_mb: 5\x00\n')
    expect(refusal.message).toMatch(/^\.codex_lfs_policy\.yaml:1:\d+: .*invalid YAML: .*null byte/)
  })

  it('handles a billion-laughs alias bomb quickly and refuses it where it is used', async () => {
    let yaml = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for (let i = 1; i < 10; i++) {
      yaml += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`
    }
    const started = Date.now()
    const used = await refusalOf(`${yaml}binary_extensions: *a9\n`)
    expect(used.message).toBe(
      '.codex_lfs_policy.yaml:11:20: binary_extensions: item 1 must be a string, got a list'
    )
    const unused = await loadFrom(`${yaml}size_threshold_mb: 3\n`)
    expect(unused.policy.sizeThresholdMb).toBe(3)
    expect(unused.warnings).toHaveLength(10)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses a huge number of aliases', async () => {
    const yaml = `a: &a x\nb: [${Array.from({ length: 1500 }, () => '*a').join(',')}]\n`
    const refusal = await refusalOf(yaml)
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml:2:\d+: b: invalid YAML: aliases exceeded/
    )
  })

  it('refuses deeply nested values', async () => {
    const refusal = await refusalOf(`x: ${'['.repeat(50)}${']'.repeat(50)}\n`)
    expect(refusal.message).toMatch(/^\.codex_lfs_policy\.yaml:1:\d+: YAML syntax: invalid YAML: /)
  })

  it('refuses a policy path outside the repository', async () => {
    const dir = repoWithPolicy()
    const outside = makeTempDir('alfs-outside-')
    writeFile(path.join(outside, 'p.yaml'), 'size_threshold_mb: 5\n')
    const relative = await refusalOf(() => loadPolicy(dir, `../${path.basename(outside)}/p.yaml`))
    expect(relative.message).toMatch(/the policy path .* is outside the repository/)
    const absolute = await refusalOf(() => loadPolicy(dir, path.join(outside, 'p.yaml')))
    expect(absolute.message).toContain('is outside the repository')
    const root = await refusalOf(() => loadPolicy(dir, '.'))
    expect(root.message).toBe('.: the policy path names the repository folder itself')
    // a name that merely starts with two dots is inside
    writeFile(path.join(dir, '..policy.yaml'), 'size_threshold_mb: 4\n')
    expect((await loadPolicy(dir, '..policy.yaml')).policy.sizeThresholdMb).toBe(4)
  })

  it('refuses a policy file that is a symlink to outside the repository', async () => {
    const dir = repoWithPolicy()
    const outside = makeTempDir('alfs-outside-')
    writeFile(path.join(outside, 'p.yaml'), 'enable_autolfs: true\n')
    symlinkSync(path.join(outside, 'p.yaml'), path.join(dir, POLICY))
    const refusal = await refusalOf(() => loadPolicy(dir))
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml: the policy file resolves to .*, outside the repository$/
    )
    // also through a symlinked folder
    symlinkSync(outside, path.join(dir, 'linked'))
    const viaFolder = await refusalOf(() => loadPolicy(dir, 'linked/p.yaml'))
    expect(viaFolder.message).toContain('outside the repository')
  })

  it('follows a symlink that stays inside the repository', async () => {
    const dir = repoWithPolicy()
    writeFile(path.join(dir, 'config', 'policy.yaml'), 'size_threshold_mb: 9\n')
    symlinkSync('config/policy.yaml', path.join(dir, POLICY))
    expect((await loadPolicy(dir)).policy.sizeThresholdMb).toBe(9)
  })

  it('refuses a dangling symlink, a folder and a FIFO', async () => {
    const dir = repoWithPolicy()
    symlinkSync('nowhere.yaml', path.join(dir, POLICY))
    expect((await refusalOf(() => loadPolicy(dir))).message).toContain('does not exist')
    const folder = repoWithPolicy()
    mkdirSync(path.join(folder, POLICY))
    expect((await refusalOf(() => loadPolicy(folder))).message).toBe(
      '.codex_lfs_policy.yaml: the policy file is not a regular file'
    )
    // reading a FIFO would block forever: it must be refused before it is opened
    const fifo = repoWithPolicy()
    execFileSync('mkfifo', [path.join(fifo, POLICY)])
    expect((await refusalOf(() => loadPolicy(fifo))).message).toContain('not a regular file')
  })
})

describe('loadPolicy: session_artifact_dir on disk', () => {
  it('refuses a session dir that is a symlink, or passes through one', async () => {
    const dir = repoWithPolicy('enable_autolfs: true\nsession_artifact_dir: logs/sessions\n')
    mkdirSync(path.join(dir, 'real'))
    symlinkSync('real', path.join(dir, 'logs'))
    const through = await refusalOf(() => loadPolicy(dir))
    expect(through.message).toBe(
      '.codex_lfs_policy.yaml:2:23: session_artifact_dir: "logs/sessions" passes through the symlink "logs"'
    )
    const direct = repoWithPolicy('session_artifact_dir: out\n')
    symlinkSync(makeTempDir('alfs-target-'), path.join(direct, 'out'))
    expect((await refusalOf(() => loadPolicy(direct))).message).toBe(
      '.codex_lfs_policy.yaml:1:23: session_artifact_dir: "out" is a symlink'
    )
  })

  it('refuses a session dir that is an existing file or lies below one', async () => {
    const dir = repoWithPolicy('session_artifact_dir: notes.txt\n')
    writeFile(path.join(dir, 'notes.txt'), 'hi\n')
    expect((await refusalOf(() => loadPolicy(dir))).message).toBe(
      '.codex_lfs_policy.yaml:1:23: session_artifact_dir: "notes.txt" is an existing file, not a folder'
    )
    const below = repoWithPolicy('session_artifact_dir: notes.txt/sessions\n')
    writeFile(path.join(below, 'notes.txt'), 'hi\n')
    expect((await refusalOf(() => loadPolicy(below))).message).toContain(
      'passes through "notes.txt", which is a file'
    )
  })

  it('checks the default folder even without a policy file', async () => {
    const dir = repoWithPolicy()
    symlinkSync(makeTempDir('alfs-target-'), path.join(dir, 'codex_sessions'))
    const refusal = await refusalOf(() => loadPolicy(dir))
    expect(refusal.message).toBe(
      '.codex_lfs_policy.yaml: session_artifact_dir: (default) "codex_sessions" is a symlink'
    )
  })

  it('accepts an existing real folder and one that does not exist yet', async () => {
    const dir = repoWithPolicy('session_artifact_dir: a/b/c\n')
    mkdirSync(path.join(dir, 'a'))
    expect((await loadPolicy(dir)).policy.sessionArtifactDir).toBe('a/b/c')
    mkdirSync(path.join(dir, 'a', 'b', 'c'), { recursive: true })
    expect((await loadPolicy(dir)).policy.sessionArtifactDir).toBe('a/b/c')
  })
})
