import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { parsePointer } from '../../src/lfs/pointer.js'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'
import { writeBigSession } from './big-session.js'
import { sleep, SLOW, spawnCli, waitForQuiet } from './reliability-helpers.js'

/**
 * kill -9 of `artifact-lfs --package --commit --sync-gitattributes` (the CLI bundle) at
 * several points after its commit step began (git add of a 100 MiB archive through the LFS
 * clean filter, the pointer checks, the commit from a private index, update-ref). git
 * children outlive their killed parent and finish on their own; once they have, the
 * repository must be sane: fsck clean, no index.lock, HEAD either unchanged or one archive
 * commit whose pointer's object is in the local LFS store; and the next run must work.
 */
const slow = SLOW ? describe : describe.skip
/**
 * Kill points as fractions of an undisturbed commit step (from "== commit" to exit); the
 * last point is "committed <sha>" in the log: after update-ref, before the process exits.
 */
const KILL_POINTS = [0, 0.4, 0.8, 0.95, 1.02, 'committed'] as const

afterAll(cleanupSandboxes)

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(10)
  }
  return true
}

function gitStatus(dir: string, ...args: string[]): number {
  try {
    execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: process.env })
    return 0
  } catch (error) {
    return (error as { status: number }).status
  }
}

slow('kill -9 during the commit step', () => {
  it('leaves the index and HEAD sane, and the next run commits', async () => {
    const { dir } = makeScratchRepo({ lfs: true, withRemote: false })
    const tmpDir = path.join(dir, 'tmp')
    writeBigSession(tmpDir, 20, 100 * 1024 * 1024)
    // an undisturbed run measures the commit step
    const first = spawnCli(dir, ['--package', '--commit', '--sync-gitattributes', '--all'])
    expect(await waitFor(() => first.stderrSoFar().includes('== commit'), 60_000)).toBe(true)
    const commitStarted = Date.now()
    expect((await first.done).code).toBe(0)
    const commitMs = Date.now() - commitStarted
    const outcomes: string[] = []
    for (const point of KILL_POINTS) {
      const delay = point === 'committed' ? 0 : Math.round(point * commitMs)
      const marker = point === 'committed' ? /^committed [0-9a-f]{40} on /m : /^== commit$/m
      const headBefore = git(dir, 'rev-parse', 'HEAD').trim()
      writeFile(path.join(tmpDir, `run-${delay}.txt`), `${delay}\n`)
      const child = spawnCli(dir, ['--package', '--commit', '--sync-gitattributes', '--all'])
      const reached = await waitFor(() => marker.test(child.stderrSoFar()), 60_000)
      expect(reached).toBe(true)
      await sleep(delay)
      try {
        process.kill(child.pid, 'SIGKILL')
      } catch {
        // it finished before this kill point
      }
      const killed = await child.done
      await waitForQuiet(dir)

      expect(existsSync(path.join(dir, '.git', 'index.lock'))).toBe(false)
      expect(gitStatus(dir, 'fsck', '--no-progress', '--no-dangling')).toBe(0)
      expect(gitStatus(dir, 'status', '--porcelain')).toBe(0)
      const head = git(dir, 'rev-parse', 'HEAD').trim()
      let outcome = killed.signal === 'SIGKILL' ? 'killed' : 'finished first'
      if (head !== headBefore) {
        expect(git(dir, 'rev-parse', 'HEAD~1').trim()).toBe(headBefore)
        const changed = git(dir, 'diff', '--name-only', headBefore, head).trim().split('\n')
        const archive = changed.find(p => p.endsWith('.zip')) as string
        expect(archive).toMatch(/^codex_sessions\/codex-session_\d{8}_\d{6}(-\d+)?\.zip$/)
        const parsed = parsePointer(Buffer.from(git(dir, 'cat-file', 'blob', `HEAD:${archive}`)))
        expect(parsed.kind).toBe('pointer')
        if (parsed.kind !== 'pointer') continue
        const { oid, size } = parsed.pointer
        const object = path.join(dir, '.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid)
        expect(statSync(object).size).toBe(size)
        outcome += ', HEAD has the archive commit'
      } else {
        const staged = git(dir, 'diff', '--cached', '--name-only').trim()
        outcome += staged
          ? `, HEAD unchanged, staged: ${staged.replace(/\n/g, ' ')}`
          : ', HEAD unchanged'
      }
      outcomes.push(`${point === 'committed' ? '"committed" logged' : `${delay} ms`}: ${outcome}`)
    }

    // the next normal run commits, and every archive at HEAD validates (pointer, object, zip)
    writeFile(path.join(tmpDir, 'last.txt'), 'last\n')
    const next = await runCli(dir, ['--package', '--commit', '--sync-gitattributes', '--validate'])
    expect(next.stderr).not.toMatch(/error:/)
    expect(next.code).toBe(0)
    expect(next.stderr).not.toMatch(/^failed /m)
    expect(gitStatus(dir, 'lfs', 'fsck', '--pointers')).toBe(0)
    console.log(`kill -9 during a ${commitMs} ms commit step, after:\n  ${outcomes.join('\n  ')}`)
  })
})
