import path from 'node:path'
import type { EntryPath } from '../archive/entry-paths.js'
import { ArtifactLfsError } from '../errors.js'
import { checkParentsInside, hashFile, inspectPath, type Existing } from './destination-tree.js'
import type { StagedEntry } from './staging-area.js'

/**
 * Before anything is written: every folder above an entry must be a real folder (or absent),
 * a directory entry cannot land on a file or symlink, and a file or symlink entry cannot
 * replace a folder or a special file, even with force.
 */
export async function preflightDestination(
  root: string,
  items: readonly EntryPath[]
): Promise<void> {
  for (const item of items) {
    await checkParentsInside(root, item.path)
    refuseUnreplaceable(root, item, await inspectPath(root, item.path))
  }
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
  const decisions: Decisions = { skip: new Set(), conflicts: [] }
  for (const entry of staged) {
    const { item } = entry
    if (item.entry.kind === 'directory') continue
    const existing = await inspectPath(root, item.path)
    refuseUnreplaceable(root, item, existing)
    if (existing.kind === 'missing') continue
    let same = false
    if (item.entry.kind === 'symlink' && existing.kind === 'symlink') {
      same = existing.target === entry.target
    } else if (item.entry.kind === 'file' && existing.kind === 'file') {
      same =
        existing.size === entry.size &&
        (await hashFile(path.join(root, ...item.path.split('/')))) === entry.sha256
    }
    if (same) decisions.skip.add(item.path)
    else decisions.conflicts.push(item.path)
  }
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
