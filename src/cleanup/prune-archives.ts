import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { createCommit, normalizeMessage, treeOf } from '../git/commit-objects.js'
import type { GitRepo } from '../git/git-repo.js'
import { withTempIndex } from '../git/temp-index.js'
import { indexInfoRecord, parseLsFilesStage } from '../git/tree-entries.js'
import { formatPointer, MAX_POINTER_SIZE } from '../lfs/pointer.js'
import type { Logger } from '../progress/progress.js'
import { listHeadArchives, type HeadArchive } from './head-archives.js'
import { formatDuration } from './parse-duration.js'
import { selectArchivesToPrune } from './select-archives.js'

export {
  archiveTime,
  selectArchivesToPrune,
  type PruneSelection,
  type RetentionRule
} from './select-archives.js'

export interface ArchivePruneOptions {
  /** The policy's session_artifact_dir, repo-relative. */
  sessionDir: string
  keep?: number
  maxAgeMs?: number
  now: Date
  /** GIT_AUTHOR_* / GIT_COMMITTER_* (see committerIdentity). */
  identityEnv: Readonly<Record<string, string>>
  /** Default: "Prune N session archives (keep newest K): a.zip, ..." with the paths in the body. */
  message?: string
  logger: Logger
}

export interface ArchivePruneResult {
  /** The prune commit (HEAD now); undefined when nothing was old enough to prune. */
  commitSha?: string
  /** Repo-relative paths removed from the tree, in name order. */
  removed: string[]
  /** Archive names that stay, newest first. */
  kept: string[]
  /** Work-tree copies left in place because they were modified (they are untracked now). */
  leftInWorkTree: string[]
}

const LITERAL = '--literal-pathspecs'

/**
 * Removes the session archives a retention rule selects from HEAD's tree in ONE commit and
 * moves HEAD to it; they stay in history (the parent commit still has them). The commit is
 * built from HEAD with a private index, so whatever else the user has staged stays staged and
 * uncommitted. Afterwards the user's index drops the removed paths (only where it still had
 * HEAD's version) and their unmodified work-tree copies are deleted, as `git rm` would.
 * Nothing is pushed here; the push step does that.
 */
export async function commitArchivePrune(
  repo: GitRepo,
  options: ArchivePruneOptions
): Promise<ArchivePruneResult> {
  const { logger } = options
  const listed = await listHeadArchives(repo, options.sessionDir)
  const byName = new Map(listed.archives.map(a => [a.name, a]))
  const selection = selectArchivesToPrune([...byName.keys()], options)
  for (const name of selection.ignored)
    logger.info(`prune-archives: ${name} is not named like a session archive; left alone`)
  const doomed = selection.prune.map(name => byName.get(name) as HeadArchive)
  const removed = doomed.map(a => a.path)
  const result: ArchivePruneResult = { removed, kept: selection.kept, leftInWorkTree: [] }
  const head = listed.head
  if (head === undefined || doomed.length === 0) {
    logger.info(`prune-archives: nothing to prune (${selection.kept.length} archive(s) kept)`)
    return { ...result, removed: [] }
  }

  const before = await stagedEntries(repo, removed)
  const conflicted = before.find(e => e.stage !== 0)
  if (conflicted)
    throw new ArtifactLfsError('commit', `${conflicted.path} has an unresolved merge conflict`, {
      hint: 'resolve the conflict (or git merge --abort) and run the pruning again'
    })
  const tree = await withTempIndex(async env => {
    await repo.run(['read-tree', head], { env })
    const records = removed.map(p => indexInfoRecord({ mode: '0', oid: undefined, path: p }))
    await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') })
    return repo.text(['write-tree'], { env })
  })
  if (tree === (await treeOf(repo, head)))
    throw new ArtifactLfsError('commit', `pruning ${removed.join(', ')} left the tree unchanged`)
  const message = normalizeMessage(options.message ?? defaultMessage(doomed, options, head))
  const commitSha = await createCommit(repo, {
    tree,
    parents: [head],
    message,
    identityEnv: options.identityEnv
  })
  const subject = message.split('\n', 1)[0]
  try {
    await repo.run([
      'update-ref',
      '-m',
      `prune (artifact-lfs): ${subject}`,
      'HEAD',
      commitSha,
      head
    ])
  } catch (cause) {
    throw new ArtifactLfsError('commit', `HEAD moved while pruning (it is no longer ${head})`, {
      hint: 'another git command committed at the same time; run the pruning again',
      cause
    })
  }
  logger.info(`pruned ${removed.length} session archive(s) in ${commitSha}: ${removed.join(', ')}`)

  const staged = new Map(before.map(e => [e.path, e.oid]))
  const synced = doomed.filter(a => staged.get(a.path) === a.blob)
  for (const a of doomed.filter(a => !synced.includes(a) && staged.has(a.path)))
    logger.warn(`${a.path}: your index holds another version; it stays staged`)
  if (synced.length > 0) {
    const records = synced.map(a => indexInfoRecord({ mode: '0', oid: undefined, path: a.path }))
    try {
      await repo.run(['update-index', '-z', '--index-info'], { input: records.join('') })
    } catch (error) {
      // the commit stands; only the user's index lags behind it
      logger.warn(
        `pruned in ${commitSha}, but your index still lists ${synced.map(a => a.path).join(', ')}: ${(error as Error).message}; run git rm --cached on them`
      )
      return { ...result, commitSha, leftInWorkTree: synced.map(a => a.path) }
    }
  }
  for (const archive of synced) {
    if (await removeWorkTreeCopy(repo, archive)) continue
    result.leftInWorkTree.push(archive.path)
    logger.warn(`${archive.path}: the work-tree copy was modified; left in place (untracked)`)
  }
  return { ...result, commitSha }
}

function defaultMessage(
  doomed: readonly HeadArchive[],
  options: ArchivePruneOptions,
  head: string
): string {
  const n = doomed.length
  const names = doomed.map(a => a.name)
  const shown =
    names.length > 5
      ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
      : names.join(', ')
  const rule = [
    options.maxAgeMs === undefined ? '' : ` older than ${formatDuration(options.maxAgeMs)}`,
    options.keep === undefined ? '' : ` (keep newest ${options.keep})`
  ].join('')
  return [
    `Prune ${n} session archive${n === 1 ? '' : 's'}${rule}: ${shown}`,
    '',
    `Removed from the tree; they stay in history at ${head}:`,
    ...doomed.map(a => `- ${a.path}`)
  ].join('\n')
}

async function stagedEntries(repo: GitRepo, paths: readonly string[]) {
  const { stdout } = await repo.run([LITERAL, 'ls-files', '-s', '-z', '--', ...paths])
  const wanted = new Set(paths)
  return parseLsFilesStage(stdout).filter(e => wanted.has(e.path))
}

/**
 * Deletes the work-tree copy when it is what HEAD had: the archive itself (size and sha256 of
 * the LFS object) or the bare pointer text. Missing counts as done; anything else stays.
 */
async function removeWorkTreeCopy(repo: GitRepo, archive: HeadArchive): Promise<boolean> {
  const file = path.join(repo.root, ...archive.path.split('/'))
  const stats = await lstat(file).catch(() => undefined)
  if (stats === undefined) return true
  if (!stats.isFile()) return false
  const pointer = archive.pointer
  if (pointer === undefined) {
    // committed as a raw blob: compare the bytes with that blob
    const oid = await repo.text(['hash-object', '--no-filters', '--', file])
    if (oid === archive.blob) await unlink(file)
    return oid === archive.blob
  }
  const unchanged =
    stats.size <= MAX_POINTER_SIZE &&
    (await readFile(file)).equals(Buffer.from(formatPointer(pointer)))
      ? true
      : stats.size === pointer.size && (await sha256Of(file)) === pointer.oid
  if (unchanged) await unlink(file)
  return unchanged
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}
