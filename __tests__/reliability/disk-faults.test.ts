import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { fingerprintTree } from './big-session.js'

/**
 * A full disk and a session dir that cannot be written, with real file systems: a small tmpfs
 * holding the repository, a read-only bind mount and an immutable (chattr +i) folder. These
 * need root (CAP_SYS_ADMIN); without it they are skipped, and say so.
 */
const mounts: string[] = []

function tryRun(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
}

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false
  const probe = mkdtempSync(path.join(os.tmpdir(), 'alfs-mount-probe-'))
  try {
    if (!tryRun('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe])) return false
    tryRun('umount', [probe])
    return true
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

const mountable = canMount()
const rootOnly = mountable ? describe : describe.skip
if (!mountable) console.warn('disk-faults: not root or mount refused; disk-full tests skipped')

afterAll(() => {
  for (const dir of mounts.splice(0).reverse()) tryRun('umount', ['-l', dir])
  cleanupSandboxes()
})

function mountTmpfs(sizeMb: number): string {
  const dir = makeTempDir('alfs-tmpfs-')
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir])
  mounts.push(dir)
  return dir
}

/** A repository with one commit at `dir` (LFS filter configured), session output in tmp/. */
function repoAt(dir: string, randomMb: number): { repo: string; tmpDir: string } {
  const repo = path.join(dir, 'repo')
  mkdirSync(repo)
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'lfs', 'install', '--local')
  writeFile(path.join(repo, 'README.md'), '# disk faults\n')
  git(repo, 'add', 'README.md')
  git(repo, 'commit', '-q', '-m', 'initial')
  const tmpDir = path.join(repo, 'tmp')
  writeFile(path.join(tmpDir, 'notes.txt'), 'notes\n')
  writeFile(path.join(tmpDir, 'data', 'random.bin'), randomBytes(randomMb * 1024 * 1024))
  return { repo, tmpDir }
}

function leftovers(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

rootOnly('disk full and unwritable session dirs', () => {
  it('disk full while writing the archive: a clear error, temp dir intact, no debris; works once there is room', async () => {
    const mount = mountTmpfs(8)
    const { repo, tmpDir } = repoAt(mount, 5)
    const before = await fingerprintTree(tmpDir)
    const run = await runCli(repo, ['--package'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'error: cannot write the archive into codex_sessions/: no space left on the device (ENOSPC); nothing was published and the temp dir was not changed'
    )
    expect(run.stderr).toMatch(/hint: free space on the file system/)
    expect(leftovers(path.join(repo, 'codex_sessions'))).toEqual([])
    expect(leftovers(path.join(repo, '.git', 'artifact-lfs'))).toEqual([])
    expect(await fingerprintTree(tmpDir)).toEqual(before)

    execFileSync('mount', ['-o', 'remount,size=32m', mount])
    const again = await runCli(repo, ['--package', '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout).package.files).toHaveLength(2)
  })

  it('disk full while git-lfs stores the object (commit step): a clear error, HEAD and index unchanged', async () => {
    const mount = mountTmpfs(14)
    const { repo, tmpDir } = repoAt(mount, 5)
    const head = git(repo, 'rev-parse', 'HEAD')
    const index = git(repo, 'ls-files', '-s')
    const before = await fingerprintTree(tmpDir)
    // the archive fits (5 MiB next to the 5 MiB temp file), its LFS object copy does not
    const run = await runCli(repo, ['--package', '--commit', '--sync-gitattributes'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/error: git add failed for codex_sessions\/codex-session_\S+\.zip/)
    expect(run.stderr).toMatch(/no space left on device/i)
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head)
    expect(git(repo, 'ls-files', '-s')).toBe(index)
    expect(await fingerprintTree(tmpDir)).toEqual(before)
    expect(leftovers(path.join(repo, '.git')).includes('index.lock')).toBe(false)
  })

  it('read-only session dir (read-only bind mount): a clear error, nothing written', async () => {
    const { repo, tmpDir } = repoAt(makeTempDir('alfs-ro-'), 1)
    const sessionDir = path.join(repo, 'codex_sessions')
    mkdirSync(sessionDir)
    execFileSync('mount', ['--bind', sessionDir, sessionDir])
    mounts.push(sessionDir)
    execFileSync('mount', ['-o', 'remount,ro,bind', sessionDir])
    const before = await fingerprintTree(tmpDir)
    const run = await runCli(repo, ['--package', '--json'])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).error).toEqual({
      kind: 'io',
      message:
        'cannot write the archive into codex_sessions/: the file system is read-only (EROFS); nothing was published and the temp dir was not changed',
      hint: 'remount it read-write or set session_artifact_dir to a writable folder'
    })
    expect(leftovers(sessionDir)).toEqual([])
    expect(await fingerprintTree(tmpDir)).toEqual(before)
  })

  it('immutable session dir (chattr +i): a clear error, nothing written', async () => {
    const { repo, tmpDir } = repoAt(makeTempDir('alfs-immutable-'), 1)
    const sessionDir = path.join(repo, 'codex_sessions')
    mkdirSync(sessionDir)
    if (!tryRun('chattr', ['+i', sessionDir])) {
      console.warn('chattr +i is not supported here; immutable-folder test skipped')
      return
    }
    try {
      const run = await runCli(repo, ['--package'])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'error: cannot write the archive into codex_sessions/: the operation is not permitted'
      )
      expect(run.stderr).toMatch(/hint: make the folder writable \(check chattr -i/)
      expect(leftovers(sessionDir)).toEqual([])
      expect(readdirSync(tmpDir).sort()).toEqual(['data', 'notes.txt'])
    } finally {
      tryRun('chattr', ['-i', sessionDir])
    }
  })
})
