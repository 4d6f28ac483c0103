import { afterAll, describe, expect, it } from '@jest/globals'
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { ArtifactLfsError } from '../../src/errors.js'
import { identityEnvFor } from '../../src/git/committer-identity.js'
import { GitRepo } from '../../src/git/git-repo.js'
import { parsePointer } from '../../src/lfs/pointer.js'
import { commitArchive, type CommitArchiveOptions } from '../../src/pipeline/commit-archive.js'
import {
  commandConfigEnv,
  makeLfsRepo,
  pointerOnlyCleanFilter,
  writeArchive,
  ZIP_LFS_RULE
} from '../helpers/lfs-fixtures.js'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const identityEnv = identityEnvFor('Archive Bot', 'bot@example.invalid')

function options(
  archivePath: string,
  expected: { sha256: string; size: number },
  extra: Partial<CommitArchiveOptions> = {}
): CommitArchiveOptions {
  return {
    archivePath,
    expected,
    alsoStage: [],
    message: `Add session artifact ${archivePath}`,
    identityEnv,
    ...extra
  }
}

async function refusal(promise: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

/** Index + HEAD, to show a refusal changed neither. */
function snapshot(dir: string): string {
  return (
    git(dir, 'rev-parse', 'HEAD') + git(dir, 'ls-files', '-s') + git(dir, 'status', '--porcelain')
  )
}

describe('commitArchive', () => {
  it('commits only the archive (as a pointer) and leaves other staged changes staged', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    const before = git(dir, 'rev-parse', 'HEAD').trim()
    writeFile(path.join(dir, 'user-staged.txt'), 'staged by the user\n')
    git(dir, 'add', 'user-staged.txt')
    appendFileSync(path.join(dir, 'README.md'), 'unstaged edit\n')
    const archive = writeArchive(dir, 'codex_sessions/codex-session_20250101_000000.zip')

    const { commitSha } = await commitArchive(
      new GitRepo(dir),
      options('codex_sessions/codex-session_20250101_000000.zip', archive)
    )

    expect(git(dir, 'rev-parse', 'HEAD').trim()).toBe(commitSha)
    expect(git(dir, 'rev-parse', `${commitSha}^`).trim()).toBe(before)
    expect(git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', commitSha).trim()).toBe(
      'codex_sessions/codex-session_20250101_000000.zip'
    )
    const blob = git(
      dir,
      'cat-file',
      'blob',
      `${commitSha}:codex_sessions/codex-session_20250101_000000.zip`
    )
    expect(parsePointer(blob)).toMatchObject({
      kind: 'pointer',
      canonical: true,
      pointer: { oid: archive.sha256, size: archive.size }
    })
    expect(git(dir, 'log', '-1', '--format=%an <%ae>|%cn|%s').trim()).toBe(
      'Archive Bot <bot@example.invalid>|Archive Bot|Add session artifact codex_sessions/codex-session_20250101_000000.zip'
    )
    expect(git(dir, 'status', '--porcelain').split('\n').sort().join('\n')).toBe(
      ['', ' M README.md', 'A  user-staged.txt'].join('\n')
    )
  })

  it('commits .gitattributes with it when asked', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    appendFileSync(path.join(dir, '.gitattributes'), '*.db filter=lfs diff=lfs merge=lfs -text\n')
    const archive = writeArchive(dir, 'a.zip')
    const { commitSha } = await commitArchive(
      new GitRepo(dir),
      options('a.zip', archive, { alsoStage: ['.gitattributes'] })
    )
    expect(git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', commitSha).trim()).toBe(
      '.gitattributes\na.zip'
    )
    expect(git(dir, 'status', '--porcelain')).toBe('')
  })

  it('refuses an archive no LFS rule covers, naming both ways out', async () => {
    const { dir } = makeScratchRepo({ lfs: true, withRemote: false })
    const archive = writeArchive(dir, 'out/a.zip')
    const state = snapshot(dir)
    const error = await refusal(commitArchive(new GitRepo(dir), options('out/a.zip', archive)))
    expect(error.kind).toBe('commit')
    expect(error.message).toMatch(/out\/a\.zip is not covered by an LFS rule/)
    expect(error.hint).toContain('enable_autolfs: true')
    expect(error.hint).toContain('ALLOW_AUTOLFS=1')
    expect(error.hint).toContain('--sync-gitattributes')
    expect(snapshot(dir)).toBe(state)
  })

  it('refuses the raw-blob trap: an LFS rule but no LFS filter configured', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, '.gitattributes'), ZIP_LFS_RULE)
    git(dir, 'add', '.gitattributes')
    git(dir, 'commit', '-q', '-m', 'rule only')
    const archive = writeArchive(dir, 'a.zip')
    const state = snapshot(dir)
    const error = await refusal(commitArchive(new GitRepo(dir), options('a.zip', archive)))
    expect(error.kind).toBe('commit')
    expect(error.message).toMatch(/LFS filter is not configured.*raw blob/)
    expect(snapshot(dir)).toBe(state)
    expect(git(dir, 'ls-files', 'a.zip')).toBe('')
  })

  it('refuses a raw blob staged by a misbehaving filter and unstages it', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, '.gitattributes'), ZIP_LFS_RULE)
    git(dir, 'add', '.gitattributes')
    git(dir, 'commit', '-q', '-m', 'rule')
    const archive = writeArchive(dir, 'a.zip', 3000)
    // a "filter" that passes the bytes through: configured, but no pointer comes out
    const repo = new GitRepo(dir, { env: commandConfigEnv({ 'filter.lfs.clean': 'cat' }) })
    const state = snapshot(dir)
    const error = await refusal(commitArchive(repo, options('a.zip', archive)))
    expect(error.message).toMatch(/a\.zip was staged as a raw .*blob, not an LFS pointer/)
    expect(snapshot(dir)).toBe(state)
  })

  it('refuses a pointer whose object is missing from the local store', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, '.gitattributes'), ZIP_LFS_RULE)
    const archive = writeArchive(dir, 'a.zip')
    const repo = new GitRepo(dir, {
      env: commandConfigEnv({ 'filter.lfs.clean': pointerOnlyCleanFilter() })
    })
    const error = await refusal(commitArchive(repo, options('a.zip', archive)))
    expect(error.message).toMatch(new RegExp(`LFS object ${archive.sha256} is missing`))
    expect(git(dir, 'ls-files', 'a.zip')).toBe('')
  })

  it('refuses a pointer that does not match the packaged archive and restores the index', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    // the user had staged another version of .gitattributes: it must come back exactly
    appendFileSync(path.join(dir, '.gitattributes'), '# staged by the user\n')
    git(dir, 'add', '.gitattributes')
    appendFileSync(path.join(dir, '.gitattributes'), '# not staged\n')
    const archive = writeArchive(dir, 'a.zip')
    const state = snapshot(dir)
    const error = await refusal(
      commitArchive(
        new GitRepo(dir),
        options(
          'a.zip',
          { sha256: '0'.repeat(64), size: archive.size },
          { alsoStage: ['.gitattributes'] }
        )
      )
    )
    expect(error.message).toMatch(/does not match the packaged archive/)
    expect(snapshot(dir)).toBe(state)
  })

  it('refuses paths that are not repo-relative', async () => {
    const { dir } = makeLfsRepo({ withRemote: false })
    for (const bad of ['../a.zip', '/tmp/a.zip', './a.zip', 'a\\b.zip']) {
      const error = await refusal(
        commitArchive(new GitRepo(dir), options(bad, { sha256: '0'.repeat(64), size: 1 }))
      )
      expect(error.kind).toBe('usage')
    }
  })
})
