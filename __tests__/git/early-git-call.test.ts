import { afterAll, describe, expect, it } from '@jest/globals'
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  abandonEarlyGitCalls,
  startEarlyGitCall,
  takeEarlyGitCall
} from '../../src/git/early-git-call.js'
import { execGit, GitCommandError } from '../../src/git/exec-git.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

/** A repository holding one 3 MiB blob (more than the 1 MiB read buffer), and its id. */
function repoWithLargeBlob(): { dir: string; oid: string; bytes: Buffer } {
  const { dir } = makeScratchRepo({ withRemote: false })
  const bytes = Buffer.alloc(3 * 1024 * 1024 + 17)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251
  writeFile(path.join(dir, 'large.bin'), bytes)
  const oid = git(dir, 'hash-object', '-w', 'large.bin').trim()
  return { dir, oid, bytes }
}

function ourTempFiles(): string[] {
  return readdirSync(os.tmpdir()).filter(name =>
    name.startsWith(`artifact-lfs-git-${process.pid}-`)
  )
}

/** Waits (polling) until `file` holds `text`; false after 20 s. */
async function eventuallyContains(file: string, text: string): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    if (readFileSync(file, 'utf8').includes(text)) return true
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return false
}

describe('startEarlyGitCall / takeEarlyGitCall', () => {
  it('hands over the same bytes as execGit, in order, across several refills of its buffer', async () => {
    const { dir, oid, bytes } = repoWithLargeBlob()
    const args = ['cat-file', 'blob', oid]
    startEarlyGitCall(dir, args)
    // the output goes to a file whose name is removed at once: nothing is left behind
    expect(ourTempFiles()).toEqual([])
    const call = takeEarlyGitCall(dir, args)
    expect(call).toBeDefined()
    const chunks: Buffer[] = []
    const result = await call!.consume(chunk => chunks.push(Buffer.from(chunk)))
    expect(chunks.length).toBeGreaterThan(1)
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true)
    expect(result.exitCode).toBe(0)
    const direct = await execGit(args, { cwd: dir })
    expect(Buffer.concat(chunks).equals(direct.stdout)).toBe(true)
  })

  it('gives small outputs whole, and waits for input when started withInput', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'a.txt'), 'hello\n')
    const oid = git(dir, 'hash-object', '-w', 'a.txt').trim()
    startEarlyGitCall(dir, ['cat-file', '--batch'], { withInput: true })
    const call = takeEarlyGitCall(dir, ['cat-file', '--batch'])
    call!.provideInput(`${oid}\n`)
    const result = await call!.output()
    expect(result.stdout.toString('utf8')).toBe(`${oid} blob 6\nhello\n\n`)
  })

  it('rejects as execGit does when git fails', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const args = ['ls-tree', '-r', '-l', '-z', '--full-tree', 'no-such-ref']
    startEarlyGitCall(dir, args)
    const early = await takeEarlyGitCall(dir, args)!
      .consume(() => undefined)
      .catch((e: unknown) => e)
    const direct = await execGit(args, { cwd: dir }).catch((e: unknown) => e)
    expect(early).toBeInstanceOf(GitCommandError)
    expect((early as GitCommandError).message).toBe((direct as GitCommandError).message)
  })

  it('is taken once, and only for the same folder and argv', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const other = makeTempDir()
    startEarlyGitCall(dir, ['rev-parse', 'HEAD'])
    expect(takeEarlyGitCall(other, ['rev-parse', 'HEAD'])).toBeUndefined()
    expect(takeEarlyGitCall(dir, ['rev-parse', '--verify', 'HEAD'])).toBeUndefined()
    expect(takeEarlyGitCall(undefined, ['rev-parse', 'HEAD'])).toBeUndefined()
    const call = takeEarlyGitCall(dir, ['rev-parse', 'HEAD'])
    expect(call).toBeDefined()
    expect(takeEarlyGitCall(dir, ['rev-parse', 'HEAD'])).toBeUndefined()
    expect((await call!.output()).stdout.toString('utf8').trim()).toBe(
      git(dir, 'rev-parse', 'HEAD').trim()
    )
    await expect(call!.output()).rejects.toThrow(/taken twice/)
  })

  it('abandonEarlyGitCalls drops waiting calls and ends one still waiting for its input', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const bin = makeTempDir('alfs-bin-')
    const log = path.join(bin, 'calls.log')
    writeFileSync(log, '')
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\n/usr/bin/git "$@"\necho "ended $*" >> '${log}'\n`
    )
    chmodSync(path.join(bin, 'git'), 0o755)
    const savedPath = process.env.PATH
    process.env.PATH = `${bin}:${savedPath}`
    try {
      startEarlyGitCall(dir, ['cat-file', '--batch'], { withInput: true })
    } finally {
      process.env.PATH = savedPath
    }
    abandonEarlyGitCalls()
    expect(takeEarlyGitCall(dir, ['cat-file', '--batch'])).toBeUndefined()
    // its stdin was closed: cat-file read an empty batch and exited
    expect(await eventuallyContains(log, 'ended cat-file --batch')).toBe(true)
  })
})
