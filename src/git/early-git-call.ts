import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execGit, type ExecGitResult } from './exec-git.js'

/** How much of the output `consume` reads and hands over at a time, into one reused buffer. */
const READ_CHUNK_BYTES = 1024 * 1024

/**
 * A git call started before the code that reads its output is ready: a verify-only CLI run
 * starts its git processes first thing (see startEarlyGitCall), so git works on the other
 * core while node still loads the rest of the CLI. stdout goes to a temporary file, unlinked
 * at once (nothing is left behind whatever happens), not to a pipe: git never waits for us,
 * and the output is read back into one reused 1 MiB buffer instead of thousands of 8 KiB pipe
 * reads, each into fresh memory (on a 100,000-file tree those cost node more than git's work).
 */
export class EarlyGitCall {
  readonly cwd: string
  readonly args: readonly string[]
  private readonly result: Promise<ExecGitResult>
  private readonly giveInput: ((input: string) => void) | undefined
  private fd: number | undefined
  private taken = false

  /** `withInput`: stdin stays open until `provideInput` (or `abandon`, which closes it empty). */
  constructor(cwd: string, args: readonly string[], withInput = false) {
    this.cwd = cwd
    this.args = args
    let giveInput: ((input: string) => void) | undefined
    const input = withInput
      ? new Promise<string>(resolve => {
          giveInput = resolve
        })
      : undefined
    this.giveInput = giveInput
    const fd = openUnlinkedTempFile()
    this.fd = fd
    this.result = execGit(args, { cwd, input, stdoutFd: fd })
    // nobody may ever take it (the run failed earlier): its failure is not unhandled
    this.result.catch(() => undefined)
  }

  /** Writes `input` to a call started `withInput`, then closes its stdin. */
  provideInput(input: string): void {
    this.giveInput?.(input)
  }

  /**
   * Once git has exited, gives `onStdout` its whole stdout, chunk by chunk, in order; resolves
   * or rejects as execGit does with `onStdout`. Every chunk is the same buffer refilled:
   * `onStdout` must copy what it keeps beyond the call. Once only (consume or output).
   */
  async consume(onStdout: (chunk: Buffer) => void): Promise<ExecGitResult> {
    this.take()
    try {
      const result = await this.result
      const fd = this.fd as number
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES)
      for (let position = 0; ;) {
        const read = readSync(fd, chunk, 0, chunk.length, position)
        if (read === 0) break
        onStdout(read === chunk.length ? chunk : chunk.subarray(0, read))
        position += read
      }
      return result
    } finally {
      this.close()
    }
  }

  /** The result with stdout read whole, as execGit gives it; for small outputs. Once only. */
  async output(): Promise<ExecGitResult> {
    this.take()
    try {
      const result = await this.result
      const fd = this.fd as number
      const stdout = Buffer.allocUnsafe(fstatSync(fd).size)
      let filled = 0
      while (filled < stdout.length) {
        const read = readSync(fd, stdout, filled, stdout.length - filled, filled)
        if (read === 0) break
        filled += read
      }
      return { ...result, stdout: stdout.subarray(0, filled) }
    } finally {
      this.close()
    }
  }

  /** Nobody will read the output: stdin is closed, the file once git is done with it. */
  abandon(): void {
    if (this.taken) return
    this.taken = true
    this.giveInput?.('')
    void this.result.finally(() => this.close()).catch(() => undefined)
  }

  private take(): void {
    if (this.taken) throw new Error(`git ${this.args.join(' ')}: output taken twice`)
    this.taken = true
  }

  private close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }
}

/** Calls started early and not taken yet, by folder and argv. */
const waiting = new Map<string, EarlyGitCall>()

function callKey(cwd: string, args: readonly string[]): string {
  return [cwd, ...args].join('\0')
}

/**
 * Starts `git args` in `cwd` now, with plain execGit options, unless the same call is already
 * waiting; `takeEarlyGitCall` hands it to the code that would have started it. Only for calls
 * whose answer cannot change before they are taken (nothing this run does writes in between).
 */
export function startEarlyGitCall(
  cwd: string,
  args: readonly string[],
  options: { withInput?: boolean } = {}
): void {
  const key = callKey(cwd, args)
  if (waiting.has(key)) return
  let call: EarlyGitCall
  try {
    call = new EarlyGitCall(cwd, args, options.withInput)
  } catch {
    return // no temporary file (a read-only temp folder): the caller runs git itself, later
  }
  waiting.set(key, call)
}

/**
 * The call `startEarlyGitCall(cwd, args)` started, taken (a second take gets undefined), or
 * undefined when there is none: the caller then runs git itself. `cwd` undefined: none.
 */
export function takeEarlyGitCall(
  cwd: string | undefined,
  args: readonly string[]
): EarlyGitCall | undefined {
  if (cwd === undefined) return undefined
  const key = callKey(cwd, args)
  const call = waiting.get(key)
  waiting.delete(key)
  return call
}

/** Drops the calls nobody took (the run failed, or had nothing for them to do). */
export function abandonEarlyGitCalls(): void {
  for (const call of waiting.values()) call.abandon()
  waiting.clear()
}

let tempFiles = 0

/** A new file in the temp folder, opened for reading and writing, its name already removed. */
function openUnlinkedTempFile(): number {
  for (;;) {
    // not node:crypto for the name: loading it costs more than a verify run's git calls;
    // O_EXCL ('wx+') makes a name taken by someone else a retry, never a shared file
    const name = `artifact-lfs-git-${process.pid}-${++tempFiles}-${Math.random().toString(36).slice(2)}`
    const file = path.join(os.tmpdir(), name)
    let fd: number
    try {
      fd = openSync(file, 'wx+', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw error
    }
    unlinkSync(file)
    return fd
  }
}
