import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { removeStalePartials } from '../../src/packaging/stale-partials.js'
import { runLockPath } from '../../src/packaging/run-lock.js'
import { silentLogger } from '../../src/progress/progress.js'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, makeScratchRepo, makeTempDir, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync('true').pid as number
}

function setAge(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000)
  utimesSync(file, t, t)
}

describe('removeStalePartials (temp files of killed runs)', () => {
  function layout(lockPid: number | undefined) {
    const base = makeTempDir('alfs-stale-')
    const gitDir = path.join(base, '.git')
    const sessionDir = path.join(base, 'codex_sessions')
    mkdirSync(path.join(gitDir, 'artifact-lfs'), { recursive: true })
    mkdirSync(sessionDir)
    const dead = deadPid()
    const files = {
      staleArchive: path.join(sessionDir, `.codex-session.zip.${dead}.0a1b2c3d.partial`),
      ownArchive: path.join(sessionDir, `.codex-session.zip.${process.pid}.0a1b2c3d.partial`),
      liveWriter: path.join(sessionDir, `.codex-session.zip.1.0a1b2c3d.partial`),
      newerThanLock: path.join(sessionDir, `.codex-session.zip.${dead}.ffff0000.partial`),
      otherName: path.join(sessionDir, `.notes.txt.${dead}.0a1b2c3d.partial`),
      archive: path.join(sessionDir, 'codex-session_20250101_000000.zip'),
      staleState: path.join(
        gitDir,
        'artifact-lfs',
        `.package-state-0123abcd.json.${dead}.1f.partial`
      )
    }
    for (const file of Object.values(files)) writeFile(file, 'x')
    for (const file of Object.values(files)) setAge(file, 60)
    if (lockPid !== undefined) writeFile(runLockPath(gitDir), `${lockPid}\n`)
    setAge(files.newerThanLock, -60)
    return { gitDir, sessionDir, files }
  }

  it('removes only temp files of dead runs older than our run lock', async () => {
    const { gitDir, sessionDir, files } = layout(process.pid)
    const removed = await removeStalePartials(sessionDir, gitDir, silentLogger)
    expect(removed.sort()).toEqual(
      [path.basename(files.staleArchive), path.basename(files.staleState)].sort()
    )
    expect(existsSync(files.staleArchive)).toBe(false)
    expect(existsSync(files.staleState)).toBe(false)
    for (const kept of ['ownArchive', 'liveWriter', 'newerThanLock', 'otherName', 'archive'])
      expect(existsSync(files[kept as keyof typeof files])).toBe(true)
  })

  it('removes nothing without a run lock, or when another process holds it', async () => {
    for (const lockPid of [undefined, deadPid()]) {
      const { gitDir, sessionDir } = layout(lockPid)
      const before = readdirSync(sessionDir).sort()
      expect(await removeStalePartials(sessionDir, gitDir, silentLogger)).toEqual([])
      expect(readdirSync(sessionDir).sort()).toEqual(before)
    }
  })

  it('a packaging run removes what a killed run left and says so', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const leftover = path.join(
      dir,
      'codex_sessions',
      `.codex-session.zip.${deadPid()}.12ab.partial`
    )
    writeFile(leftover, Buffer.alloc(100_000))
    setAge(leftover, 3600)
    writeFile(path.join(dir, 'tmp', 'a.txt'), 'a\n')
    const run = await runCli(dir, ['--package'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('removed 1 temp file(s) left by an interrupted run')
    expect(existsSync(leftover)).toBe(false)
    expect(readdirSync(path.join(dir, 'codex_sessions'))).toEqual([
      expect.stringMatching(/^codex-session_\d{8}_\d{6}\.zip$/)
    ])
  })
})
