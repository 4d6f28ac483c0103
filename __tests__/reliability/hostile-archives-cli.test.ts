import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, makeScratchRepo, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { snapshotTree } from '../recover/fixtures/zip-fixtures.js'
import { craftZip, localRecord, type CraftEntry } from './zip-craft.js'

/**
 * Hostile archives through `artifact-lfs --recover <path>` (the whole recovery path: policy,
 * run lock, resolve, extract), hand-made byte by byte so every header can lie. Each is refused
 * as a whole, and nothing changes anywhere: not the temp dir (which holds files already), not
 * the rest of the work tree, not a folder outside the repository.
 * __tests__/recover/hostile-archives.test.ts covers the extractor on Python-made archives;
 * these are other shapes of the same attacks, end to end.
 */
afterAll(cleanupSandboxes)

const GiB = 1024 * 1024 * 1024
const ok: CraftEntry = { name: 'fine.txt', data: Buffer.from('an innocent file\n') }
const zeros = (n: number): Buffer => Buffer.alloc(n)

/** Entry A (stored) whose data is a complete local record of entry B ("quoted" overlap). */
function quotedOverlap(): CraftEntry[] {
  const inner: CraftEntry = { name: 'inner.bin', data: zeros(200_000) }
  const quoted = localRecord(inner)
  const outer: CraftEntry = { name: 'outer.bin', method: 0, data: quoted }
  return [outer, { ...inner, noLocal: true, offset: 30 + Buffer.byteLength(outer.name) }, ok]
}

const CASES: Record<string, { entries: CraftEntry[]; error: string | RegExp }> = {
  'an entry whose data quotes the next local header (overlap)': {
    entries: quotedOverlap(),
    error: /entries "outer\.bin" and "inner\.bin" overlap/
  },
  'names differing only in case (Kelvin sign K)': {
    entries: [
      { name: 'Key.txt', data: Buffer.from('a') },
      { name: '\u212aey.txt', data: Buffer.from('b') }
    ],
    // U+212A normalises (NFC) to a plain K, so the names collide before case is even folded
    error:
      'entries "Key.txt" and "\u212aey.txt" are the same path after Unicode (NFC) normalisation'
  },
  'names differing in case and Unicode normalisation at once': {
    entries: [
      { name: 'caf\u00e9.txt', data: Buffer.from('a') },
      { name: 'CAFE\u0301.TXT', data: Buffer.from('b') }
    ],
    error: /entries "caf\u00e9\.txt" and "CAFE\u0301\.TXT" (differ only in case|are the same path)/
  },
  'a file, and a folder of the same name in another case': {
    entries: [
      { name: 'logs', data: Buffer.from('a file') },
      { name: 'LOGS/today.txt', data: Buffer.from('x') }
    ],
    error: 'entry "LOGS/today.txt" is inside "logs", which is a file entry'
  },
  'zip64: the local header claims 10 GiB, the central directory 16 bytes': {
    entries: [ok, { name: 'lie.bin', data: zeros(16), zip64: true, localUsize: 10 * GiB }],
    error: /entry "lie\.bin": the local header and the central directory disagree/
  },
  'zip64: a compressed size running past the end of the file': {
    entries: [ok, { name: 'long.bin', data: zeros(1000), zip64: true, csize: 5 * GiB }],
    error:
      /entry "long\.bin" claims data at offset 57\.\.5368709215, past the start of the central directory/
  },
  'central directory and local header disagree on the CRC': {
    entries: [ok, { name: 'crc.txt', data: Buffer.from('content'), localCrc: 0x12345678 }],
    error: /entry "crc\.txt": the local header and the central directory disagree/
  },
  'central directory says deflate, the local header says stored': {
    entries: [ok, { name: 'method.txt', data: Buffer.from('x'.repeat(100)), localMethod: 0 }],
    error: /entry "method\.txt": the local header and the central directory disagree/
  },
  'local name is a traversal, central name is harmless': {
    entries: [ok, { name: 'safe.txt', localName: '../../evil.txt', data: Buffer.from('x') }],
    error: /entry "safe\.txt": the local header and the central directory disagree on the name/
  },
  '1 KiB that declares 10 GiB (zip64, a deflate kernel of zeros)': {
    entries: [ok, { name: 'ten-gib.bin', raw: deflateOfZeros(), usize: 10 * GiB, zip64: true }],
    error:
      /entry "ten-gib\.bin" would inflate \d+ bytes to 10737418240 \(ratio \d+:1, limit \d+:1\)/
  },
  'ten records sharing one kernel, 1 GiB each': {
    entries: [
      { name: 'k0', raw: deflateOfZeros(), usize: GiB, zip64: true },
      ...Array.from({ length: 9 }, (_, i) => ({
        name: `k${i + 1}`,
        raw: deflateOfZeros(),
        usize: GiB,
        zip64: true,
        sharesWith: 0
      }))
    ],
    error: /entries "k0" and "k1" overlap \(offsets 0\.\.\d+ and 0\)/
  },
  'a kernel that inflates far past the size it declares': {
    entries: [ok, { name: 'bomb.bin', raw: deflateOfZeros(), usize: 900, crc: 0 }],
    error: 'entry "bomb.bin" inflates past its declared size of 900 bytes'
  }
}

/** deflate of 1 MiB of zeros: about 1 KiB. */
function deflateOfZeros(): Buffer {
  return deflateRawSync(zeros(1024 * 1024), { level: 9 })
}

let repo: string
let outside: string
beforeAll(() => {
  repo = makeScratchRepo({ withRemote: false }).dir
  outside = makeTempDir('alfs-outside-')
  writeFile(path.join(outside, 'precious.txt'), 'do not touch\n')
  writeFile(path.join(repo, 'tmp', 'existing.txt'), 'already here\n')
  writeFile(path.join(repo, 'tmp', 'sub', 'notes.md'), '# notes\n')
})

function place(name: string, bytes: Buffer): string {
  const file = path.join(repo, 'incoming', `${name.replace(/[^a-z0-9]+/gi, '-')}.zip`)
  writeFile(file, bytes)
  return file
}

function snapshots(): Record<string, unknown> {
  const tree = snapshotTree(repo)
  for (const key of Object.keys(tree))
    if (key === '.git' || key.startsWith('.git/')) delete tree[key]
  return { tree, outside: snapshotTree(outside) }
}

describe('hostile archives through artifact-lfs --recover', () => {
  it('a well-formed hand-made archive extracts (the crafting itself is sound)', async () => {
    const file = place('control', craftZip([ok, { name: 'dir/data.bin', data: zeros(5000) }]))
    execFileSync('unzip', ['-tqq', file])
    const dest = makeTempDir('alfs-control-')
    const run = await runCli(repo, ['--recover', file, '--tmp-dir', dest, '--json'])
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    expect(readdirSync(dest).sort()).toEqual(['dir', 'fine.txt'])
    expect(statSync(path.join(dest, 'dir', 'data.bin')).size).toBe(5000)
  })

  it.each(Object.keys(CASES))('%s: refused, nothing written anywhere', async name => {
    const c = CASES[name]!
    const bytes = craftZip(c.entries)
    const file = place(name, bytes)
    const before = snapshots()
    const started = Date.now()
    const run = await runCli(repo, ['--recover', file, '--json'])
    expect(run.code).toBe(1)
    const { error } = JSON.parse(run.stdout) as { error: { kind: string; message: string } }
    expect(['archive', 'recover']).toContain(error.kind)
    if (typeof c.error === 'string') expect(error.message).toContain(c.error)
    else expect(error.message).toMatch(c.error)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(snapshots()).toEqual(before)
  })

  it('a nested bomb (10 zips of 10 zips of ... of 1 MiB zeros, 10 GiB in all) is never expanded', async () => {
    let layer = craftZip([{ name: 'zeros.bin', data: zeros(1024 * 1024) }])
    for (let depth = 1; depth <= 4; depth++)
      layer = craftZip(
        Array.from({ length: 10 }, (_, i) => ({ name: `layer${depth}-${i}.zip`, data: layer }))
      )
    const outer = layer
    expect(outer.length).toBeLessThan(64 * 1024)
    const file = place('nested', outer)
    const dest = makeTempDir('alfs-nested-')
    const run = await runCli(repo, ['--recover', file, '--tmp-dir', dest, '--json'])
    expect(run.code).toBe(0)
    // one layer only: ten small zips, each exactly the inner archive, nothing unpacked further
    const written = readdirSync(dest).sort()
    expect(written).toEqual(Array.from({ length: 10 }, (_, i) => `layer4-${i}.zip`))
    const total = written.reduce((sum, n) => sum + statSync(path.join(dest, n)).size, 0)
    expect(total).toBeLessThan(128 * 1024)
    console.log(
      `nested bomb: ${outer.length} bytes, 10 GiB if fully expanded; recovery wrote ${total} bytes`
    )
  })
})
