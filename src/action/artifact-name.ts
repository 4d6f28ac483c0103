import { ArtifactLfsError } from '../errors.js'
import { Input } from './action-inputs.js'

/**
 * Characters the artifact service refuses in an artifact name (they break downloads on some
 * file systems). Checked here so a bad `upload-artifact:` value fails before any request.
 */
const FORBIDDEN_IN_NAME: ReadonlyArray<readonly [string, string]> = [
  ['"', 'a double quote (")'],
  [':', 'a colon (:)'],
  ['<', 'a less-than sign (<)'],
  ['>', 'a greater-than sign (>)'],
  ['|', 'a vertical bar (|)'],
  ['*', 'an asterisk (*)'],
  ['?', 'a question mark (?)'],
  ['\r', 'a carriage return (\\r)'],
  ['\n', 'a line feed (\\n)'],
  ['\\', 'a backslash (\\)'],
  ['/', 'a forward slash (/)']
]

/** The characters a recovered file's path may not hold (the name rules minus the separators). */
export const FORBIDDEN_IN_FILE_PATH = FORBIDDEN_IN_NAME.filter(([c]) => c !== '/' && c !== '\\')

/** The first forbidden character in `text`, described, or undefined. */
export function forbiddenCharacterIn(
  text: string,
  table: ReadonlyArray<readonly [string, string]>
): string | undefined {
  return table.find(([character]) => text.includes(character))?.[1]
}

const ALL_FORBIDDEN = '" : < > | * ? \\r \\n \\ /'

/** Refuses an artifact name the service would reject, naming the `upload-artifact` input. */
export function checkArtifactName(name: string): void {
  if (name.trim() === '')
    throw new ArtifactLfsError(
      'usage',
      `input ${Input.UploadArtifact}: the artifact name is empty`,
      {
        hint: `give "with: ${Input.UploadArtifact}:" a name, e.g. recovered-session`
      }
    )
  const found = forbiddenCharacterIn(name, FORBIDDEN_IN_NAME)
  if (found)
    throw new ArtifactLfsError(
      'usage',
      `input ${Input.UploadArtifact}: the artifact name ${JSON.stringify(name)} contains ${found}, which the artifact service rejects`,
      {
        hint: `choose a name without any of ${ALL_FORBIDDEN} in "with: ${Input.UploadArtifact}:"`
      }
    )
}
