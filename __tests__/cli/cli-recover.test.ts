import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { runCli } from '../helpers/run-cli.js'

afterAll(cleanupSandboxes)

describe('artifact-lfs --recover (CLI, real git + git-lfs)', () => {
  it('restores byte-identical files with modes and links in a clone made without LFS smudge', async () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/run.sh'), '#!/bin/sh\necho hi\n')
    chmodSync(path.join(dir, 'tmp/run.sh'), 0o755)
    writeFile(path.join(dir, 'tmp/data/table.sqlite'), Buffer.alloc(300_000, 5))
    writeFile(path.join(dir, 'tmp/notes ü.md'), '# notes\n')
    symlinkSync('data/table.sqlite', path.join(dir, 'tmp/current'))
    const pushed = await runCli(dir, ['--package', '--commit', '--sync-gitattributes', '--push'])
    expect(pushed.code).toBe(0)

    const clone = path.join(makeTempDir(), 'clone')
    execFileSync('git', ['clone', '-q', `file://${remote}`, clone], {
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' }
    })
    const archive = git(clone, 'ls-files', 'codex_sessions').trim()
    expect(readFileSync(path.join(clone, archive), 'utf8')).toMatch(/^version https:\/\/git-lfs/)

    const listed = await runCli(clone, ['--recover', '--list', '--json'])
    expect(listed.code).toBe(0)
    const { archives } = JSON.parse(listed.stdout) as {
      archives: { name: string; objectPresent: boolean; tracked: boolean }[]
    }
    expect(archives.map(a => [a.name, a.objectPresent, a.tracked])).toEqual([
      [path.basename(archive), false, true]
    ])
    const table = await runCli(clone, ['--recover', '--list'])
    expect(table.stdout).toMatch(
      new RegExp(`^${path.basename(archive).replace('.', '\\.')} .* pointer only +tracked$`, 'm')
    )

    const recovered = await runCli(clone, ['--recover', 'latest'])
    expect(recovered.stderr).not.toMatch(/error:/)
    expect(recovered.code).toBe(0)
    expect(recovered.stdout).toMatch(/written: 4 file\(s\)/)
    for (const name of ['run.sh', 'data/table.sqlite', 'notes ü.md'])
      expect(readFileSync(path.join(clone, 'tmp', name))).toEqual(
        readFileSync(path.join(dir, 'tmp', name))
      )
    expect(statSync(path.join(clone, 'tmp/run.sh')).mode & 0o777).toBe(0o755)
    expect(lstatSync(path.join(clone, 'tmp/current')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(path.join(clone, 'tmp/current'))).toBe('data/table.sqlite')

    const again = await runCli(clone, ['--recover'])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/already identical: 4/)
  })

  it('refuses a corrupt archive with a clear error and leaves the temp dir as it was', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/keep.txt'), 'mine')
    writeFile(
      path.join(dir, 'codex_sessions/codex-session_20260101_000000.zip'),
      'PK\u0003\u0004 this is not really a zip'
    )
    const run = await runCli(dir, ['--recover', 'codex-session_20260101_000000.zip'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/codex-session_20260101_000000\.zip/)
    expect(execFileSync('ls', ['-A', path.join(dir, 'tmp')], { encoding: 'utf8' })).toBe(
      'keep.txt\n'
    )
  })

  it('says what to do when there is no archive to recover', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = await runCli(dir, ['--recover', 'latest'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/no session archives|--list|codex_sessions/)
  })
})
