import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { ProgressUpdate } from '../../src/progress/progress.js'
import { extractArchive } from '../../src/recover/safe-extract.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import {
  makeZips,
  sha256Hex,
  snapshotTree,
  withManifest,
  type FixtureEntry
} from './fixtures/zip-fixtures.js'

/**
 * Recovery stages small entries with synchronous whole-entry reads that share one read window,
 * streams big ones (over 1 MiB), and moves folders the destination lacks in with one rename.
 * These cases cross those boundaries and check the same guarantees as the slow path.
 */

/** Deterministic incompressible bytes, so consecutive entries span several read windows. */
function noise(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length)
  let state = seed * 2654435761 + 1
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    out[i] = state >>> 24
  }
  return out
}

const SMALL_COUNT = 300
const small: FixtureEntry[] = Array.from({ length: SMALL_COUNT }, (_, i) => ({
  name: `w/dir${i % 7}/f${String(i).padStart(3, '0')}.bin`,
  hex: noise(i, 4000 + i).toString('hex')
}))
// over 1 MiB declared: the streamed path, between small entries
const bigText = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${i * 7919}\n`).join('')
const big: FixtureEntry = { name: 'w/big.txt', text: bigText }
const entries: FixtureEntry[] = [
  ...small.slice(0, 150),
  big,
  ...small.slice(150),
  { name: 'keep/new.txt', text: 'added next to the user file\n' },
  { name: 'top.txt', text: 'top\n' }
]

let zips: Record<string, string>
beforeAll(() => {
  zips = makeZips(makeTempDir('alfs-stage-zips-'), {
    mixed: { entries: withManifest(entries) },
    badSmallSha: {
      entries: withManifest(entries, files =>
        files.map(f => (f.path === small[200].name ? { ...f, sha256: sha256Hex('other') } : f))
      )
    },
    badBigSha: {
      entries: withManifest(entries, files =>
        files.map(f => (f.path === big.name ? { ...f, sha256: sha256Hex('other') } : f))
      )
    },
    lateFolder: {
      entries: [
        { name: 'a.txt', text: 'alpha\n' },
        { name: 'n/x.txt', text: 'x\n' }
      ]
    }
  })
})
afterAll(() => cleanupSandboxes())

describe('staging fast paths', () => {
  test('small files across read windows, a streamed big file and whole-folder moves round trip', async () => {
    const dest = path.join(makeTempDir('alfs-stage-'), 'dest')
    writeFile(path.join(dest, 'keep/user.txt'), 'mine\n')
    const result = await extractArchive(zips.mixed, dest)
    expect(result.written.length).toBe(entries.length)
    for (const [i, entry] of small.entries()) {
      expect(readFileSync(path.join(dest, entry.name)).equals(noise(i, 4000 + i))).toBe(true)
    }
    expect(readFileSync(path.join(dest, big.name), 'utf8')).toBe(bigText)
    expect(readFileSync(path.join(dest, 'keep/user.txt'), 'utf8')).toBe('mine\n')
    expect(readFileSync(path.join(dest, 'keep/new.txt'), 'utf8')).toBe(
      'added next to the user file\n'
    )
    // folders made for the archive get the usual default mode, not the private staging one
    const defaultMode = 0o777 & ~process.umask()
    expect(lstatSync(path.join(dest, 'w')).mode & 0o777).toBe(defaultMode)
    expect(lstatSync(path.join(dest, 'w/dir3')).mode & 0o777).toBe(defaultMode)
    // mtimes come from the manifest (withManifest's default time)
    expect(lstatSync(path.join(dest, small[42].name)).mtimeMs).toBe(Date.UTC(2021, 5, 7, 8, 9, 10))
    expect(readdirSync(path.dirname(dest))).toEqual(['dest'])
  })

  test.each([
    ['a small file (read whole)', 'badSmallSha', small[200].name],
    ['a big file (streamed)', 'badBigSha', big.name]
  ])('%s whose sha256 differs from the manifest refuses everything', async (_, key, name) => {
    const base = makeTempDir('alfs-stage-')
    const dest = path.join(base, 'dest')
    writeFile(path.join(dest, 'keep/user.txt'), 'mine\n')
    const before = snapshotTree(base)
    await expect(extractArchive(zips[key], dest)).rejects.toThrow(
      new RegExp(`entry "${name}" has sha256 [0-9a-f]{64} but the manifest says`)
    )
    expect(snapshotTree(base)).toEqual(before)
  })

  test('a folder that was missing but appears before placement is refused and all is undone', async () => {
    const base = makeTempDir('alfs-stage-')
    const dest = path.join(base, 'dest')
    mkdirSync(dest)
    let injected = false
    const progress = {
      update: (p: ProgressUpdate) => {
        // a.txt was placed; now someone else creates the folder "n" the archive needs
        if (p.phase === 'placing' && !injected) {
          injected = true
          writeFile(path.join(dest, 'n/theirs.txt'), 'not ours\n')
        }
      },
      done: () => undefined
    }
    await expect(extractArchive(zips.lateFolder, dest, { progress })).rejects.toThrow(
      `${path.join(dest, 'n')} changed while the archive was being extracted; nothing was extracted`
    )
    expect(injected).toBe(true)
    expect(existsSync(path.join(dest, 'a.txt'))).toBe(false)
    expect(readFileSync(path.join(dest, 'n/theirs.txt'), 'utf8')).toBe('not ours\n')
    expect(readdirSync(dest)).toEqual(['n'])
    expect(readdirSync(base)).toEqual(['dest'])
  })
})
