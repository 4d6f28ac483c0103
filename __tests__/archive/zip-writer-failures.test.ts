import { afterAll, describe, expect, it } from '@jest/globals'
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  openSync,
  closeSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeSync
} from 'node:fs'
import path from 'node:path'
import { CHUNK_SIZE } from '../../src/archive/deflate-chunks.js'
import { readError } from '../../src/archive/read-problems.js'
import type { ZipEntrySource } from '../../src/archive/zip-writer.js'
import { ArtifactLfsError } from '../../src/errors.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { compressibleText, fileSource, writeZipFile } from './zip-test-tools.js'

afterAll(cleanupSandboxes)

/** Runs writeZip and returns what it threw (failing the test if it did not throw). */
async function failureOf(
  dir: string,
  sources: ZipEntrySource[],
  onFirstProgress?: () => void,
  concurrency = 1
): Promise<ArtifactLfsError> {
  let fired = false
  const error = await writeZipFile(path.join(dir, `out-${Date.now()}.zip`), sources, {
    compressionLevel: 6,
    concurrency,
    progress: {
      update: () => {
        if (!fired && onFirstProgress) onFirstProgress()
        fired = true
      },
      done: () => undefined
    }
  }).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  expect((error as ArtifactLfsError).kind).toBe('archive')
  expect((error as ArtifactLfsError).hint).toBeTruthy()
  return error as ArtifactLfsError
}

/** A file of `chunks` MiB plus a bit, so it is read in several chunks while the writer waits. */
function bigFile(dir: string, chunks = 8): { file: string; size: number } {
  const file = path.join(dir, 'big.log')
  const data = compressibleText(CHUNK_SIZE * chunks + 777)
  writeFile(file, data)
  return { file, size: data.length }
}

describe('writeZip refuses files that change or vanish while being read', () => {
  it('fails, naming the file, when a file grows while it is read', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const { file, size } = bigFile(dir)
    const error = await failureOf(dir, [fileSource('big.log', file, size)], () =>
      appendFileSync(file, 'more\n')
    )
    expect(error.message).toContain(file)
    expect(error.message).toMatch(/changed while being packed: its size went from \d+ to \d+ bytes/)
  })

  it('fails when a file shrinks while it is read (never a truncated entry)', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const { file, size } = bigFile(dir)
    const error = await failureOf(dir, [fileSource('big.log', file, size)], () =>
      truncateSync(file, CHUNK_SIZE * 6)
    )
    expect(error.message).toContain(file)
    expect(error.message).toMatch(/it ended after \d+ of \d+ bytes/)
  })

  it('fails when a file is rewritten in place (same size, new mtime)', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const { file, size } = bigFile(dir)
    const error = await failureOf(dir, [fileSource('big.log', file, size)], () => {
      const fd = openSync(file, 'r+')
      writeSync(fd, Buffer.from('CHANGED'), 0, 7, 10)
      closeSync(fd)
      utimesSync(file, new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'))
    })
    expect(error.message).toContain(file)
    expect(error.message).toMatch(/modified while being read/)
  })

  // concurrency 1 reads files on the main thread; more reads small files on worker threads
  describe.each([1, 2])('small files, concurrency %i', concurrency => {
    it('fails when the size on disk differs from the size that was listed', async () => {
      const dir = makeTempDir('alfs-zipfail-')
      const file = path.join(dir, 'small.txt')
      writeFile(file, 'twelve bytes')
      const error = await failureOf(
        dir,
        [fileSource('small.txt', file, 10)],
        undefined,
        concurrency
      )
      expect(error.message).toBe(
        `${file} changed while being packed: its size is 12 bytes, 10 were listed`
      )
    })

    it('fails with "cannot read <path>" when a file vanished', async () => {
      const dir = makeTempDir('alfs-zipfail-')
      writeFile(path.join(dir, 'ok.txt'), 'fine')
      const gone = path.join(dir, 'gone.txt')
      const sources = [
        fileSource('ok.txt', path.join(dir, 'ok.txt'), 4),
        fileSource('gone.txt', gone, 3)
      ]
      const error = await failureOf(dir, sources, undefined, concurrency)
      expect(error.message).toBe(`cannot read ${gone}: it vanished (no such file)`)
    })

    it('fails when a file was replaced by a symlink or a directory', async () => {
      const dir = makeTempDir('alfs-zipfail-')
      const link = path.join(dir, 'link.txt')
      writeFile(path.join(dir, 'real.txt'), 'abc')
      symlinkSync(path.join(dir, 'real.txt'), link)
      const linkError = await failureOf(
        dir,
        [fileSource('link.txt', link, 3)],
        undefined,
        concurrency
      )
      expect(linkError.message).toBe(`cannot read ${link}: it was replaced by a symbolic link`)
      const folder = path.join(dir, 'folder')
      mkdirSync(folder)
      const folderError = await failureOf(
        dir,
        [fileSource('folder', folder, 0)],
        undefined,
        concurrency
      )
      expect(folderError.message).toBe(`cannot read ${folder}: it is no longer a regular file`)
    })
  })

  it('says "permission denied" for EACCES and EPERM', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' })
    expect(readError('/data/secret.key', denied).message).toBe(
      'cannot read /data/secret.key: permission denied'
    )
    const notPermitted = Object.assign(new Error('EPERM'), { code: 'EPERM' })
    expect(readError('/x', notPermitted).message).toBe('cannot read /x: permission denied')
    // root reads files whatever their mode, so the real case runs for other users only
    if (process.getuid?.() === 0) return
    const dir = makeTempDir('alfs-zipfail-')
    const file = path.join(dir, 'locked.txt')
    writeFile(file, 'secret')
    chmodSync(file, 0o000)
    const error = await failureOf(dir, [fileSource('locked.txt', file, 6)])
    expect(error.message).toBe(`cannot read ${file}: permission denied`)
  })

  it('reports the first failure, not the cancellation of deflate work in flight', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const { file, size } = bigFile(dir, 4)
    const missing = path.join(dir, 'missing')
    const sources = [fileSource('big.log', file, size), fileSource('missing', missing, 1)]
    const error = await failureOf(dir, sources, undefined, 2)
    expect(error.message).toBe(`cannot read ${missing}: it vanished (no such file)`)
    // the writer holds no state between calls: the next archive is fine
    const ok = await writeZipFile(path.join(dir, 'ok.zip'), sources.slice(0, 1), {
      compressionLevel: 6,
      concurrency: 2
    })
    expect(ok.entries[0].size).toBe(size)
  })

  it('refuses a name too long for a zip header', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const name = 'd/'.repeat(33_000) + 'x'
    const data = Buffer.from('x')
    const error = await failureOf(dir, [
      { name, kind: 'bytes', data, mode: 0o644, mtime: new Date() }
    ])
    expect(error.message).toMatch(/^entry name too long \(66001 bytes\)/)
  })

  it('refuses entries without their data', async () => {
    const dir = makeTempDir('alfs-zipfail-')
    const error = await failureOf(dir, [
      { name: 'x', kind: 'bytes', mode: 0o644, mtime: new Date() } as ZipEntrySource
    ])
    expect(error.message).toBe('entry x: bytes entry has no data')
  })
})
