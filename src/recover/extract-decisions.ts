import path from 'node:path'
import type { EntryPath } from '../archive/entry-paths.js'
import type { ManifestIndex } from '../archive/manifest-index.js'
import { ArtifactLfsError } from '../errors.js'
import {
  hashFile,
  inspectPath,
  inspectPathSync,
  notAFolderError,
  type Existing
} from './destination-tree.js'
import type { StagedEntry } from './staging-area.js'
import { mapBounded } from './bounded-parallel.js'

/** hash calls in flight at once (they mostly wait on the file system). */
const LOOKUP_CONCURRENCY = 16

/** What the destination held before anything was written. */
export interface DestinationSurvey {
  /**
   * Folders (relative) that did not exist, each with every folder above it existing: nothing
   * below them was looked at, since nothing can be there. Placement moves each one in whole.
   */
  missingFolders: Set<string>
  /** Entry paths where something already was (checked again after staging). */
  occupied: Set<string>
}

/**
 * Before anything is written: every folder above an entry must be a real folder (or absent),
 * a directory entry cannot land on a file or symlink, and a file or symlink entry cannot
 * replace a folder or a special file, even with force. One synchronous lstat per folder, plus
 * one per entry in a folder that exists (below a missing folder everything is missing).
 */
export function surveyDestination(root: string, items: readonly EntryPath[]): DestinationSurvey {
  const survey: DestinationSurvey = { missingFolders: new Set(), occupied: new Set() }
  const folders = new Set<string>()
  for (const item of items) {
    if (belowMissingFolder(root, item.path, folders, survey.missingFolders)) continue
    const existing = inspectPathSync(root, item.path)
    refuseUnreplaceable(root, item, existing)
    if (existing.kind === 'missing') {
      if (item.entry.kind === 'directory') survey.missingFolders.add(item.path)
    } else {
      survey.occupied.add(item.path)
      if (existing.kind === 'directory') folders.add(item.path)
    }
  }
  return survey
}

/**
 * Walks the folders above `relative`: true at the first one that is missing (recorded in
 * `missing`); refuses one that is a file or symlink. `folders` remembers folders seen to exist.
 */
function belowMissingFolder(
  root: string,
  relative: string,
  folders: Set<string>,
  missing: Set<string>
): boolean {
  let end = relative.indexOf('/')
  while (end !== -1) {
    const parent = relative.slice(0, end)
    if (missing.has(parent)) return true
    if (!folders.has(parent)) {
      const existing = inspectPathSync(root, parent)
      if (existing.kind === 'missing') {
        missing.add(parent)
        return true
      }
      if (existing.kind !== 'directory') throw notAFolderError(root, parent, relative, existing)
      folders.add(parent)
    }
    end = relative.indexOf('/', end + 1)
  }
  return false
}

/** Whether `relative` is `folder` or below it. */
export function isWithin(relative: string, folder: string): boolean {
  return relative === folder || (relative.startsWith(folder) && relative[folder.length] === '/')
}

export interface Decisions {
  /** Archive paths already present with identical content. */
  skip: Set<string>
  /** Archive paths present with different content (or a different type / link target). */
  conflicts: string[]
}

/**
 * Compares each staged file or symlink whose place was occupied at the survey with what is
 * there now. (A place that was free and is taken meanwhile makes placement refuse.) A staged
 * file's sha256 is its own or, when the archive has a manifest, the one `manifest` lists.
 */
export async function decideAgainstDestination(
  root: string,
  staged: readonly StagedEntry[],
  occupied: ReadonlySet<string>,
  manifest?: ManifestIndex
): Promise<Decisions> {
  const candidates = staged.filter(
    entry => entry.item.entry.kind !== 'directory' && occupied.has(entry.item.path)
  )
  const verdicts = await mapBounded(candidates, LOOKUP_CONCURRENCY, async entry => {
    const { item } = entry
    const existing = await inspectPath(root, item.path)
    refuseUnreplaceable(root, item, existing)
    if (existing.kind === 'missing') return 'new'
    let same = false
    if (item.entry.kind === 'symlink' && existing.kind === 'symlink') {
      same = existing.target === entry.target
    } else if (item.entry.kind === 'file' && existing.kind === 'file') {
      same =
        existing.size === entry.size &&
        (await hashFile(path.join(root, ...item.path.split('/')))) ===
          (entry.sha256 ?? manifest?.sha256Of(item.path))
    }
    return same ? 'identical' : 'conflict'
  })
  const decisions: Decisions = { skip: new Set(), conflicts: [] }
  verdicts.forEach((verdict, i) => {
    if (verdict === 'identical') decisions.skip.add(candidates[i].item.path)
    if (verdict === 'conflict') decisions.conflicts.push(candidates[i].item.path)
  })
  return decisions
}

function refuseUnreplaceable(root: string, item: EntryPath, existing: Existing): void {
  const kind = item.entry.kind
  const there = existing.kind === 'other' ? 'a special file' : `a ${existing.kind}`
  const blocked =
    kind === 'directory'
      ? existing.kind !== 'missing' && existing.kind !== 'directory'
      : existing.kind === 'directory' || existing.kind === 'other'
  if (!blocked) return
  const full = path.join(root, ...item.path.split('/'))
  throw new ArtifactLfsError(
    'recover',
    `${full} is ${there}, but the archive has a ${kind} there; nothing was extracted`,
    { hint: `move ${full} out of the way (force never replaces folders), or extract elsewhere` }
  )
}
