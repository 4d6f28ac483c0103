import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { checkArchive } from '../archive/archive-check.js'
import { isArtifactLfsError } from '../errors.js'
import { readObjects } from '../git/cat-file-batch.js'
import type { GitRepo } from '../git/git-repo.js'
import { parseLsTree } from '../git/tree-entries.js'
import { localObjectPath, MAX_POINTER_SIZE, parsePointer } from '../lfs/pointer.js'
import type { ArchiveValidation, ValidateReport } from '../pipeline/pipeline-types.js'

export interface ValidateOptions {
  /** The policy's session_artifact_dir, repo-relative. */
  sessionDir: string
  ref: string
  /** Archives whose LFS object must be present locally (e.g. the one this run made). */
  requireObjects?: string[]
}

/**
 * Checks every session archive committed at `ref`: it is a canonical LFS pointer; its object
 * is in the local LFS store (otherwise "pointer only", with how to fetch it); the object's
 * sha256 and size match the pointer; the zip reads, every CRC holds and its entries match
 * its manifest. Reads the objects from the LFS store, never the work tree (whose `*` marker
 * in `git lfs ls-files` says nothing about the store).
 */
export async function validateSessionArchives(
  repo: GitRepo,
  options: ValidateOptions
): Promise<ValidateReport> {
  const listing = await repo.run([
    'ls-tree',
    '-r',
    '-l',
    '-z',
    '--full-tree',
    options.ref,
    '--',
    `${options.sessionDir}/`
  ])
  const archives = parseLsTree(listing.stdout).filter(
    e => e.type === 'blob' && /\.zip$/i.test(e.path)
  )
  const small = archives.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid)
  const blobs = await readObjects(repo, small)
  const gitDir = await repo.gitDir()
  const required = new Set(options.requireObjects ?? [])
  const results: ArchiveValidation[] = []
  for (const entry of archives) {
    const blob = blobs.get(entry.oid)
    const parsed = blob === undefined ? undefined : parsePointer(blob)
    if (parsed === undefined || parsed.kind !== 'pointer') {
      results.push({
        path: entry.path,
        status: 'failed',
        detail: `committed as a raw ${entry.size ?? 0}-byte blob, not an LFS pointer`
      })
      continue
    }
    if (!parsed.canonical) {
      results.push({ path: entry.path, status: 'failed', detail: 'LFS pointer is not canonical' })
      continue
    }
    const { oid, size } = parsed.pointer
    const objectPath = localObjectPath(gitDir, oid)
    const objectStats = await stat(objectPath).catch(() => undefined)
    if (!objectStats) {
      results.push({
        path: entry.path,
        status: required.has(entry.path) ? 'failed' : 'pointer-only',
        detail: `LFS object ${oid.slice(0, 12)} is not in the local store; fetch it with git lfs pull --include="${entry.path}"`
      })
      continue
    }
    results.push(await validateObject(entry.path, objectPath, oid, size, objectStats.size))
  }
  return { archives: results, failures: results.filter(r => r.status === 'failed') }
}

async function validateObject(
  archivePath: string,
  objectPath: string,
  oid: string,
  size: number,
  actualSize: number
): Promise<ArchiveValidation> {
  if (actualSize !== size)
    return {
      path: archivePath,
      status: 'failed',
      detail: `LFS object has ${actualSize} bytes, the pointer says ${size}`
    }
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(objectPath, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  const actual = hash.digest('hex')
  if (actual !== oid)
    return {
      path: archivePath,
      status: 'failed',
      detail: `LFS object hashes to ${actual}, the pointer says ${oid}`
    }
  try {
    const check = await checkArchive(objectPath, { displayName: archivePath })
    return {
      path: archivePath,
      status: 'ok',
      detail: `${check.files.length} file(s), manifest and CRCs match`,
      entries: check.entries
    }
  } catch (error) {
    if (!isArtifactLfsError(error)) throw error
    return { path: archivePath, status: 'failed', detail: error.message }
  }
}
