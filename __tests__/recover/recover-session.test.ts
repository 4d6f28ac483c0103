import { beforeAll, afterAll, describe, expect, it } from '@jest/globals'
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { listArchives } from '../../src/recover/list-archives.js'
import { recoverSession, type RecoverOptions } from '../../src/recover/recover-session.js'
import { runCli } from '../helpers/run-cli.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'
import { cloneWithoutSmudge, recordingLogger, snapshot, storePath } from './recover-test-repos.js'

afterAll(cleanupSandboxes)

const PIPELINE = ['--package', '--commit', '--sync-gitattributes', '--push', '--json']
const SESSION = 'codex_sessions'

interface Pushed {
  relPath: string
  oid: string
  size: number
  commit: string
}

/** The origin work tree, its bare remote, and two pushed archives: A (v1) then B (v2, --all). */
let origin: { dir: string; remote: string }
let archiveA: Pushed
let archiveB: Pushed
/** The temp dir as it was packaged into A and into B (snapshot() form). */
let treeA: Record<string, string>
let treeB: Record<string, string>

async function packageAndPush(dir: string, extra: string[] = []): Promise<Pushed> {
  const run = await runCli(dir, [...PIPELINE, ...extra])
  expect(run.stderr).not.toMatch(/error:/)
  expect(run.code).toBe(0)
  const result = JSON.parse(run.stdout)
  return {
    relPath: result.package.archiveRelPath,
    oid: result.package.sha256,
    size: result.package.size,
    commit: result.push.commitSha
  }
}

beforeAll(async () => {
  origin = makeScratchRepo()
  const tmp = path.join(origin.dir, 'tmp')
  writeFile(path.join(tmp, 'run.sh'), '#!/bin/sh\necho recovered\n')
  chmodSync(path.join(tmp, 'run.sh'), 0o755)
  writeFile(path.join(tmp, 'notes.txt'), 'version one\n')
  chmodSync(path.join(tmp, 'notes.txt'), 0o644)
  writeFile(path.join(tmp, 'data/blob.bin'), randomBytes(300_000))
  symlinkSync('notes.txt', path.join(tmp, 'link'))
  archiveA = await packageAndPush(origin.dir)
  treeA = snapshot(tmp)
  writeFileSync(path.join(tmp, 'notes.txt'), 'version two, longer\n')
  writeFile(path.join(tmp, 'extra.txt'), 'only in B\n')
  archiveB = await packageAndPush(origin.dir, ['--all'])
  treeB = snapshot(tmp)
}, 120_000)

function options(clone: string, extra: Partial<RecoverOptions> = {}): RecoverOptions {
  return { spec: 'latest', tmpDir: 'tmp', sessionDir: SESSION, cwd: clone, ...extra }
}

async function refusal(work: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

const isPointerFile = (file: string): boolean =>
  readFileSync(file, 'utf8').startsWith('version https://git-lfs.github.com/spec/v1\n')

describe('recoverSession (package -> commit -> push -> clone without LFS smudge)', () => {
  it('latest: fetches only that object, then restores byte-identical files, modes and the symlink', async () => {
    const clone = cloneWithoutSmudge(origin.remote)
    expect(isPointerFile(path.join(clone, archiveB.relPath))).toBe(true)
    const repo = new GitRepo(clone)
    const logger = recordingLogger()

    const result = await recoverSession(repo, options(clone, { logger }))
    expect(result).toMatchObject({
      archive: archiveB.relPath,
      source: 'work-tree',
      fetched: true,
      verified: true,
      tmpDir: path.join(clone, 'tmp'),
      conflicts: [],
      skippedIdentical: []
    })
    expect([...result.written].sort()).toEqual([
      'data/blob.bin',
      'extra.txt',
      'link',
      'notes.txt',
      'run.sh'
    ])
    const restored = path.join(clone, 'tmp')
    expect(snapshot(restored)).toEqual(treeB)
    expect(lstatSync(path.join(restored, 'run.sh')).mode & 0o777).toBe(0o755)
    expect(lstatSync(path.join(restored, 'notes.txt')).mode & 0o777).toBe(0o644)
    expect(readlinkSync(path.join(restored, 'link'))).toBe('notes.txt')
    expect(readFileSync(path.join(restored, 'link'), 'utf8')).toBe('version two, longer\n')
    expect(logger.lines.join('\n')).toMatch(/only an LFS pointer here: fetching .*git lfs pull/)
    // only B's object came down; A is still just a pointer
    expect(existsSync(storePath(clone, archiveB.oid))).toBe(true)
    expect(existsSync(storePath(clone, archiveA.oid))).toBe(false)

    const again = await recoverSession(repo, options(clone))
    expect(again.fetched).toBe(false)
    expect(again.written).toEqual([])
    expect([...again.skippedIdentical].sort()).toEqual([...result.written].sort())
  })

  it('<commit>:<path> recovers the old version from the commit, ignoring the work tree; --force replaces', async () => {
    const clone = cloneWithoutSmudge(origin.remote)
    const repo = new GitRepo(clone)
    // the work-tree copy of A is garbage: recover must read the commit's pointer instead
    writeFileSync(path.join(clone, archiveA.relPath), 'not an archive\n')
    const dest = path.join(clone, 'tmp')
    writeFile(path.join(dest, 'notes.txt'), 'version two, longer\n')
    const before = snapshot(dest)
    const spec = `${archiveA.commit}:${archiveA.relPath}`

    const conflict = await refusal(recoverSession(repo, options(clone, { spec })))
    expect(conflict.message).toMatch(/already exist with different content/)
    expect(conflict.message).toContain('notes.txt')
    expect(snapshot(dest)).toEqual(before)

    const forced = await recoverSession(repo, options(clone, { spec, force: true }))
    expect(forced).toMatchObject({
      archive: `${archiveA.commit.slice(0, 12)}:${archiveA.relPath}`,
      source: 'commit',
      commit: archiveA.commit,
      conflicts: ['notes.txt'],
      fetched: false // the refused run above already fetched and verified it
    })
    expect(snapshot(dest)).toEqual(treeA)
    expect(readFileSync(path.join(clone, archiveA.relPath), 'utf8')).toBe('not an archive\n')
  })

  it('a pointer whose object the remote lacks: clear error, temp dir unchanged', async () => {
    const broken = path.join(makeTempDir('alfs-broken-'), 'remote.git')
    cpSync(origin.remote, broken, { recursive: true })
    const objectInRemote = path.join(
      broken,
      'lfs/objects',
      archiveB.oid.slice(0, 2),
      archiveB.oid.slice(2, 4),
      archiveB.oid
    )
    rmSync(objectInRemote)
    const clone = cloneWithoutSmudge(broken)
    const dest = path.join(clone, 'tmp')
    writeFile(path.join(dest, 'keep.txt'), 'mine\n')
    const before = snapshot(dest)

    const error = await refusal(recoverSession(new GitRepo(clone), options(clone)))
    expect(error.kind).toBe('recover')
    expect(error.message).toContain(archiveB.relPath)
    expect(error.message).toMatch(/could not be fetched \(the remote does not have it\)/)
    expect(error.hint).toMatch(/git lfs push/)
    expect(snapshot(dest)).toEqual(before)
    expect(isPointerFile(path.join(clone, archiveB.relPath))).toBe(true)
  })

  it('a corrupt or truncated object in the LFS store: sha256/size mismatch, nothing written', async () => {
    const clone = cloneWithoutSmudge(origin.remote)
    git(clone, 'lfs', 'fetch', 'origin', 'main')
    // git-lfs hard-links objects fetched over file://: replace the file, never edit it in place
    // (that would damage the remote's copy too)
    const rewrite = (object: string, change: (bytes: Buffer) => Buffer): void => {
      const bytes = readFileSync(object)
      rmSync(object)
      writeFileSync(object, change(bytes))
    }
    rewrite(storePath(clone, archiveB.oid), bytes => {
      bytes[Math.floor(bytes.length / 2)] ^= 0xff
      return bytes
    })
    const repo = new GitRepo(clone)

    const corrupt = await refusal(recoverSession(repo, options(clone)))
    expect(corrupt.kind).toBe('recover')
    expect(corrupt.message).toContain(archiveB.relPath)
    expect(corrupt.message).toMatch(
      new RegExp(`has sha256 [0-9a-f]{64}, but its LFS pointer says ${archiveB.oid}`)
    )
    expect(corrupt.message).toMatch(/nothing was extracted/)
    expect(corrupt.hint).toMatch(/git lfs fsck/)
    expect(existsSync(path.join(clone, 'tmp'))).toBe(false)

    rewrite(storePath(clone, archiveA.oid), bytes => bytes.subarray(0, bytes.length - 1))
    const short = await refusal(
      recoverSession(repo, options(clone, { spec: `HEAD:${archiveA.relPath}` }))
    )
    expect(short.message).toContain(
      `has ${archiveA.size - 1} bytes, but its LFS pointer says ${archiveA.size}`
    )
    expect(existsSync(path.join(clone, 'tmp'))).toBe(false)
  })

  it('listArchives: newest first, pointer sizes, manifest counts only for local objects', async () => {
    const clone = cloneWithoutSmudge(origin.remote)
    git(clone, 'lfs', 'fetch', `--include=${archiveA.relPath}`, 'origin', 'main')
    const untrackedName = 'codex-session_29991231_235959.zip'
    writeFile(
      path.join(clone, SESSION, untrackedName),
      readFileSync(storePath(origin.dir, archiveB.oid))
    )

    const listing = await listArchives(new GitRepo(clone), { sessionDir: SESSION })
    expect(listing).toEqual([
      {
        name: untrackedName,
        path: `${SESSION}/${untrackedName}`,
        size: archiveB.size,
        files: 5,
        objectPresent: true,
        tracked: false,
        inWorkTree: true
      },
      {
        name: path.basename(archiveB.relPath),
        path: archiveB.relPath,
        size: archiveB.size,
        oid: archiveB.oid,
        objectPresent: false,
        tracked: true,
        inWorkTree: true
      },
      {
        name: path.basename(archiveA.relPath),
        path: archiveA.relPath,
        size: archiveA.size,
        oid: archiveA.oid,
        files: 4,
        objectPresent: true,
        tracked: true,
        inWorkTree: true
      }
    ])
  })
})
