import { afterAll, describe, expect, it } from '@jest/globals'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { makeLfsRepo, writeArchive } from '../helpers/lfs-fixtures.js'
import { runCli, type CliRun } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, makeTempDir } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

/**
 * Runs the CLI with PATH holding only a `git` that logs each argv it gets (one line per
 * process) and runs the real git: git-lfs cannot be found, and every git process is counted.
 */
async function runWithLoggingGitOnly(
  dir: string,
  argv: string[]
): Promise<CliRun & { gitCalls: string[] }> {
  const bin = makeTempDir('alfs-bin-')
  const log = path.join(bin, 'calls.log')
  writeFileSync(log, '')
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec /usr/bin/git "$@"\n`)
  chmodSync(path.join(bin, 'git'), 0o755)
  const savedPath = process.env.PATH
  process.env.PATH = bin
  try {
    const run = await runCli(dir, argv)
    return { ...run, gitCalls: readFileSync(log, 'utf8').split('\n').filter(Boolean) }
  } finally {
    process.env.PATH = savedPath
  }
}

describe('artifact-lfs --verify on its own', () => {
  it('needs no git-lfs and runs three git processes: rev-parse, ls-tree, cat-file', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    writeArchive(dir, 'sessions/a.zip', 3000)
    git(dir, 'add', 'sessions/a.zip')
    git(dir, 'commit', '-q', '-m', 'one archive')
    const run = await runWithLoggingGitOnly(dir, ['--verify', '--json'])
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.verify).toMatchObject({ checkedFiles: 1, pointers: 1, offenders: [] })
    // all three start at once, before the repository is known (prefetchVerifyCalls): any order
    expect([...run.gitCalls].sort()).toEqual([
      'cat-file --batch --buffer',
      'ls-tree -r -l -z --full-tree HEAD',
      'rev-parse --show-toplevel --absolute-git-dir --is-shallow-repository'
    ])
  })

  it('still requires git-lfs, with the install hint, when validate runs too', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const run = await runWithLoggingGitOnly(dir, ['--verify', '--validate', '--json'])
    expect(run.code).not.toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.error.kind).toBe('lfs-missing')
    expect(result.error.hint).toMatch(/install/)
    expect(run.gitCalls).toContain('lfs version')
  })
})
