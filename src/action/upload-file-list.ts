import { lstat, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import type { Logger } from '../progress/progress.js'
import { FORBIDDEN_IN_FILE_PATH, forbiddenCharacterIn } from './artifact-name.js'

/** The files to hand to the artifact client, checked. */
export interface UploadFileList {
  /** The root folder, absolute. */
  rootDir: string
  /** Absolute paths of regular files under rootDir, each once, in the order given. */
  files: string[]
  /** Relative paths left out because they are symlinks (an artifact zip holds no links). */
  skippedSymlinks: string[]
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  )
}

function refuse(message: string, hint: string): ArtifactLfsError {
  return new ArtifactLfsError('recover', message, { hint })
}

/** `rootDir` itself: an existing folder, returned absolute and with symlinks resolved. */
async function checkRoot(rootDir: string): Promise<{ given: string; real: string }> {
  const given = path.resolve(rootDir)
  const info = await stat(given).catch(() => undefined)
  if (!info?.isDirectory())
    throw refuse(
      `cannot upload recovered files: ${given} is not a folder`,
      'recover into the temp dir first; the upload reads the files from there'
    )
  return { given, real: await realpath(given) }
}

/**
 * Checks the recovered files before anything is sent: each path is relative, stays inside
 * `rootDir`, holds no character the artifact service rejects, and names a regular file reached
 * without passing through a symlinked folder. Symlinks themselves are skipped with a warning:
 * the artifact client would upload whatever they point at, possibly outside the temp dir.
 */
export async function resolveUploadFiles(
  rootDir: string,
  relativePaths: readonly string[],
  logger: Logger
): Promise<UploadFileList> {
  const root = await checkRoot(rootDir)
  const files: string[] = []
  const skippedSymlinks: string[] = []
  const seen = new Set<string>()
  for (const relative of relativePaths) {
    const absolute = path.resolve(root.given, relative)
    if (relative === '' || path.isAbsolute(relative) || !isInside(root.given, absolute))
      throw refuse(
        `cannot upload ${JSON.stringify(relative)}: not a path inside ${root.given}`,
        'pass paths relative to the temp dir, as recovery reports them'
      )
    const key = path.relative(root.given, absolute)
    if (seen.has(key)) continue
    seen.add(key)
    const found = forbiddenCharacterIn(key, FORBIDDEN_IN_FILE_PATH)
    if (found)
      throw refuse(
        `cannot upload recovered file ${key}: its path contains ${found}, which the artifact service rejects`,
        `the file is recovered in ${root.given}; rename it (or upload without upload-artifact)`
      )
    const info = await lstat(absolute).catch(() => undefined)
    if (!info)
      throw refuse(
        `cannot upload recovered file ${key}: it is missing from ${root.given}`,
        'upload right after recovering, before anything removes files from the temp dir'
      )
    if (info.isSymbolicLink()) {
      logger.warn(`not uploading ${key}: it is a symlink (an artifact holds only regular files)`)
      skippedSymlinks.push(key)
      continue
    }
    if (!info.isFile())
      throw refuse(
        `cannot upload ${key}: it is not a regular file`,
        'pass the recovered files only, not folders or special files'
      )
    if (!isInside(root.real, await realpath(absolute)))
      throw refuse(
        `cannot upload recovered file ${key}: it is reached through a symlinked folder that leaves ${root.given}`,
        'remove the symlinked folder from the temp dir'
      )
    files.push(absolute)
  }
  return { rootDir: root.given, files, skippedSymlinks }
}
