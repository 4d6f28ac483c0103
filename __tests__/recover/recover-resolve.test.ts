import { afterAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { formatPointer } from '../../src/lfs/pointer.js'
import { silentProgress } from '../../src/progress/progress.js'
import { ensureArchiveBytes } from '../../src/recover/fetch-archive-object.js'
import { lfsIncludePattern } from '../../src/recover/lfs-object-fetch.js'
import { listArchives } from '../../src/recover/list-archives.js'
import { recoverSession } from '../../src/recover/recover-session.js'
import { resolveArchive } from '../../src/recover/resolve-archive.js'
import { makeLfsRepo, stageRaw } from '../helpers/lfs-fixtures.js'
import { cleanupSandboxes, git, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { cloneWithoutSmudge, recordingLogger, sha256, storePath } from './recover-test-repos.js'

afterAll(cleanupSandboxes)

const SESSION = 'codex_sessions'
const STAMP = 'codex-session_20250301_120000'

/** Writes random "archive" bytes at a repo path; returns their sha256 and size. */
function putArchive(dir: string, relPath: string, size = 1500): { oid: string; size: number } {
  const bytes = randomBytes(size)
  writeFile(path.join(dir, relPath), bytes)
  return { oid: sha256(bytes), size }
}

function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', message)
  return git(dir, 'rev-parse', 'HEAD').trim()
}

async function refusal(work: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

describe('resolveArchive', () => {
  it('latest: newest timestamp, then numeric suffix; HEAD-only archives count; unparseable names never win', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    const names = [
      `${STAMP}.zip`,
      `${STAMP}-2.zip`,
      `${STAMP}-9-3.zip`,
      `${STAMP}-10.zip`,
      'codex-session_20250301_115959-99.zip',
      'zz-not-a-session-name.zip'
    ]
    const made = new Map(names.map(n => [n, putArchive(dir, `${SESSION}/${n}`)]))
    const headOnly = putArchive(dir, `${SESSION}/${STAMP}-11.zip`)
    const commit = commitAll(dir, 'archives')
    rmSync(path.join(dir, SESSION, `${STAMP}-11.zip`))
    writeFile(path.join(dir, SESSION, `${STAMP}-9-4.zip`), randomBytes(700)) // untracked

    const fromHead = await resolveArchive(repo, 'latest', { sessionDir: SESSION, cwd: dir })
    expect(fromHead).toEqual({
      displayName: `${commit.slice(0, 12)}:${SESSION}/${STAMP}-11.zip`,
      pointer: headOnly,
      source: 'commit',
      commit,
      repoPath: `${SESSION}/${STAMP}-11.zip`
    })

    git(dir, 'rm', '-q', '--cached', '--', `${SESSION}/${STAMP}-11.zip`)
    git(dir, 'commit', '-q', '-m', 'drop -11')
    const fromWorkTree = await resolveArchive(repo, 'latest', { sessionDir: SESSION, cwd: dir })
    expect(fromWorkTree.repoPath).toBe(`${SESSION}/${STAMP}-10.zip`)
    expect(fromWorkTree.source).toBe('work-tree')
    // a smudged (real content) work-tree file: the promise comes from its committed pointer
    expect(fromWorkTree.pointer).toEqual(made.get(`${STAMP}-10.zip`))
    expect(fromWorkTree.file).toEqual({
      path: path.join(dir, SESSION, `${STAMP}-10.zip`),
      isPointer: false
    })
  })

  it('a name, a path relative to cwd, an absolute path, a file outside the repo', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    const name = `${STAMP}.zip`
    const promised = putArchive(dir, `${SESSION}/${name}`)
    commitAll(dir, 'one archive')
    putArchive(dir, `${SESSION}/${STAMP}-2.zip`)
    const options = { sessionDir: SESSION, cwd: dir }

    const byName = await resolveArchive(repo, name, options)
    expect(byName).toMatchObject({
      displayName: `${SESSION}/${name}`,
      source: 'work-tree',
      pointer: promised
    })
    const relative = await resolveArchive(repo, `./${name}`, {
      sessionDir: SESSION,
      cwd: path.join(dir, SESSION)
    })
    expect(relative).toEqual(byName)
    expect(await resolveArchive(repo, path.join(dir, SESSION, name), options)).toEqual(byName)

    const noPointer = await resolveArchive(repo, `${STAMP}-2.zip`, options)
    expect(noPointer.pointer).toBeUndefined()
    expect(noPointer.repoPath).toBe(`${SESSION}/${STAMP}-2.zip`)

    const outside = path.join(makeTempDir(), 'copy.zip')
    writeFile(outside, readFileSync(path.join(dir, SESSION, name)))
    const copied = await resolveArchive(repo, outside, options)
    expect(copied).toEqual({
      displayName: outside,
      source: 'work-tree',
      file: { path: outside, isPointer: false }
    })
  })

  it('<commit>:<path> reads the pointer blob of that commit, never the work tree', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    const rel = `${SESSION}/${STAMP}.zip`
    const v1 = putArchive(dir, rel)
    const c1 = commitAll(dir, 'v1')
    const v2 = putArchive(dir, rel, 2000)
    commitAll(dir, 'v2')
    writeFile(path.join(dir, rel), 'the work tree holds something else entirely')
    const options = { sessionDir: SESSION, cwd: dir }

    const old = await resolveArchive(repo, `${c1}:${rel}`, options)
    expect(old).toEqual({
      displayName: `${c1.slice(0, 12)}:${rel}`,
      pointer: v1,
      source: 'commit',
      commit: c1,
      repoPath: rel
    })
    // a bare file name is looked up in the session dir; any rev git understands works
    expect(await resolveArchive(repo, `HEAD~1:${STAMP}.zip`, options)).toEqual(old)
    expect((await resolveArchive(repo, `main:${rel}`, options)).pointer).toEqual(v2)
  })

  it('refuses clearly: unknown name, no archives, bad commit, missing path, raw blob', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    const options = { sessionDir: SESSION, cwd: dir }

    const none = await refusal(resolveArchive(repo, 'latest', options))
    expect(none.kind).toBe('recover')
    expect(none.message).toMatch(/no session archives in codex_sessions\//)
    expect(none.hint).toMatch(/--package/)

    putArchive(dir, `${SESSION}/${STAMP}.zip`)
    commitAll(dir, 'archive')
    const unknown = await refusal(resolveArchive(repo, `${STAMP}-7.zip`, options))
    expect(unknown.message).toContain(`no archive ${STAMP}-7.zip`)
    expect(unknown.hint).toContain('artifact-lfs --recover --list')

    const badCommit = await refusal(resolveArchive(repo, `nope:${STAMP}.zip`, options))
    expect(badCommit.kind).toBe('recover')
    expect(badCommit.message).toMatch(/nope is not a commit in this repository/)
    expect(badCommit.hint).toMatch(/git log/)

    const missing = await refusal(resolveArchive(repo, `HEAD:${SESSION}/gone.zip`, options))
    expect(missing.message).toMatch(/has no codex_sessions\/gone\.zip/)
    expect(missing.hint).toMatch(/git ls-tree/)

    stageRaw(dir, `${SESSION}/raw.zip`, randomBytes(5000))
    git(dir, 'commit', '-q', '-m', 'raw zip')
    const raw = await refusal(resolveArchive(repo, 'HEAD:raw.zip', options))
    expect(raw.message).toMatch(
      /raw\.zip was committed as a raw 5000-byte blob, not as an LFS pointer/
    )
    expect(raw.hint).toMatch(/git cat-file blob [0-9a-f]{40}/)
    const listed = (await listArchives(repo, { sessionDir: SESSION })).find(
      a => a.name === 'raw.zip'
    )
    expect(listed).toMatchObject({ tracked: true, objectPresent: false })
    expect(listed?.problem).toMatch(/raw blob, not as an LFS pointer/)
  })

  it('recoverSession refuses a destination that is not a temp dir, and a stray pointer file', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const repo = new GitRepo(dir)
    putArchive(dir, `${SESSION}/${STAMP}.zip`)
    commitAll(dir, 'archive')
    const base = { spec: 'latest', sessionDir: SESSION, cwd: dir }
    const root = await refusal(recoverSession(repo, { ...base, tmpDir: '.' }))
    expect(root.kind).toBe('config')
    expect(root.message).toMatch(/is or contains the repository root/)
    const inGit = await refusal(recoverSession(repo, { ...base, tmpDir: '.git/out' }))
    expect(inGit.message).toMatch(/inside the \.git folder/)
    expect(existsSync(path.join(dir, '.git/out'))).toBe(false)

    // bytes that match their pointer but are no zip: the extractor's refusal names the archive
    // by its repo path, not by the LFS store file it read
    const out = path.join(makeTempDir(), 'out')
    const notZip = await refusal(recoverSession(repo, { ...base, tmpDir: out }))
    expect(notZip.kind).toBe('archive')
    expect(notZip.message.startsWith(`${SESSION}/${STAMP}.zip: `)).toBe(true)
    expect(notZip.message).not.toContain('lfs/objects')
    expect(existsSync(out)).toBe(false)

    const stray = path.join(makeTempDir(), 'stray.zip')
    const promise = { oid: sha256(randomBytes(10)), size: 10 }
    writeFile(stray, formatPointer(promise))
    const dest = path.join(makeTempDir(), 'dest')
    const error = await refusal(recoverSession(repo, { ...base, spec: stray, tmpDir: dest }))
    expect(error.kind).toBe('recover')
    expect(error.message).toBe(
      `${stray} is only an LFS pointer and its object ${promise.oid.slice(0, 12)} is not in this clone's LFS store`
    )
    expect(existsSync(dest)).toBe(false)
  })
})

describe('fetching one LFS object by path (git-lfs --include escaping)', () => {
  it('escapes wildmatch characters; a comma becomes ?', () => {
    expect(lfsIncludePattern('s/a*b?[c].zip')).toBe('s/a\\*b\\?\\[c\\].zip')
    expect(lfsIncludePattern('!x/#y\\z{1}.zip')).toBe('\\!x/\\#y\\\\z{1}.zip')
    expect(lfsIncludePattern('a,b.zip')).toBe('a?b.zip')
  })

  it('fetches exactly the object of a path with glob characters, from the work tree or a commit', async () => {
    const { dir, remote } = makeLfsRepo()
    const target = 'we*ird [dir]/{a} #1.zip'
    const sibling = 'weXird [dir]/{a} #1.zip'
    const wanted = putArchive(dir, target, 3000)
    const other = putArchive(dir, sibling, 3100)
    commitAll(dir, 'two look-alike archives')
    git(dir, 'push', '-q', 'origin', 'main')
    const clone = cloneWithoutSmudge(remote)
    const repo = new GitRepo(clone)
    expect(readFileSync(path.join(clone, target), 'utf8')).toBe(formatPointer(wanted))
    const logger = recordingLogger()

    const resolved = await resolveArchive(repo, target, { sessionDir: SESSION, cwd: clone })
    expect(resolved.file?.isPointer).toBe(true)
    const local = await ensureArchiveBytes(repo, resolved, { logger, progress: silentProgress })
    expect(local).toEqual({ path: storePath(clone, wanted.oid), fetched: true, verified: true })
    expect(sha256(readFileSync(local.path))).toBe(wanted.oid)
    expect(existsSync(storePath(clone, other.oid))).toBe(false)
    expect(logger.lines.join('\n')).toMatch(/only an LFS pointer here: fetching .* git lfs pull/)

    const atCommit = await resolveArchive(repo, `HEAD:${sibling}`, {
      sessionDir: SESSION,
      cwd: clone
    })
    const fetched = await ensureArchiveBytes(repo, atCommit, { logger, progress: silentProgress })
    expect(fetched.fetched).toBe(true)
    expect(sha256(readFileSync(fetched.path))).toBe(other.oid)
    // git lfs fetch fills the store only: the sibling's work-tree file is still a pointer
    expect(readFileSync(path.join(clone, sibling), 'utf8')).toBe(formatPointer(other))
  })
})
