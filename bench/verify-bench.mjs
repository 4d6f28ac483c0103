// Verify on a repository with many tracked files: `artifact-lfs --verify` against
// `git lfs fsck --pointers` and against `git ls-files -s` alone (the floor: listing the
// index), interleaved. Each run's output is checked, not only its exit code.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { failureReason, runMeasured, succeeded } from './measure.mjs'
import { roundOrder, summarizeRuns } from './stats.mjs'

function countLines(file) {
  const text = readFileSync(file, 'utf8')
  return text === '' ? 0 : text.split('\n').filter(Boolean).length
}

const CHECKERS = [
  {
    name: 'ours',
    label: 'artifact-lfs --verify',
    ours: true,
    run: ctx => runMeasured(process.execPath, [ctx.cliPath, '--verify', '--json'], ctx.runOptions),
    check(run, repo) {
      const result = JSON.parse(readFileSync(run.stdoutFile, 'utf8'))
      const v = result.verify
      if (!result.ok || !v)
        return `no verify result: ${JSON.stringify(result.error ?? result).slice(0, 200)}`
      if (v.pointers !== repo.pointers || v.offenders.length !== 0)
        return `expected ${repo.pointers} pointers and no offenders, got ${v.pointers} and ${v.offenders.length}`
      return undefined
    }
  },
  {
    name: 'lfs-fsck',
    label: 'git lfs fsck --pointers',
    run: ctx => runMeasured('git', ['lfs', 'fsck', '--pointers'], ctx.runOptions),
    check: () => undefined // exit 0 is its verdict
  },
  {
    name: 'ls-files',
    label: 'git ls-files -s',
    run: ctx => runMeasured('git', ['ls-files', '-s'], ctx.runOptions),
    check(run, repo) {
      const lines = countLines(run.stdoutFile)
      return lines === repo.files ? undefined : `listed ${lines} files, expected ${repo.files}`
    }
  }
]

/** config: { workRoot, env, cliPath, runs, timeoutMs, log }. repo: materializeVerifyRepo's result. */
export async function benchVerify(repo, config) {
  const scratchDir = path.join(config.workRoot, 'verify-scratch')
  mkdirSync(scratchDir, { recursive: true })
  const ctx = {
    ...config,
    runOptions: { cwd: repo.dir, env: config.env, timeoutMs: config.timeoutMs, scratchDir }
  }
  const tools = {}
  for (const c of CHECKERS) tools[c.name] = { label: c.label, ours: !!c.ours, runs: [] }
  const crashed = []
  for (let round = 0; round < config.runs; round++) {
    for (const checker of roundOrder(CHECKERS, round)) {
      const run = await checker.run(ctx)
      let failure = succeeded(run) ? undefined : failureReason(run)
      if (!failure) {
        try {
          failure = checker.check(run, repo)
        } catch (error) {
          failure = `unreadable output: ${error.message}`
        }
      }
      const entry = {
        round,
        ok: !failure,
        wallSeconds: run.wallSeconds,
        cpuSeconds: run.cpuSeconds,
        maxRssKiB: run.maxRssKiB,
        exitCode: run.exitCode,
        failure
      }
      tools[checker.name].runs.push(entry)
      if (failure) crashed.push(`verify with ${checker.name}: ${failure}`)
      config.log(
        `  verify round ${round + 1} ${checker.name}: ` +
          (failure
            ? `FAILED (${failure})`
            : `${run.wallSeconds.toFixed(2)} s wall, ${(run.maxRssKiB / 1024).toFixed(0)} MiB`)
      )
      rmSync(run.stdoutFile, { force: true })
      rmSync(run.stderrFile, { force: true })
    }
  }
  for (const tool of Object.values(tools)) tool.summary = summarizeRuns(tool.runs)
  return {
    repo: { files: repo.files, pointers: repo.pointers, cached: repo.cached },
    tools,
    crashed
  }
}
