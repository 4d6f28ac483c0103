import * as core from '@actions/core'
import type { PipelineResult } from '../pipeline/pipeline-types.js'

/** Every output name of action.yml, in one place (a test checks them against action.yml). */
export enum Output {
  ArchivePath = 'archive-path',
  ArchiveSha256 = 'archive-sha256',
  ArchiveSize = 'archive-size',
  FilesCount = 'files-count',
  CommitSha = 'commit-sha',
  Pushed = 'pushed',
  PushAttempts = 'push-attempts',
  Violations = 'violations',
  RecoveredArchive = 'recovered-archive',
  RecoveredFiles = 'recovered-files',
  ArtifactId = 'artifact-id'
}

/** The outputs of a successful packaging run (a failed run sets none: outputs stay empty). */
export function outputsFor(result: PipelineResult): Partial<Record<Output, string>> {
  const pkg = result.package?.status === 'packaged' ? result.package : undefined
  return {
    [Output.ArchivePath]: pkg?.archiveRelPath ?? '',
    [Output.ArchiveSha256]: pkg?.sha256 ?? '',
    [Output.ArchiveSize]: pkg?.size === undefined ? '' : String(pkg.size),
    [Output.FilesCount]: String(pkg?.files.length ?? 0),
    [Output.CommitSha]: result.push?.commitSha ?? result.commit?.commitSha ?? '',
    [Output.Pushed]: String(result.push?.status === 'pushed'),
    [Output.PushAttempts]: String(result.push?.attempts ?? 0),
    [Output.Violations]: JSON.stringify(result.verify?.offenders ?? [])
  }
}

export function setOutputs(result: PipelineResult): void {
  for (const [name, value] of Object.entries(outputsFor(result))) core.setOutput(name, value)
}
