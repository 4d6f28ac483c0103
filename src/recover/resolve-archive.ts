import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import type { GitRepo } from '../git/git-repo.js'
import type { LfsPointer } from '../lfs/pointer.js'
import { compareArchiveNamesNewestFirst, parseArchiveName } from '../packaging/archive-name.js'
import {
  committedFile,
  indexPointer,
  notAPointerError,
  resolveCommit
} from './committed-archive.js'
import {
  findSessionArchives,
  inspectWorkTreeFile,
  joinRepoPath,
  sessionDirRelative
} from './session-archives.js'

export interface ResolveOptions {
  /** The policy's session_artifact_dir (repo-relative). */
  sessionDir: string
  /** Relative paths in the spec are taken from here. */
  cwd: string
}

/** Where an archive's bytes are and what its LFS pointer promises. Nothing is fetched yet. */
export interface ResolvedArchive {
  /** How messages name it: its repo path, `<commit>:<path>`, or the path as given. */
  displayName: string
  /** What the LFS pointer promises; absent for a zip no pointer describes (an untracked file). */
  pointer?: LfsPointer
  /** 'work-tree': a file on disk; 'commit': the pointer as a commit has it (work tree unused). */
  source: 'work-tree' | 'commit'
  /** Full commit id, for source 'commit'. */
  commit?: string
  /** Repo-relative '/'-separated path, when the archive is inside the repository. */
  repoPath?: string
  /** For source 'work-tree': the file's real path and whether it is only an LFS pointer. */
  file?: { path: string; isPointer: boolean }
}

const LIST_HINT = 'list the archives with artifact-lfs --recover --list'

/**
 * Turns the --recover ARCHIVE argument into a ResolvedArchive:
 * - `latest`: the newest archive by the timestamp in its name, then by suffix, over the
 *   session dir in the work tree and the archives tracked at HEAD;
 * - a path (absolute or relative to `cwd`) to an existing file;
 * - `<commit>:<path>`: the pointer blob that commit has at that repo path (a bare file name
 *   is looked up in the session dir); the work tree is never read;
 * - a file name in the session dir (work tree first, then HEAD).
 */
export async function resolveArchive(
  repo: GitRepo,
  spec: string,
  options: ResolveOptions
): Promise<ResolvedArchive> {
  const sessionDir = sessionDirRelative(repo, options.sessionDir)
  if (spec === '')
    throw new ArtifactLfsError('recover', 'no archive given', {
      hint: `pass latest, a file name, a path or <commit>:<path>; ${LIST_HINT}`
    })
  if (spec === 'latest') return resolveLatest(repo, sessionDir)
  const asPath = path.resolve(options.cwd, spec)
  const existing = await stat(asPath).catch(() => undefined)
  if (existing !== undefined) {
    if (!existing.isFile())
      throw new ArtifactLfsError('recover', `${spec} is not a file`, {
        hint: `pass an archive file; ${LIST_HINT}`
      })
    return fromWorkTreeFile(repo, asPath, spec)
  }
  if (spec.includes(':')) return resolveCommitSpec(repo, spec, sessionDir)
  if (!spec.includes('/') && !spec.includes(path.sep)) {
    const found = (await findSessionArchives(repo, sessionDir)).find(a => a.name === spec)
    if (found?.workTree) return fromWorkTreeFile(repo, found.workTree.path, found.repoPath)
    if (found?.head) return fromCommit(repo, found.head.commit, found.repoPath)
  }
  throw new ArtifactLfsError(
    'recover',
    `no archive ${spec}: not a file, not in ${sessionDir || 'the repo root'}/ and not at HEAD`,
    { hint: `pass latest, a file name from the list, a path or <commit>:<path>; ${LIST_HINT}` }
  )
}

async function resolveLatest(repo: GitRepo, sessionDir: string): Promise<ResolvedArchive> {
  const named = (await findSessionArchives(repo, sessionDir))
    .filter(a => parseArchiveName(a.name) !== undefined)
    .sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name))
  const newest = named[0]
  if (newest === undefined)
    throw new ArtifactLfsError(
      'recover',
      `no session archives in ${sessionDir || 'the repo root'}/ (neither in the work tree nor at HEAD)`,
      {
        hint: 'package one first (artifact-lfs --package --commit), pull the branch that has them, or check session_artifact_dir in the policy'
      }
    )
  if (newest.workTree) return fromWorkTreeFile(repo, newest.workTree.path, newest.repoPath)
  return fromCommit(repo, (newest.head as { commit: string }).commit, newest.repoPath)
}

/** A file on disk; inside the repo its pointer comes from the file or, when smudged, the index. */
async function fromWorkTreeFile(
  repo: GitRepo,
  file: string,
  label: string
): Promise<ResolvedArchive> {
  const real = await realpath(file)
  const info = await inspectWorkTreeFile(real)
  if (info === undefined)
    throw new ArtifactLfsError('recover', `${label} is not a regular file`, {
      hint: `pass an archive file; ${LIST_HINT}`
    })
  const repoPath = await insideRepo(repo, real)
  const pointer = info.pointer ?? (repoPath ? await indexPointer(repo, repoPath) : undefined)
  const resolved: ResolvedArchive = {
    displayName: repoPath ?? label,
    source: 'work-tree',
    file: { path: real, isPointer: info.pointer !== undefined }
  }
  if (pointer !== undefined) resolved.pointer = pointer
  if (repoPath !== undefined) resolved.repoPath = repoPath
  return resolved
}

/** The repo-relative path of a real path in the work tree (not in .git), else undefined. */
async function insideRepo(repo: GitRepo, real: string): Promise<string | undefined> {
  const root = await realpath(repo.root)
  const relative = path.relative(root, real)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  const gitDir = await repo.gitDir()
  const fromGitDir = path.relative(gitDir, real)
  if (!fromGitDir.startsWith('..') && !path.isAbsolute(fromGitDir)) return undefined
  return relative.split(path.sep).join('/')
}

async function resolveCommitSpec(
  repo: GitRepo,
  spec: string,
  sessionDir: string
): Promise<ResolvedArchive> {
  const colon = spec.indexOf(':')
  const rev = spec.slice(0, colon)
  const wanted = spec.slice(colon + 1).replace(/^\/+/, '')
  if (rev === '' || wanted === '')
    throw new ArtifactLfsError('recover', `${spec}: expected <commit>:<path>`, {
      hint: `e.g. HEAD~1:${joinRepoPath(sessionDir, 'codex-session_20250101_120000.zip')}`
    })
  const commit = await resolveCommit(repo, rev)
  if (commit === undefined)
    throw new ArtifactLfsError(
      'recover',
      `${spec} is neither a file nor <commit>:<path>: ${rev} is not a commit in this repository`,
      {
        hint: `use a commit, branch or tag this clone has (git log --oneline -- ${sessionDir || '.'}); a shallow clone may need git fetch --deepen=N or --unshallow`
      }
    )
  const candidates = wanted.includes('/') ? [wanted] : [joinRepoPath(sessionDir, wanted), wanted]
  for (const repoPath of [...new Set(candidates)]) {
    const resolved = await fromCommit(repo, commit, repoPath, true)
    if (resolved !== undefined) return resolved
  }
  throw new ArtifactLfsError(
    'recover',
    `commit ${commit.slice(0, 12)} has no ${candidates.join(' or ')}`,
    {
      hint: `see what it has with git ls-tree --name-only ${commit.slice(0, 12)} -- ${sessionDir || '.'}/`
    }
  )
}

async function fromCommit(repo: GitRepo, commit: string, repoPath: string): Promise<ResolvedArchive>
async function fromCommit(
  repo: GitRepo,
  commit: string,
  repoPath: string,
  missingOk: true
): Promise<ResolvedArchive | undefined>
async function fromCommit(
  repo: GitRepo,
  commit: string,
  repoPath: string,
  missingOk = false
): Promise<ResolvedArchive | undefined> {
  const displayName = `${commit.slice(0, 12)}:${repoPath}`
  const file = await committedFile(repo, commit, repoPath)
  if (file === undefined) {
    if (missingOk) return undefined
    throw new ArtifactLfsError('recover', `commit ${commit.slice(0, 12)} has no ${repoPath}`, {
      hint: LIST_HINT
    })
  }
  if (file.kind !== 'pointer') throw notAPointerError(displayName, file)
  return { displayName, pointer: file.pointer, source: 'commit', commit, repoPath }
}
