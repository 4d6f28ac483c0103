import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { checkArchive } from '../archive/archive-check.js'
import { readManifest } from '../archive/read-manifest.js'
import { errorMessage, isArtifactLfsError } from '../errors.js'
import type { ManifestFile } from '../manifest/manifest.js'
import type { Logger } from '../progress/progress.js'
import type { HeadArchive } from './head-archives.js'

/** One file as one committed archive holds it. */
export interface ArchivedEntry {
  archive: HeadArchive
  file: ManifestFile
}

/**
 * What the committed session archives hold, by manifest path, for deciding which temp files
 * are safely archived. Only archives whose LFS object is local can vouch for anything; their
 * manifests are read up front (the manifest entry only), and an archive is fully checked
 * (object sha256 against its pointer, then every entry against the manifest) the first time
 * it is asked to vouch for a file.
 */
export class ArchivedFiles {
  /** Archives that cannot vouch, and why (object missing, not a pointer, unreadable). */
  readonly unavailable: Array<{ path: string; why: string }> = []
  private readonly byPath = new Map<string, ArchivedEntry[]>()
  private readonly verdicts = new Map<string, Promise<string | undefined>>()

  private constructor() {}

  static async load(archives: readonly HeadArchive[], logger: Logger): Promise<ArchivedFiles> {
    const index = new ArchivedFiles()
    for (const archive of archives) {
      const why = await index.add(archive)
      if (why === undefined) continue
      index.unavailable.push({ path: archive.path, why })
      logger.warn(`${archive.path} cannot vouch for any temp file: ${why}`)
    }
    return index
  }

  /** Every archived copy of `relPath` (from archives whose object is local). */
  entriesFor(relPath: string): readonly ArchivedEntry[] {
    return this.byPath.get(relPath) ?? []
  }

  /** Whether the archive is intact; undefined when it is, otherwise why not. Cached. */
  verify(archive: HeadArchive): Promise<string | undefined> {
    let verdict = this.verdicts.get(archive.path)
    if (verdict === undefined) {
      verdict = verifyObject(archive)
      this.verdicts.set(archive.path, verdict)
    }
    return verdict
  }

  private async add(archive: HeadArchive): Promise<string | undefined> {
    if (archive.pointer === undefined || archive.objectPath === undefined)
      return 'it is committed as a raw blob, not as an LFS pointer'
    if (!archive.objectPresent)
      return `its LFS object ${archive.pointer.oid.slice(0, 12)} is not in the local store (fetch it with git lfs pull --include="${archive.path}")`
    let files: ManifestFile[]
    try {
      files = await readManifestFiles(archive.objectPath, archive.path)
    } catch (error) {
      if (!isArtifactLfsError(error)) throw error
      return `its manifest cannot be read: ${error.message}`
    }
    for (const file of files) {
      const list = this.byPath.get(file.path) ?? []
      list.push({ archive, file })
      this.byPath.set(file.path, list)
    }
    return undefined
  }
}

/** The manifest's file list, reading only the manifest entry (CRC and size checked). */
export async function readManifestFiles(
  file: string,
  displayName: string
): Promise<ManifestFile[]> {
  return (await readManifest(file, displayName)).files
}

async function verifyObject(archive: HeadArchive): Promise<string | undefined> {
  const { pointer, objectPath } = archive
  if (pointer === undefined || objectPath === undefined) return 'not an LFS pointer'
  const found = await stat(objectPath).catch(() => undefined)
  if (found === undefined) return 'its LFS object is not in the local store'
  if (found.size !== pointer.size)
    return `its LFS object has ${found.size} bytes, the pointer says ${pointer.size}`
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(objectPath, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  const actual = hash.digest('hex')
  if (actual !== pointer.oid)
    return `its LFS object hashes to ${actual}, the pointer says ${pointer.oid}`
  try {
    await checkArchive(objectPath, { displayName: archive.path })
  } catch (error) {
    if (!isArtifactLfsError(error)) throw error
    return `it failed validation: ${errorMessage(error)}`
  }
  return undefined
}
