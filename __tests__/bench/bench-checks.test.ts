import { afterAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'

const benchDir = path.resolve(process.cwd(), 'bench')
const load = (name: string) => import(path.join(benchDir, name))

afterAll(() => cleanupSandboxes())

interface SourceFile {
  path: string
  size: number
  sha256: string
}

describe('bench round-trip checks', () => {
  test('a zip made by Info-ZIP round-trips; a changed, missing or extra file is caught', async () => {
    const { writeDatasetTree } = await load('datasets.mjs')
    const { checkArchiveRoundTrip, checkTreeRoundTrip, OUR_MANIFEST_ENTRY } =
      await load('round-trip.mjs')
    const base = makeTempDir('bench-rt-')
    const tree = path.join(base, 'tree')
    const files: SourceFile[] = writeDatasetTree(
      tree,
      [
        { path: 'a/one.txt', size: 3000, kind: 'text' },
        { path: 'a/b/two.bin', size: 5 * 1024 * 1024, kind: 'random' },
        { path: 'three.log', size: 0, kind: 'log' }
      ],
      'rt'
    )
    const archive = path.join(base, 'out.zip')
    execFileSync('zip', ['-r', '-6', '-q', archive, '.'], { cwd: tree })
    const env = process.env
    expect(await checkArchiveRoundTrip(archive, files, { env, hasManifest: false })).toMatchObject({
      ok: true
    })

    const changed = files.map(f => (f.path === 'a/one.txt' ? { ...f, sha256: '0'.repeat(64) } : f))
    const bad = await checkArchiveRoundTrip(archive, changed, { env, hasManifest: false })
    expect(bad.ok).toBe(false)
    expect(bad.summary).toContain('1 differ (a/one.txt)')

    const more = [...files, { path: 'gone.txt', size: 1, sha256: 'x' }]
    expect(
      (await checkArchiveRoundTrip(archive, more, { env, hasManifest: false })).summary
    ).toContain('1 missing (gone.txt)')

    // our manifest is allowed only in our archives
    writeFile(path.join(tree, OUR_MANIFEST_ENTRY), '{}')
    execFileSync('zip', ['-r', '-6', '-q', archive, '.'], { cwd: tree })
    expect((await checkArchiveRoundTrip(archive, files, { env, hasManifest: true })).ok).toBe(true)
    const extra = await checkArchiveRoundTrip(archive, files, { env, hasManifest: false })
    expect(extra.summary).toContain(`1 extra (${OUR_MANIFEST_ENTRY})`)

    // an extracted folder is hashed the same way
    writeFileSync(path.join(tree, 'a', 'one.txt'), 'edited')
    const tree1 = await checkTreeRoundTrip(tree, files, { ignore: [OUR_MANIFEST_ENTRY] })
    expect(tree1.ok).toBe(false)
    expect(tree1.summary).toContain('1 differ (a/one.txt)')
  })

  test('an unreadable archive is a failed round trip, not a crash of the bench', async () => {
    const { checkArchiveRoundTrip } = await load('round-trip.mjs')
    const base = makeTempDir('bench-rt-')
    const archive = path.join(base, 'broken.zip')
    writeFileSync(archive, 'PK\u0003\u0004 not really a zip')
    const result = await checkArchiveRoundTrip(archive, [], {
      env: process.env,
      hasManifest: false
    })
    expect(result.ok).toBe(false)
    expect(result.summary).toMatch(/python zipfile could not read/)
  })
})

describe('bench medians and targets', () => {
  test('medians ignore failed runs; the round order rotates', async () => {
    const { median, summarizeRuns, roundOrder } = await load('stats.mjs')
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeUndefined()
    const summary = summarizeRuns([
      { ok: true, wallSeconds: 2, cpuSeconds: 1, maxRssKiB: 2048, archiveBytes: 10 },
      { ok: false, wallSeconds: 99 },
      { ok: true, wallSeconds: 4, cpuSeconds: 3, maxRssKiB: 4096, archiveBytes: 10 }
    ])
    expect(summary).toEqual({
      runs: 3,
      ok: 2,
      wallSeconds: 3,
      wallRange: [2, 4],
      cpuSeconds: 2,
      maxRssMiB: 3,
      archiveBytes: 10
    })
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a'])
  })

  test('targets say PASS, MISS or n/a from the medians', async () => {
    const { evaluateTargets } = await load('targets.mjs')
    const tools = (ours: object, zip: object) => ({
      ours: { summary: ours },
      zip: { summary: zip }
    })
    const rows = evaluateTargets({
      datasets: {
        B: {
          packaging: {
            tools: tools(
              { wallSeconds: 9, archiveBytes: 1000, maxRssMiB: 120 },
              { wallSeconds: 10, archiveBytes: 1000 }
            )
          },
          recovery: { tools: { ours: { summary: {} }, unzip: { summary: { wallSeconds: 1 } } } }
        },
        C: {
          packaging: {
            tools: tools(
              { wallSeconds: 3, archiveBytes: 1020, maxRssMiB: 150 },
              { wallSeconds: 10, archiveBytes: 1000 }
            )
          }
        }
      },
      verify: {
        tools: {
          ours: { summary: { wallSeconds: 0.3 } },
          'ls-files': { summary: { wallSeconds: 0.1 } }
        }
      }
    })
    const status = (name: string) => rows.find((r: { target: string }) => r.target === name)?.status
    expect(status('packaging B: wall vs zip -6')).toBe('PASS')
    expect(status('packaging B: peak RSS')).toBe('PASS')
    expect(status('recovery B: wall vs unzip')).toBe('n/a')
    expect(status('packaging C: wall vs zip -6')).toBe('MISS') // 0.3x > 0.2x
    expect(status('packaging C: archive size vs zip -6')).toBe('MISS') // 2% larger
    expect(status('packaging C: peak RSS')).toBe('MISS') // not below 150
    expect(status('verify: wall vs git ls-files -s')).toBe('MISS')
  })
})
