import { chmod, mkdir, rm, utimes } from 'node:fs/promises'
import path from 'node:path'
import { MAX_MANIFEST_BYTES } from '../archive/archive-check.js'
import { archiveError, formatList } from '../archive/archive-error.js'
import {
  checkDeclaredLimits,
  resolveLimits,
  type ArchiveLimits
} from '../archive/archive-limits.js'
import { foldPathKey, planEntryPaths, type EntryPath } from '../archive/entry-paths.js'
import { checkLinksStayInside, readLinkTargets } from '../archive/link-targets.js'
import { compareWithManifest, type EntryFacts } from '../archive/manifest-agreement.js'
import { ManifestIndex } from '../archive/manifest-index.js'
import { ZipReader } from '../archive/zip-reader.js'
import { ArtifactLfsError, isArtifactLfsError } from '../errors.js'
import { MANIFEST_ENTRY_NAME, scanManifest } from '../manifest/manifest.js'
import {
  silentLogger,
  silentProgress,
  type Logger,
  type ProgressSink
} from '../progress/progress.js'
import { diskLinkLookup, resolveDestination } from './destination-tree.js'
import { decideAgainstDestination, surveyDestination, type Decisions } from './extract-decisions.js'
import { Placement } from './placement.js'
import { createStagingDir, stagedPathOf, stageEntries, type StagedEntry } from './staging-area.js'
import { withYoungGenerationHeld } from './young-generation.js'

export interface ExtractOptions {
  /** How messages name the archive (default: its path), e.g. its path in the repository. */
  displayName?: string
  /** Replace existing files whose content differs (otherwise such conflicts refuse everything). */
  force?: boolean
  /** Zip-bomb limits; defaults: 20 GiB total, 1,000,000 entries, ratio 1000:1 per entry. */
  limits?: Partial<ArchiveLimits>
  progress?: ProgressSink
  logger?: Logger
}

export interface ExtractResult {
  /** Files and symlinks now in destDir from the archive (new or replaced), archive paths. */
  written: string[]
  /** Already present with identical content (or the same symlink target); left untouched. */
  skippedIdentical: string[]
  /** Present with different content; replaced (only with `force`, else extraction refuses). */
  conflicts: string[]
  /** Content bytes extracted and verified (files plus symlink target text). */
  totalBytes: number
}

/**
 * Extracts an archive into `destDir` all-or-nothing. Every name, symlink target and size is
 * checked before anything is written; entries are inflated into a hidden staging folder next
 * to destDir (CRC-32, sizes and the manifest's sha256 verified), then renamed into place. An
 * existing file with the same content is skipped; a different one is a conflict that refuses
 * the extraction unless `force`. Nothing is ever written through a symlink. Modes (permission
 * bits only) and mtimes are restored; the manifest entry is not extracted. On any failure the
 * staging folder is removed and destDir is left as it was (created folders removed too).
 */
export async function extractArchive(
  archivePath: string,
  destDir: string,
  options: ExtractOptions = {}
): Promise<ExtractResult> {
  return withYoungGenerationHeld(() => extractHeld(archivePath, destDir, options))
}

async function extractHeld(
  archivePath: string,
  destDir: string,
  options: ExtractOptions
): Promise<ExtractResult> {
  const logger = options.logger ?? silentLogger
  const progress = options.progress ?? silentProgress
  const limits = resolveLimits(options.limits)
  const reader = await ZipReader.open(archivePath, { displayName: options.displayName })
  try {
    const name = reader.displayName
    const declaredBytes = checkDeclaredLimits(reader.entries, limits, name)
    const plan = planEntryPaths(reader.entries, name)
    const manifestItem = plan.find(item => item.entry.name === MANIFEST_ENTRY_NAME)
    const manifest = manifestItem && (await readManifestIndex(reader, manifestItem))
    const items = plan.filter(item => item !== manifestItem && !onlyHoldsManifest(item, plan))
    const targets = await readLinkTargets(reader, items)
    if (manifest !== undefined) checkAgainstManifest(items, targets, manifest, name)

    const { root } = await resolveDestination(destDir)
    await checkLinksStayInside(items, targets, name, diskLinkLookup(root))
    const survey = surveyDestination(root, items)
    const parent = path.dirname(root)
    const createdParent = await mkdir(parent, { recursive: true })
    let staging: string | undefined
    try {
      staging = await createStagingDir(parent, path.basename(root))
      const dataDir = path.join(staging, 'data')
      const backupDir = path.join(staging, 'replaced')
      await mkdir(dataDir)
      await mkdir(backupDir)
      const staged = await stageEntries(reader, items, dataDir, {
        manifest,
        targets,
        progress,
        totalBytes: declaredBytes
      })
      const decisions = await decideAgainstDestination(root, staged, survey.occupied, manifest)
      if (decisions.conflicts.length > 0 && !options.force) {
        throw new ArtifactLfsError(
          'recover',
          `${destDir}: ${decisions.conflicts.length} file(s) already exist with different content; nothing was extracted:${formatList(decisions.conflicts)}`,
          { hint: 'move those files away, extract elsewhere, or pass --force to replace them' }
        )
      }
      const written = await placeAll(
        { root, dataDir, backupDir, missingFolders: survey.missingFolders },
        staged,
        decisions,
        progress
      )
      for (const conflict of decisions.conflicts)
        logger.warn(`replaced ${conflict} (different content)`)
      const totalBytes = staged.reduce((sum, s) => sum + s.size, 0)
      progress.done({
        phase: 'extracting',
        files: written.length,
        bytes: totalBytes,
        totalFiles: written.length
      })
      logger.info(
        `extracted ${written.length} file(s) to ${root}; ${decisions.skip.size} identical skipped, ${decisions.conflicts.length} replaced`
      )
      return {
        written,
        skippedIdentical: [...decisions.skip],
        conflicts: decisions.conflicts,
        totalBytes
      }
    } catch (error) {
      if (createdParent !== undefined) await rm(createdParent, { recursive: true, force: true })
      if (isArtifactLfsError(error)) throw error
      throw new ArtifactLfsError(
        'io',
        `could not extract ${name} into ${destDir}: ${(error as Error).message}`,
        {
          hint: 'nothing was extracted; fix the cause (disk space, permissions, name length) and retry',
          cause: error
        }
      )
    } finally {
      if (staging !== undefined) await rm(staging, { recursive: true, force: true })
    }
  } finally {
    await reader.close()
  }
}

/** The manifest's files, indexed compactly as they are parsed (no list of file objects). */
async function readManifestIndex(reader: ZipReader, item: EntryPath): Promise<ManifestIndex> {
  if (item.entry.kind !== 'file') {
    throw archiveError(
      reader.displayName,
      `manifest entry ${MANIFEST_ENTRY_NAME} is a ${item.entry.kind}`
    )
  }
  const bytes = await reader.readEntry(item.entry, { maxBytes: MAX_MANIFEST_BYTES })
  // every listed file is an entry (else the archive is refused): the entry count fits all
  const index = new ManifestIndex(reader.entries.length)
  scanManifest(bytes, reader.displayName, file => index.add(file))
  return index
}

/** The ".artifact-lfs/" directory entry, when the manifest is all it holds, is not extracted. */
function onlyHoldsManifest(item: EntryPath, plan: readonly EntryPath[]): boolean {
  const folder = path.posix.dirname(MANIFEST_ENTRY_NAME)
  if (item.entry.kind !== 'directory' || item.path !== folder) return false
  return !plan.some(
    other => other.path.startsWith(`${folder}/`) && other.entry.name !== MANIFEST_ENTRY_NAME
  )
}

/** Paths, types, declared sizes and symlink targets must match the manifest before writing. */
function checkAgainstManifest(
  items: readonly EntryPath[],
  targets: ReadonlyMap<string, string>,
  index: ManifestIndex,
  name: string
): void {
  function* facts(): Generator<EntryFacts> {
    for (const item of items) {
      yield {
        path: item.path,
        kind: item.entry.kind,
        size: item.entry.uncompressedSize,
        mode: item.entry.mode,
        target: targets.get(item.key)
      }
    }
  }
  // content (sha256) is checked while staging
  const problems = compareWithManifest(facts(), index, { content: false, modes: false })
  if (problems.length === 0) return
  throw archiveError(
    name,
    `entries and manifest disagree (${problems.length}):${formatList(problems)}`,
    { hint: 'the archive was changed after packaging or is corrupt; nothing was extracted' }
  )
}

interface PlacementPlaces {
  root: string
  /** The staging folder holding the entries. */
  dataDir: string
  /** Where replaced files wait until placement succeeded. */
  backupDir: string
  /** Folders missing from the destination at the survey: each is moved in whole. */
  missingFolders: ReadonlySet<string>
}

/**
 * Renames staged entries into place (rolling back on failure), then fixes folder metadata.
 * A folder the destination did not have is moved in with one rename (all it holds is from the
 * archive); entries in existing folders are placed one by one, skipping identical ones and
 * replacing conflicts (the caller refused them unless forced).
 */
async function placeAll(
  places: PlacementPlaces,
  staged: readonly StagedEntry[],
  decisions: Decisions,
  progress: ProgressSink
): Promise<string[]> {
  const { root, dataDir, missingFolders } = places
  const placement = new Placement(root, places.backupDir)
  const replace = new Set(decisions.conflicts)
  const movedFolders = new Set<string>()
  const written: string[] = []
  const createdDirs: StagedEntry[] = []
  const report = (): void =>
    progress.update({
      phase: 'placing',
      files: written.length,
      bytes: 0,
      totalFiles: staged.length
    })
  try {
    await placement.ensureRoot()
    for (const entry of staged) {
      const relative = entry.item.path
      const isDirectory = entry.item.entry.kind === 'directory'
      const folder = missingFolderHolding(relative, missingFolders)
      if (folder !== undefined) {
        // folded: on a case-insensitive disk "A" and "a" are one staged folder, moved once
        const key = foldPathKey(folder)
        if (!movedFolders.has(key)) {
          await placement.placeFolder(folder, stagedPathOf(dataDir, folder))
          movedFolders.add(key)
        }
        if (isDirectory) createdDirs.push(entry)
        else {
          written.push(relative)
          report()
        }
        continue
      }
      if (isDirectory) {
        await placement.ensureDirectory(relative)
        if (placement.createdDirectory(relative)) createdDirs.push(entry)
        continue
      }
      if (decisions.skip.has(relative)) continue
      await placement.place(relative, stagedPathOf(dataDir, relative), replace.has(relative))
      written.push(relative)
      report()
    }
    // folder modes and times last, deepest first, so adding entries does not change them
    for (const entry of createdDirs.sort((x, y) => y.item.path.length - x.item.path.length)) {
      const full = path.join(root, ...entry.item.path.split('/'))
      await chmod(full, entry.mode)
      await utimes(full, entry.mtime, entry.mtime)
    }
  } catch (error) {
    const problems = await placement.rollback()
    if (problems.length > 0 && error instanceof Error) {
      error.message += `\n  (could not undo: ${problems.join('; ')})`
    }
    throw error
  }
  return written
}

/** The folder of `missingFolders` that is `relative` or holds it, if any. */
function missingFolderHolding(
  relative: string,
  missingFolders: ReadonlySet<string>
): string | undefined {
  if (missingFolders.size === 0) return undefined
  let end = relative.indexOf('/')
  while (end !== -1) {
    const folder = relative.slice(0, end)
    if (missingFolders.has(folder)) return folder
    end = relative.indexOf('/', end + 1)
  }
  return missingFolders.has(relative) ? relative : undefined
}
