import type { PipelineRequest } from './pipeline-types.js'

/** What a run takes from its environment, the same for the Action and the CLI. */
export type EnvironmentContext = Pick<
  PipelineRequest,
  'allowAutoLfs' | 'sourceDateEpoch' | 'now' | 'runContext'
>

/**
 * ALLOW_AUTOLFS=1 (the policy may turn on automatic LFS rules), SOURCE_DATE_EPOCH (whole
 * seconds; anything else is ignored, as reproducible-builds tools do) and the GitHub run id and
 * attempt (they keep archive names of concurrent runs apart).
 */
export function environmentContext(env: NodeJS.ProcessEnv, now = new Date()): EnvironmentContext {
  const epoch = env.SOURCE_DATE_EPOCH
  return {
    allowAutoLfs: env.ALLOW_AUTOLFS === '1',
    sourceDateEpoch: epoch && /^\d+$/.test(epoch) ? Number(epoch) : undefined,
    now,
    runContext: { runId: env.GITHUB_RUN_ID, runAttempt: env.GITHUB_RUN_ATTEMPT }
  }
}
