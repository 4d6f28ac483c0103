import path from 'node:path'
import type { EntryPath } from '../archive/entry-paths.js'
import { ArtifactLfsError } from '../errors.js'
import { checkParentsInside, hashFile, inspectPath, type Existing } from './destination-tree.js'
import type { StagedEntry } from './staging-area.js'
import { mapBounded } from './bounded-parallel.js'

/** lstat/hash calls in flight at once (they mostly wait on the file system). */
const LOOKUP_CONCURRENCY = 16

/**
 * Before anything is written: every folder above an entry must be a real folder (or absent),
 * a directory entry cannot land on a file or symlink, and a file or symlink entry cannot
 * replace a folder or a special file, even with force.
 */
export async function preflightDestination(
  root: string,
  items: readonly EntryPath[]
): Promise<void> {
  const verified = new Set<string>()
  await mapBounded(items, LOOKUP_CONCURRENCY, async item => {
    await checkParentsInside(root, item.path, verified)
    refuseUnreplaceable(root, item, await inspectPath(root, item.path))
  })
}

export interface Decisions {
  /** Archive paths already present with identical content. */
  skip: Set<string>
  /** Archive paths present with different content (or a different type / link target). */
  conflicts: string[]
}

/** Compares each staged file or symlink with what is at its place in the destination. */
export async function decideAgainstDestination(
  root: string,
  staged: readonly StagedEntry[]
): Promise<Decisions> {
  const verdicts = await mapBounded(staged, LOOKUP_CONCURRENCY, async entry => {
    const { item } = entry
    if (item.entry.kind === 'directory') return 'new'
    const existing = await inspectPath(root, item.path)
    refuseUnreplaceable(root, item, existing)
    if (existing.kind === 'missing') return 'new'
    let same = false
    if (item.entry.kind === 'symlink' && existing.kind === 'symlink') {
      same = existing.target === entry.target
    } else if (item.entry.kind === 'file' && existing.kind === 'file') {
      same =
        existing.size === entry.size &&
        (await hashFile(path.join(root, ...item.path.split('/')))) === entry.sha256
    }
    return same ? 'identical' : 'conflict'
  })
  const decisions: Decisions = { skip: new Set(), conflicts: [] }
  verdicts.forEach((verdict, i) => {
    if (verdict === 'identical') decisions.skip.add(staged[i].item.path)
    if (verdict === 'conflict') decisions.conflicts.push(staged[i].item.path)
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
