import { mkdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'

export interface SessionPaths {
  /** The temp dir, real path (created when missing). */
  tmpDir: string
  /** Whether the temp dir had to be created (then there is nothing to package). */
  tmpDirCreated: boolean
  /** Where archives go: the policy's session_artifact_dir, absolute (created when missing). */
  sessionDir: string
  /** sessionDir relative to the repo root, '/'-separated. */
  sessionDirRel: string
}

/**
 * Resolves and checks the two folders a packaging run uses. Refuses a temp dir that is the
 * repo root, `/`, inside `.git`, or that contains the session dir (the archives would
 * archive themselves), and a temp dir that is a file.
 */
export async function resolveSessionPaths(
  repoRoot: string,
  gitDir: string,
  tmpDirInput: string,
  sessionDirRel: string
): Promise<SessionPaths> {
  const wanted = path.resolve(repoRoot, tmpDirInput)
  let tmpDirCreated = false
  try {
    const stats = await stat(wanted)
    if (!stats.isDirectory())
      throw new ArtifactLfsError('config', `temp dir ${tmpDirInput} is not a folder`, {
        hint: 'pass --tmp-dir with a folder (default: tmp)'
      })
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause
    await mkdir(wanted, { recursive: true })
    tmpDirCreated = true
  }
  const tmpDir = await realpath(wanted)
  const sessionDir = path.resolve(repoRoot, sessionDirRel)
  const refuse = (why: string): never => {
    throw new ArtifactLfsError('config', `refusing temp dir ${tmpDirInput}: ${why}`, {
      hint: 'point --tmp-dir at a folder that holds only session outputs, e.g. tmp/'
    })
  }
  if (tmpDir === path.parse(tmpDir).root) refuse('it is the file-system root')
  if (tmpDir === repoRoot) refuse('it is the repository root')
  if (isInsideOrEqual(gitDir, tmpDir)) refuse('it is inside the .git folder')
  if (isInsideOrEqual(tmpDir, sessionDir))
    refuse(`it contains the session artifact dir ${sessionDirRel}`)
  if (isInsideOrEqual(tmpDir, repoRoot)) refuse('it contains the repository')
  await mkdir(sessionDir, { recursive: true })
  return { tmpDir, tmpDirCreated, sessionDir, sessionDirRel }
}

export function isInsideOrEqual(parent: string, candidate: string): boolean {
  const rel = path.relative(parent, candidate)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}
