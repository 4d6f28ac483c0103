// Recovery of our archive of a dataset: `artifact-lfs --recover ARCHIVE --tmp-dir EMPTY` (CRC
// and sha256 checks are always on) against `unzip -q ARCHIVE -d EMPTY`, interleaved. Each
// tool's first extraction is hashed file by file against the source. While --recover is not
// wired into the CLI, its row says n/a.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { failureReason, settleDisk, runMeasured, succeeded } from './measure.mjs'
import { OUR_MANIFEST_ENTRY, checkTreeRoundTrip } from './round-trip.mjs'
import { roundOrder, summarizeRuns } from './stats.mjs'

const NOT_WIRED = /--recover is not implemented/

const EXTRACTORS = [
  {
    name: 'ours',
    label: 'artifact-lfs --recover',
    ours: true,
    // our recovery never writes the manifest out, so nothing extra is allowed
    ignore: [],
    run: (ctx, archive, dest) =>
      runMeasured(
        process.execPath,
        [ctx.cliPath, '--recover', archive, '--tmp-dir', dest, '--json'],
        {
          cwd: ctx.repoDir,
          env: ctx.env,
          timeoutMs: ctx.timeoutMs,
          scratchDir: ctx.scratchDir
        }
      )
  },
  {
    name: 'unzip',
    label: 'unzip -q (Info-ZIP)',
    ignore: [OUR_MANIFEST_ENTRY],
    run: (ctx, archive, dest) =>
      runMeasured('unzip', ['-q', archive, '-d', dest], {
        cwd: ctx.scratchDir,
        env: ctx.env,
        timeoutMs: ctx.timeoutMs,
        scratchDir: ctx.scratchDir
      })
  }
]

/**
 * config: { env, cliPath, runs, timeoutMs, log }. packaging: the result of benchPackaging
 * (its oursArchive, repoDir, workDir). Returns { tools: { ours, unzip }, crashed }.
 */
export async function benchRecovery(dataset, packaging, config) {
  const { log } = config
  const archive = packaging.oursArchive
  const scratchDir = path.join(packaging.workDir, 'scratch')
  const ctx = { ...config, repoDir: packaging.repoDir, scratchDir }
  const tools = {}
  for (const e of EXTRACTORS) tools[e.name] = { label: e.label, ours: !!e.ours, runs: [] }
  const crashed = []
  if (!archive) {
    for (const tool of Object.values(tools)) tool.status = 'n/a: no archive of ours to recover'
    return { tools, crashed }
  }
  for (let round = 0; round < config.runs; round++) {
    for (const extractor of roundOrder(EXTRACTORS, round)) {
      const tool = tools[extractor.name]
      if (tool.status) continue
      const dest = path.join(packaging.workDir, `recover-${extractor.name}-${round}`)
      rmSync(dest, { recursive: true, force: true })
      mkdirSync(dest, { recursive: true })
      settleDisk()
      const run = await extractor.run(ctx, archive, dest)
      const stderr = existsSync(run.stderrFile) ? readFileSync(run.stderrFile, 'utf8') : ''
      if (!succeeded(run) && NOT_WIRED.test(stderr)) {
        tool.status = 'n/a: --recover is not implemented in dist/cli.js yet'
        log(`  ${dataset.id} recovery ours: n/a (--recover is not implemented yet)`)
      } else {
        const ok = succeeded(run)
        const entry = {
          round,
          ok,
          wallSeconds: run.wallSeconds,
          cpuSeconds: run.cpuSeconds,
          maxRssKiB: run.maxRssKiB,
          exitCode: run.exitCode
        }
        if (!ok) {
          entry.failure = failureReason(run)
          crashed.push(`recovery of ${dataset.id} with ${extractor.name}: ${entry.failure}`)
        } else if (!tool.roundTrip) {
          tool.roundTrip = await checkTreeRoundTrip(dest, dataset.files, {
            ignore: extractor.ignore
          })
          if (!tool.roundTrip.ok)
            crashed.push(
              `round trip of ${dataset.id} through ${extractor.name}: ${tool.roundTrip.summary}`
            )
        }
        tool.runs.push(entry)
        log(
          `  ${dataset.id} recovery round ${round + 1} ${extractor.name}: ` +
            (ok
              ? `${run.wallSeconds.toFixed(2)} s wall, ${(run.maxRssKiB / 1024).toFixed(0)} MiB`
              : `FAILED (${entry.failure})`)
        )
      }
      rmSync(run.stdoutFile, { force: true })
      rmSync(run.stderrFile, { force: true })
      rmSync(dest, { recursive: true, force: true })
    }
  }
  for (const tool of Object.values(tools)) {
    tool.summary = summarizeRuns(tool.runs)
    tool.roundTrip ??= { ok: false, skipped: true, summary: tool.status ?? 'no successful run' }
  }
  return { tools, crashed }
}
