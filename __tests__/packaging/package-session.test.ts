import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { packageSession, type PackagedArchive } from '../../src/packaging/package-session.js'
import type { ProgressUpdate } from '../../src/progress/progress.js'
import { cleanupSandboxes, makeScratchRepo, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

async function pack(
  dir: string,
  now: Date,
  extra: Partial<Parameters<typeof packageSession>[0]> = {}
) {
  return packageSession({
    repoRoot: dir,
    gitDir: path.join(dir, '.git'),
    tmpDir: 'tmp',
    sessionArtifactDir: 'codex_sessions',
    all: true,
    includeHidden: false,
    compressionLevel: 6,
    now,
    ...extra
  })
}

describe('packageSession', () => {
  it('never overwrites: two packagings in the same second get distinct names, concurrently too', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const now = new Date(Date.UTC(2026, 10, 24, 12, 0, 0))
    const results = (await Promise.all([
      pack(dir, now),
      pack(dir, now),
      pack(dir, now)
    ])) as PackagedArchive[]
    const names = results.map(r => path.basename(r.archivePath)).sort()
    expect(names).toEqual([
      'codex-session_20261124_120000-2.zip',
      'codex-session_20261124_120000-3.zip',
      'codex-session_20261124_120000.zip'
    ])
    expect(readdirSync(path.join(dir, 'codex_sessions')).sort()).toEqual(names)
    const run = (await pack(dir, now, {
      runContext: { runId: '77', runAttempt: '3' }
    })) as PackagedArchive
    expect(path.basename(run.archivePath)).toBe('codex-session_20261124_120000-77-3.zip')
  })

  it('round-trips names with newlines, quotes, spaces and unicode through Python zipfile with the manifest sha256s', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const names = ['line\nbreak.txt', "quote\"d 'name'.txt", 'sp ace/ünï çødé.md', 'empty']
    for (const name of names)
      writeFile(path.join(dir, 'tmp', name), name === 'empty' ? '' : `content of ${name}`)
    const result = (await pack(dir, new Date())) as PackagedArchive
    const script = [
      'import sys, zipfile, json, hashlib',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'm = json.loads(z.read(".artifact-lfs/manifest.json"))',
      'out = {f["path"]: [f["sha256"], hashlib.sha256(z.read(f["path"])).hexdigest()] for f in m["files"]}',
      'print(json.dumps(out))'
    ].join('\n')
    const checked = JSON.parse(
      execFileSync('python3', ['-c', script, result.archivePath], { encoding: 'utf8' })
    ) as Record<string, [string, string]>
    expect(Object.keys(checked).sort()).toEqual([...names].sort())
    for (const [manifestSha, actualSha] of Object.values(checked))
      expect(actualSha).toBe(manifestSha)
    expect(result.files.map(f => f.path).sort()).toEqual([...names].sort())
  })

  it('refuses a file that vanishes between listing and reading, and publishes nothing', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    for (let i = 0; i < 5; i++) writeFile(path.join(dir, `tmp/f${i}.txt`), 'x'.repeat(1000))
    // a FIFO makes the collector warn (it is skipped); that hook runs after f4.txt was listed
    execFileSync('mkfifo', [path.join(dir, 'tmp/pipe')])
    const promise = pack(dir, new Date(), {
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: () => execFileSync('rm', ['-f', path.join(dir, 'tmp/f4.txt')])
      }
    })
    await expect(promise).rejects.toThrow(/f4\.txt/)
    expect(readdirSync(path.join(dir, 'codex_sessions'))).toEqual([])
  })

  it('keeps the state per clone in .git and out of the work tree', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'a')
    const first = (await pack(dir, new Date(), { all: false })) as PackagedArchive
    await first.saveState()
    const stateDir = path.join(dir, '.git', 'artifact-lfs')
    const stateFile = readdirSync(stateDir).find(n => n.startsWith('package-state-'))!
    const state = JSON.parse(readFileSync(path.join(stateDir, stateFile), 'utf8'))
    expect(Object.keys(state.files)).toEqual(['a.txt'])
    const again = await pack(dir, new Date(), { all: false })
    expect(again.status).toBe('nothing-to-package')
  })

  it('keeps state records for every file, a file named __proto__ included, across pieces of the state file', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const names = ['__proto__', 'constructor', 'hasOwnProperty']
    for (let i = 0; i < 600; i++) names.push(`many/f${String(i).padStart(3, '0')}.txt`)
    for (const name of names) writeFile(path.join(dir, 'tmp', name), `content of ${name}\n`)
    const first = (await pack(dir, new Date(), { all: false })) as PackagedArchive
    expect(first.files.map(f => f.path).sort()).toEqual([...names].sort())
    await first.saveState()
    const stateDir = path.join(dir, '.git', 'artifact-lfs')
    const stateFile = readdirSync(stateDir).find(n => n.startsWith('package-state-'))!
    const state = JSON.parse(readFileSync(path.join(stateDir, stateFile), 'utf8'))
    expect(Object.keys(state.files).sort()).toEqual([...names].sort())
    expect(state.files['__proto__'].sha256).toBe(
      first.files.find(f => f.path === '__proto__')!.sha256
    )
    expect((await pack(dir, new Date(), { all: false })).status).toBe('nothing-to-package')
    writeFile(path.join(dir, 'tmp', '__proto__'), 'changed\n')
    const second = (await pack(dir, new Date(), { all: false })) as PackagedArchive
    expect(second.files.map(f => f.path)).toEqual(['__proto__'])
    await second.saveState()
    expect((await pack(dir, new Date(), { all: false })).status).toBe('nothing-to-package')
  })

  it('saves the state of every listed file: packed now, touched but unchanged, kept; forgets deleted files', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const tmp = path.join(dir, 'tmp')
    for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) writeFile(path.join(tmp, name), name)
    const stateOf = (): Record<string, { sha256: string; mtimeMs: number }> => {
      const stateDir = path.join(dir, '.git', 'artifact-lfs')
      const name = readdirSync(stateDir).find(n => n.startsWith('package-state-'))!
      return JSON.parse(readFileSync(path.join(stateDir, name), 'utf8')).files
    }
    const first = (await pack(dir, new Date(), { all: false })) as PackagedArchive
    await first.saveState()
    const before = stateOf()
    // b: new content; c: same content, new mtime; d: deleted; e: new
    writeFile(path.join(tmp, 'b.txt'), 'b, changed')
    utimesSync(path.join(tmp, 'c.txt'), new Date(2030, 0, 1), new Date(2030, 0, 1))
    rmSync(path.join(tmp, 'd.txt'))
    writeFile(path.join(tmp, 'e.txt'), 'e')
    const second = (await pack(dir, new Date(), { all: false })) as PackagedArchive
    expect(second.files.map(f => f.path)).toEqual(['b.txt', 'e.txt'])
    await second.saveState()
    const after = stateOf()
    expect(Object.keys(after)).toEqual(['a.txt', 'b.txt', 'c.txt', 'e.txt'])
    expect(after['a.txt']).toEqual(before['a.txt'])
    expect(after['b.txt']!.sha256).toBe(second.files[0]!.sha256)
    expect(after['c.txt']!.sha256).toBe(before['c.txt']!.sha256)
    expect(after['c.txt']!.mtimeMs).toBe(new Date(2030, 0, 1).getTime())
    expect((await pack(dir, new Date(), { all: false })).status).toBe('nothing-to-package')
  })

  it('reports progress in the user files: the manifest adds bytes, not a file', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'tmp/a.txt'), 'alpha')
    writeFile(path.join(dir, 'tmp/b/c.txt'), 'charlie')
    let done: ProgressUpdate | undefined
    const result = (await pack(dir, new Date(), {
      progress: { update: () => undefined, done: update => (done = update) }
    })) as PackagedArchive
    expect(result.files).toHaveLength(2)
    expect(done?.files).toBe(2)
    expect(done?.totalFiles).toBe(2)
    // the manifest's bytes are part of the work done
    expect(done?.bytes).toBe(done?.totalBytes)
    expect(done!.bytes).toBeGreaterThan(12)
  })
})
