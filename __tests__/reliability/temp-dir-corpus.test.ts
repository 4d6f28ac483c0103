import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  symlinkSync,
  truncateSync
} from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { runCli } from '../helpers/run-cli.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { fingerprintTree } from './big-session.js'
import { checkArchive, runCliChild, sleep } from './reliability-helpers.js'

/**
 * What a temp dir can hold besides regular files, through `artifact-lfs --package`: FIFOs,
 * sockets, devices, symlink loops, files that cannot be read, files that grow or shrink while
 * they are read, and paths near and past PATH_MAX (4096 bytes). Each either packages the
 * regular files (skipping the rest with a warning naming it) or fails with a clear error that
 * names the file, publishing nothing and leaving the temp dir as it was.
 */
const isRoot = process.getuid?.() === 0
const servers: net.Server[] = []
const mounts: string[] = []
/** Trees deeper than PATH_MAX: fs.rmSync cannot remove them, rm -rf (openat) can. */
const deepTrees: string[] = []
afterAll(async () => {
  for (const server of servers) await new Promise(resolve => server.close(resolve))
  for (const mount of mounts) spawnSync('umount', ['-l', mount])
  for (const tree of deepTrees) spawnSync('rm', ['-rf', tree])
  cleanupSandboxes()
})

function repoWithTmp(): { repo: string; tmpDir: string; sessionDir: string } {
  const { dir } = makeScratchRepo({ withRemote: false })
  const tmpDir = path.join(dir, 'tmp')
  writeFile(path.join(tmpDir, 'regular.txt'), 'a regular file\n')
  return { repo: dir, tmpDir, sessionDir: path.join(dir, 'codex_sessions') }
}

function archivesIn(sessionDir: string): string[] {
  return existsSync(sessionDir) ? readdirSync(sessionDir) : []
}

interface PackageJson {
  ok: boolean
  error?: { kind: string; message: string; hint?: string }
  package?: { archivePath: string; skipped: { relPath: string; reason: string }[] }
}

async function packageJson(repo: string): Promise<{ json: PackageJson; stderr: string }> {
  const run = await runCli(repo, ['--package', '--json'])
  return { json: JSON.parse(run.stdout) as PackageJson, stderr: run.stderr }
}

describe('special files in the temp dir', () => {
  it('FIFOs, sockets and devices are skipped with a warning naming them; nothing blocks', async () => {
    const { repo, tmpDir } = repoWithTmp()
    execFileSync('mkfifo', [path.join(tmpDir, 'pipe')])
    const server = net.createServer()
    servers.push(server)
    await new Promise<void>(resolve => server.listen(path.join(tmpDir, 'app.sock'), resolve))
    const devices = isRoot
      ? [
          ['null-dev', 'c', '1', '3'],
          ['loop-dev', 'b', '7', '0']
        ].filter(
          ([name, ...spec]) => spawnSync('mknod', [path.join(tmpDir, name!), ...spec]).status === 0
        )
      : []
    if (devices.length === 0) symlinkSync('/dev/null', path.join(tmpDir, 'null-link'))
    const started = Date.now()
    const { json, stderr } = await packageJson(repo)
    expect(json.ok).toBe(true)
    expect(Date.now() - started).toBeLessThan(20_000)
    const skipped = Object.fromEntries(json.package!.skipped.map(s => [s.relPath, s.reason]))
    expect(skipped.pipe).toBe('named pipe (FIFO), not a regular file')
    expect(skipped['app.sock']).toBe('socket, not a regular file')
    if (devices.some(d => d[0] === 'null-dev'))
      expect(skipped['null-dev']).toBe('character device, not a regular file')
    if (devices.some(d => d[0] === 'loop-dev'))
      expect(skipped['loop-dev']).toBe('block device, not a regular file')
    if (devices.length === 0) expect(skipped['null-link']).toMatch(/symlink to an absolute path/)
    for (const name of Object.keys(skipped)) expect(stderr).toContain(`warning: skipped "${name}"`)
    const files = await checkArchive(json.package!.archivePath)
    expect(files.map(f => f.path)).toEqual(['regular.txt'])
  })

  it('symlink loops terminate: loops are skipped, a link to its own folder is stored as a link', async () => {
    const { repo, tmpDir } = repoWithTmp()
    symlinkSync('b', path.join(tmpDir, 'a'))
    symlinkSync('a', path.join(tmpDir, 'b'))
    symlinkSync('self', path.join(tmpDir, 'self'))
    mkdirSync(path.join(tmpDir, 'dir'))
    symlinkSync('.', path.join(tmpDir, 'dir', 'here'))
    symlinkSync('..', path.join(tmpDir, 'dir', 'up'))
    symlinkSync('../..', path.join(tmpDir, 'dir', 'out'))
    const { json } = await packageJson(repo)
    expect(json.ok).toBe(true)
    const skipped = Object.fromEntries(json.package!.skipped.map(s => [s.relPath, s.reason]))
    expect(skipped).toEqual({
      a: 'symlink loop',
      b: 'symlink loop',
      self: 'symlink loop',
      'dir/out': 'symlink points outside the temp dir (../..)'
    })
    const files = await checkArchive(json.package!.archivePath)
    expect(files.map(f => [f.path, f.type, f.target])).toEqual([
      ['dir/here', 'symlink', '.'],
      ['dir/up', 'symlink', '..'],
      ['regular.txt', 'file', undefined]
    ])
  })
})

describe('files that cannot be read', () => {
  const rootOnly = isRoot ? it : it.skip

  rootOnly('a file its owner may not read (run as nobody): a clear error naming it', async () => {
    const base = makeTempDir('alfs-nobody-')
    chmodSync(base, 0o755)
    const repo = path.join(base, 'repo')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    writeFile(path.join(repo, 'tmp', 'readable.txt'), 'fine\n')
    writeFile(path.join(repo, 'tmp', 'secret.bin'), 'no\n')
    const home = path.join(base, 'home')
    mkdirSync(home)
    execFileSync('chown', ['-R', 'nobody:nogroup', repo, home])
    chmodSync(path.join(repo, 'tmp', 'secret.bin'), 0o000)
    const nobody = { uid: 65534, gid: 65534 }
    const run = await runCliChild(repo, ['--package'], { HOME: home }, nobody)
    // a child process as nobody: permission checks apply again
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('secret.bin: permission denied')
    expect(run.stderr).toMatch(/hint: fix the permissions or rename the files listed/)
    expect(archivesIn(path.join(repo, 'codex_sessions'))).toEqual([])
  })

  rootOnly('a file that fails to open even for root (bind-mounted /proc/1/mem)', async () => {
    const { repo, tmpDir, sessionDir } = repoWithTmp()
    const trap = path.join(tmpDir, 'trap.bin')
    writeFile(trap, '')
    if (spawnSync('mount', ['--bind', '/proc/1/mem', trap]).status !== 0) return
    mounts.push(trap)
    let opens = true
    try {
      closeSync(openSync(trap, 'r'))
    } catch {
      opens = false
    }
    if (opens) return // this kernel lets root read it: nothing to test
    const { json } = await packageJson(repo)
    expect(json.ok).toBe(false)
    expect(json.error?.message).toMatch(/trap\.bin: (permission denied|.*EACCES)/)
    expect(archivesIn(sessionDir).filter(n => !n.startsWith('.'))).toEqual([])
    expect(archivesIn(sessionDir).filter(n => n.endsWith('.partial'))).toEqual([])
  })
})

describe('files that change while they are read', () => {
  async function whileChanging(change: () => void, repo: string): Promise<PackageJson> {
    let running = true
    const changer = (async () => {
      while (running) {
        change()
        await sleep(2)
      }
    })()
    const { json } = await packageJson(repo)
    running = false
    await changer
    return json
  }

  it('a file growing while it is packed: refused, naming it; nothing published', async () => {
    const { repo, tmpDir, sessionDir } = repoWithTmp()
    const log = path.join(tmpDir, 'growing.log')
    writeFile(log, randomBytes(64 * 1024 * 1024))
    const json = await whileChanging(() => appendFileSync(log, 'one more line\n'), repo)
    expect(json.ok).toBe(false)
    expect(json.error?.message).toMatch(/growing\.log changed while being packed/)
    expect(json.error?.hint).toMatch(/nothing writes to the packaged folder/)
    expect(archivesIn(sessionDir)).toEqual([])
  })

  it('a file shrinking while it is packed: refused, naming it; nothing published', async () => {
    const { repo, tmpDir, sessionDir } = repoWithTmp()
    const log = path.join(tmpDir, 'shrinking.bin')
    const size = 64 * 1024 * 1024
    writeFile(log, randomBytes(size))
    let length = size
    const json = await whileChanging(
      () => truncateSync(log, (length = Math.max(0, length - 512 * 1024))),
      repo
    )
    expect(json.ok).toBe(false)
    expect(json.error?.message).toMatch(/shrinking\.bin changed while being packed|cannot read/)
    expect(archivesIn(sessionDir)).toEqual([])
  })
})

describe('paths near and past PATH_MAX', () => {
  /** Creates `depth` nested folders named `name` under `dir` (relative chdir: no PATH_MAX). */
  function deepFile(dir: string, name: string, depth: number): string {
    const script = [
      'import os, sys',
      'os.chdir(sys.argv[1])',
      'for _ in range(int(sys.argv[3])):',
      '    os.mkdir(sys.argv[2]); os.chdir(sys.argv[2])',
      'open("leaf.txt", "w").write("deep\\n")'
    ].join('\n')
    execFileSync('python3', ['-c', script, dir, name, String(depth)])
    deepTrees.push(path.join(dir, name))
    return `${Array.from({ length: depth }, () => name).join('/')}/leaf.txt`
  }

  it('a 3,000-byte path is packaged and listed whole', async () => {
    const { repo, tmpDir } = repoWithTmp()
    const rel = deepFile(tmpDir, 'n'.repeat(199), 15)
    expect(Buffer.byteLength(rel)).toBeGreaterThan(2900)
    const { json } = await packageJson(repo)
    expect(json.ok).toBe(true)
    const files = await checkArchive(json.package!.archivePath)
    expect(files.map(f => f.path).sort()).toEqual([rel, 'regular.txt'].sort())
  })

  it('a path past 4,096 bytes: a clear ENAMETOOLONG error naming it, nothing published', async () => {
    const { repo, tmpDir, sessionDir } = repoWithTmp()
    const rel = deepFile(tmpDir, 'L'.repeat(250), 17)
    expect(Buffer.byteLength(path.join(tmpDir, rel))).toBeGreaterThan(4096)
    const before = await fingerprintTree(tmpDir, ['regular.txt'])
    const { json } = await packageJson(repo)
    expect(json.ok).toBe(false)
    expect(json.error?.message).toMatch(/ENAMETOOLONG/)
    expect(json.error?.message).toContain(`${'L'.repeat(250)}/${'L'.repeat(250)}/`)
    expect(archivesIn(sessionDir).filter(n => n.endsWith('.zip'))).toEqual([])
    expect(await fingerprintTree(tmpDir, ['regular.txt'])).toEqual(before)
  })
})
