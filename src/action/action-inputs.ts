import * as core from '@actions/core'
import { parseDuration } from '../cleanup/parse-duration.js'
import { parseKeepCount } from '../cleanup/parse-keep-count.js'
import { ArtifactLfsError } from '../errors.js'

/** Every input name of action.yml, in one place (a test checks them against action.yml). */
export enum Input {
  TmpDir = 'tmp-dir',
  Commit = 'commit',
  Sync = 'sync',
  Verify = 'verify',
  Push = 'push',
  Message = 'message',
  PolicyFile = 'policy-file',
  WorkingDirectory = 'working-directory',
  Branch = 'branch',
  PushAttempts = 'push-attempts',
  CompressionLevel = 'compression-level',
  IncludeHiddenFiles = 'include-hidden-files',
  IfNoFilesFound = 'if-no-files-found',
  DryRun = 'dry-run',
  Clean = 'clean',
  PruneTemp = 'prune-temp',
  OlderThan = 'older-than',
  PruneArchives = 'prune-archives',
  Keep = 'keep',
  MaxAge = 'max-age',
  Recover = 'recover',
  UploadArtifact = 'upload-artifact',
  RetentionDays = 'retention-days'
}

export enum NoFilesFound {
  Warn = 'warn',
  Error = 'error',
  Ignore = 'ignore'
}

export interface ActionInputs {
  tmpDir: string
  commit: boolean
  sync: boolean
  verify: boolean
  push: boolean
  message: string | undefined
  policyFile: string
  workingDirectory: string
  branch: string | undefined
  pushAttempts: number
  compressionLevel: number
  includeHiddenFiles: boolean
  ifNoFilesFound: NoFilesFound
  dryRun: boolean
  clean: boolean
  pruneTemp: { olderThanMs: number } | undefined
  pruneArchives: { keep?: number; maxAgeMs?: number } | undefined
  /** An ARCHIVE spec: recover instead of package. */
  recover: string | undefined
  uploadArtifact: string | undefined
  retentionDays: number
}

function invalid(input: Input, why: string): ArtifactLfsError {
  return new ArtifactLfsError('usage', `input ${input}: ${why}`, {
    hint: `fix the "with: ${input}:" value in your workflow`
  })
}

function booleanInput(input: Input): boolean {
  const raw = core.getInput(input).trim()
  if (/^(true|True|TRUE)$/.test(raw)) return true
  if (/^(false|False|FALSE)$/.test(raw)) return false
  throw invalid(input, `must be true or false, got ${JSON.stringify(raw)}`)
}

function integerInput(input: Input, min: number, max: number): number {
  const raw = core.getInput(input).trim()
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw invalid(input, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  return Number(raw)
}

function enumInput<T extends string>(input: Input, values: readonly T[]): T {
  const raw = core.getInput(input).trim().toLowerCase()
  if (!(values as readonly string[]).includes(raw))
    throw invalid(input, `must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`)
  return raw as T
}

function optional(input: Input): string | undefined {
  const raw = core.getInput(input).trim()
  return raw === '' ? undefined : raw
}

function pruneArchivesInput(): ActionInputs['pruneArchives'] {
  if (!booleanInput(Input.PruneArchives)) return undefined
  const keep = optional(Input.Keep)
  const maxAge = optional(Input.MaxAge)
  if (keep === undefined && maxAge === undefined)
    throw invalid(Input.PruneArchives, `needs ${Input.Keep} and/or ${Input.MaxAge}`)
  return {
    keep: keep === undefined ? undefined : parseKeepCount(keep, `input ${Input.Keep}`),
    maxAgeMs: maxAge === undefined ? undefined : parseDuration(maxAge, `input ${Input.MaxAge}`)
  }
}

/** Reads and checks every input; a bad value is a clear error naming the input. */
export function readInputs(): ActionInputs {
  const tmpDir = core.getInput(Input.TmpDir).trim()
  if (tmpDir === '') throw invalid(Input.TmpDir, 'must name a folder')
  return {
    tmpDir,
    commit: booleanInput(Input.Commit),
    sync: booleanInput(Input.Sync),
    verify: booleanInput(Input.Verify),
    push: booleanInput(Input.Push),
    message: optional(Input.Message),
    policyFile: optional(Input.PolicyFile) ?? '.codex_lfs_policy.yaml',
    workingDirectory: optional(Input.WorkingDirectory) ?? '.',
    branch: optional(Input.Branch),
    pushAttempts: integerInput(Input.PushAttempts, 1, 20),
    compressionLevel: integerInput(Input.CompressionLevel, 0, 9),
    includeHiddenFiles: booleanInput(Input.IncludeHiddenFiles),
    ifNoFilesFound: enumInput(Input.IfNoFilesFound, Object.values(NoFilesFound)),
    dryRun: booleanInput(Input.DryRun),
    clean: booleanInput(Input.Clean),
    pruneTemp: booleanInput(Input.PruneTemp)
      ? {
          olderThanMs: parseDuration(
            core.getInput(Input.OlderThan).trim(),
            `input ${Input.OlderThan}`
          )
        }
      : undefined,
    pruneArchives: pruneArchivesInput(),
    recover: optional(Input.Recover),
    uploadArtifact: optional(Input.UploadArtifact),
    retentionDays: integerInput(Input.RetentionDays, 0, 90)
  }
}
