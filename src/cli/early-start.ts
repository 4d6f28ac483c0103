import { prefetchVerifyCalls } from '../verify/verify-prefetch.js'
import { parseCliArgs, verifyOnly } from './parse-args.js'

/**
 * What the CLI starts before it loads the rest of itself (src/cli.ts imports this module
 * statically and main.js lazily): for a verify-only run, verify's git processes, so git lists
 * the tree on the other core while node loads and evaluates the bundle. Keep this module's
 * imports small: they are loaded before anything happens. Bad arguments are left for `main`
 * to report.
 */
export function startBeforeLoading(argv: readonly string[], cwd: string): void {
  let verifyOnlyRun: boolean
  try {
    verifyOnlyRun = verifyOnly(parseCliArgs(argv))
  } catch {
    return
  }
  if (verifyOnlyRun) prefetchVerifyCalls(cwd)
}
