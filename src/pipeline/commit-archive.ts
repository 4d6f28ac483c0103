import { stat } from 'node:fs/promises'
import { ArtifactLfsError } from '../errors.js'
import { formatBytes } from '../format/human-units.js'
import { createCommit, normalizeMessage, treeOf } from '../git/commit-objects.js'
import { GitCommandError } from '../git/exec-git.js'
import type { GitRepo } from '../git/git-repo.js'
import { filterAttribute } from '../git/lfs-attributes.js'
import { lfsObjectPathFor } from '../git/lfs-storage.js'
import { isLfsFilterConfigured } from '../git/preflight.js'
import { withTempIndex } from '../git/temp-index.js'
import { indexInfoRecord, parseLsFilesStage, type IndexEntry } from '../git/tree-entries.js'
import { MAX_POINTER_SIZE, parsePointer } from '../lfs/pointer.js'
import { silentLogger, type Logger } from '../progress/progress.js'

/**
 * Commits one packaged archive as an LFS pointer, and nothing else the user has staged.
 * Refuses unless an LFS rule covers the archive and the filter is configured; stages exactly
 * the given paths; checks the staged blob is a canonical pointer to the expected object and
 * that the object is in the local LFS store; then writes the commit from a private index
 * (HEAD + our paths) so other staged changes stay staged and uncommitted. On any failure the
 * paths we staged are put back as they were.
 */

export interface CommitArchiveOptions {
  /** Repo-relative, '/'-separated. */
  archivePath: string
  expected: { sha256: string; size: number }
  /** More paths to commit with it, e.g. ['.gitattributes'] when the sync changed it. */
  alsoStage: string[]
  message: string
  /** GIT_AUTHOR_* / GIT_COMMITTER_* (see committerIdentity). */
  identityEnv: Readonly<Record<string, string>>
  logger?: Logger
}

export const NOT_LFS_TRACKED_HINT =
  'set enable_autolfs: true in .codex_lfs_policy.yaml (or ALLOW_AUTOLFS=1) to add the LFS rule automatically, or run with --sync-gitattributes'

/** `git --literal-pathspecs`: our paths are file names, never globs or pathspec magic. */
const LITERAL = '--literal-pathspecs'

export async function commitArchive(
  repo: GitRepo,
  options: CommitArchiveOptions
): Promise<{ commitSha: string }> {
  const { archivePath } = options
  checkRelativePath(archivePath)
  for (const extra of options.alsoStage) checkRelativePath(extra)
  const message = normalizeMessage(options.message)
  if (message.trim() === '')
    throw new ArtifactLfsError('usage', 'the commit message is empty', {
      hint: 'pass a message (--message)'
    })

  const attribute = await filterAttribute(repo, archivePath)
  if (attribute !== 'lfs')
    throw new ArtifactLfsError(
      'commit',
      `${archivePath} is not covered by an LFS rule in .gitattributes (filter: ${attribute}): committing it would store the raw archive in git`,
      { hint: NOT_LFS_TRACKED_HINT }
    )
  if (!(await isLfsFilterConfigured(repo)))
    throw new ArtifactLfsError(
      'commit',
      `the Git LFS filter is not configured in ${repo.root}: git add would silently store ${archivePath} as a raw blob`,
      { hint: 'run git lfs install --local (the preflight does this when it runs first)' }
    )

  const paths = [...new Set([archivePath, ...options.alsoStage])]
  const before = await stagedEntries(repo, paths)
  const conflicted = before.find(e => e.stage !== 0)
  if (conflicted)
    throw new ArtifactLfsError('commit', `${conflicted.path} has an unresolved merge conflict`, {
      hint: 'resolve the conflict (or git merge --abort) and run again'
    })

  let committed = false
  try {
    await stagePaths(repo, paths)
    const after = await stagedEntries(repo, paths)
    await checkStagedPointer(repo, archivePath, after, options.expected)
    const head = await repo.headCommit()
    const tree = await treeWith(repo, head, paths, after)
    if (head !== undefined && tree === (await treeOf(repo, head)))
      throw new ArtifactLfsError(
        'commit',
        `nothing to commit: ${paths.join(', ')} already match HEAD`,
        { hint: 'the archive is already committed; package a new one or skip the commit step' }
      )
    const commitSha = await createCommit(repo, {
      tree,
      parents: head === undefined ? [] : [head],
      message,
      identityEnv: options.identityEnv
    })
    const subject = message.split('\n', 1)[0]
    await repo.run([
      'update-ref',
      '-m',
      `commit (artifact-lfs): ${subject}`,
      'HEAD',
      commitSha,
      head ?? ''
    ])
    committed = true
    return { commitSha }
  } finally {
    if (!committed) await restoreEntries(repo, paths, before, options.logger ?? silentLogger)
  }
}

function checkRelativePath(p: string): void {
  const segments = p.split('/')
  if (
    p === '' ||
    p.startsWith('/') ||
    p.includes('\\') ||
    p.includes('\0') ||
    segments.some(s => s === '' || s === '.' || s === '..')
  )
    throw new ArtifactLfsError(
      'usage',
      `${JSON.stringify(p)} is not a repo-relative '/'-separated path`,
      { hint: 'pass paths relative to the repository root, without ./ or ..' }
    )
}

async function stagedEntries(repo: GitRepo, paths: readonly string[]): Promise<IndexEntry[]> {
  const { stdout } = await repo.run([LITERAL, 'ls-files', '-s', '-z', '--', ...paths])
  const wanted = new Set(paths)
  return parseLsFilesStage(stdout).filter(e => wanted.has(e.path))
}

async function stagePaths(repo: GitRepo, paths: readonly string[]): Promise<void> {
  try {
    await repo.run([LITERAL, 'add', '--', ...paths])
  } catch (cause) {
    const stderr = cause instanceof GitCommandError ? cause.stderr : ''
    const ignored = /ignored by one of your \.gitignore files/.test(stderr)
    throw new ArtifactLfsError(
      'commit',
      `git add failed for ${paths.join(', ')}: ${stderr.trim()}`,
      {
        hint: ignored
          ? 'the archive folder is ignored by .gitignore: add an exception (e.g. !SESSION_DIR/*.zip) or use another folder'
          : 'read the git message above; the index was left as it was',
        cause
      }
    )
  }
}

async function checkStagedPointer(
  repo: GitRepo,
  archivePath: string,
  staged: readonly IndexEntry[],
  expected: { sha256: string; size: number }
): Promise<void> {
  const entry = staged.find(e => e.path === archivePath && e.stage === 0)
  if (!entry)
    throw new ArtifactLfsError('commit', `${archivePath} is not in the index after git add`, {
      hint: 'check that the archive exists at that path inside the repository'
    })
  const blobSize = Number(await repo.text(['cat-file', '-s', entry.oid]))
  const rawHint =
    'the LFS clean filter did not convert it: check git config --get filter.lfs.process and git check-attr filter -- PATH, then run again'
  if (blobSize > MAX_POINTER_SIZE)
    throw new ArtifactLfsError(
      'commit',
      `${archivePath} was staged as a raw ${formatBytes(blobSize)} blob, not an LFS pointer`,
      { hint: rawHint }
    )
  const parsed = parsePointer((await repo.run(['cat-file', 'blob', entry.oid])).stdout)
  if (parsed.kind !== 'pointer')
    throw new ArtifactLfsError(
      'commit',
      `${archivePath} was staged as a raw blob, not an LFS pointer (${parsed.reason})`,
      { hint: rawHint }
    )
  if (!parsed.canonical)
    throw new ArtifactLfsError(
      'commit',
      `${archivePath} was staged as a non-canonical LFS pointer`,
      {
        hint: rawHint
      }
    )
  const { oid, size } = parsed.pointer
  if (oid !== expected.sha256 || size !== expected.size)
    throw new ArtifactLfsError(
      'commit',
      `${archivePath}: the staged pointer (sha256 ${oid}, ${size} bytes) does not match the packaged archive (sha256 ${expected.sha256}, ${expected.size} bytes)`,
      {
        hint: 'the file changed after packaging; package it again and do not modify it before the commit'
      }
    )
  const objectPath = await lfsObjectPathFor(repo, oid)
  const found = await stat(objectPath).catch(() => undefined)
  if (!found || found.size !== size)
    throw new ArtifactLfsError(
      'commit',
      `${archivePath}: LFS object ${oid} is ${found ? `${found.size} bytes instead of ${size}` : 'missing'} in the local store (${objectPath})`,
      {
        hint: 'run git lfs install --local and try again; check lfs.storage if you moved the store'
      }
    )
}

/** HEAD's tree with exactly `paths` replaced by their staged entries (absent = deleted). */
async function treeWith(
  repo: GitRepo,
  head: string | undefined,
  paths: readonly string[],
  staged: readonly IndexEntry[]
): Promise<string> {
  return withTempIndex(async env => {
    await repo.run(head === undefined ? ['read-tree', '--empty'] : ['read-tree', head], { env })
    const records = paths.map(p => {
      const entry = staged.find(e => e.path === p && e.stage === 0)
      return indexInfoRecord({ mode: entry?.mode ?? '0', oid: entry?.oid, path: p })
    })
    await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') })
    return repo.text(['write-tree'], { env })
  })
}

/** Puts the index entries of `paths` back as they were before we staged them. */
async function restoreEntries(
  repo: GitRepo,
  paths: readonly string[],
  before: readonly IndexEntry[],
  logger: Logger
): Promise<void> {
  const records = paths.map(p => {
    const entry = before.find(e => e.path === p && e.stage === 0)
    return indexInfoRecord({ mode: entry?.mode ?? '0', oid: entry?.oid, path: p })
  })
  try {
    await repo.run(['update-index', '-z', '--index-info'], { input: records.join('') })
  } catch (error) {
    // the original failure is the one to report; this one only gets a warning
    logger.warn(
      `could not restore the index entries of ${paths.join(', ')}: ${(error as Error).message}; check git status`
    )
  }
}
