import * as core from '@actions/core'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import { environmentContext } from '../pipeline/environment-context.js'
import { PipelineFailure } from '../pipeline/pipeline-failure.js'
import type { PipelineHooks, PipelineRequest, PipelineResult } from '../pipeline/pipeline-types.js'
import { runPipeline } from '../pipeline/run-pipeline.js'
import { throttledProgress } from '../progress/throttled-progress.js'
import { NoFilesFound, readInputs, type ActionInputs } from './action-inputs.js'
import { Output, setOutputs } from './action-outputs.js'
import { writeJobSummary, writeRecoverySummary } from './job-summary.js'
import { runRecovery } from '../recover/run-recovery.js'

const hooks: PipelineHooks = {
  logger: {
    info: message => core.info(message),
    warn: message => core.warning(message),
    debug: message => core.debug(message)
  },
  progress: throttledProgress({ interactive: false, write: text => core.info(text.trimEnd()) }),
  phase: (name, work) => core.group(name, work)
}

export function requestFromInputs(inputs: ActionInputs, env: NodeJS.ProcessEnv): PipelineRequest {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd()
  return {
    cwd: path.resolve(workspace, inputs.workingDirectory),
    policyFile: inputs.policyFile,
    tmpDir: inputs.tmpDir,
    steps: {
      sync: inputs.sync,
      syncCheck: false,
      // a maintenance run (prune inputs with commit: false) packages nothing
      package:
        inputs.commit || (inputs.pruneTemp === undefined && inputs.pruneArchives === undefined),
      commit: inputs.commit,
      verify: inputs.verify,
      validate: inputs.verify,
      push: inputs.push && (inputs.commit || inputs.pruneArchives !== undefined),
      clean: inputs.clean && inputs.commit,
      pruneTemp: inputs.pruneTemp,
      pruneArchives: inputs.pruneArchives
    },
    all: false,
    includeHidden: inputs.includeHiddenFiles,
    compressionLevel: inputs.compressionLevel,
    message: inputs.message,
    branch: inputs.branch,
    remote: 'origin',
    pushAttempts: inputs.pushAttempts,
    dryRun: inputs.dryRun,
    ...environmentContext(env)
  }
}

/** `recover:` given: extract an archive into tmp-dir instead of packaging. */
async function recover(inputs: ActionInputs, spec: string): Promise<void> {
  const cwd = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory)
  const result = await core.group('recover', () =>
    runRecovery({
      cwd,
      policyFile: inputs.policyFile,
      spec,
      tmpDir: inputs.tmpDir,
      force: false,
      logger: hooks.logger,
      progress: hooks.progress
    })
  )
  core.info(
    `recovered ${result.archive}: ${result.written.length} written, ${result.skippedIdentical.length} already identical`
  )
  let artifactId: string | undefined
  if (inputs.uploadArtifact !== undefined) {
    const name = inputs.uploadArtifact
    // loaded only when needed: @actions/artifact is ~4 MB of the bundle
    const { uploadRecoveredFiles } = await import('./upload-recovered-files.js')
    const uploaded = await core.group('upload-artifact', () =>
      uploadRecoveredFiles({
        name,
        rootDir: result.tmpDir,
        files: [...result.written, ...result.skippedIdentical],
        retentionDays: inputs.retentionDays,
        logger: hooks.logger
      })
    )
    artifactId = String(uploaded.id)
    core.info(
      `uploaded ${uploaded.files} file(s) as artifact "${name}" (id ${uploaded.id}, sha256 ${uploaded.digest})`
    )
  }
  const outputs: Partial<Record<Output, string>> = {
    [Output.RecoveredArchive]: result.archive,
    [Output.RecoveredFiles]: String(result.written.length + result.skippedIdentical.length),
    [Output.ArtifactId]: artifactId ?? ''
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  await writeRecoverySummary(result, artifactId)
}

/** The Action: inputs -> engine -> outputs, annotations and the job summary. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs()
    if (inputs.recover !== undefined) return await recover(inputs, inputs.recover)
    const result: PipelineResult = await runPipeline(requestFromInputs(inputs, process.env), hooks)
    if (result.package?.status === 'nothing-to-package') {
      const text = `no files to package in ${inputs.tmpDir}: ${result.package.reason}`
      if (inputs.ifNoFilesFound === NoFilesFound.Error) throw new Error(text)
      if (inputs.ifNoFilesFound === NoFilesFound.Warn) core.warning(text)
      else core.info(text)
    }
    setOutputs(result)
    await writeJobSummary(result)
  } catch (error) {
    if (error instanceof PipelineFailure) {
      for (const offender of error.partial.verify?.offenders ?? [])
        core.error(offender.reason, { title: 'Not an LFS pointer', file: offender.path })
      if (error.partial.package?.archiveRelPath)
        core.error(
          `the archive was kept at ${error.partial.package.archiveRelPath}; nothing was pushed`
        )
      await writeJobSummary(error.partial, errorMessage(error)).catch(() => undefined)
    }
    core.setFailed(errorMessage(error))
  }
}
