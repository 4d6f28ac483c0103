import { stat } from 'node:fs/promises'
import { ArtifactLfsError } from '../errors.js'
import type { GitRepo } from '../git/git-repo.js'
import { lfsObjectPathFor } from '../git/lfs-storage.js'
import type { LfsPointer } from '../lfs/pointer.js'
import type { Logger, ProgressSink } from '../progress/progress.js'
import {
  fetchCommitObject,
  notFetchedError,
  pullWorkTreeObject,
  type FetchTarget
} from './lfs-object-fetch.js'
import type { ResolvedArchive } from './resolve-archive.js'
import { verifyArchiveBytes } from './verify-archive-bytes.js'

export interface LocalArchive {
  /** Absolute path of the archive's bytes (the LFS store object or the work-tree file). */
  path: string
  /** Whether git-lfs had to download the object. */
  fetched: boolean
  /** Whether the bytes were checked against an LFS pointer (false: no pointer describes them). */
  verified: boolean
}

export interface EnsureOptions {
  logger: Logger
  progress: ProgressSink
}

/**
 * Makes the archive's bytes local and proves them right before anything is extracted:
 * 1. with a pointer, the object in the LFS store is preferred; else a work-tree file with
 *    real content; else the object is fetched (`git lfs pull --include` for a work-tree
 *    pointer, `git lfs fetch <remote> <commit> --include` for a commit);
 * 2. the bytes' size and sha256 must match the pointer.
 * A pointer file is never handed on as an archive. Without a pointer (an untracked zip, a file
 * outside the repo) the bytes are used as they are; extraction still checks CRCs and the
 * manifest's sha256 of every entry.
 */
export async function ensureArchiveBytes(
  repo: GitRepo,
  archive: ResolvedArchive,
  options: EnsureOptions
): Promise<LocalArchive> {
  const { pointer, displayName } = archive
  if (pointer === undefined) {
    if (archive.file === undefined || archive.file.isPointer)
      throw new Error(`internal: ${displayName} has neither a pointer nor a file`)
    options.logger.info(
      `${displayName} is not described by an LFS pointer (not committed): only the zip's own checksums and manifest are checked`
    )
    return { path: archive.file.path, fetched: false, verified: false }
  }
  const objectPath = await lfsObjectPathFor(repo, pointer.oid)
  const storeHint = `the copy in the LFS store (${objectPath}) is damaged: run git lfs fsck to move it aside, then recover again to fetch a fresh copy`
  if (await isFile(objectPath)) {
    options.logger.debug(`${displayName}: reading LFS object ${objectPath}`)
    await verifyArchiveBytes(objectPath, pointer, {
      displayName,
      what: 'the local LFS object',
      hint: storeHint,
      progress: options.progress
    })
    return { path: objectPath, fetched: false, verified: true }
  }
  if (archive.source === 'work-tree' && archive.file && !archive.file.isPointer) {
    await verifyArchiveBytes(archive.file.path, pointer, {
      displayName,
      what: 'the work-tree file',
      hint: `it differs from what its committed LFS pointer names: restore it (git checkout -- "${archive.repoPath ?? archive.file.path}") or recover <commit>:<path> instead`,
      progress: options.progress
    })
    return { path: archive.file.path, fetched: false, verified: true }
  }
  const target = fetchTarget(archive, pointer)
  if (archive.source === 'commit') {
    options.logger.info(
      `fetching LFS object ${pointer.oid.slice(0, 12)} (${pointer.size} bytes) of ${displayName} with git lfs fetch`
    )
    await fetchCommitObject(repo, archive.commit as string, target)
  } else {
    options.logger.info(
      `${displayName} is only an LFS pointer here: fetching its object ${pointer.oid.slice(0, 12)} (${pointer.size} bytes) with git lfs pull`
    )
    await pullWorkTreeObject(repo, target)
  }
  if (!(await isFile(objectPath))) throw notFetchedError(target, objectPath)
  options.logger.info(`fetched LFS object ${pointer.oid.slice(0, 12)} for ${displayName}`)
  await verifyArchiveBytes(objectPath, pointer, {
    displayName,
    what: 'the fetched LFS object',
    hint: `${storeHint}; if it happens again, the copy on the remote is damaged`,
    progress: options.progress
  })
  return { path: objectPath, fetched: true, verified: true }
}

function fetchTarget(archive: ResolvedArchive, pointer: LfsPointer): FetchTarget {
  if (archive.repoPath === undefined)
    throw new ArtifactLfsError(
      'recover',
      `${archive.displayName} is only an LFS pointer and its object ${pointer.oid.slice(0, 12)} is not in this clone's LFS store`,
      {
        hint: 'recover it from inside the clone that tracks it (by name, latest, or <commit>:<path>) so it can be fetched'
      }
    )
  return { displayName: archive.displayName, repoPath: archive.repoPath, oid: pointer.oid }
}

async function isFile(file: string): Promise<boolean> {
  const stats = await stat(file).catch(() => undefined)
  return stats !== undefined && stats.isFile()
}
