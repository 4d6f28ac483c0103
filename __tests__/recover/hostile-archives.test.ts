import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ArchiveLimits } from '../../src/archive/archive-limits.js'
import { isArtifactLfsError } from '../../src/errors.js'
import { extractArchive } from '../../src/recover/safe-extract.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { makeZips, snapshotTree, type FixtureSpec } from './fixtures/zip-fixtures.js'

/**
 * Each case: an archive that must be refused as a whole, the error text it must produce, and
 * optionally limits or a prepared destination. Every test checks that nothing changed anywhere
 * in the sandbox (destination, its parent, the "outside" folder): no file written, no staging
 * folder left behind.
 */
interface HostileCase {
  spec: FixtureSpec
  message: string | RegExp
  limits?: Partial<ArchiveLimits>
  prepare?: (dest: string, outside: string) => void
}

const ok = { name: 'fine.txt', text: 'an innocent file\n' }
const cases: Record<string, HostileCase> = {
  'dot-dot segment': {
    spec: { entries: [ok, { name: '../evil', text: 'x' }] },
    message: 'entry "../evil" has a ".." segment that would escape the destination'
  },
  'dot-dot deeper in the path': {
    spec: { entries: [ok, { name: 'a/b/../../../evil', text: 'x' }] },
    message: 'entry "a/b/../../../evil" has a ".." segment'
  },
  'absolute path': {
    spec: { entries: [ok, { name: '/abs', text: 'x' }] },
    message: 'entry "/abs" is an absolute path'
  },
  'drive letter': {
    spec: { entries: [ok, { name: 'C:\\x', text: 'x' }] },
    message: 'entry "C:\\\\x" starts with a drive letter (absolute Windows path)'
  },
  backslash: {
    spec: { entries: [ok, { name: 'a\\..\\..\\evil', text: 'x' }] },
    message: 'entry "a\\\\..\\\\..\\\\evil" contains a backslash'
  },
  'NUL byte': {
    spec: {
      entries: [ok, { name: 'aXb.txt', text: 'x' }],
      patches: [
        {
          op: 'set',
          where: 'both',
          index: 1,
          field: 'name',
          hex: Buffer.from('a\0b.txt').toString('hex')
        }
      ]
    },
    message: 'entry "a\\u0000b.txt" contains a NUL byte'
  },
  'control character': {
    spec: { entries: [ok, { name: 'log\u001b[2J.txt', text: 'x' }] },
    message: 'entry "log\\u001b[2J.txt" contains a control character'
  },
  'empty segment': {
    spec: { entries: [ok, { name: 'a//b', text: 'x' }] },
    message: 'entry "a//b" has an empty path segment'
  },
  'dot segment': {
    spec: { entries: [ok, { name: 'a/./b', text: 'x' }] },
    message: 'entry "a/./b" has a "." segment'
  },
  'duplicate names': {
    spec: { entries: [ok, { name: 'dup.txt', text: 'one' }, { name: 'dup.txt', text: 'two' }] },
    message: 'entry "dup.txt" appears twice'
  },
  'NFC/NFD duplicates': {
    spec: {
      entries: [
        { name: 'caf\u00e9.txt', text: 'nfc' },
        { name: 'cafe\u0301.txt', text: 'nfd' }
      ]
    },
    message:
      'entries "caf\u00e9.txt" and "cafe\u0301.txt" are the same path after Unicode (NFC) normalisation'
  },
  'case duplicates': {
    spec: {
      entries: [
        { name: 'docs/README.md', text: 'A' },
        { name: 'Docs/readme.md', text: 'B' }
      ]
    },
    message: 'entries "docs/README.md" and "Docs/readme.md" differ only in case'
  },
  'symlink out and a file through it': {
    spec: {
      entries: [ok, { name: 'out', symlink: '../outside' }, { name: 'out/evil.txt', text: 'x' }]
    },
    message:
      'entry "out/evil.txt" is inside "out", which is a symlink entry; refusing to write through it'
  },
  'a file through a case-variant of a symlink': {
    spec: {
      entries: [
        { name: 'Real/', dir: true },
        { name: 'Link', symlink: 'Real' },
        { name: 'link/x', text: 'x' }
      ]
    },
    message: 'entry "link/x" is inside "Link", which is a symlink entry'
  },
  'a file under a file': {
    spec: {
      entries: [
        { name: 'a', text: 'file' },
        { name: 'a/b', text: 'x' }
      ]
    },
    message: 'entry "a/b" is inside "a", which is a file entry'
  },
  'symlink pointing out': {
    spec: { entries: [ok, { name: 'docs/out', symlink: '../../outside' }] },
    message: 'symlink entry "docs/out" points outside the destination ("../../outside")'
  },
  'symlink escaping through another symlink': {
    spec: {
      entries: [
        { name: 'sub/up', symlink: '..' },
        { name: 'esc', symlink: 'sub/up/..' }
      ]
    },
    message: 'symlink entry "esc" points outside the destination ("sub/up/..")'
  },
  'symlink to an absolute path': {
    spec: { entries: [ok, { name: 'pw', symlink: '/etc/passwd' }] },
    message: 'symlink entry "pw" points to the absolute path "/etc/passwd"'
  },
  'symlink through a symlink already in destDir': {
    spec: { entries: [ok, { name: 'l', symlink: 'tunnel/x' }] },
    prepare: (dest, outside) => symlinkSync(outside, path.join(dest, 'tunnel')),
    message: 'symlink entry "l" points outside the destination ("tunnel/x")'
  },
  'symlink loop': {
    spec: {
      entries: [
        { name: 'a', symlink: 'b/x' },
        { name: 'b', symlink: 'a/y' }
      ]
    },
    message: 'symlink entry "a" is part of a symlink loop ("b/x")'
  },
  'overlapping entries': {
    spec: {
      entries: [{ name: 'a', zeros: 5000 }, { name: 'b', zeros: 5000 }, ok],
      patches: [{ op: 'cd_offset_of', index: 1, of: 0 }]
    },
    message: /entries "a" and "b" overlap .*zip-bomb technique/
  },
  'central directory disagreeing with the local header': {
    spec: {
      entries: [ok, { name: 'real.txt', text: 'x' }],
      patches: [
        {
          op: 'set',
          where: 'cd',
          index: 1,
          field: 'name',
          hex: Buffer.from('fake.txt').toString('hex')
        }
      ]
    },
    message:
      'entry "fake.txt": the local header and the central directory disagree on the name (local "real.txt", central "fake.txt")'
  },
  'zip64 with lying sizes': {
    spec: {
      entries: [ok, { name: 'bomb', zeros: 2_000_000, force_zip64: true }],
      patches: [
        { op: 'cd_zip64', index: 1, usize: 2000 },
        { op: 'set', where: 'lh', index: 1, field: 'flags', value: 8 }
      ]
    },
    message:
      'entry "bomb" inflates past its declared size of 2000 bytes (zip bomb or corrupt archive); refused'
  },
  'small archive inflating far past its declared size': {
    spec: {
      entries: [ok, { name: 'bomb', zeros: 3_000_000 }],
      patches: [{ op: 'set', where: 'both', index: 1, field: 'usize', value: 3000 }]
    },
    message: 'entry "bomb" inflates past its declared size of 3000 bytes'
  },
  'past the ratio limit': {
    // deflate tops out near 1032:1, so the default (1100:1) lets honest zeros through;
    // at 1000:1 the same entry is refused
    spec: { entries: [ok, { name: 'zeros', zeros: 5_000_000 }] },
    limits: { maxRatio: 1000 },
    message: /entry "zeros" would inflate \d+ bytes to 5000000 \(ratio 10\d\d:1, limit 1000:1\)/
  },
  'past a lowered ratio limit': {
    spec: { entries: [ok, { name: 'text', text: 'abc'.repeat(10_000) }] },
    limits: { maxRatio: 50 },
    message: /entry "text" would inflate \d+ bytes to 30000 \(ratio \d+:1, limit 50:1\)/
  },
  'past the total size limit': {
    spec: { entries: [ok, { name: 'big', random: 5000 }] },
    limits: { maxTotalBytes: 4096 },
    message: 'declares more than 4096 bytes of content (limit reached at entry "big")'
  },
  'past the entry count limit': {
    spec: { entries: [ok, { name: 'b', text: 'b' }, { name: 'c', text: 'c' }] },
    limits: { maxEntries: 2 },
    message: 'has 3 entries, more than the limit of 2'
  },
  'flipped byte in a stored entry': {
    spec: {
      entries: [ok, { name: 'data.bin', random: 4000, method: 'store' }],
      patches: [{ op: 'flip', index: 1, at: 2000 }]
    },
    message:
      /entry "data.bin" fails its CRC-32 check \(stored 0x[0-9a-f]{8}, content 0x[0-9a-f]{8}\): the archive is corrupt/
  },
  'flipped byte in a big stored entry (streamed, not read whole)': {
    spec: {
      entries: [ok, { name: 'big.bin', random: 1_200_000, method: 'store' }],
      patches: [{ op: 'flip', index: 1, at: 600_000 }]
    },
    message: /entry "big.bin" fails its CRC-32 check/
  },
  'big entry inflating past its declared size (streamed, not read whole)': {
    spec: {
      entries: [ok, { name: 'bomb', zeros: 3_000_000 }],
      patches: [{ op: 'set', where: 'both', index: 1, field: 'usize', value: 1_100_000 }]
    },
    message: 'entry "bomb" inflates past its declared size of 1100000 bytes'
  },
  'truncated file': {
    spec: {
      entries: [ok, { name: 'data.bin', random: 4000, method: 'store' }],
      patches: [{ op: 'truncate', size: 3000 }]
    },
    message: /is truncated \(3000 bytes\): it starts like a zip archive/
  },
  'special file type (block device)': {
    spec: {
      entries: [ok, { name: 'dev', text: '' }],
      patches: [{ op: 'set', where: 'cd', index: 1, field: 'ext_attr', value: 0o060644 * 65536 }]
    },
    message: 'entry "dev" is a special file (unix type 0o60000)'
  }
}

let zips: Record<string, string>
beforeAll(() => {
  const specs: Record<string, FixtureSpec> = {}
  for (const [name, c] of Object.entries(cases)) specs[name.replace(/[^a-z0-9]+/gi, '-')] = c.spec
  zips = makeZips(makeTempDir('alfs-hostile-zips-'), specs)
})
afterAll(() => cleanupSandboxes())

/** A sandbox with a populated destDir and an "outside" folder next to it. */
function sandbox(): { base: string; dest: string; outside: string } {
  const base = makeTempDir('alfs-hostile-')
  const dest = path.join(base, 'dest')
  const outside = path.join(base, 'outside')
  writeFile(path.join(dest, 'existing.txt'), 'already here\n')
  writeFile(path.join(outside, 'precious.txt'), 'do not touch\n')
  return { base, dest, outside }
}

async function expectRefusedUnchanged(archive: string, c: HostileCase): Promise<string> {
  const { base, dest, outside } = sandbox()
  c.prepare?.(dest, outside)
  const before = snapshotTree(base)
  let error: unknown
  await extractArchive(archive, dest, { limits: c.limits }).then(
    () => undefined,
    e => (error = e)
  )
  expect(isArtifactLfsError(error)).toBe(true)
  const message = (error as Error).message
  if (typeof c.message === 'string') expect(message).toContain(c.message)
  else expect(message).toMatch(c.message)
  expect(snapshotTree(base)).toEqual(before)
  return message
}

describe('hostile archives are refused whole, leaving everything unchanged', () => {
  test.each(Object.keys(cases))('%s', async name => {
    const c = cases[name]
    const message = await expectRefusedUnchanged(zips[name.replace(/[^a-z0-9]+/gi, '-')], c)
    expect(message.startsWith(zips[name.replace(/[^a-z0-9]+/gi, '-')])).toBe(true)
  })

  test('not a zip file', async () => {
    const file = path.join(makeTempDir(), 'notes.zip')
    writeFileSync(file, '#!/bin/sh\nrm -rf /\n')
    const message = await expectRefusedUnchanged(file, {
      spec: {},
      message: 'is not a zip archive'
    })
    expect(message).toBe(
      `${file}: is not a zip archive (19 bytes, no end-of-central-directory record)`
    )
  })

  test('a destination whose own folder holds a symlink trap is still refused before writing', async () => {
    const { base, dest, outside } = sandbox()
    mkdirSync(path.join(dest, 'sub'))
    symlinkSync(outside, path.join(dest, 'sub', 'trap'))
    const archive = makeZips(makeTempDir(), {
      t: { entries: [ok, { name: 'sub/trap/evil.txt', text: 'x' }] }
    }).t
    const before = snapshotTree(base)
    await expect(extractArchive(archive, dest)).rejects.toThrow(
      `${path.join(dest, 'sub/trap')} is a symlink, but the archive puts sub/trap/evil.txt inside it`
    )
    expect(snapshotTree(base)).toEqual(before)
  })
})
