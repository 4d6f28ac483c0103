import { afterAll, describe, expect, test } from '@jest/globals'
import path from 'node:path'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'

const benchDir = path.resolve(process.cwd(), 'bench')
const load = (name: string) => import(path.join(benchDir, name))

afterAll(() => cleanupSandboxes())

describe('bench measuring (GNU time around a real child)', () => {
  test('reports the peak RSS and CPU time of the child', async () => {
    const { runMeasured, succeeded } = await load('measure.mjs')
    const scratchDir = makeTempDir('bench-measure-')
    // touches 160 MiB, then spins ~0.3 s of CPU
    const script =
      'const b = Buffer.alloc(160 * 1024 * 1024, 1); let x = 0; const end = Date.now() + 300;' +
      'while (Date.now() < end) x += b[x % b.length]; process.exit(b[5] === 1 ? 0 : 3)'
    const run = await runMeasured(process.execPath, ['-e', script], {
      cwd: scratchDir,
      env: process.env,
      scratchDir
    })
    expect(succeeded(run)).toBe(true)
    expect(run.maxRssKiB / 1024).toBeGreaterThan(160)
    expect(run.cpuSeconds).toBeGreaterThan(0.2)
    expect(run.wallSeconds).toBeGreaterThanOrEqual(0.3)
  })

  test('a failing child, a hung child and a memory-capped child are told apart', async () => {
    const { runMeasured, succeeded, failureReason } = await load('measure.mjs')
    const scratchDir = makeTempDir('bench-measure-')
    const options = { cwd: scratchDir, env: process.env, scratchDir }
    const failing = await runMeasured(
      process.execPath,
      ['-e', 'console.error("boom: bad input"); process.exit(4)'],
      options
    )
    expect(succeeded(failing)).toBe(false)
    expect(failing.exitCode).toBe(4)
    expect(failureReason(failing)).toBe('exit 4: boom: bad input')

    const hung = await runMeasured(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      ...options,
      timeoutMs: 500
    })
    expect(hung.timedOut).toBe(true)
    expect(hung.wallSeconds).toBeLessThan(10)
    expect(failureReason(hung)).toBe('timed out')

    const capped = await runMeasured(
      process.execPath,
      [
        '-e',
        'const k = []; for (let i = 0; i < 40; i++) k.push(Buffer.alloc(100 * 1024 * 1024, 1))'
      ],
      { ...options, addressSpaceKiB: 2 * 1024 * 1024 }
    )
    expect(succeeded(capped)).toBe(false)
    expect(failureReason(capped)).toMatch(/allocation failed|out of memory|ENOMEM|Cannot allocate/)
  })

  test('parses the last line GNU time writes, after its status lines', async () => {
    const { parseTimeOutput } = await load('measure.mjs')
    expect(
      parseTimeOutput('Command exited with non-zero status 1\n1.50 0.75 0.25 20480\n')
    ).toEqual({
      wallSeconds: 1.5,
      userSeconds: 0.75,
      sysSeconds: 0.25,
      maxRssKiB: 20480
    })
    expect(parseTimeOutput('Command terminated by signal 9\n')).toBeUndefined()
  })
})
