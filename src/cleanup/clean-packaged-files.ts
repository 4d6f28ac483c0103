import { realpath } from 'node:fs/promises'
import type { ManifestFile } from '../manifest/manifest.js'
import type { Logger } from '../progress/progress.js'
import {
  inspectAgainstManifest,
  removeEmptiedFolders,
  removeIfUnchanged
} from './verified-removal.js'

export interface CleanResult {
  /** Manifest paths removed from the temp dir. */
  removed: string[]
  /** Files that changed since packaging (content, size, type or link target): kept. */
  keptChanged: Array<{ path: string; why: string }>
  /** Manifest paths with nothing at them any more. */
  missing: string[]
  /** Paths left alone for safety: an unsafe manifest path, or a parent folder now a symlink. */
  refused: Array<{ path: string; why: string }>
  /** Folders below the temp dir that held removed files and were left empty (deepest first). */
  removedFolders: string[]
}

/**
 * After this run's archive is safely stored (committed and pushed), removes from `tmpDir`
 * exactly the files its manifest lists, and only those that are still byte-identical to the
 * archived copy (sha256; symlinks: same link text). A file edited since packaging is kept and
 * reported. Symlinks are never followed (every parent folder is lstat'ed). Folders emptied
 * by the removal go too; the temp dir itself always stays.
 */
export async function cleanPackagedFiles(
  tmpDir: string,
  manifestFiles: readonly ManifestFile[],
  logger: Logger
): Promise<CleanResult> {
  const result: CleanResult = {
    removed: [],
    keptChanged: [],
    missing: [],
    refused: [],
    removedFolders: []
  }
  const root = await realpath(tmpDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (root === undefined) {
    result.missing = [...new Set(manifestFiles.map(f => f.path))]
    logger.warn(`clean: the temp dir ${tmpDir} is gone; nothing to remove`)
    return result
  }
  const seen = new Set<string>()
  for (const file of manifestFiles) {
    if (seen.has(file.path)) continue
    seen.add(file.path)
    const inspection = await inspectAgainstManifest(root, file)
    switch (inspection.kind) {
      case 'missing':
        result.missing.push(file.path)
        break
      case 'refused':
        result.refused.push({ path: file.path, why: inspection.why })
        logger.warn(`not removing ${file.path}: ${inspection.why}`)
        break
      case 'changed':
        result.keptChanged.push({ path: file.path, why: inspection.why })
        logger.warn(`kept ${file.path}: changed after packaging (${inspection.why})`)
        break
      case 'match':
        if (await removeIfUnchanged(root, file.path, inspection.stats)) {
          result.removed.push(file.path)
          logger.debug(`removed ${file.path}`)
        } else {
          result.keptChanged.push({ path: file.path, why: 'changed while being checked' })
          logger.warn(`kept ${file.path}: it changed while being checked`)
        }
        break
    }
  }
  result.removedFolders = await removeEmptiedFolders(root, result.removed)
  logger.info(
    `clean: removed ${result.removed.length} packaged file(s) from ${tmpDir}` +
      (result.keptChanged.length > 0 ? `, kept ${result.keptChanged.length} changed` : '') +
      (result.missing.length > 0 ? `, ${result.missing.length} already gone` : '')
  )
  return result
}
