import { ArtifactLfsError } from '../errors.js'

/**
 * Errors of writing an archive into the session dir (disk full, read-only or immutable folder,
 * quota) as one clear 'io' refusal naming the folder; every other error is returned unchanged.
 */
const REASONS: Readonly<Record<string, { what: string; hint: string }>> = {
  ENOSPC: {
    what: 'no space left on the device',
    hint: 'free space on the file system that holds it (or set session_artifact_dir to a folder on another one), then run again'
  },
  EDQUOT: {
    what: 'the disk quota is used up',
    hint: 'free space within your quota, then run again'
  },
  EFBIG: {
    what: 'the archive is larger than the file system allows',
    hint: 'package less at a time, or use a file system that allows larger files'
  },
  EROFS: {
    what: 'the file system is read-only',
    hint: 'remount it read-write or set session_artifact_dir to a writable folder'
  },
  EACCES: {
    what: 'permission denied',
    hint: 'make the folder writable for this user'
  },
  EPERM: {
    what: 'the operation is not permitted (an immutable or protected folder?)',
    hint: 'make the folder writable (check chattr -i / lsattr), or set session_artifact_dir elsewhere'
  }
}

/** Codes that only writing can cause: safe to attribute to the archive even mid-packaging. */
const WRITE_ONLY_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS'])

/**
 * `scope` 'create' is for creating and publishing the archive file (every code above is about
 * the session dir); 'write' is for packaging as a whole, where a permission error may be about
 * a source file, so only the write-only codes are claimed.
 */
export function archiveWriteFailure(
  error: unknown,
  sessionDirRel: string,
  scope: 'create' | 'write'
): unknown {
  const code = errnoCode(error)
  if (code === undefined || (scope === 'write' && !WRITE_ONLY_CODES.has(code))) return error
  const reason = REASONS[code]
  if (reason === undefined) return error
  return new ArtifactLfsError(
    'io',
    `cannot write the archive into ${sessionDirRel}/: ${reason.what} (${code}); nothing was published and the temp dir was not changed`,
    { hint: reason.hint, cause: error }
  )
}

/** The errno code of an error or of one of its causes (duck-typed: errors may cross realms). */
function errnoCode(error: unknown): string | undefined {
  let e = error
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code, cause } = e as { code?: unknown; cause?: unknown }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code
    e = cause
  }
  return undefined
}
