import { stat } from 'node:fs/promises'
import path from 'node:path'
import { readManifest } from '../archive/read-manifest.js'
import { isArtifactLfsError } from '../errors.js'
import type { GitRepo } from '../git/git-repo.js'
import { lfsObjectPathFor } from '../git/lfs-storage.js'
import { compareArchiveNamesNewestFirst } from '../packaging/archive-name.js'
import { findSessionArchives, type SessionArchive } from './session-archives.js'

export interface ArchiveListing {
  /** File name, e.g. codex-session_20250101_120000.zip. */
  name: string
  /** Repo-relative path. */
  path: string
  /** Archive bytes: from the LFS pointer, or the file's size when no pointer describes it. */
  size?: number
  /** The LFS object id (sha256), when a pointer describes the archive. */
  oid?: string
  /** Files and symlinks in its manifest; undefined when the bytes are not local (or unreadable). */
  files?: number
  /** Whether the archive's bytes are on this machine (LFS store, or a real file in the work tree). */
  objectPresent: boolean
  /** Tracked in the HEAD commit. */
  tracked: boolean
  /** Present in the work tree's session dir (as content or as a pointer file). */
  inWorkTree: boolean
  /** Why `files` is unknown although the bytes are local, or what is wrong with the entry. */
  problem?: string
}

/**
 * The session archives of the work tree and of HEAD, newest first (by the timestamp in the
 * name, then the suffix). Reads only manifests of objects already local; fetches nothing and
 * does not hash the objects (recover does that before extracting).
 */
export async function listArchives(
  repo: GitRepo,
  options: { sessionDir: string }
): Promise<ArchiveListing[]> {
  const archives = await findSessionArchives(repo, options.sessionDir)
  const objectPath = await objectLocator(repo)
  const listings: ArchiveListing[] = []
  for (const archive of archives) listings.push(await describe(archive, objectPath))
  return listings.sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name))
}

async function describe(
  archive: SessionArchive,
  objectPath: (oid: string) => string
): Promise<ArchiveListing> {
  const { workTree, head } = archive
  const pointer = workTree?.pointer ?? head?.pointer
  const listing: ArchiveListing = {
    name: archive.name,
    path: archive.repoPath,
    objectPresent: false,
    tracked: head !== undefined,
    inWorkTree: workTree !== undefined
  }
  let local: string | undefined
  if (pointer !== undefined) {
    listing.size = pointer.size
    listing.oid = pointer.oid
    const stored = objectPath(pointer.oid)
    if (await isFile(stored)) local = stored
  }
  if (local === undefined && workTree !== undefined && workTree.pointer === undefined) {
    local = workTree.path
    listing.size ??= workTree.size
  }
  if (head !== undefined && head.pointer === undefined)
    listing.problem = 'committed as a raw blob, not as an LFS pointer'
  if (local === undefined) return listing
  listing.objectPresent = true
  try {
    listing.files = (await readManifest(local, archive.repoPath)).files.length
  } catch (error) {
    if (!isArtifactLfsError(error)) throw error
    listing.problem = error.message
  }
  return listing
}

/**
 * Object paths for many oids with two git calls in total: lfsObjectPathFor once, then the
 * same `<objects>/aa/bb/<oid>` layout for every other oid.
 */
async function objectLocator(repo: GitRepo): Promise<(oid: string) => string> {
  const sample = '0'.repeat(64)
  const objectsDir = path.dirname(path.dirname(path.dirname(await lfsObjectPathFor(repo, sample))))
  return oid => path.join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid)
}

async function isFile(file: string): Promise<boolean> {
  const stats = await stat(file).catch(() => undefined)
  return stats !== undefined && stats.isFile()
}
