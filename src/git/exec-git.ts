import { spawn } from 'node:child_process'
import { ArtifactLfsError } from '../errors.js'
import { redactSecrets } from '../security/redact.js'

/** Local git calls: generous, but never unbounded. */
export const LOCAL_TIMEOUT_MS = 5 * 60_000
/**
 * Network calls (fetch, push, lfs transfers): 15 minutes, unless the environment variable
 * ARTIFACT_LFS_NETWORK_TIMEOUT_MS holds a positive whole number of milliseconds. It is read
 * once, when this module loads; tests use it to bound a hanging server in seconds.
 */
export const NETWORK_TIMEOUT_MS = timeoutFromEnv(
  process.env.ARTIFACT_LFS_NETWORK_TIMEOUT_MS,
  15 * 60_000
)
/** After SIGTERM, how long a process group gets before SIGKILL. */
const KILL_GRACE_MS = 3_000

export interface ExecGitOptions {
  /** Working directory: the repository (or any folder inside it). */
  cwd: string
  /** Extra environment variables, layered over process.env and the fixed ones below. */
  env?: Record<string, string | undefined>
  /**
   * Bytes written to stdin, then stdin is closed. Without it stdin is /dev/null. A promise: git
   * starts now and gets its input when the promise settles (a rejection closes stdin empty),
   * for a process started before its input is known.
   */
  input?: Buffer | string | Promise<Buffer | string>
  /** Kill the process group after this many ms. Default LOCAL_TIMEOUT_MS. */
  timeoutMs?: number
  /** Exit codes that are not failures. Default [0]. */
  okExitCodes?: readonly number[]
  /** The executable; `git` unless told. Tests point it at a missing binary. */
  gitPath?: string
  /**
   * Sees stderr as it arrives, chunk by chunk. Returning a reason stops the process group at
   * once; the call then rejects with a GitCommandError whose `stoppedBecause` is that reason.
   */
  watchStderr?: (chunk: string) => string | undefined
  /**
   * Takes stdout chunk by chunk as it arrives, instead of collecting it (`stdout` in the result
   * is then empty): a large listing is parsed while git still writes it, never held whole.
   * It must not throw; keep a parse error and report it after the call.
   */
  onStdout?: (chunk: Buffer) => void
  /**
   * An open file descriptor stdout is written to instead of a pipe (`stdout` in the result is
   * then empty, `onStdout` is not called): git writes a large listing at full speed without
   * waiting for us to read it, and it is read back in a few large chunks instead of thousands
   * of small ones. The caller opens and closes it.
   */
  stdoutFd?: number
}

export interface ExecGitResult {
  exitCode: number
  stdout: Buffer
  stderr: string
}

/** A git (or git-lfs) process that failed, timed out or could not start. */
export class GitCommandError extends ArtifactLfsError {
  readonly args: readonly string[]
  readonly gitExitCode: number | null
  readonly stderr: string
  readonly timedOut: boolean
  /** Set when a `watchStderr` callback stopped the process: its reason. */
  readonly stoppedBecause: string | undefined

  constructor(
    args: readonly string[],
    details: {
      exitCode: number | null
      stderr: string
      timedOut: boolean
      cause?: unknown
      stoppedBecause?: string
    },
    hint?: string
  ) {
    const what = redactSecrets(`git ${args.join(' ')}`)
    const why = details.timedOut
      ? 'timed out'
      : details.stoppedBecause !== undefined
        ? `was stopped: ${details.stoppedBecause}`
        : details.exitCode === null
          ? 'could not be started'
          : `exited with code ${details.exitCode}`
    const tail = details.stderr.trim()
      ? `: ${redactSecrets(lastLines(details.stderr.trim(), 6))}`
      : ''
    super('git', `${what} ${why}${tail}`, {
      hint,
      cause: details.cause
    })
    this.name = 'GitCommandError'
    this.args = args
    this.gitExitCode = details.exitCode
    this.stderr = redactSecrets(details.stderr)
    this.timedOut = details.timedOut
    this.stoppedBecause = details.stoppedBecause
  }
}

function timeoutFromEnv(raw: string | undefined, fallback: number): number {
  return raw !== undefined && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : fallback
}

function lastLines(text: string, n: number): string {
  const lines = text.split('\n')
  return lines.slice(Math.max(0, lines.length - n)).join(' | ')
}

/** The environment every git call gets: no prompts, stable English messages. */
export function gitEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  env.GIT_TERMINAL_PROMPT = '0'
  env.GCM_INTERACTIVE = 'never'
  env.GIT_ASKPASS = env.GIT_ASKPASS ?? ''
  env.SSH_ASKPASS = env.SSH_ASKPASS ?? ''
  env.LC_ALL = 'C'
  env.LANGUAGE = 'C'
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

/**
 * The one way this project runs git and git-lfs: argv arrays (never a shell), no terminal
 * prompts, a timeout that kills the whole process group (git-lfs and credential helpers
 * included), stderr kept for the error. Resolves for exit codes in `okExitCodes`, rejects
 * with GitCommandError otherwise.
 */
export function execGit(args: readonly string[], options: ExecGitOptions): Promise<ExecGitResult> {
  const timeoutMs = options.timeoutMs ?? LOCAL_TIMEOUT_MS
  const okExitCodes = options.okExitCodes ?? [0]
  return new Promise((resolve, reject) => {
    let child
    try {
      child = spawn(options.gitPath ?? 'git', [...args], {
        cwd: options.cwd,
        env: gitEnvironment(options.env),
        stdio: [
          options.input === undefined ? 'ignore' : 'pipe',
          options.stdoutFd ?? 'pipe',
          'pipe'
        ],
        detached: true
      })
    } catch (cause) {
      reject(new GitCommandError(args, { exitCode: null, stderr: '', timedOut: false, cause }))
      return
    }
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let timedOut = false
    let stoppedBecause: string | undefined
    let settled = false
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup('SIGTERM')
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref()
    }, timeoutMs)
    timer.unref()

    const onStdout = options.onStdout ?? ((chunk: Buffer) => stdout.push(chunk))
    child.stdout?.on('data', onStdout)
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      if (options.watchStderr === undefined || stoppedBecause !== undefined) return
      stoppedBecause = options.watchStderr(chunk.toString('utf8'))
      if (stoppedBecause !== undefined) {
        killGroup('SIGTERM')
        setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref()
      }
    })
    child.on('error', cause => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
      reject(
        new GitCommandError(
          args,
          { exitCode: null, stderr: Buffer.concat(stderr).toString('utf8'), timedOut, cause },
          missing ? 'git is not installed or not on PATH: install git 2.30 or newer.' : undefined
        )
      )
    })
    child.on('close', (code, signal) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const result: ExecGitResult = {
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8')
      }
      if (!timedOut && stoppedBecause === undefined && code !== null && okExitCodes.includes(code))
        resolve(result)
      else
        reject(
          new GitCommandError(args, {
            exitCode: timedOut ? null : result.exitCode,
            stderr: result.stderr,
            timedOut,
            stoppedBecause
          })
        )
    })
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // the process exited before reading all input; its exit code tells the story
      })
      const stdin = child.stdin
      if (options.input instanceof Promise)
        options.input.then(
          input => stdin.end(input),
          () => stdin.end()
        )
      else stdin.end(options.input)
    }
  })
}
