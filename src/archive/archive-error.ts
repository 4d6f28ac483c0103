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

/** Lines for a message listing problems: "\n  - a" each, at most `max`, then "... and N more". */
export function formatList(lines: readonly string[], max = 20): string {
  const shown = lines.slice(0, max).map(line => `\n  - ${line}`)
  const more = lines.length > max ? `\n  ... and ${lines.length - max} more` : ''
  return shown.join('') + more
}
