import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'
import { runCli } from '../helpers/run-cli.js'

afterAll(cleanupSandboxes)

function archives(repo: string, dir = 'codex_sessions'): string[] {
  const full = path.join(repo, dir)
  return existsSync(full)
    ? readdirSync(full)
        .filter(n => n.endsWith('.zip'))
        .sort()
    : []
}

function pythonNames(zip: string): string[] {
  const out = execFileSync(
    'python3',
    [
      '-c',
      'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(z.namelist()))',
      zip
    ],
    {
      encoding: 'utf8'
    }
  )
  return JSON.parse(out) as string[]
}

describe('artifact-lfs --package (CLI, real git)', () => {
  it('packages the temp dir into codex_sessions, readable by unzip -t and Python zipfile', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/logs/run 1.log'), 'log line\n'.repeat(1000))
    writeFile(path.join(dir, 'tmp/ünïcode/ß.txt'), 'unicode\n')
    writeFile(path.join(dir, 'tmp/empty.txt'), '')
    writeFile(path.join(dir, 'tmp/nested/a/b/c/d/e/f/g/deep.bin'), Buffer.alloc(5000, 1))
    const run = await runCli(path.join(dir, 'tmp'), ['--package', '--tmp-dir', '.'])
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    const names = archives(dir)
    expect(names).toHaveLength(1)
    expect(names[0]).toMatch(/^codex-session_\d{8}_\d{6}\.zip$/)
    const zip = path.join(dir, 'codex_sessions', names[0]!)
    expect(run.stdout).toContain(`archive: codex_sessions/${names[0]}`)
    const sha = execFileSync('sha256sum', [zip], { encoding: 'utf8' }).split(' ')[0]
    expect(run.stdout).toContain(`sha256: ${sha}`)
    expect(run.stdout).toContain(`size: ${statSync(zip).size} bytes`)
    execFileSync('unzip', ['-tq', zip])
    expect(pythonNames(zip)).toEqual([
      'empty.txt',
      'logs/run 1.log',
      'nested/a/b/c/d/e/f/g/deep.bin',
      'ünïcode/ß.txt',
      '.artifact-lfs/manifest.json'
    ])
    // no debris next to the archive
    expect(readdirSync(path.join(dir, 'codex_sessions'))).toEqual(names)
  })

  it('is incremental: a second run packages nothing, a changed file is packaged alone, --all takes everything', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    writeFile(path.join(dir, 'tmp/b.txt'), 'b')
    expect((await runCli(dir, ['--package'])).code).toBe(0)
    const second = await runCli(dir, ['--package'])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain(
      'nothing to package: no file is new or changed since the last packaging'
    )
    expect(archives(dir)).toHaveLength(1)
    writeFile(path.join(dir, 'tmp/b.txt'), 'b changed')
    writeFile(path.join(dir, 'tmp/c.txt'), 'c new')
    const third = await runCli(dir, ['--package', '--json'])
    const result = JSON.parse(third.stdout) as {
      package: { archiveRelPath: string; files: { path: string }[] }
    }
    expect(result.package.files.map(f => f.path)).toEqual(['b.txt', 'c.txt'])
    const all = JSON.parse(
      (await runCli(dir, ['--package', '--all', '--json'])).stdout
    ) as typeof result
    expect(all.package.files.map(f => f.path)).toEqual(['a.txt', 'b.txt', 'c.txt'])
    expect(new Set(archives(dir)).size).toBe(3)
    // the state lives in .git, not in the work tree
    expect(
      git(dir, 'status', '--porcelain', '--ignored', '--', '.')
        .split('\n')
        .some(l => l.includes('state'))
    ).toBe(false)
  })

  it('gives byte-identical archives for the same inputs under SOURCE_DATE_EPOCH', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    for (let i = 0; i < 30; i++)
      writeFile(path.join(dir, `tmp/f${i}.txt`), `file ${i}\n`.repeat(i * 50))
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' }
    const first = JSON.parse((await runCli(dir, ['--package', '--json'], env)).stdout)
    const second = JSON.parse((await runCli(dir, ['--package', '--all', '--json'], env)).stdout)
    expect(first.package.archiveRelPath).not.toBe(second.package.archiveRelPath)
    expect(first.package.sha256).toBe(second.package.sha256)
    const a = readFileSync(path.join(dir, first.package.archiveRelPath))
    const b = readFileSync(path.join(dir, second.package.archiveRelPath))
    expect(Buffer.compare(a, b)).toBe(0)
  })

  it('creates a missing temp dir and says there is nothing to package', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = await runCli(dir, ['--package', '--tmp-dir', 'does/not/exist'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('nothing to package')
    expect(existsSync(path.join(dir, 'does/not/exist'))).toBe(true)
    expect(archives(dir)).toEqual([])
  })

  it.each([
    ['.', /repository root/],
    ['codex_sessions/..', /repository root/],
    ['/', /file-system root|contains the repository/]
  ])('refuses the temp dir %s', async (tmpDir, pattern) => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const run = await runCli(dir, ['--package', '--tmp-dir', tmpDir])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(pattern)
    expect(archives(dir)).toEqual([])
  })

  it('refuses a temp dir that contains the session dir', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'out/x.txt'), 'x')
    writeFile(path.join(dir, '.codex_lfs_policy.yaml'), 'session_artifact_dir: out/sessions\n')
    const run = await runCli(dir, ['--package', '--tmp-dir', 'out'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/contains the session artifact dir out\/sessions/)
  })

  it('stops on a malformed policy with file:line:col and writes nothing', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    writeFile(
      path.join(dir, '.codex_lfs_policy.yaml'),
      'enable_autolfs: true\nsize_threshold_mb: fifty\n'
    )
    const run = await runCli(dir, ['--package', '--commit', '--sync-gitattributes'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/\.codex_lfs_policy\.yaml:2:\d+: size_threshold_mb/)
    expect(archives(dir)).toEqual([])
    expect(existsSync(path.join(dir, '.gitattributes'))).toBe(false)
  })

  it('prints help with an example for every option, and exits 2 on usage errors', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const help = await runCli(dir, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('.codex_lfs_policy.yaml')
    const options = [...help.stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map(m => m[1])
    expect(options.length).toBeGreaterThan(15)
    for (const option of options)
      expect(help.stdout).toMatch(new RegExp(`artifact-lfs .*${option}`))
    expect((await runCli(dir, [])).code).toBe(2)
    expect((await runCli(dir, ['--nope'])).code).toBe(2)
  })
})
