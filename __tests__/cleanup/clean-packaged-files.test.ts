import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { cleanPackagedFiles } from '../../src/cleanup/clean-packaged-files.js'
import type { ManifestFile } from '../../src/manifest/manifest.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { packageWithCli, recordingLogger, tmpFile } from './cleanup-fixtures.js'

afterAll(cleanupSandboxes)

function manifestEntry(relPath: string, content: string): ManifestFile {
  return {
    path: relPath,
    type: 'file',
    size: Buffer.byteLength(content),
    mode: 0o644,
    mtime: '2025-01-01T00:00:00.000Z',
    sha256: createHash('sha256').update(content).digest('hex')
  }
}

describe('cleanPackagedFiles after a real package + commit + push', () => {
  it('removes exactly the archived unchanged files, keeps an edited one, leaves the rest', async () => {
    const { dir } = makeScratchRepo()
    writeFile(tmpFile(dir, 'report.txt'), 'report\n')
    writeFile(tmpFile(dir, 'logs/deep/run.log'), 'log line\n'.repeat(50))
    writeFile(tmpFile(dir, 'logs/keep-me.txt'), 'will be edited\n')
    writeFile(tmpFile(dir, 'data/one.bin'), Buffer.alloc(3000, 7))
    symlinkSync('report.txt', tmpFile(dir, 'latest'))
    const packaged = await packageWithCli(dir)
    expect(packaged.files.map(f => f.path).sort()).toEqual([
      'data/one.bin',
      'latest',
      'logs/deep/run.log',
      'logs/keep-me.txt',
      'report.txt'
    ])
    // after packaging: one file is edited, one new file appears next to the archived ones
    // same size, other bytes: only the sha256 can tell
    writeFile(tmpFile(dir, 'logs/keep-me.txt'), 'WILL BE EDITED\n')
    writeFile(tmpFile(dir, 'data/new-after.txt'), 'not in the manifest\n')
    writeFile(tmpFile(dir, 'outside-manifest.txt'), 'never packaged? yes it is new\n')

    const logger = recordingLogger()
    const result = await cleanPackagedFiles(path.join(dir, 'tmp'), packaged.files, logger)

    expect(result.removed.sort()).toEqual([
      'data/one.bin',
      'latest',
      'logs/deep/run.log',
      'report.txt'
    ])
    expect(result.keptChanged.map(k => k.path)).toEqual(['logs/keep-me.txt'])
    expect(result.keptChanged[0]?.why).toMatch(/sha256/)
    expect(result.missing).toEqual([])
    expect(logger.lines.some(l => l.startsWith('warn: kept logs/keep-me.txt'))).toBe(true)
    // exactly those are gone; the edited file and files outside the manifest are untouched
    expect(existsSync(tmpFile(dir, 'report.txt'))).toBe(false)
    expect(existsSync(tmpFile(dir, 'data/one.bin'))).toBe(false)
    expect(readFileSync(tmpFile(dir, 'logs/keep-me.txt'), 'utf8')).toBe('WILL BE EDITED\n')
    expect(readFileSync(tmpFile(dir, 'data/new-after.txt'), 'utf8')).toBe('not in the manifest\n')
    expect(existsSync(tmpFile(dir, 'outside-manifest.txt'))).toBe(true)
    // logs/deep held only removed files: gone; logs/ and data/ still hold files: kept
    expect(result.removedFolders).toEqual(['logs/deep'])
    expect(existsSync(tmpFile(dir, 'logs/deep'))).toBe(false)
    expect(existsSync(tmpFile(dir, 'logs'))).toBe(true)
    expect(existsSync(tmpFile(dir, 'data'))).toBe(true)
    expect(existsSync(path.join(dir, 'tmp'))).toBe(true)
    // the archive is still committed: nothing in the repository changed
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('')

    // a second clean finds nothing left to remove: all of it is missing or changed
    const again = await cleanPackagedFiles(path.join(dir, 'tmp'), packaged.files, recordingLogger())
    expect(again.removed).toEqual([])
    expect(again.missing.sort()).toEqual([
      'data/one.bin',
      'latest',
      'logs/deep/run.log',
      'report.txt'
    ])
  })
})

describe('cleanPackagedFiles safety (file system only)', () => {
  it('removes the temp dir contents but never the temp dir, and folders emptied up to it', async () => {
    const tmp = makeTempDir('alfs-clean-')
    writeFile(path.join(tmp, 'a/b/c.txt'), 'c')
    const result = await cleanPackagedFiles(
      tmp,
      [manifestEntry('a/b/c.txt', 'c')],
      recordingLogger()
    )
    expect(result.removed).toEqual(['a/b/c.txt'])
    expect(result.removedFolders).toEqual(['a/b', 'a'])
    expect(existsSync(tmp)).toBe(true)
  })

  it('a temp dir that is gone: every listed file is missing', async () => {
    const gone = path.join(makeTempDir('alfs-clean-'), 'tmp')
    const result = await cleanPackagedFiles(gone, [manifestEntry('a.txt', 'a')], recordingLogger())
    expect(result).toEqual({
      removed: [],
      keptChanged: [],
      missing: ['a.txt'],
      refused: [],
      removedFolders: []
    })
  })

  it('never follows a symlinked folder out of the temp dir', async () => {
    const base = makeTempDir('alfs-clean-')
    const tmp = path.join(base, 'tmp')
    const outside = path.join(base, 'outside')
    writeFile(path.join(outside, 'secret.txt'), 'precious')
    mkdirSync(tmp)
    symlinkSync(outside, path.join(tmp, 'link'))
    const result = await cleanPackagedFiles(
      tmp,
      [manifestEntry('link/secret.txt', 'precious')],
      recordingLogger()
    )
    expect(result.removed).toEqual([])
    expect(result.refused).toEqual([
      { path: 'link/secret.txt', why: expect.stringMatching(/link is now a symlink/) }
    ])
    expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('precious')
  })

  it('keeps a symlink whose link text changed and a file that became a folder', async () => {
    const tmp = makeTempDir('alfs-clean-')
    writeFile(path.join(tmp, 'target-a'), 'a')
    symlinkSync('target-b', path.join(tmp, 'link'))
    mkdirSync(path.join(tmp, 'was-file'))
    const link: ManifestFile = {
      ...manifestEntry('link', 'target-a'),
      type: 'symlink',
      target: 'target-a'
    }
    const result = await cleanPackagedFiles(
      tmp,
      [link, manifestEntry('was-file', 'x')],
      recordingLogger()
    )
    expect(result.removed).toEqual([])
    expect(result.keptChanged.map(k => k.path).sort()).toEqual(['link', 'was-file'])
    expect(readlinkSync(path.join(tmp, 'link'))).toBe('target-b')
    expect(existsSync(path.join(tmp, 'was-file'))).toBe(true)
  })

  it('refuses manifest paths that leave the temp dir', async () => {
    const base = makeTempDir('alfs-clean-')
    const tmp = path.join(base, 'tmp')
    mkdirSync(tmp)
    writeFile(path.join(base, 'victim.txt'), 'v')
    const result = await cleanPackagedFiles(
      tmp,
      [manifestEntry('../victim.txt', 'v'), manifestEntry('/etc/hostname', 'x')],
      recordingLogger()
    )
    expect(result.removed).toEqual([])
    expect(result.refused.map(r => r.path)).toEqual(['../victim.txt', '/etc/hostname'])
    expect(existsSync(path.join(base, 'victim.txt'))).toBe(true)
  })
})
