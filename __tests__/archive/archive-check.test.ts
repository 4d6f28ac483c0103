import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { checkArchive } from '../../src/archive/archive-check.js'
import { isArtifactLfsError } from '../../src/errors.js'
import { MANIFEST_ENTRY_NAME } from '../../src/manifest/manifest.js'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'
import {
  makeZips,
  sha256Hex,
  withManifest,
  type FixtureEntry
} from '../recover/fixtures/zip-fixtures.js'

const content: FixtureEntry[] = [
  { name: 'logs/', dir: true },
  { name: 'logs/run.log', text: 'line\n'.repeat(400), mode: 0o640 },
  { name: 'bin/tool', text: '#!/bin/sh\n', mode: 0o755, method: 'store' },
  { name: 'empty', text: '' },
  { name: 'latest', symlink: 'logs/run.log' }
]

let zips: Record<string, string>
beforeAll(() => {
  zips = makeZips(makeTempDir('alfs-check-'), {
    good: { entries: withManifest(content) },
    noManifest: { entries: content },
    lies: {
      entries: withManifest(content, files =>
        files
          .filter(f => f.path !== 'empty')
          .map(f => {
            if (f.path === 'logs/run.log') return { ...f, size: 1, sha256: sha256Hex('other') }
            if (f.path === 'bin/tool') return { ...f, mode: 0o644 }
            if (f.path === 'latest') return { ...f, target: 'elsewhere' }
            return f
          })
          .concat([{ ...files[0], path: 'ghost.txt' }])
      )
    },
    typeLie: {
      entries: withManifest(content, files =>
        files.map(f =>
          f.path === 'latest' ? { ...f, type: 'file' as const, target: undefined } : f
        )
      )
    },
    manifestFirst: { entries: [withManifest(content).at(-1)!, ...content] },
    crc: {
      entries: withManifest(content),
      patches: [{ op: 'flip', index: 2, at: 3 }]
    },
    traversal: { entries: withManifest([...content, { name: '../evil', text: 'x' }]) },
    linkOut: { entries: withManifest([...content, { name: 'out', symlink: '../../etc' }]) }
  })
})
afterAll(() => cleanupSandboxes())

async function failure(
  archive: string,
  displayName?: string
): Promise<{ kind: string; message: string }> {
  try {
    await checkArchive(archive, { displayName })
  } catch (error) {
    if (!isArtifactLfsError(error)) throw error
    return { kind: error.kind, message: error.message }
  }
  throw new Error(`expected ${archive} to fail the check`)
}

describe('checkArchive', () => {
  test('an archive whose entries match its manifest passes, with counts', async () => {
    const updates: number[] = []
    const result = await checkArchive(zips.good, {
      progress: { update: p => updates.push(p.files), done: () => undefined }
    })
    expect(result.entries).toBe(content.length + 1)
    expect(result.files.map(f => f.path).sort()).toEqual([
      'bin/tool',
      'empty',
      'latest',
      'logs/run.log'
    ])
    expect(result.totalBytes).toBe(2000 + 10 + 0 + 'logs/run.log'.length)
    expect(result.manifest.tool.version).toBe('test')
    expect(updates.at(-1)).toBe(content.length)
  })

  test('an archive without a manifest is refused', async () => {
    const { kind, message } = await failure(zips.noManifest)
    expect(kind).toBe('validate')
    expect(message).toContain(`has no manifest (${MANIFEST_ENTRY_NAME})`)
  })

  test('every disagreement is listed: size, sha256, mode, target, missing and extra paths', async () => {
    const { kind, message } = await failure(zips.lies, 'sessions/s1.zip')
    expect(kind).toBe('validate')
    expect(message).toMatch(/^sessions\/s1\.zip: entries and manifest disagree \(6 problems\):/)
    expect(message).toContain('"logs/run.log" has 2000 bytes in the archive, the manifest says 1')
    expect(message).toContain(
      `"logs/run.log" has sha256 ${sha256Hex('line\n'.repeat(400))} in the archive, the manifest says ${sha256Hex('other')}`
    )
    expect(message).toContain('"bin/tool" has mode 755 in the archive, the manifest says 644')
    expect(message).toContain(
      '"latest" points to "logs/run.log" in the archive, the manifest says "elsewhere"'
    )
    expect(message).toContain('"empty" is in the archive but not in the manifest')
    expect(message).toContain('"ghost.txt" is in the manifest but not in the archive')
  })

  test('a type disagreement is reported', async () => {
    const { message } = await failure(zips.typeLie)
    expect(message).toContain('"latest" is a symlink in the archive but a file in the manifest')
  })

  test('the manifest must be the last entry', async () => {
    const { message } = await failure(zips.manifestFirst)
    expect(message).toContain('the manifest is not the last entry of the archive')
  })

  test('a CRC failure is an archive error naming the entry', async () => {
    const { kind, message } = await failure(zips.crc, 'sessions/s2.zip')
    expect(kind).toBe('archive')
    expect(message).toMatch(/^sessions\/s2\.zip: entry "bin\/tool" fails its CRC-32 check/)
  })

  test('unsafe names and symlinks fail validation as they would fail extraction', async () => {
    expect((await failure(zips.traversal)).message).toContain('entry "../evil" has a ".." segment')
    expect((await failure(zips.linkOut)).message).toContain(
      'symlink entry "out" points outside the destination ("../../etc")'
    )
  })

  test('declared-size limits apply', async () => {
    await expect(checkArchive(zips.good, { limits: { maxEntries: 3 } })).rejects.toThrow(
      /has 6 entries, more than the limit of 3/
    )
    await expect(checkArchive(zips.good, { limits: { maxTotalBytes: 100 } })).rejects.toThrow(
      /declares more than 100 bytes of content/
    )
  })
})
