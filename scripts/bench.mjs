#!/usr/bin/env node
// `npm run bench`: artifact-lfs (the committed CLI bundle, run as users run it) against the
// usual tools, on seeded datasets; see bench/options.mjs for the flags. Progress goes to
// stderr, the report to stdout and to bench-results/latest.{json,md}.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { materializeDataset } from '../bench/datasets.mjs'
import { isolatedGitEnv, toolVersion } from '../bench/git-env.mjs'
import { bundleInfo, sha256Of, snapshotBundle } from '../bench/bundle-snapshot.mjs'
import { machineInfo } from '../bench/machine-info.mjs'
import { mergeEarlierResults } from '../bench/merge-results.mjs'
import { assertGnuTime } from '../bench/measure.mjs'
import { BENCH_HELP, parseBenchOptions } from '../bench/options.mjs'
import { benchPackaging } from '../bench/packaging-bench.mjs'
import { benchPush } from '../bench/push-bench.mjs'
import { benchRecovery } from '../bench/recovery-bench.mjs'
import { renderMarkdown, writeReport } from '../bench/report.mjs'
import { evaluateTargets } from '../bench/targets.mjs'
import { benchVerify } from '../bench/verify-bench.mjs'
import { materializeVerifyRepo } from '../bench/verify-repo.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cliPath = path.join(repoRoot, 'dist', 'cli.js')
const started = Date.now()
const log = text =>
  process.stderr.write(
    `[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${text}\n`
  )

function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(2)
}

let options
try {
  options = parseBenchOptions(process.argv.slice(2))
} catch (error) {
  fail(`${error.message}\n\n${BENCH_HELP}`)
}
if (options.help) {
  process.stdout.write(BENCH_HELP)
  process.exit(0)
}
try {
  assertGnuTime()
} catch (error) {
  fail(error.message)
}

const cacheRoot = path.join(os.tmpdir(), 'artifact-lfs-bench')
mkdirSync(cacheRoot, { recursive: true })
const workRoot = mkdtempSync(path.join(cacheRoot, 'work-'))
const env = isolatedGitEnv(workRoot)
let cliCopy
try {
  cliCopy = await snapshotBundle(repoRoot, workRoot)
} catch (error) {
  fail(error.message)
}
for (const [command, args] of [
  ['zip', ['-v']],
  ['unzip', ['-v']],
  ['python3', ['--version']],
  ['git', ['lfs', 'version']]
])
  if (toolVersion(env, command, args) === 'not installed')
    fail(`${command} is required for the benchmark`)

const config = {
  workRoot,
  env,
  cliPath: cliCopy,
  runs: options.runs,
  packers: ['ours', 'zip', 'python', 'adm-zip'],
  timeoutMs: (options.quick ? 5 : 40) * 60 * 1000,
  admZipTimeoutMs: (options.quick ? 3 : 10) * 60 * 1000,
  admZipAddressSpaceKiB: 6 * 1024 * 1024, // 6 GiB of address space
  log
}
const results = {
  mode: options.quick ? 'quick' : 'full',
  runs: options.runs,
  seed: options.seed,
  machine: machineInfo(env, repoRoot, cliPath, cliCopy),
  datasets: {},
  crashed: [],
  expectedFailures: []
}
log(`mode ${results.mode}, ${options.runs} run(s) per tool; cache ${cacheRoot}; work ${workRoot}`)

/** Runs one scenario; an unexpected error is recorded as a crash, and the bench goes on. */
async function scenario(name, work) {
  try {
    await work()
  } catch (error) {
    log(`${name}: ERROR ${error.stack ?? error}`)
    results.crashed.push(`${name}: ${error.message}`)
  }
}

for (const id of options.datasets) {
  await scenario(`dataset ${id}`, async () => {
    const dataset = materializeDataset(cacheRoot, id, {
      quick: options.quick,
      seed: options.seed,
      log
    })
    const entry = {
      dataset: {
        id,
        fileCount: dataset.fileCount,
        totalBytes: dataset.totalBytes,
        cached: dataset.cached,
        key: dataset.key
      }
    }
    results.datasets[id] = entry
    log(
      `dataset ${id}: ${dataset.fileCount} files, ${dataset.totalBytes} bytes${dataset.cached ? ' (cached)' : ''}`
    )
    const packaging = await benchPackaging(dataset, config)
    entry.packaging = { tools: packaging.tools }
    results.crashed.push(...packaging.crashed)
    for (const [name, tool] of Object.entries(packaging.tools))
      if (tool.mayFail)
        for (const run of tool.runs.filter(r => !r.ok))
          results.expectedFailures.push(`${name} on ${id}: ${run.failure}`)
    if (options.recover) {
      const recovery = await benchRecovery(dataset, packaging, config)
      entry.recovery = { tools: recovery.tools }
      results.crashed.push(...recovery.crashed)
    }
    if (!options.keepWork) rmSync(packaging.workDir, { recursive: true, force: true })
  })
}

if (options.verify)
  await scenario('verify', async () => {
    const repo = materializeVerifyRepo(cacheRoot, env, { quick: options.quick, log })
    const verify = await benchVerify(repo, config)
    results.verify = { repo: verify.repo, tools: verify.tools }
    results.crashed.push(...verify.crashed)
  })

if (options.push)
  await scenario('push', async () => {
    const dataset = materializeDataset(cacheRoot, 'B', {
      quick: options.quick,
      seed: options.seed,
      log
    })
    const push = await benchPush(dataset, config)
    results.push = {
      dataset: { fileCount: dataset.fileCount, totalBytes: dataset.totalBytes },
      tools: push.tools
    }
    results.crashed.push(...push.crashed)
  })

if (options.merge) {
  try {
    const merged = mergeEarlierResults(results, JSON.parse(readFileSync(options.merge, 'utf8')))
    log(`merged from ${options.merge}: ${merged.map(m => m.scenario).join(', ') || 'nothing'}`)
  } catch (error) {
    fail(`--merge ${options.merge}: ${error.message}`)
  }
}

results.loadAverageAtEnd = os.loadavg().map(v => Number(v.toFixed(2)))
results.machine.bundle.ranSha256 = sha256Of(cliCopy)
const bundleAtEnd = bundleInfo(repoRoot, cliPath)
if (bundleAtEnd.sha256 !== results.machine.bundle.ranSha256) {
  results.bundleChangedDuringRun = bundleAtEnd.sha256
  log(
    `note: dist/cli.js changed during the run (now ${bundleAtEnd.sha256}); the bench ran its copy taken at the start`
  )
}
results.elapsedSeconds = (Date.now() - started) / 1000
results.targets = evaluateTargets(results)
const markdown = renderMarkdown(results)
const written = writeReport(path.join(repoRoot, 'bench-results'), results, markdown)
process.stdout.write(markdown)
if (options.keepWork) log(`work files kept in ${workRoot}`)
else rmSync(workRoot, { recursive: true, force: true })
log(`report: ${written.md} and ${written.json}`)
process.exit(results.crashed.length > 0 ? 1 : 0)
