import { lstat } from 'node:fs/promises'
import path from 'node:path'

/** Why a session_artifact_dir is refused, and what to do about it. */
export interface DirProblem {
  problem: string
  hint: string
}

/** The longest file name ext4, xfs, btrfs, APFS and NTFS (in UTF-16 units) accept. */
const MAX_NAME_BYTES = 255

const HINT_RELATIVE =
  'use a folder path relative to the repository root, e.g. session_artifact_dir: codex_sessions'

/**
 * Normalises `session_artifact_dir` to a '/'-separated path relative to the repo root:
 * backslashes count as separators (a policy written on Windows), `.` and empty segments go,
 * `a/../b` folds to `b`. Refuses empty, absolute, escaping (`..`), `.git`, and control
 * characters, and folder names longer than 255 bytes. Returns the normalised path or the problem.
 */
export function normaliseSessionDir(raw: string): string | DirProblem {
  if (raw.trim() === '') return { problem: 'must not be empty', hint: HINT_RELATIVE }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    return { problem: 'must not contain control characters or NUL', hint: HINT_RELATIVE }
  }
  const slashed = raw.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed) || /^~(\/|$)/.test(slashed)) {
    return { problem: `must be relative to the repository root, got "${raw}"`, hint: HINT_RELATIVE }
  }
  const normal = path.posix.normalize(slashed).replace(/\/+$/, '')
  if (normal === '.' || normal === '') {
    return {
      problem: `must name a folder inside the repository, not the root itself (got "${raw}")`,
      hint: HINT_RELATIVE
    }
  }
  if (normal === '..' || normal.startsWith('../')) {
    return {
      problem: `"${raw}" leads outside the repository`,
      hint: 'remove the ".." segments: the folder must be inside the repository'
    }
  }
  const long = normal.split('/').find(segment => Buffer.byteLength(segment) > MAX_NAME_BYTES)
  if (long !== undefined) {
    return {
      problem: `has a folder name of ${Buffer.byteLength(long)} bytes; file systems allow at most ${MAX_NAME_BYTES}`,
      hint: 'use shorter folder names'
    }
  }
  if (normal.split('/').some(segment => segment.toLowerCase() === '.git')) {
    return {
      problem: `"${raw}" is inside a .git folder, which git does not track`,
      hint: HINT_RELATIVE
    }
  }
  return normal
}

/**
 * Checks the normalised `dir` against the disk under `repoRoot`: no segment may be a symlink
 * (archives would land outside the tree git sees) and none may be an existing non-folder.
 * A path that does not exist yet is fine: packaging creates it.
 */
export async function checkSessionDirOnDisk(
  repoRoot: string,
  dir: string
): Promise<DirProblem | undefined> {
  const segments = dir.split('/')
  for (let i = 1; i <= segments.length; i++) {
    const partial = segments.slice(0, i).join('/')
    let stats
    try {
      stats = await lstat(path.join(repoRoot, ...segments.slice(0, i)))
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return undefined
      return {
        problem: `cannot inspect "${partial}": ${(cause as Error).message}`,
        hint: 'check the folder permissions'
      }
    }
    const whole = i === segments.length
    if (stats.isSymbolicLink()) {
      return {
        problem: whole
          ? `"${dir}" is a symlink`
          : `"${dir}" passes through the symlink "${partial}"`,
        hint: 'point session_artifact_dir at a real folder inside the repository (symlinks could write outside it)'
      }
    }
    if (!stats.isDirectory()) {
      return {
        problem: whole
          ? `"${dir}" is an existing file, not a folder`
          : `"${dir}" passes through "${partial}", which is a file, not a folder`,
        hint: 'rename the file or choose another folder for session archives'
      }
    }
  }
  return undefined
}
