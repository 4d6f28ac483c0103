import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  lstatSync,
  lutimesSync,
  symlinkSync,
  cpSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  closeSync,
  chmodSync
} from 'node:fs'
import path from 'node:path'
import { pruneTemp, type PruneTempResult } from '../../src/cleanup/prune-temp.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { localObjectPath } from '../../src/lfs/pointer.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import {
  backdate,
  packageWithCli,
  recordingLogger,
  tmpFile,
  type PackagedRun
} from './cleanup-fixtures.js'

afterAll(cleanupSandboxes)

const WEEK = 7 * 86_400_000
const SESSION_DIR = 'codex_sessions'

/**
 * One real archive, packaged, committed and pushed by the CLI, then files aged: each test
 * works on its own copy of the whole repository (work tree, .git and LFS store).
 */
let original: string
let packaged: PackagedRun

beforeAll(async () => {
  original = makeScratchRepo().dir
  writeFile(tmpFile(original, 'old-archived.txt'), 'archived long ago\n')
  writeFile(tmpFile(original, 'nested/old-archived.log'), 'x'.repeat(5000))
  writeFile(tmpFile(original, 'new-archived.txt'), 'archived, but touched recently\n')
  writeFile(tmpFile(original, 'old-edited.txt'), 'original content\n')
  symlinkSync('old-archived.txt', tmpFile(original, 'link-to-old'))
  packaged = await packageWithCli(original)
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000)
  lutimesSync(tmpFile(original, 'link-to-old'), tenDaysAgo, tenDaysAgo)
  writeFile(tmpFile(original, 'old-edited.txt'), 'edited after packaging\n')
  writeFile(tmpFile(original, 'old-unarchived.txt'), 'never packaged\n')
  for (const rel of [
    'old-archived.txt',
    'nested/old-archived.log',
    'old-edited.txt',
    'old-unarchived.txt'
  ])
    backdate(tmpFile(original, rel), 10)
})

function copyOfRepo(): string {
  const dir = path.join(makeTempDir('alfs-prune-'), 'work')
  cpSync(original, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
  // cpSync keeps file times but not a symlink's own: age the copied link again
  const link = tmpFile(dir, 'link-to-old')
  const { mtime } = lstatSync(tmpFile(original, 'link-to-old'))
  lutimesSync(link, mtime, mtime)
  return dir
}

async function prune(dir: string, dryRun = false): Promise<PruneTempResult & { log: string[] }> {
  const logger = recordingLogger()
  const result = await pruneTemp(new GitRepo(dir), {
    tmpDir: 'tmp',
    sessionDir: SESSION_DIR,
    olderThanMs: WEEK,
    now: new Date(),
    dryRun,
    logger
  })
  return { ...result, log: logger.lines }
}

const whyOf = (result: PruneTempResult): Record<string, string> =>
  Object.fromEntries(result.kept.map(k => [k.path, k.why]))

describe('pruneTemp (real git + git-lfs)', () => {
  it('removes only old files byte-identical to the committed archive; keeps the rest with why', async () => {
    const dir = copyOfRepo()
    const result = await prune(dir)
    expect(result.removed).toEqual(['link-to-old', 'nested/old-archived.log', 'old-archived.txt'])
    expect(whyOf(result)).toEqual({
      'new-archived.txt': 'too-new',
      'old-edited.txt': 'differs',
      'old-unarchived.txt': 'not-archived'
    })
    expect(existsSync(tmpFile(dir, 'old-archived.txt'))).toBe(false)
    expect(existsSync(tmpFile(dir, 'nested'))).toBe(false)
    expect(result.removedFolders).toEqual(['nested'])
    expect(readFileSync(tmpFile(dir, 'old-edited.txt'), 'utf8')).toBe('edited after packaging\n')
    expect(existsSync(tmpFile(dir, 'old-unarchived.txt'))).toBe(true)
    expect(existsSync(tmpFile(dir, 'new-archived.txt'))).toBe(true)
    expect(result.unavailableArchives).toEqual([])
  })

  it('dryRun lists what would go and removes nothing', async () => {
    const dir = copyOfRepo()
    const result = await prune(dir, true)
    expect(result.dryRun).toBe(true)
    expect(result.removed).toEqual(['link-to-old', 'nested/old-archived.log', 'old-archived.txt'])
    expect(result.removedFolders).toEqual([])
    expect(existsSync(tmpFile(dir, 'old-archived.txt'))).toBe(true)
    expect(existsSync(tmpFile(dir, 'nested/old-archived.log'))).toBe(true)
    expect(result.log).toContain(
      `info: would remove old-archived.txt (archived in ${packaged.archiveRelPath})`
    )
  })

  it('an archive whose LFS object is missing cannot vouch: everything is kept, and it says so', async () => {
    const dir = copyOfRepo()
    rmSync(localObjectPath(path.join(dir, '.git'), packaged.sha256))
    const result = await prune(dir)
    expect(result.removed).toEqual([])
    expect(existsSync(tmpFile(dir, 'old-archived.txt'))).toBe(true)
    expect(whyOf(result)['old-archived.txt']).toBe('not-archived')
    expect(result.unavailableArchives).toEqual([
      { path: packaged.archiveRelPath, why: expect.stringMatching(/not in the local store/) }
    ])
    expect(
      result.log.some(l => l.startsWith(`warn: ${packaged.archiveRelPath} cannot vouch`))
    ).toBe(true)
  })

  it('a damaged LFS object (right size, wrong bytes) vouches for nothing', async () => {
    const dir = copyOfRepo()
    const object = localObjectPath(path.join(dir, '.git'), packaged.sha256)
    chmodSync(object, 0o644)
    const fd = openSync(object, 'r+')
    writeSync(fd, Buffer.from('XXXX'), 0, 4, 0) // the first local header, not the manifest
    closeSync(fd)
    const result = await prune(dir)
    expect(result.removed).toEqual([])
    expect(whyOf(result)['old-archived.txt']).toBe('unverified')
    expect(result.kept.find(k => k.path === 'old-archived.txt')?.detail).toMatch(/hashes to/)
    expect(existsSync(tmpFile(dir, 'old-archived.txt'))).toBe(true)
  })

  it('only archives committed at HEAD count: after the archive commit is undone nothing goes', async () => {
    const dir = copyOfRepo()
    git(dir, 'reset', '-q', '--hard', 'HEAD~1')
    const result = await prune(dir)
    expect(result.removed).toEqual([])
    expect(whyOf(result)['old-archived.txt']).toBe('not-archived')
  })

  it('refuses a temp dir that contains the repository', async () => {
    const dir = copyOfRepo()
    await expect(
      pruneTemp(new GitRepo(dir), {
        tmpDir: '..',
        sessionDir: SESSION_DIR,
        olderThanMs: WEEK,
        now: new Date(),
        logger: recordingLogger()
      })
    ).rejects.toThrow(/refusing to prune temp dir \.\.: it is or contains the repository root/)
  })
})
