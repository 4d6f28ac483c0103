import { ArtifactLfsError } from '../errors.js'

/**
 * Why a file could not be packed, as plain data: worker threads report these (they cannot
 * send error classes), and the main thread turns them into the same errors it raises itself.
 */
export type ReadProblem =
  | { problem: 'errno'; code?: string; message: string }
  | { problem: 'not-file' }
  | { problem: 'size-listed'; actual: number; listed: number }
  | { problem: 'ended'; got: number; size: number }
  | { problem: 'size-changed'; before: number; after: number }
  | { problem: 'modified' }

const HINT_CHANGED =
  'a file changed while it was being packed; make sure nothing writes to the packaged folder, then run again'
const HINT_DENIED = 'make the file readable by this user, or exclude it'

const ERRNO_REASONS: Record<string, [string, string]> = {
  ENOENT: ['it vanished (no such file)', HINT_CHANGED],
  ENOTDIR: ['it vanished (a parent folder was replaced)', HINT_CHANGED],
  ELOOP: ['it was replaced by a symbolic link', HINT_CHANGED],
  EACCES: ['permission denied', HINT_DENIED],
  EPERM: ['permission denied', HINT_DENIED],
  EISDIR: ['it is a directory now', HINT_CHANGED],
  EIO: ['I/O error', 'check the disk or file system the file lives on']
}

/** The ArtifactLfsError('archive') for `problem`, naming `file`. */
export function problemError(
  file: string,
  problem: ReadProblem,
  cause?: unknown
): ArtifactLfsError {
  const error = (message: string, hint: string): ArtifactLfsError =>
    new ArtifactLfsError('archive', message, cause === undefined ? { hint } : { hint, cause })
  const changed = (why: string): ArtifactLfsError =>
    error(`${file} changed while being packed: ${why}`, HINT_CHANGED)
  switch (problem.problem) {
    case 'errno': {
      const [reason, hint] = (problem.code && ERRNO_REASONS[problem.code]) || [
        problem.message,
        'check that the file is readable, then run again'
      ]
      return error(`cannot read ${file}: ${reason}`, hint)
    }
    case 'not-file':
      return error(`cannot read ${file}: it is no longer a regular file`, HINT_CHANGED)
    case 'size-listed':
      return changed(`its size is ${problem.actual} bytes, ${problem.listed} were listed`)
    case 'ended':
      return changed(`it ended after ${problem.got} of ${problem.size} bytes`)
    case 'size-changed':
      return changed(`its size went from ${problem.before} to ${problem.after} bytes`)
    case 'modified':
      return changed('it was modified while being read')
  }
}

/** "cannot read <path>: <reason>" for an errno from open/read/fstat. */
export function readError(file: string, cause: unknown): ArtifactLfsError {
  const { code, message } = (cause ?? {}) as NodeJS.ErrnoException
  return problemError(file, { problem: 'errno', code, message: message ?? String(cause) }, cause)
}
