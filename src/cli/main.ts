import { ArtifactLfsError, errorMessage, isArtifactLfsError } from '../errors.js'
import { environmentContext } from '../pipeline/environment-context.js'
import { PipelineFailure } from '../pipeline/pipeline-failure.js'
import type { PipelineHooks, PipelineRequest, PipelineResult } from '../pipeline/pipeline-types.js'
import { runPipeline } from '../pipeline/run-pipeline.js'
import { throttledProgress } from '../progress/throttled-progress.js'
import { silentProgress } from '../progress/progress.js'
import { TOOL_VERSION } from '../version.js'
import { processIo, type CliIo } from './cli-io.js'
import { HELP_TEXT } from './help-text.js'
import { jsonPieces } from './json-pieces.js'
import { abandonEarlyGitCalls } from '../git/early-git-call.js'
import { startBeforeLoading } from './early-start.js'
import { nothingRequested, parseCliArgs, type CliOptions } from './parse-args.js'
import { renderResult } from './render-result.js'
import { renderListing, renderRecovery } from './render-recovery.js'
import { runListing, runRecovery } from '../recover/run-recovery.js'

/** The CLI: argv -> engine -> stdout/stderr and an exit code (0 done, 1 failure, 2 usage). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // src/cli.ts has done this already when started as a command; in-process callers have not
  startBeforeLoading(argv, io.cwd)
  try {
    return await runCli(argv, io)
  } finally {
    abandonEarlyGitCalls()
  }
}

async function runCli(argv: string[], io: CliIo): Promise<number> {
  let options: CliOptions
  try {
    options = parseCliArgs(argv)
  } catch (error) {
    io.stderr.write(`artifact-lfs: ${errorMessage(error)}\n`)
    return 2
  }
  if (options.help) {
    io.stdout.write(HELP_TEXT)
    return 0
  }
  if (options.version) {
    io.stdout.write(`artifact-lfs ${TOOL_VERSION}\n`)
    return 0
  }
  if (nothingRequested(options)) {
    io.stderr.write(HELP_TEXT)
    io.stderr.write(
      '\nartifact-lfs: say what to do, e.g. --package --commit --sync-gitattributes\n'
    )
    return 2
  }
  const hooks = cliHooks(io, options)
  if (options.recover) return recover(options, io, hooks)
  try {
    const result = await runPipeline(requestFromOptions(options, io), hooks)
    if (options.json) writeJson(io, { ok: true, ...result })
    else io.stdout.write(renderResult(result))
    return 0
  } catch (error) {
    const partial: Partial<PipelineResult> = error instanceof PipelineFailure ? error.partial : {}
    if (options.json) {
      writeJson(io, { ok: false, error: jsonError(error), ...partial })
    } else {
      io.stdout.write(renderResult(partial))
      if (partial.package?.archiveRelPath && !partial.push)
        io.stderr.write(`artifact-lfs: the archive was kept at ${partial.package.archiveRelPath}\n`)
    }
    io.stderr.write(`artifact-lfs: error: ${errorMessage(error)}\n`)
    return isArtifactLfsError(error) ? error.exitCode : 1
  }
}

async function recover(options: CliOptions, io: CliIo, hooks: PipelineHooks): Promise<number> {
  try {
    if (options.list) {
      const archives = await runListing({
        cwd: io.cwd,
        policyFile: options.policyFile,
        logger: hooks.logger
      })
      io.stdout.write(
        options.json ? JSON.stringify({ ok: true, archives }) + '\n' : renderListing(archives)
      )
      return 0
    }
    const result = await runRecovery({
      cwd: io.cwd,
      policyFile: options.policyFile,
      spec: options.recoverArchive,
      tmpDir: options.tmpDir,
      force: options.force,
      logger: hooks.logger,
      progress: hooks.progress
    })
    io.stdout.write(
      options.json ? JSON.stringify({ ok: true, recover: result }) + '\n' : renderRecovery(result)
    )
    return 0
  } catch (error) {
    if (options.json) io.stdout.write(JSON.stringify({ ok: false, error: jsonError(error) }) + '\n')
    io.stderr.write(`artifact-lfs: error: ${errorMessage(error)}\n`)
    return isArtifactLfsError(error) ? error.exitCode : 1
  }
}

function requestFromOptions(options: CliOptions, io: CliIo): PipelineRequest {
  return {
    cwd: io.cwd,
    policyFile: options.policyFile,
    tmpDir: options.tmpDir,
    steps: {
      sync: options.syncGitattributes,
      syncCheck: options.check,
      package: options.package,
      commit: options.commit,
      verify: options.verify,
      validate: options.validate,
      push: options.push,
      clean: options.clean,
      pruneTemp: options.pruneTemp,
      pruneArchives: options.pruneArchives
    },
    all: options.all,
    includeHidden: options.includeHidden,
    compressionLevel: options.compressionLevel,
    message: options.message,
    branch: options.branch,
    remote: options.remote,
    pushAttempts: options.pushAttempts,
    dryRun: options.dryRun,
    ...environmentContext(io.env)
  }
}

function cliHooks(io: CliIo, options: CliOptions): PipelineHooks {
  const say = (text: string): void => {
    if (!options.quiet) io.stderr.write(`${text}\n`)
  }
  return {
    logger: {
      info: say,
      warn: message => io.stderr.write(`warning: ${message}\n`),
      debug: message => {
        if (io.env.ARTIFACT_LFS_DEBUG === '1') io.stderr.write(`debug: ${message}\n`)
      }
    },
    progress: options.quiet
      ? silentProgress
      : throttledProgress({
          interactive: io.stderr.isTTY === true,
          write: text => io.stderr.write(text)
        }),
    phase: async (name, work) => {
      say(`== ${name}`)
      return work()
    }
  }
}

function jsonError(error: unknown): { kind: string; message: string; hint?: string } {
  if (error instanceof ArtifactLfsError)
    return { kind: error.kind, message: error.message, hint: error.hint }
  return { kind: 'internal', message: errorMessage(error) }
}

/** One JSON document and a newline on stdout, written in pieces (a file list may be long). */
function writeJson(io: CliIo, value: unknown): void {
  for (const piece of jsonPieces(value)) io.stdout.write(piece)
  io.stdout.write('\n')
}
