import { GitCommandError } from '../git/exec-git.js'
import type { GitRepo } from '../git/git-repo.js'
import { silentLogger, type Logger } from '../progress/progress.js'

/**
 * After a successful push (possibly of a rebuilt commit), moves the local branch to what was
 * pushed. When the branch is checked out, the work tree and index follow with a two-way merge
 * (`git read-tree -m -u HEAD <new>`, what `git checkout` does): files that differ between the
 * two commits are updated, the user's other edits and staged changes are carried over, and if
 * any edited file would be overwritten git refuses and nothing moves; we then warn and say so.
 * A branch that is not checked out is only fast-forwarded.
 */

export interface FastForwardResult {
  branchUpdated: boolean
  workTreeUpdated: boolean
  /** Why something was left behind (also logged as a warning). */
  warning?: string
}

export async function fastForwardLocal(
  repo: GitRepo,
  branch: string,
  newSha: string,
  logger: Logger = silentLogger
): Promise<FastForwardResult> {
  const ref = `refs/heads/${branch}`
  const reflog = `artifact-lfs: move ${branch} to the pushed commit`
  const current = await repo.currentBranch()
  const head = await repo.headCommit()

  if (current === branch) {
    if (head === newSha) return { branchUpdated: true, workTreeUpdated: true }
    if (head === undefined) {
      await repo.run(['read-tree', '-m', '-u', newSha])
      await repo.run(['update-ref', '-m', reflog, ref, newSha, ''])
      return { branchUpdated: true, workTreeUpdated: true }
    }
    await repo.run(['update-index', '-q', '--refresh'], { okExitCodes: [0, 1] })
    try {
      await repo.run(['read-tree', '-m', '-u', head, newSha])
    } catch (error) {
      const why = error instanceof GitCommandError ? firstLine(error.stderr) : String(error)
      return leave(
        logger,
        `pushed ${newSha.slice(0, 12)}, but local edits stop ${branch} from moving to it (${why}); ` +
          `the work tree is unchanged: save your edits, then run git reset --keep ${newSha}`
      )
    }
    await repo.run(['update-ref', '-m', reflog, ref, newSha, head])
    return { branchUpdated: true, workTreeUpdated: true }
  }

  const local = await repo.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    okExitCodes: [0, 1]
  })
  const localSha = local.stdout.toString('utf8').trim()
  if (local.exitCode !== 0 || localSha === '')
    return { branchUpdated: false, workTreeUpdated: false }
  if (localSha === newSha) return { branchUpdated: true, workTreeUpdated: false }
  const ancestor = await repo.run(['merge-base', '--is-ancestor', localSha, newSha], {
    okExitCodes: [0, 1]
  })
  if (ancestor.exitCode !== 0)
    return leave(
      logger,
      `pushed ${newSha.slice(0, 12)} to ${branch}, but the local ${branch} has commits that are not in it; left it as it is`
    )
  await repo.run(['update-ref', '-m', reflog, ref, newSha, localSha])
  return { branchUpdated: true, workTreeUpdated: false }
}

function leave(logger: Logger, warning: string): FastForwardResult {
  logger.warn(warning)
  return { branchUpdated: false, workTreeUpdated: false, warning }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? ''
}
