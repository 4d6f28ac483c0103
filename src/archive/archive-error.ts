import { ArtifactLfsError } from '../errors.js'

/** The hint shown for a damaged or hostile archive. */
export const DAMAGED_ARCHIVE_HINT =
  'the archive is damaged or was not made by artifact-lfs; fetch it again (git lfs pull) or re-create it'

/** An 'archive' refusal whose message starts with the archive path. */
export function archiveError(
  archivePath: string,
  what: string,
  options: { hint?: string; cause?: unknown } = {}
): ArtifactLfsError {
  return new ArtifactLfsError('archive', `${archivePath}: ${what}`, {
    hint: options.hint ?? DAMAGED_ARCHIVE_HINT,
    cause: options.cause
  })
}

/** An entry name as it appears in messages: quoted, control characters escaped. */
export function quoteName(name: string): string {
  return JSON.stringify(name)
}
