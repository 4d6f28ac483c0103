import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandboxes, makeScratchRepo, writeFile } from '../helpers/sandbox.js'
import { fingerprintTree, writeBigSession } from './big-session.js'
import {
  checkArchive,
  runCliChild,
  sleep,
  SLOW,
  spawnCli,
  waitForQuiet
} from './reliability-helpers.js'

/**
 * kill -9 of `artifact-lfs --package --all` (the CLI bundle in a child process) at 20 points
 * spread over a whole run, on ~300 small files and one 200 MiB file. After every kill: each
 * published archive is complete (unzip -t, entries match the manifest), the sources are
 * unchanged, and the next normal run works, packages what changed and leaves no temp files.
 */
const slow = SLOW ? describe : describe.skip
const KILL_POINTS = 20
const BIG = 200 * 1024 * 1024

afterAll(cleanupSandboxes)

function sessionFiles(sessionDir: string): { archives: string[]; partials: string[] } {
  const names = existsSync(sessionDir) ? readdirSync(sessionDir) : []
  return {
    archives: names.filter(n => /^codex-session_.*\.zip$/.test(n)),
    partials: names.filter(n => n.endsWith('.partial'))
  }
}

slow('kill -9 during packaging', () => {
  it('never publishes a partial archive, never touches the sources, and the next run recovers', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const tmpDir = path.join(dir, 'tmp')
    const sessionDir = path.join(dir, 'codex_sessions')
    const stateDir = path.join(dir, '.git', 'artifact-lfs')
    writeBigSession(tmpDir, 300, BIG)
    let before: Record<string, string> = await fingerprintTree(tmpDir)

    // one undisturbed run: its duration spreads the kill points over a whole run
    const first = await runCliChild(dir, ['--package', '--all', '--json'])
    expect(first.code).toBe(0)
    const duration = first.ms
    const firstArchive = JSON.parse(first.stdout).package.archivePath as string
    const firstFiles = await checkArchive(firstArchive)
    expect(firstFiles).toHaveLength(301)
    const wanted = Object.fromEntries(
      Object.entries(before).map(([p, fp]) => [p, fp.split(' ')[0]])
    )
    expect(Object.fromEntries(firstFiles.map(f => [f.path, f.sha256]))).toEqual(wanted)
    rmSync(firstArchive)

    const debris: string[] = []
    const survivors: number[] = []
    for (let i = 0; i < KILL_POINTS; i++) {
      // spread over 80% of the first run: later runs are often faster (warm caches), and a
      // kill after the end tests nothing
      const delay = Math.round(30 + ((duration * 0.8 - 30) * i) / (KILL_POINTS - 1))
      const child = spawnCli(dir, ['--package', '--all', '--quiet'])
      await sleep(delay)
      try {
        process.kill(child.pid, 'SIGKILL')
      } catch (error) {
        // ESRCH: it finished before this kill point
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
      }
      const killed = await child.done
      if (killed.signal !== 'SIGKILL') survivors.push(delay)
      await waitForQuiet(dir)

      const after = sessionFiles(sessionDir)
      for (const name of after.archives) {
        // a run that finished before its kill point archived everything there is by now
        const files = await checkArchive(path.join(sessionDir, name))
        expect(files).toHaveLength(Object.keys(before).length)
        rmSync(path.join(sessionDir, name))
      }
      debris.push(...after.partials)
      expect(await fingerprintTree(tmpDir)).toEqual(before)

      // the next normal run: packages exactly the new file and cleans up the temp files
      const added = `after-kill-${i}.txt`
      writeFile(path.join(tmpDir, added), `kill point ${i} at ${delay} ms\n`)
      before = { ...before, [added]: (await fingerprintTree(tmpDir, [added]))[added] as string }
      const next = await runCliChild(dir, ['--package', '--json'])
      expect(next.stderr).not.toMatch(/error/)
      expect(next.code).toBe(0)
      const archive = JSON.parse(next.stdout).package.archivePath as string
      expect((await checkArchive(archive)).map(f => f.path)).toEqual([added])
      rmSync(archive)
      expect(sessionFiles(sessionDir).partials).toEqual([])
      expect(readdirSync(stateDir).filter(n => n.endsWith('.partial'))).toEqual([])
      expect(existsSync(path.join(stateDir, 'run.lock'))).toBe(false)
    }
    // most kills must land inside a run, not after it (runs get slower on a busy machine)
    expect(survivors.length).toBeLessThanOrEqual(KILL_POINTS / 4)
    console.log(
      `kill -9 at ${KILL_POINTS} points over a ${duration} ms run: ${debris.length} temp file(s) left by kills, all removed by the next run; ${survivors.length} run(s) finished before the kill`
    )
    // 41 runs of the CLI: ~40 s alone, over 120 s next to the other slow suites on 2 cores
  }, 600_000)
})
