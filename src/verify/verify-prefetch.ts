import { READ_OBJECTS_ARGS } from '../git/cat-file-batch.js'
import { startEarlyGitCall } from '../git/early-git-call.js'
import { LOCATE_ARGS } from '../git/git-repo.js'

/**
 * The listing verify reads: every tracked path at `ref` with mode, oid and blob size. Listed
 * from the top of the tree whatever folder git runs in (--full-tree), so a listing started in
 * any folder of the work tree is the same bytes.
 */
export function treeListingArgs(ref: string): string[] {
  return ['ls-tree', '-r', '-l', '-z', '--full-tree', ref]
}

/**
 * Starts, in `cwd`, the three git processes a verify of HEAD in the repository around `cwd`
 * runs (GitRepo.locate's rev-parse, the tree listing, and cat-file waiting for the candidate
 * ids), before the repository, the policy or even the code that reads their output are
 * loaded: a verify-only CLI run calls this first thing, and the code that makes each call
 * takes the one started here (takeEarlyGitCall). Only when nothing in the run can move HEAD
 * before verify reads it. Calls nobody takes are dropped by abandonEarlyGitCalls.
 */
export function prefetchVerifyCalls(cwd: string): void {
  startEarlyGitCall(cwd, LOCATE_ARGS)
  startEarlyGitCall(cwd, treeListingArgs('HEAD'))
  startEarlyGitCall(cwd, READ_OBJECTS_ARGS, { withInput: true })
}
