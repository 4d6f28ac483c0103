import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync
} from 'node:fs'
import path from 'node:path'
import { isArtifactLfsError } from '../../src/errors.js'
import { MANIFEST_ENTRY_NAME } from '../../src/manifest/manifest.js'
import type { ProgressUpdate } from '../../src/progress/progress.js'
import { extractArchive } from '../../src/recover/safe-extract.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import {
  makeInfoZip,
  makeZips,
  sha256Hex,
  snapshotTree,
  withManifest,
  type FixtureEntry
} from './fixtures/zip-fixtures.js'

const mixed: FixtureEntry[] = [
  { name: 'notes/', dir: true, mode: 0o750, date_time: [2019, 5, 6, 7, 8, 10] },
  { name: 'notes/ünïcödé-日本.md', text: 'unicode name\n', date_time: [2020, 1, 2, 3, 4, 6] },
  { name: 'notes/deep/er/file.txt', text: 'deep\n'.repeat(1000), mode: 0o600 },
  { name: 'bin/run.sh', text: '#!/bin/sh\necho hi\n', method: 'store', mode: 0o755 },
  { name: 'empty.txt', text: '' },
  { name: 'setuid-tool', text: 'x', mode: 0o4755 },
  { name: 'link-to-deep', symlink: 'notes/deep/er/file.txt' },
  { name: 'notes/up', symlink: '../bin/run.sh' }
]

let zips: Record<string, string>
/** The same entries with the manifest written indented, as older versions did. */
function indented(entries: FixtureEntry[]): FixtureEntry[] {
  return entries.map(e => {
    if (e.name !== MANIFEST_ENTRY_NAME || e.hex === undefined) return e
    const manifest: unknown = JSON.parse(Buffer.from(e.hex, 'hex').toString('utf8'))
    return { ...e, hex: Buffer.from(JSON.stringify(manifest, null, 2) + '\n').toString('hex') }
  })
}

beforeAll(() => {
  zips = makeZips(makeTempDir('alfs-ex-zips-'), {
    mixed: { entries: mixed },
    stored: { entries: mixed, compression: 'store' },
    zip64: {
      entries: [
        { name: 'big/zeros.bin', zeros: 200_000, force_zip64: true },
        { name: 'big/text.txt', text: 'z64\n'.repeat(100), force_zip64: true }
      ]
    },
    manifested: {
      entries: withManifest([
        { name: '.artifact-lfs/', dir: true },
        { name: 'a.txt', text: 'alpha\n', date_time: [2022, 3, 4, 5, 6, 8] },
        { name: 'b.txt', text: 'bravo\n' },
        { name: 'c.txt', text: 'charlie\n' }
      ])
    },
    badSha: {
      entries: withManifest(
        [
          { name: 'a.txt', text: 'alpha\n' },
          { name: 'z.txt', text: 'zulu\n' }
        ],
        files => files.map(f => (f.path === 'z.txt' ? { ...f, sha256: sha256Hex('zulu!') } : f))
      )
    },
    manifestTwice: {
      entries: withManifest([{ name: 'a.txt', text: 'alpha\n' }], files => [...files, files[0]])
    },
    indentedManifest: { entries: indented(withManifest([{ name: 'a.txt', text: 'alpha\n' }])) },
    manifestMissing: {
      entries: withManifest([{ name: 'a.txt', text: 'alpha\n' }], files => [
        ...files,
        { ...files[0], path: 'gone.txt' }
      ])
    },
    dirAfterFiles: {
      entries: [
        { name: 'late/sub/x.txt', text: 'x' },
        { name: 'late/sub/', dir: true, mode: 0o711, date_time: [2018, 1, 1, 0, 0, 0] },
        { name: 'late/', dir: true, mode: 0o700, date_time: [2017, 1, 1, 0, 0, 0] }
      ]
    },
    longName: {
      entries: [
        { name: 'a.txt', text: 'alpha' },
        { name: `dir/${'n'.repeat(300)}.txt`, text: 'too long for the file system' }
      ]
    },
    abc: {
      entries: [
        { name: 'a.txt', text: 'new alpha\n' },
        { name: 'b.txt', text: 'bravo\n' },
        { name: 'c/d.txt', text: 'delta\n' },
        { name: 'z.txt', text: 'zulu\n' }
      ]
    }
  })
})

/**
 * What is in `dir`, less the staging folders of other processes: a CLI recovery in another
 * jest worker once staged next to its destination in the same temp folder (seen in .ci/run).
 * Staging names carry the pid (`.<dest>.artifact-lfs-extract-<pid>-<random>`).
 */
function ownEntries(dir: string): string[] {
  return readdirSync(dir).filter(name => {
    const pid = /\.artifact-lfs-extract-(\d+)-/.exec(name)?.[1]
    return pid === undefined || Number(pid) === process.pid
  })
}

afterAll(() => cleanupSandboxes())

function mtimeOf(file: string): number {
  return Math.round(lstatSync(file).mtimeMs / 1000)
}

describe('extractArchive round trips', () => {
  test.each(['mixed', 'stored'])(
    'Python zipfile archive (%s): contents, modes, mtimes, symlinks',
    async key => {
      const dest = path.join(makeTempDir('alfs-ex-'), 'out')
      const result = await extractArchive(zips[key], dest)
      expect(result.written).toEqual(mixed.filter(e => !e.dir).map(e => e.name))
      expect(result.skippedIdentical).toEqual([])
      expect(result.conflicts).toEqual([])
      expect(result.totalBytes).toBe(13 + 5000 + 18 + 0 + 1 + 22 + 13)
      const at = (p: string): string => path.join(dest, p)
      expect(readFileSync(at('notes/ünïcödé-日本.md'), 'utf8')).toBe('unicode name\n')
      expect(readFileSync(at('notes/deep/er/file.txt'), 'utf8')).toBe('deep\n'.repeat(1000))
      expect(readFileSync(at('empty.txt')).length).toBe(0)
      expect(readlinkSync(at('link-to-deep'))).toBe('notes/deep/er/file.txt')
      expect(readFileSync(at('notes/up'), 'utf8')).toBe('#!/bin/sh\necho hi\n')
      expect(lstatSync(at('bin/run.sh')).mode & 0o7777).toBe(0o755)
      expect(lstatSync(at('notes/deep/er/file.txt')).mode & 0o7777).toBe(0o600)
      expect(lstatSync(at('empty.txt')).mode & 0o7777).toBe(0o644)
      expect(lstatSync(at('setuid-tool')).mode & 0o7777).toBe(0o755)
      expect(lstatSync(at('notes')).mode & 0o7777).toBe(0o750)
      // DOS times carry no zone: they are local time, like Python wrote them
      expect(mtimeOf(at('notes/ünïcödé-日本.md'))).toBe(
        new Date(2020, 0, 2, 3, 4, 6).getTime() / 1000
      )
      expect(mtimeOf(at('notes'))).toBe(new Date(2019, 4, 6, 7, 8, 10).getTime() / 1000)
      expect(mtimeOf(at('link-to-deep'))).toBe(new Date(2021, 5, 7, 8, 9, 10).getTime() / 1000)
      expect(readdirSync(path.dirname(dest))).toEqual(['out'])
    }
  )

  test('Info-ZIP archives (deflate and store) reproduce the source tree exactly', async () => {
    const src = makeTempDir('alfs-ex-src-')
    writeFile(path.join(src, 'a/b/c/deep.txt'), 'deep\n'.repeat(2000))
    writeFile(path.join(src, 'a/tool.sh'), '#!/bin/sh\n')
    chmodSync(path.join(src, 'a/tool.sh'), 0o751)
    writeFile(path.join(src, 'private.key'), 'secret')
    chmodSync(path.join(src, 'private.key'), 0o600)
    writeFile(path.join(src, 'empty'), '')
    writeFile(path.join(src, 'naïve café.txt'), 'utf-8 name')
    mkdirSync(path.join(src, 'empty-dir'))
    symlinkSync('a/b/c/deep.txt', path.join(src, 'shortcut'))
    const when = new Date('2023-09-10T11:12:13Z')
    for (const p of ['a/b/c/deep.txt', 'a/tool.sh', 'private.key', 'empty', 'naïve café.txt']) {
      utimesSync(path.join(src, p), when, when)
    }
    for (const p of ['a/b/c', 'a/b', 'a', 'empty-dir']) utimesSync(path.join(src, p), when, when)
    const expected = snapshotTree(src)
    for (const extra of [[], ['-0']]) {
      const archive = makeInfoZip(src, path.join(makeTempDir(), 'i.zip'), extra)
      const dest = path.join(makeTempDir('alfs-ex-'), 'restored')
      await extractArchive(archive, dest)
      expect(snapshotTree(dest)).toEqual(expected)
    }
  })

  test('a directory entry listed after its files still gets its mode and mtime', async () => {
    const dest = makeTempDir('alfs-ex-')
    await extractArchive(zips.dirAfterFiles, dest)
    expect(lstatSync(path.join(dest, 'late')).mode & 0o7777).toBe(0o700)
    expect(lstatSync(path.join(dest, 'late/sub')).mode & 0o7777).toBe(0o711)
    expect(mtimeOf(path.join(dest, 'late'))).toBe(new Date(2017, 0, 1).getTime() / 1000)
    expect(mtimeOf(path.join(dest, 'late/sub'))).toBe(new Date(2018, 0, 1).getTime() / 1000)
  })

  test('zip64 entries (force_zip64) extract', async () => {
    const dest = makeTempDir('alfs-ex-')
    const result = await extractArchive(zips.zip64, dest)
    expect(result.written).toEqual(['big/zeros.bin', 'big/text.txt'])
    expect(readFileSync(path.join(dest, 'big/zeros.bin')).equals(Buffer.alloc(200_000))).toBe(true)
    expect(result.totalBytes).toBe(200_400)
  })

  test('the manifest is verified and not extracted; its mtimes are restored', async () => {
    const dest = makeTempDir('alfs-ex-')
    const phases = new Set<string>()
    const infos: string[] = []
    const result = await extractArchive(zips.manifested, dest, {
      progress: {
        update: (p: ProgressUpdate) => phases.add(p.phase),
        done: p => phases.add(`done:${p.phase}`)
      },
      logger: { info: m => infos.push(m), warn: () => undefined, debug: () => undefined }
    })
    expect(result.written).toEqual(['a.txt', 'b.txt', 'c.txt'])
    expect(readdirSync(dest).sort()).toEqual(['a.txt', 'b.txt', 'c.txt'])
    expect(existsSync(path.join(dest, MANIFEST_ENTRY_NAME))).toBe(false)
    expect(lstatSync(path.join(dest, 'a.txt')).mtime.toISOString()).toBe('2022-03-04T05:06:08.000Z')
    expect([...phases]).toEqual(['extracting', 'placing', 'done:extracting'])
    expect(infos[0]).toMatch(/extracted 3 file\(s\) to .*; 0 identical skipped, 0 replaced/)
  })

  test('a file whose sha256 differs from the manifest refuses the whole archive', async () => {
    const base = makeTempDir('alfs-ex-')
    const dest = path.join(base, 'dest')
    await expect(
      extractArchive(zips.badSha, dest, { displayName: 'sessions/s.zip' })
    ).rejects.toThrow(
      `sessions/s.zip: entry "z.txt" has sha256 ${sha256Hex('zulu\n')} but the manifest says ${sha256Hex('zulu!')}`
    )
    expect(ownEntries(base)).toEqual([])
  })

  test('a manifest listing a file twice refuses before writing', async () => {
    const dest = makeTempDir('alfs-ex-')
    await expect(extractArchive(zips.manifestTwice, dest)).rejects.toThrow(
      /entries and manifest disagree \(1\):\n {2}- the manifest lists "a.txt" twice/
    )
    expect(readdirSync(dest)).toEqual([])
  })

  test('an indented manifest (older archives) is read like a compact one', async () => {
    const dest = makeTempDir('alfs-ex-')
    const result = await extractArchive(zips.indentedManifest, dest)
    expect(result.written).toEqual(['a.txt'])
    expect(lstatSync(path.join(dest, 'a.txt')).mtime.toISOString()).toBe('2021-06-07T08:09:10.000Z')
  })

  test('a manifest listing a file the archive lacks refuses before writing', async () => {
    const dest = makeTempDir('alfs-ex-')
    await expect(extractArchive(zips.manifestMissing, dest)).rejects.toThrow(
      /entries and manifest disagree \(1\):\n {2}- "gone.txt" is in the manifest but not in the archive/
    )
    expect(readdirSync(dest)).toEqual([])
  })
})

describe('existing files: identical, conflicts, force', () => {
  function seededDest(): string {
    const dest = makeTempDir('alfs-ex-dest-')
    writeFile(path.join(dest, 'a.txt'), 'old alpha\n')
    writeFile(path.join(dest, 'b.txt'), 'bravo\n')
    writeFile(path.join(dest, 'keep.txt'), 'not in the archive\n')
    const old = new Date('2001-01-01T00:00:00Z')
    utimesSync(path.join(dest, 'b.txt'), old, old)
    return dest
  }

  test('a different existing file is a conflict: nothing is written, conflicts are listed', async () => {
    const dest = seededDest()
    const before = snapshotTree(dest)
    let error: unknown
    await extractArchive(zips.abc, dest).catch(e => (error = e))
    expect(isArtifactLfsError(error)).toBe(true)
    expect((error as { kind: string }).kind).toBe('recover')
    expect((error as Error).message).toBe(
      `${dest}: 1 file(s) already exist with different content; nothing was extracted:\n  - a.txt`
    )
    expect(snapshotTree(dest)).toEqual(before)
    expect(readdirSync(path.dirname(dest)).filter(n => n.includes('artifact-lfs-extract'))).toEqual(
      []
    )
  })

  test('with force the conflict is replaced; identical files are left untouched', async () => {
    const dest = seededDest()
    const warnings: string[] = []
    const result = await extractArchive(zips.abc, dest, {
      force: true,
      logger: { info: () => undefined, warn: m => warnings.push(m), debug: () => undefined }
    })
    expect(result.conflicts).toEqual(['a.txt'])
    expect(result.skippedIdentical).toEqual(['b.txt'])
    expect(result.written).toEqual(['a.txt', 'c/d.txt', 'z.txt'])
    expect(warnings).toEqual(['replaced a.txt (different content)'])
    expect(readFileSync(path.join(dest, 'a.txt'), 'utf8')).toBe('new alpha\n')
    expect(lstatSync(path.join(dest, 'b.txt')).mtime.toISOString()).toBe('2001-01-01T00:00:00.000Z')
    expect(readFileSync(path.join(dest, 'keep.txt'), 'utf8')).toBe('not in the archive\n')
  })

  test('extracting the same archive twice skips everything the second time', async () => {
    const dest = makeTempDir('alfs-ex-')
    await extractArchive(zips.mixed, dest)
    const before = snapshotTree(dest)
    const again = await extractArchive(zips.mixed, dest)
    expect(again.written).toEqual([])
    expect(again.skippedIdentical).toEqual(mixed.filter(e => !e.dir).map(e => e.name))
    expect(snapshotTree(dest)).toEqual(before)
  })

  test('force never replaces a folder with a file', async () => {
    const dest = seededDest()
    mkdirSync(path.join(dest, 'z.txt'))
    const before = snapshotTree(dest)
    await expect(extractArchive(zips.abc, dest, { force: true })).rejects.toThrow(
      `${path.join(dest, 'z.txt')} is a directory, but the archive has a file there; nothing was extracted`
    )
    expect(snapshotTree(dest)).toEqual(before)
  })

  test('a file where the archive needs a folder is refused', async () => {
    const dest = makeTempDir('alfs-ex-')
    writeFile(path.join(dest, 'c'), 'a file named c')
    await expect(extractArchive(zips.abc, dest, { force: true })).rejects.toThrow(
      `${path.join(dest, 'c')} is a file, but the archive puts c/d.txt inside it; refusing to write through it`
    )
    expect(readdirSync(dest)).toEqual(['c'])
  })

  test('a symlinked folder inside destDir is never written through', async () => {
    const base = makeTempDir('alfs-ex-')
    const dest = path.join(base, 'dest')
    const outside = path.join(base, 'outside')
    mkdirSync(dest)
    mkdirSync(outside)
    symlinkSync(outside, path.join(dest, 'c'))
    await expect(extractArchive(zips.abc, dest, { force: true })).rejects.toThrow(
      `${path.join(dest, 'c')} is a symlink, but the archive puts c/d.txt inside it; refusing to write through it`
    )
    expect(readdirSync(outside)).toEqual([])
    expect(readdirSync(dest)).toEqual(['c'])
  })

  test('an existing symlink at a file path is replaced (with force) as a link, not followed', async () => {
    const base = makeTempDir('alfs-ex-')
    const dest = path.join(base, 'dest')
    writeFile(path.join(base, 'victim.txt'), 'must survive')
    mkdirSync(dest)
    symlinkSync(path.join(base, 'victim.txt'), path.join(dest, 'a.txt'))
    await expect(extractArchive(zips.abc, dest)).rejects.toThrow(
      /1 file\(s\) already exist.*\n {2}- a.txt/
    )
    const result = await extractArchive(zips.abc, dest, { force: true })
    expect(result.conflicts).toEqual(['a.txt'])
    expect(lstatSync(path.join(dest, 'a.txt')).isFile()).toBe(true)
    expect(readFileSync(path.join(base, 'victim.txt'), 'utf8')).toBe('must survive')
  })

  test('a failure while placing rolls everything back, replaced files included', async () => {
    const dest = seededDest()
    const before = snapshotTree(dest)
    let injected = false
    const progress = {
      update: (p: ProgressUpdate) => {
        // after a.txt was replaced, something else takes the place z.txt is going to
        if (p.phase === 'placing' && !injected) {
          injected = true
          mkdirSync(path.join(dest, 'z.txt'))
        }
      },
      done: () => undefined
    }
    await expect(extractArchive(zips.abc, dest, { force: true, progress })).rejects.toThrow(
      `${path.join(dest, 'z.txt')} changed while the archive was being extracted; nothing was extracted`
    )
    expect(injected).toBe(true)
    const after = snapshotTree(dest)
    delete after['z.txt']
    expect(after).toEqual(before)
    expect(readFileSync(path.join(dest, 'a.txt'), 'utf8')).toBe('old alpha\n')
    expect(existsSync(path.join(dest, 'c'))).toBe(false)
  })

  test('a missing destDir (and its parents) is created, and removed again on failure', async () => {
    const base = makeTempDir('alfs-ex-')
    const dest = path.join(base, 'new/deeper/dest')
    await expect(extractArchive(zips.badSha, dest)).rejects.toThrow(/has sha256/)
    expect(ownEntries(base)).toEqual([])
    const result = await extractArchive(zips.abc, dest)
    expect(result.written.length).toBe(4)
    expect(readdirSync(path.dirname(dest))).toEqual(['dest'])
  })

  test('a file-system error while staging becomes an io error and leaves nothing behind', async () => {
    const base = makeTempDir('alfs-ex-')
    const dest = path.join(base, 'dest')
    let error: unknown
    await extractArchive(zips.longName, dest).catch(e => (error = e))
    expect(isArtifactLfsError(error)).toBe(true)
    expect((error as { kind: string }).kind).toBe('io')
    expect((error as Error).message).toMatch(
      new RegExp(`^could not extract .*longName\\.zip into ${dest}: ENAMETOOLONG`)
    )
    expect(ownEntries(base)).toEqual([])
  })

  test('destDir that is a file is refused', async () => {
    const base = makeTempDir('alfs-ex-')
    writeFile(path.join(base, 'file'), 'x')
    await expect(extractArchive(zips.abc, path.join(base, 'file'))).rejects.toThrow(
      /file exists and is not a directory/
    )
  })
})
