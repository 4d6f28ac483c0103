import { ArtifactLfsError } from '../errors.js'
import type { PipelineResult } from './pipeline-types.js'

/**
 * A run that stopped at a step: the error that stopped it plus everything the steps before it
 * reported (the adapters show both: offenders as annotations, the archive path to keep, ...).
 */
export class PipelineFailure extends ArtifactLfsError {
  readonly partial: Partial<PipelineResult>
  readonly step: string

  constructor(step: string, error: ArtifactLfsError, partial: Partial<PipelineResult>) {
    super(error.kind, error.message, { hint: error.hint, cause: error })
    this.name = 'PipelineFailure'
    this.step = step
    this.partial = partial
  }
}
