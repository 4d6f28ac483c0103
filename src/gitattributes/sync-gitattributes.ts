import { lstat, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { writeFileAtomic } from '../fs/atomic-file.js'
import { type Policy } from '../policy/policy.js'
import { lineDiff } from './line-diff.js'
import { mergeManagedBlock } from './merge-managed-block.js'
import { renderLfsRules } from './render-lfs-rules.js'

export const GITATTRIBUTES_FILE = '.gitattributes'
/** A `.gitattributes` this large is not hand-written; refuse rather than load it. */
const MAX_GITATTRIBUTES_BYTES = 16 * 1024 * 1024

export interface SyncOptions {
  /** Compute the result and the diff, but do not write. */
  check?: boolean
}

export interface SyncResult {
  /** Absolute path of `.gitattributes`. */
  path: string
  /** Whether the file differs (or would differ, with `check`) from what the policy wants. */
  changed: boolean
  before: Buffer | undefined
  after: Buffer
  /** Unified-style line diff of before -> after; empty when unchanged. */
  diff: string
}

/**
 * Brings the managed block of `<repoRoot>/.gitattributes` in line with the policy. Writes
 * (atomically, keeping the file mode) only when something changed, so a second run changes
 * nothing, not even the mtime. With `check`, never writes.
 */
export async function syncGitattributes(
  repoRoot: string,
  policy: Policy,
  options: SyncOptions = {}
): Promise<SyncResult> {
  const file = path.join(repoRoot, GITATTRIBUTES_FILE)
  const { before, mode } = await readExisting(file)
  const after = mergeManagedBlock(before, renderLfsRules(policy))
  const changed = before === undefined || !before.equals(after)
  const diff = changed ? lineDiff(GITATTRIBUTES_FILE, before, after) : ''
  if (changed && !options.check) await writeFileAtomic(file, after, mode)
  return { path: file, changed, before, after, diff }
}

async function readExisting(file: string): Promise<{ before: Buffer | undefined; mode: number }> {
  let stats
  try {
    stats = await lstat(file)
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { before: undefined, mode: 0o644 }
    throw new ArtifactLfsError('io', `cannot read ${file}: ${(cause as Error).message}`, { cause })
  }
  const refuse = (what: string, hint: string): ArtifactLfsError =>
    new ArtifactLfsError('config', `${GITATTRIBUTES_FILE}: ${what}`, { hint })
  if (stats.isSymbolicLink()) {
    throw refuse(
      'is a symlink; artifact-lfs will not write through it',
      'replace the symlink with a regular file (git does not read .gitattributes through symlinks)'
    )
  }
  if (stats.isDirectory()) {
    throw refuse('is a folder, not a file', 'remove or rename the folder named .gitattributes')
  }
  if (!stats.isFile()) throw refuse('is not a regular file', 'replace it with a regular file')
  if (stats.size > MAX_GITATTRIBUTES_BYTES) {
    throw refuse(
      `is ${stats.size} bytes, more than the ${MAX_GITATTRIBUTES_BYTES} artifact-lfs will edit`,
      'check the file: a .gitattributes is normally a few lines'
    )
  }
  try {
    return { before: await readFile(file), mode: stats.mode & 0o7777 }
  } catch (cause) {
    throw new ArtifactLfsError('io', `cannot read ${file}: ${(cause as Error).message}`, { cause })
  }
}
