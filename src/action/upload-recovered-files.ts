import { DefaultArtifactClient } from '@actions/artifact'
import { ArtifactLfsError } from '../errors.js'
import type { Logger } from '../progress/progress.js'
import { Input } from './action-inputs.js'
import { checkArtifactName } from './artifact-name.js'
import { resolveUploadFiles } from './upload-file-list.js'

export interface UploadRecoveredFilesRequest {
  /** The artifact name (the `upload-artifact` input). */
  name: string
  /** The folder the files were recovered into; paths inside the artifact are relative to it. */
  rootDir: string
  /** The recovered files, relative to rootDir (as recovery reports them, `/`-separated). */
  files: readonly string[]
  /** Days to keep the artifact; 0 = the repository default. */
  retentionDays: number
  /** zlib level for the zip the artifact service stores (0-9); default 6. */
  compressionLevel?: number
  logger: Logger
}

export interface UploadedArtifact {
  /** The artifact id the service assigned (the `artifact-id` output). */
  id: number
  /** Bytes uploaded: the size of the zip the artifact client built from the files. */
  size: number
  /** sha256 of that zip, hex (what the service records as `sha256:<digest>`). */
  digest: string
  /** How many files went into the artifact. */
  files: number
  /** Recovered symlinks left out (relative paths). */
  skippedSymlinks: string[]
}

/** The two variables the runner gives JavaScript actions (never `run:` steps). */
const RUNTIME_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'] as const

function checkRuntimeEnvironment(name: string): void {
  const missing = RUNTIME_VARIABLES.filter(variable => !process.env[variable])
  if (missing.length === 0) return
  throw new ArtifactLfsError(
    'usage',
    `cannot upload artifact "${name}": ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`,
    {
      hint:
        'the runner gives these only to JavaScript actions: run this through the action ' +
        `(a uses: step with recover: and ${Input.UploadArtifact}:), not a run: step`
    }
  )
}

function checkNumbers(request: UploadRecoveredFilesRequest): number {
  const { retentionDays, compressionLevel = 6 } = request
  if (!Number.isInteger(retentionDays) || retentionDays < 0 || retentionDays > 90)
    throw new ArtifactLfsError(
      'usage',
      `input ${Input.RetentionDays}: must be a whole number from 0 to 90, got ${retentionDays}`,
      { hint: `fix the "with: ${Input.RetentionDays}:" value in your workflow` }
    )
  if (!Number.isInteger(compressionLevel) || compressionLevel < 0 || compressionLevel > 9)
    throw new ArtifactLfsError(
      'usage',
      `compression level must be a whole number from 0 to 9, got ${compressionLevel}`
    )
  return compressionLevel
}

/** What to do about a failure the artifact client reported. */
function hintFor(error: unknown, detail: string, rootDir: string): string {
  const kept = `the recovered files are still in ${rootDir}`
  const errorName = error instanceof Error ? error.name : ''
  if (errorName === 'GHESNotSupportedError')
    return `${kept}; this artifact service is not available on GitHub Enterprise Server`
  if (errorName === 'UsageError')
    return `${kept}; the artifact storage quota is used up: delete old artifacts or wait for them to expire`
  if (/\(409\)/.test(detail))
    return `${kept}; an artifact of this name may already exist in this run: choose another ${Input.UploadArtifact} name`
  if (/backend IDs|invalid token/i.test(detail))
    return `${kept}; ACTIONS_RUNTIME_TOKEN is not a runner token: run this through the action, not a run: step`
  return `${kept}; if the artifact service was briefly unavailable, re-run the job`
}

function uploadFailure(name: string, rootDir: string, error: unknown): ArtifactLfsError {
  const detail = error instanceof Error ? error.message : String(error)
  const firstLine = detail.split('\n', 1)[0]?.trim() ?? detail
  return new ArtifactLfsError('recover', `uploading artifact "${name}" failed: ${firstLine}`, {
    hint: hintFor(error, detail, rootDir),
    cause: error
  })
}

/**
 * Uploads the recovered files themselves (not a zip of them: the artifact service zips them
 * once, so a person downloads the files from the run page) as a workflow artifact. Everything
 * that can be checked locally is checked before the first request: the name, the runtime
 * variables, every file.
 */
export async function uploadRecoveredFiles(
  request: UploadRecoveredFilesRequest
): Promise<UploadedArtifact> {
  const { name, logger } = request
  checkArtifactName(name)
  const compressionLevel = checkNumbers(request)
  checkRuntimeEnvironment(name)
  const list = await resolveUploadFiles(request.rootDir, request.files, logger)
  if (list.files.length === 0)
    throw new ArtifactLfsError(
      'recover',
      `nothing to upload as artifact "${name}": no recovered regular files in ${list.rootDir}`,
      { hint: `leave ${Input.UploadArtifact} empty when the archive holds no files` }
    )
  logger.info(
    `uploading ${list.files.length} recovered file(s) from ${list.rootDir} as artifact "${name}"`
  )
  const options = {
    compressionLevel,
    ...(request.retentionDays > 0 ? { retentionDays: request.retentionDays } : {})
  }
  let response: Awaited<ReturnType<DefaultArtifactClient['uploadArtifact']>>
  try {
    response = await new DefaultArtifactClient().uploadArtifact(
      name,
      list.files,
      list.rootDir,
      options
    )
  } catch (error) {
    throw uploadFailure(name, list.rootDir, error)
  }
  if (response.id === undefined || response.size === undefined || !response.digest)
    throw uploadFailure(
      name,
      list.rootDir,
      new Error('the artifact client returned no id, size or digest')
    )
  logger.info(
    `artifact "${name}" uploaded: id ${response.id}, ${response.size} bytes, sha256:${response.digest}`
  )
  return {
    id: response.id,
    size: response.size,
    digest: response.digest,
    files: list.files.length,
    skippedSymlinks: list.skippedSymlinks
  }
}
