import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
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

const PIPELINE = ['--package', '--commit', '--sync-gitattributes', '--push']

function remoteHead(remote: string): string {
  return git(remote, 'rev-parse', 'refs/heads/main').trim()
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

describe('artifact-lfs --package --commit --sync-gitattributes --push (real git + git-lfs)', () => {
  it('lands the commit and the LFS object on the remote; a fresh clone smudges the archive back', async () => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/report.txt'), 'report\n'.repeat(100))
    writeFile(path.join(dir, 'tmp/data.sqlite'), Buffer.alloc(70_000, 3))
    const run = await runCli(dir, [...PIPELINE, '--json'])
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.ok).toBe(true)
    expect(result.push.status).toBe('pushed')
    expect(remoteHead(remote)).toBe(result.push.commitSha)
    const oid: string = result.package.sha256
    expect(
      existsSync(path.join(remote, 'lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid))
    ).toBe(true)
    // the committed blob is a pointer, never the raw zip
    const blob = git(dir, 'cat-file', 'blob', `HEAD:${result.package.archiveRelPath}`)
    expect(blob).toBe(
      `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${result.package.size}\n`
    )
    expect(git(dir, 'show', 'HEAD:.gitattributes')).toContain(
      'codex_sessions/*.zip filter=lfs diff=lfs merge=lfs -text'
    )
    // fresh clone with LFS: byte-identical archive
    const clone = path.join(makeTempDir(), 'clone')
    git(path.dirname(clone), 'clone', '-q', `file://${remote}`, clone)
    git(clone, 'lfs', 'install', '--local')
    git(clone, 'lfs', 'pull')
    expect(sha256(path.join(clone, result.package.archiveRelPath))).toBe(oid)
    // the work tree is clean: only our files were committed
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('')
  })

  it.each([
    [
      'a raw .zip',
      'release.zip',
      Buffer.alloc(2000, 1),
      /release\.zip: raw blob with binary extension \.zip/
    ],
    [
      'an upper-case .DB',
      'DATA.DB',
      Buffer.alloc(2000, 2),
      /DATA\.DB: raw blob with binary extension \.db/
    ],
    [
      'a name with spaces',
      'my dump file.bak',
      Buffer.alloc(2000, 3),
      /my dump file\.bak: raw blob/
    ],
    [
      'a 60 MB raw file',
      'big.log',
      Buffer.alloc(60 * 1024 * 1024, 4),
      /big\.log: raw blob of 60\.0 MiB over the 50 MiB threshold/
    ]
  ])('catches %s in verify and pushes nothing', async (_label, name, content, pattern) => {
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, name), content)
    git(dir, 'add', '--', name)
    git(dir, 'commit', '-q', '-m', `raw ${name}`)
    const before = remoteHead(remote)
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const run = await runCli(dir, PIPELINE)
    expect(run.code).toBe(1)
    expect(run.stdout + run.stderr).toMatch(pattern)
    expect(remoteHead(remote)).toBe(before)
    expect(run.stderr).toMatch(/archive was kept at codex_sessions\/codex-session_/)
  })

  it('refuses to commit an archive no LFS rule covers, naming both ways out; ALLOW_AUTOLFS=1 adds the rule', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const head = git(dir, 'rev-parse', 'HEAD')
    const refused = await runCli(dir, ['--package', '--commit'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/not covered by an LFS rule/)
    expect(refused.stderr).toMatch(/--sync-gitattributes/)
    expect(refused.stderr).toMatch(/enable_autolfs: true/)
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head)
    const allowed = await runCli(dir, ['--package', '--commit'], {
      ...process.env,
      ALLOW_AUTOLFS: '1'
    })
    expect(allowed.stderr).not.toMatch(/error:/)
    expect(allowed.code).toBe(0)
    expect(git(dir, 'lfs', 'ls-files', '--name-only')).toMatch(
      /codex_sessions\/codex-session_.*\.zip/
    )
    expect(git(dir, 'show', '--stat', 'HEAD')).toContain('.gitattributes')
  })

  it('configures the LFS filter when the clone lacks it, so the archive is a pointer and not a raw blob', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    expect(() => git(dir, 'config', '--get', 'filter.lfs.clean')).toThrow()
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const run = await runCli(dir, [
      '--package',
      '--commit',
      '--sync-gitattributes',
      '--verify',
      '--validate'
    ])
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    expect(git(dir, 'config', '--get', 'filter.lfs.process').trim()).toBe('git-lfs filter-process')
    expect(run.stdout).toMatch(/validate: 1 archive\(s\): 1 ok/)
  })

  it('refuses a detached HEAD unless --branch is given', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    git(dir, 'checkout', '-q', '--detach')
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const run = await runCli(dir, ['--package', '--commit', '--sync-gitattributes'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/detached/i)
    expect(run.stderr).toMatch(/--branch/)
  })

  it('lands two clones pushing at once (the second rebuilds its commit on the new tip)', async () => {
    const { dir, remote } = makeScratchRepo()
    const second = path.join(makeTempDir(), 'second')
    git(path.dirname(second), 'clone', '-q', `file://${remote}`, second)
    writeFile(path.join(dir, 'tmp/one.txt'), 'one')
    writeFile(path.join(second, 'tmp/two.txt'), 'two')
    const [a, b] = await Promise.all([
      runCli(dir, [...PIPELINE, '--json']),
      runCli(second, [...PIPELINE, '--json'])
    ])
    expect([a.code, b.code]).toEqual([0, 0])
    const ra = JSON.parse(a.stdout)
    const rb = JSON.parse(b.stdout)
    const log = git(remote, 'log', '--format=%H', 'main')
    expect(log).toContain(ra.push.commitSha)
    expect(log).toContain(rb.push.commitSha)
    const tree = git(remote, 'ls-tree', '-r', '--name-only', 'main')
    expect(tree).toContain(ra.package.archiveRelPath)
    expect(tree).toContain(rb.package.archiveRelPath)
    for (const oid of [ra.package.sha256, rb.package.sha256])
      expect(
        existsSync(path.join(remote, 'lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid))
      ).toBe(true)
  })

  it('validates and recovers its own archive of a highly compressible file (all zeros deflate ~1000:1)', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/zeros.db'), Buffer.alloc(12 * 1024 * 1024))
    const run = await runCli(dir, ['--package', '--commit', '--sync-gitattributes', '--validate'])
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/validate: 1 archive\(s\): 1 ok/)
    const recovered = await runCli(dir, ['--recover', 'latest', '--tmp-dir', 'back'])
    expect(recovered.code).toBe(0)
    expect(
      readFileSync(path.join(dir, 'back/zeros.db')).equals(Buffer.alloc(12 * 1024 * 1024))
    ).toBe(true)
  })
})
