import { ArtifactLfsError } from '../errors.js'
import { commitMessage, createCommit } from '../git/commit-objects.js'
import type { GitRepo } from '../git/git-repo.js'
import { withTempIndex } from '../git/temp-index.js'
import { indexInfoRecord, parseLsTree, type TreeEntry } from '../git/tree-entries.js'

/**
 * Re-creates our commit on top of a newer remote tip, with plumbing only: a private index
 * (GIT_INDEX_FILE) gets the tip's tree, then our versions of `paths` (from `ourCommit`, or
 * regenerated from the tip's content), and the tree is committed with `-p tip` and our
 * commit's message. The work tree, the user's index and every ref stay as they are.
 */

export interface RecommitOptions {
  /** The remote branch's new tip (fetched). */
  tip: string
  /** The commit we made and could not push. */
  ourCommit: string
  /** Repo-relative paths our commit changed, e.g. [archive, '.gitattributes']. */
  paths: string[]
  /**
   * For files that must be merged rather than taken from our commit (e.g. .gitattributes):
   * gets the path and its content at `tip` (undefined when absent there), returns the
   * content to commit, or undefined to take our commit's version unchanged.
   */
  regenerate?: (
    path: string,
    contentAtTip: Buffer | undefined
  ) => Buffer | undefined | Promise<Buffer | undefined>
  identityEnv: Readonly<Record<string, string>>
}

export async function recommitOnTip(repo: GitRepo, options: RecommitOptions): Promise<string> {
  const { tip, ourCommit, paths } = options
  const ours = await entriesAt(repo, ourCommit, paths)
  const atTip = options.regenerate ? await entriesAt(repo, tip, paths) : new Map()
  const records: string[] = []
  for (const path of paths) {
    let entry: { mode: string; oid: string | undefined } = {
      mode: ours.get(path)?.mode ?? '0',
      oid: ours.get(path)?.oid
    }
    if (options.regenerate) {
      const tipEntry: TreeEntry | undefined = atTip.get(path)
      const tipContent = tipEntry
        ? (await repo.run(['cat-file', 'blob', tipEntry.oid])).stdout
        : undefined
      const regenerated = await options.regenerate(path, tipContent)
      if (regenerated !== undefined) {
        const oid = await repo.text(['hash-object', '-w', '--stdin'], { input: regenerated })
        entry = { mode: tipEntry?.mode ?? ours.get(path)?.mode ?? '100644', oid }
      }
    }
    records.push(indexInfoRecord({ ...entry, path }))
  }
  const tree = await withTempIndex(async env => {
    await repo.run(['read-tree', tip], { env })
    await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') })
    return repo.text(['write-tree'], { env })
  })
  return createCommit(repo, {
    tree,
    parents: [tip],
    message: await commitMessage(repo, ourCommit),
    identityEnv: options.identityEnv
  })
}

/** The blob entries of `paths` in `commit` (exact path match; directories are not expanded). */
async function entriesAt(
  repo: GitRepo,
  commit: string,
  paths: readonly string[]
): Promise<Map<string, TreeEntry>> {
  if (commit.startsWith('-'))
    throw new ArtifactLfsError('usage', `${JSON.stringify(commit)} is not a commit`)
  const { stdout } = await repo.run([
    '--literal-pathspecs',
    'ls-tree',
    '-z',
    '--full-tree',
    commit,
    '--',
    ...paths
  ])
  const wanted = new Set(paths)
  const found = new Map<string, TreeEntry>()
  for (const entry of parseLsTree(stdout))
    if (entry.type === 'blob' && wanted.has(entry.path)) found.set(entry.path, entry)
  return found
}
