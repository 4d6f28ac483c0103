import { createHash } from 'node:crypto'
import { ArtifactLfsError } from '../errors.js'
import {
  MANIFEST_ENTRY_NAME,
  parseManifest,
  type Manifest,
  type ManifestFile
} from '../manifest/manifest.js'
import { silentProgress, type ProgressSink } from '../progress/progress.js'
import { archiveError, formatList, quoteName } from './archive-error.js'
import { checkDeclaredLimits, resolveLimits, type ArchiveLimits } from './archive-limits.js'
import { planEntryPaths, type EntryPath } from './entry-paths.js'
import { checkLinksStayInside, decodeLinkTarget, MAX_LINK_TARGET_BYTES } from './link-targets.js'
import { compareWithManifest, type EntryFacts } from './manifest-agreement.js'
import { ZipReader } from './zip-reader.js'

export interface ArchiveCheckOptions {
  /** How messages name the archive (default: its path). */
  displayName?: string
  limits?: Partial<ArchiveLimits>
  progress?: ProgressSink
}

export interface ArchiveCheckResult {
  /** Entries in the zip, the manifest and directory entries included. */
  entries: number
  /** The manifest's file list (files and symlinks). */
  files: ManifestFile[]
  /** Content bytes of those files (symlinks count their target text). */
  totalBytes: number
  manifest: Manifest
}

/** A manifest bigger than this is not one we wrote. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024

/**
 * Reads every entry of an artifact-lfs archive (CRC-32 and size checked, zip-bomb limits
 * applied, names checked as extraction would), parses its manifest and requires entries and
 * manifest to agree exactly: same paths, types, sizes, sha256, modes and symlink targets, and
 * the manifest is the last entry. Throws an 'archive' error for a damaged or unsafe zip and a
 * 'validate' error listing every disagreement.
 */
export async function checkArchive(
  archivePath: string,
  options: ArchiveCheckOptions = {}
): Promise<ArchiveCheckResult> {
  const reader = await ZipReader.open(archivePath, { displayName: options.displayName })
  const name = reader.displayName
  const progress = options.progress ?? silentProgress
  try {
    const limits = resolveLimits(options.limits)
    checkDeclaredLimits(reader.entries, limits, name)
    const plan = planEntryPaths(reader.entries, name)
    const manifestItem = plan.find(item => item.entry.name === MANIFEST_ENTRY_NAME)
    if (manifestItem === undefined) {
      throw new ArtifactLfsError('validate', `${name}: has no manifest (${MANIFEST_ENTRY_NAME})`, {
        hint: 'only archives made by artifact-lfs can be validated'
      })
    }
    if (manifestItem.entry.kind !== 'file') {
      throw archiveError(
        name,
        `manifest entry ${MANIFEST_ENTRY_NAME} is a ${manifestItem.entry.kind}`
      )
    }
    const manifestBytes = await reader.readEntry(manifestItem.entry, {
      maxBytes: MAX_MANIFEST_BYTES
    })
    const manifest = parseManifest(manifestBytes, name)

    const facts: EntryFacts[] = []
    const targets = new Map<string, string>()
    let budget = limits.maxTotalBytes - manifestBytes.length
    const totalFiles = plan.length - 1
    for (const item of plan) {
      if (item === manifestItem) continue
      const fact = await readFacts(reader, item, budget)
      budget -= fact.size
      if (fact.target !== undefined) targets.set(item.key, fact.target)
      facts.push(fact)
      progress.update({
        phase: 'validating',
        files: facts.length,
        bytes: limits.maxTotalBytes - budget,
        totalFiles
      })
    }
    await checkLinksStayInside(plan, targets, name)

    const problems = compareWithManifest(facts, manifest)
    if (reader.entries[reader.entries.length - 1] !== manifestItem.entry) {
      problems.push(`the manifest is not the last entry of the archive`)
    }
    if (problems.length > 0) {
      throw new ArtifactLfsError(
        'validate',
        `${name}: entries and manifest disagree (${problems.length} problem${problems.length === 1 ? '' : 's'}):${formatList(problems)}`,
        { hint: 'the archive was changed after packaging or is corrupt; re-create it' }
      )
    }
    const totalBytes = manifest.files.reduce((sum, f) => sum + f.size, 0)
    progress.done({ phase: 'validating', files: facts.length, bytes: totalBytes, totalFiles })
    return { entries: reader.entries.length, files: manifest.files, totalBytes, manifest }
  } finally {
    await reader.close()
  }
}

/** Streams one entry through sha256 (CRC-32 and size are checked by the reader). */
async function readFacts(reader: ZipReader, item: EntryPath, budget: number): Promise<EntryFacts> {
  if (item.entry.kind === 'symlink' && item.entry.uncompressedSize > MAX_LINK_TARGET_BYTES) {
    throw archiveError(
      reader.displayName,
      `symlink entry ${quoteName(item.entry.name)} declares a ${item.entry.uncompressedSize}-byte target, longer than ${MAX_LINK_TARGET_BYTES}`
    )
  }
  const hash = createHash('sha256')
  let size = 0
  const keep: Buffer[] = []
  for await (const chunk of reader.openEntry(item.entry, { maxBytes: Math.max(0, budget) })) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    size += bytes.length
    if (item.entry.kind === 'symlink') keep.push(bytes)
  }
  const target =
    item.entry.kind === 'symlink'
      ? decodeLinkTarget(item, Buffer.concat(keep), reader.displayName)
      : undefined
  return {
    path: item.path,
    kind: item.entry.kind,
    size,
    sha256: hash.digest('hex'),
    mode: item.entry.mode,
    target
  }
}
