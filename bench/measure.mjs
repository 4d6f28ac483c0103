// Runs one child process under GNU time and reports wall time, CPU time (user + sys, children
// included) and peak RSS. stdout and stderr go to files, never into our memory. A run can be
// capped by a timeout (the whole process group is killed) and by an address-space limit
// (`ulimit -v`, for tools that load everything into memory).
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

export const GNU_TIME = '/usr/bin/time'
const TIME_FORMAT = '%e %U %S %M'

export function assertGnuTime() {
  if (!existsSync(GNU_TIME))
    throw new Error(
      `${GNU_TIME} (GNU time) is required to measure CPU and peak RSS: apt-get install time`
    )
}

/** Parses the last line of GNU time's output file: "wall user sys maxrssKiB". */
export function parseTimeOutput(text) {
  const lines = text.split('\n').filter(line => line.trim() !== '')
  const last = lines.at(-1) ?? ''
  const match = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last.trim())
  if (!match) return undefined
  return {
    wallSeconds: Number(match[1]),
    userSeconds: Number(match[2]),
    sysSeconds: Number(match[3]),
    maxRssKiB: Number(match[4])
  }
}

/**
 * Runs `command args` in `cwd` with `env`. Options: timeoutMs, addressSpaceKiB, stdoutFile,
 * stderrFile (default: files under scratchDir), scratchDir (required). Never throws for a
 * failing child: the result says { exitCode, signal, timedOut, wallSeconds, cpuSeconds,
 * userSeconds, sysSeconds, maxRssKiB, stdoutFile, stderrFile }.
 */
export async function runMeasured(command, args, options) {
  const { cwd, env, timeoutMs, addressSpaceKiB, scratchDir } = options
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const timeFile = path.join(scratchDir, `time-${stamp}.txt`)
  const stdoutFile = options.stdoutFile ?? path.join(scratchDir, `stdout-${stamp}.txt`)
  const stderrFile = options.stderrFile ?? path.join(scratchDir, `stderr-${stamp}.txt`)
  let argv = [GNU_TIME, '-f', TIME_FORMAT, '-o', timeFile, command, ...args]
  if (addressSpaceKiB)
    argv = ['/bin/bash', '-c', `ulimit -v ${addressSpaceKiB} && exec "$@"`, 'bench-limit', ...argv]
  const out = openSync(stdoutFile, 'w')
  const err = openSync(stderrFile, 'w')
  const started = process.hrtime.bigint()
  let timedOut = false
  let exit
  try {
    exit = await new Promise(resolve => {
      const child = spawn(argv[0], argv.slice(1), {
        cwd,
        env,
        stdio: ['ignore', out, err],
        detached: true // own process group: a timeout kills the tool and all its children
      })
      const timer = timeoutMs
        ? setTimeout(() => {
            timedOut = true
            try {
              process.kill(-child.pid, 'SIGKILL')
            } catch {
              // already gone
            }
          }, timeoutMs)
        : undefined
      child.on('error', error => {
        clearTimeout(timer)
        resolve({ code: 127, signal: null, spawnError: error.message })
      })
      child.on('exit', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal })
      })
    })
  } finally {
    closeSync(out)
    closeSync(err)
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
  const timeText = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : ''
  rmSync(timeFile, { force: true })
  const usage = parseTimeOutput(timeText)
  // GNU time reports the child's own status; when it was killed, time itself died too
  const signalLine = /Command terminated by signal (\d+)/.exec(timeText)
  return {
    command: [command, ...args].join(' '),
    exitCode: exit.code,
    signal: exit.signal ?? (signalLine ? `signal ${signalLine[1]}` : null),
    spawnError: exit.spawnError,
    timedOut,
    wallSeconds,
    userSeconds: usage?.userSeconds,
    sysSeconds: usage?.sysSeconds,
    cpuSeconds: usage ? usage.userSeconds + usage.sysSeconds : undefined,
    maxRssKiB: usage?.maxRssKiB,
    stdoutFile,
    stderrFile
  }
}

/**
 * Flushes dirty pages before a measured run, so the writeback of the previous tool's output
 * (gigabytes, sometimes) is not charged to the next one.
 */
export function settleDisk() {
  spawnSync('sync', [], { stdio: 'ignore' })
}

/** Whether a measured run ended well (exit 0, no signal, no timeout). */
export function succeeded(run) {
  return run.exitCode === 0 && !run.signal && !run.timedOut
}

/** The tail of a file (stderr of a failed run), for the report. */
export function tailOf(file, maxChars = 600) {
  if (!file || !existsSync(file)) return ''
  const text = readFileSync(file, 'utf8')
  return text.length > maxChars ? '...' + text.slice(-maxChars) : text
}

/** A one-line reason for a failed run. */
export function failureReason(run) {
  if (run.timedOut) return 'timed out'
  if (run.spawnError) return `could not start: ${run.spawnError}`
  const stderr = tailOf(run.stderrFile, 4000)
  const known =
    /ERR_FS_FILE_TOO_LARGE|Array buffer allocation failed|heap out of memory|Cannot allocate memory|ENOMEM|RangeError[^\n]*/.exec(
      stderr
    )
  const lines = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !/^Node\.js v\d/.test(l) && !/^at /.test(l))
  const errorLine = lines.find(l => /^(\w*Error\b|artifact-lfs: |error:|fatal:|Traceback)/.test(l))
  const status = run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`
  return `${status}: ${known ? known[0] : (errorLine ?? lines.at(-1) ?? '')}`.slice(0, 300)
}
