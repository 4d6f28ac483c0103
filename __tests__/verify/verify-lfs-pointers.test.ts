import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { symlinkSync } from 'node:fs'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import { READ_OBJECTS_ARGS } from '../../src/git/cat-file-batch.js'
import { abandonEarlyGitCalls, takeEarlyGitCall } from '../../src/git/early-git-call.js'
import { GitRepo, LOCATE_ARGS, type GitCallOptions } from '../../src/git/git-repo.js'
import type { ExecGitResult } from '../../src/git/exec-git.js'
import { formatPointer } from '../../src/lfs/pointer.js'
import { matchBinaryExtension } from '../../src/verify/extension-match.js'
import { prefetchVerifyCalls, treeListingArgs } from '../../src/verify/verify-prefetch.js'
import {
  assertNoOffenders,
  verifyLfsPointers,
  type CheckedFile,
  type VerifyResult
} from '../../src/verify/verify-lfs-pointers.js'
import { hashRaw, stageRaw, writeArchive, ZIP_LFS_RULE } from '../helpers/lfs-fixtures.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const RULES = { binaryExtensions: ['.zip', '.db', '.gz', '.tar.gz'], sizeThresholdMb: 50 }

/** A GitRepo that records every git argv it runs (the calls still go to real git). */
class CountingRepo extends GitRepo {
  readonly calls: string[][] = []
  override run(args: readonly string[], options?: GitCallOptions): Promise<ExecGitResult> {
    this.calls.push([...args])
    return super.run(args, options)
  }
}

describe('matchBinaryExtension', () => {
  it('matches case-insensitively and prefers the longest multi-dot extension', () => {
    expect(matchBinaryExtension('logs/run.TAR.GZ', RULES.binaryExtensions)).toBe('.tar.gz')
    expect(matchBinaryExtension('a/b.gz', RULES.binaryExtensions)).toBe('.gz')
    expect(matchBinaryExtension('State.DB', RULES.binaryExtensions)).toBe('.db')
    expect(matchBinaryExtension('zip/readme.md', RULES.binaryExtensions)).toBeUndefined()
    expect(matchBinaryExtension('notazip', RULES.binaryExtensions)).toBeUndefined()
  })
})

describe('verifyLfsPointers on a tree with every kind of file', () => {
  let dir: string
  let result: VerifyResult
  let goodOid: string
  const byPath = (p: string): CheckedFile | undefined => result.checked.find(c => c.path === p)
  const reasonOf = (p: string): string | undefined =>
    result.offenders.find(o => o.path === p)?.reason

  beforeAll(async () => {
    dir = makeScratchRepo({ lfs: true, withRemote: false }).dir
    writeFile(path.join(dir, '.gitattributes'), ZIP_LFS_RULE)
    const good = writeArchive(dir, 'good.zip', 3000)
    goodOid = good.sha256
    writeArchive(dir, 'nested/dir/inner.zip', 2000)
    writeFile(path.join(dir, 'notes.txt'), 'plain text\n')
    symlinkSync('good.zip', path.join(dir, 'link.zip'))
    git(dir, 'add', '.gitattributes', 'good.zip', 'nested', 'notes.txt', 'link.zip')
    stageRaw(dir, 'raw.zip', Buffer.alloc(5000, 7))
    stageRaw(dir, 'data.DB', Buffer.alloc(12 * 1024, 1))
    stageRaw(dir, 'big.bin', Buffer.alloc(60 * 1024 * 1024))
    stageRaw(dir, 'empty.zip', '')
    stageRaw(
      dir,
      'crlf.zip',
      formatPointer({ oid: good.sha256, size: 3000 }).replace(/\n/g, '\r\n')
    )
    stageRaw(dir, 'logs.tar.gz', Buffer.alloc(300, 2))
    stageRaw(dir, 'name with space.zip', 'not a pointer')
    stageRaw(dir, 'quote"s.db', 'raw')
    stageRaw(dir, 'unicodé ✓.db', 'raw')
    // a name with a newline needs -z all the way: stage it through --index-info -z
    execFileSync('git', ['update-index', '-z', '--index-info'], {
      cwd: dir,
      env: process.env,
      input: `100644 ${hashRaw(dir, 'raw')}\tline\nbreak.db\0`
    })
    const head = git(dir, 'rev-parse', 'HEAD').trim()
    git(dir, 'update-index', '--add', '--cacheinfo', `160000,${head},vendored.zip`)
    git(dir, 'commit', '-q', '-m', 'mixed')
    result = await verifyLfsPointers(new GitRepo(dir), RULES)
  })

  it('passes canonical pointers made by git-lfs, nested or not', () => {
    expect(byPath('good.zip')).toMatchObject({
      status: 'pointer',
      pointer: { oid: goodOid, size: 3000 },
      matchedBy: ['extension'],
      extension: '.zip'
    })
    expect(byPath('nested/dir/inner.zip')?.status).toBe('pointer')
    expect(reasonOf('good.zip')).toBeUndefined()
  })

  it('flags raw blobs by extension, any case, and by size', () => {
    expect(reasonOf('raw.zip')).toBe('raw blob with binary extension .zip (4.9 KiB)')
    expect(reasonOf('data.DB')).toBe('raw blob with binary extension .db (12.0 KiB)')
    expect(byPath('big.bin')).toMatchObject({ status: 'raw', matchedBy: ['size'] })
    expect(reasonOf('big.bin')).toBe('raw blob of 60.0 MiB over the 50 MiB threshold')
    expect(reasonOf('logs.tar.gz')).toBe('raw blob with binary extension .tar.gz (300 B)')
  })

  it('flags empty files and non-canonical pointers with their own reasons', () => {
    expect(byPath('empty.zip')?.status).toBe('empty')
    expect(reasonOf('empty.zip')).toBe(
      'empty file with binary extension .zip: git-lfs never converts empty files'
    )
    expect(byPath('crlf.zip')?.status).toBe('non-canonical-pointer')
    expect(reasonOf('crlf.zip')).toMatch(/^non-canonical pointer \(CRLF/)
  })

  it('keeps names with spaces, quotes, newlines and unicode intact', () => {
    for (const name of ['name with space.zip', 'quote"s.db', 'unicodé ✓.db', 'line\nbreak.db'])
      expect(byPath(name)?.status).toBe('raw')
  })

  it('skips symlinks, submodules and files no rule matches', () => {
    expect(byPath('link.zip')).toBeUndefined()
    expect(byPath('vendored.zip')).toBeUndefined()
    expect(byPath('notes.txt')).toBeUndefined()
    expect(result.checked).toHaveLength(12)
    expect(result.offenders).toHaveLength(10)
  })

  it('assertNoOffenders lists them in a verify error', () => {
    let error: unknown
    try {
      assertNoOffenders(result, 'HEAD', 3)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ArtifactLfsError)
    expect((error as ArtifactLfsError).kind).toBe('verify')
    expect((error as ArtifactLfsError).message).toMatch(
      /^10 file\(s\) at HEAD .*\n(.*\n){3}.*7 more/
    )
  })

  it('gives the same result from the git calls prefetchVerifyCalls started, and takes all three', async () => {
    prefetchVerifyCalls(dir)
    const { repo } = await GitRepo.locate(dir)
    expect(await verifyLfsPointers(repo, RULES)).toEqual(result)
    for (const args of [LOCATE_ARGS, treeListingArgs('HEAD'), READ_OBJECTS_ARGS])
      expect(takeEarlyGitCall(dir, args)).toBeUndefined()
  })

  it('verifies any ref and refuses one that does not exist', async () => {
    const atParent = await verifyLfsPointers(new GitRepo(dir), RULES, 'HEAD~1')
    expect(atParent.checked).toEqual([])
    await expect(verifyLfsPointers(new GitRepo(dir), RULES, 'no-such-ref')).rejects.toThrow(
      /cannot list the files tracked at no-such-ref/
    )
  })
})

describe('verify with its git calls started early', () => {
  it('refuses a repository without commits with the same error', async () => {
    const dir = makeTempDir()
    git(dir, 'init', '-q', '-b', 'main')
    prefetchVerifyCalls(dir)
    try {
      const { repo } = await GitRepo.locate(dir)
      await expect(verifyLfsPointers(repo, RULES)).rejects.toThrow(
        /cannot list the files tracked at HEAD/
      )
    } finally {
      // cat-file, never taken, still waits for its input: end it as the CLI does
      abandonEarlyGitCalls()
    }
  })
})

describe('the raw-blob trap', () => {
  it('catches a raw file under an LFS rule that git lfs ls-files does not show', async () => {
    // no `git lfs install`: the rule is there, the filter is not, git add stores the raw bytes
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, '.gitattributes'), ZIP_LFS_RULE)
    writeArchive(dir, 'sessions/trap.zip', 2048)
    git(dir, 'add', '.gitattributes', 'sessions/trap.zip')
    git(dir, 'commit', '-q', '-m', 'looks tracked, is raw')
    // what the seed's shell loop relied on: git lfs ls-files lists pointers only, so the raw
    // file is simply absent; and handing it the path where it expects a ref is an error
    expect(git(dir, 'lfs', 'ls-files', '--name-only', 'HEAD')).not.toContain('trap.zip')
    expect(() => git(dir, 'lfs', 'ls-files', 'sessions/trap.zip')).toThrow(
      /Not a valid object name/
    )
    const result = await verifyLfsPointers(new GitRepo(dir), RULES)
    expect(result.offenders).toEqual([
      {
        path: 'sessions/trap.zip',
        size: 2048,
        reason: 'raw blob with binary extension .zip (2.0 KiB)'
      }
    ])
  })
})

describe('process count', () => {
  it('runs exactly ls-tree and one cat-file --batch, for 3 files or 2,000', async () => {
    const runFor = async (count: number): Promise<{ calls: string[][]; result: VerifyResult }> => {
      const { dir } = makeScratchRepo({ withRemote: false })
      for (let i = 0; i < count; i++) {
        const ext = i % 2 === 0 ? 'dat' : 'txt'
        writeFile(path.join(dir, `files/${i % 10}/f${i}.${ext}`), `content ${i}\n`)
      }
      git(dir, 'add', 'files')
      git(dir, 'commit', '-q', '-m', `${count} files`)
      const repo = new CountingRepo(dir)
      const result = await verifyLfsPointers(
        repo,
        { binaryExtensions: ['.dat'], sizeThresholdMb: 50 },
        'HEAD'
      )
      return { calls: repo.calls, result }
    }
    const small = await runFor(3)
    const large = await runFor(2000)
    expect(large.result.offenders).toHaveLength(1000)
    expect(small.result.offenders).toHaveLength(2)
    const expected = [
      ['ls-tree', '-r', '-l', '-z', '--full-tree', 'HEAD'],
      ['cat-file', '--batch', '--buffer']
    ]
    expect(large.calls).toEqual(expected)
    expect(small.calls).toEqual(expected)
  })
})
