// Packaging one dataset with every contender, interleaved: round 1 runs each tool once, then
// round 2, ... (the order rotates), so machine noise hits all tools alike. Each tool's first
// archive is read back with Python and compared file by file with the source; a later archive
// with the same sha256 is covered by that check, a different one is checked too.
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { makeScratchRepo } from './git-env.mjs'
import { failureReason, settleDisk, succeeded } from './measure.mjs'
import { PACKERS } from './packers.mjs'
import { checkArchiveRoundTrip, sha256OfFile } from './round-trip.mjs'
import { roundOrder, summarizeRuns } from './stats.mjs'

/** Reads every file of the dataset once, so no tool pays for a cold page cache. */
export async function warmPageCache(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath ?? entry.path, entry.name)
    if (statSync(file).size <= 4 * 1024 * 1024) await readFile(file)
    else for await (const _chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }));
  }
}

function describeRun(run) {
  const mib = run.maxRssKiB === undefined ? '?' : (run.maxRssKiB / 1024).toFixed(0)
  const cpu = run.cpuSeconds === undefined ? '?' : run.cpuSeconds.toFixed(2)
  return `${run.wallSeconds.toFixed(2)} s wall, ${cpu} s cpu, ${mib} MiB`
}

/**
 * Runs the packaging rounds for one dataset. config: { workRoot, env, cliPath, runs,
 * packers (names), timeoutMs, admZipTimeoutMs, admZipAddressSpaceKiB, log }. Returns
 * { tools: { [name]: { label, ours, mayFail, runs, summary, roundTrip, sameBytesEveryRun } },
 *   oursArchive, repoDir, crashed: [messages] }.
 */
export async function benchPackaging(dataset, config) {
  const { log } = config
  const workDir = path.join(config.workRoot, `pack-${dataset.id}`)
  const outDir = path.join(workDir, 'out')
  const scratchDir = path.join(workDir, 'scratch')
  mkdirSync(outDir, { recursive: true })
  mkdirSync(scratchDir, { recursive: true })
  const { work: repoDir } = makeScratchRepo(config.env, path.join(workDir, 'repo'))
  const packers = PACKERS.filter(p => config.packers.includes(p.name))
  const ctx = { ...config, dataset, repoDir, scratchDir }
  const tools = {}
  for (const p of packers)
    tools[p.name] = {
      label: p.label,
      ours: !!p.ours,
      mayFail: !!p.mayFail,
      runs: [],
      kept: undefined
    }
  const crashed = []
  const extraChecks = []

  log(`packaging ${dataset.id}: warming the page cache`)
  await warmPageCache(dataset.dir)
  for (let round = 0; round < config.runs; round++) {
    for (const packer of roundOrder(packers, round)) {
      const tool = tools[packer.name]
      if (tool.gaveUp) continue
      settleDisk()
      const { run, archivePath } = await packer.pack(
        ctx,
        path.join(outDir, `${packer.name}-${round}.zip`)
      )
      const ok = succeeded(run) && archivePath !== undefined
      const entry = {
        round,
        ok,
        wallSeconds: run.wallSeconds,
        cpuSeconds: run.cpuSeconds,
        maxRssKiB: run.maxRssKiB,
        exitCode: run.exitCode
      }
      if (ok) {
        entry.archiveBytes = statSync(archivePath).size
        if (!tool.kept) {
          tool.kept = { path: archivePath, round }
        } else {
          tool.kept.sha256 ??= await sha256OfFile(tool.kept.path)
          entry.sameBytesAsFirst = (await sha256OfFile(archivePath)) === tool.kept.sha256
          if (!entry.sameBytesAsFirst)
            extraChecks.push({
              tool,
              packer,
              check: await checkArchiveRoundTrip(archivePath, dataset.files, {
                env: config.env,
                hasManifest: packer.hasManifest
              })
            })
          rmSync(archivePath, { force: true })
        }
        log(
          `  ${dataset.id} round ${round + 1} ${packer.name}: ${describeRun(run)}, ${entry.archiveBytes} bytes`
        )
      } else {
        entry.failure = run.timedOut ? 'timed out' : failureReason(run)
        log(`  ${dataset.id} round ${round + 1} ${packer.name}: FAILED (${entry.failure})`)
        if (packer.mayFail)
          tool.gaveUp = true // one failure is the finding; do not repeat a 10-minute timeout
        else crashed.push(`packaging ${dataset.id} with ${packer.name}: ${entry.failure}`)
      }
      rmSync(run.stdoutFile, { force: true })
      rmSync(run.stderrFile, { force: true })
      tool.runs.push(entry)
    }
  }

  for (const packer of packers) {
    const tool = tools[packer.name]
    tool.summary = summarizeRuns(tool.runs)
    if (!tool.kept) {
      tool.roundTrip = { ok: false, skipped: true, summary: 'no archive' }
      continue
    }
    log(`  ${dataset.id} round trip of ${packer.name}'s archive (python zipfile, sha256 per file)`)
    tool.roundTrip = await checkArchiveRoundTrip(tool.kept.path, dataset.files, {
      env: config.env,
      hasManifest: packer.hasManifest
    })
    for (const extra of extraChecks.filter(e => e.tool === tool))
      if (!extra.check.ok)
        tool.roundTrip = { ...extra.check, summary: `a later run: ${extra.check.summary}` }
    const later = tool.runs.filter(r => r.ok && r.round !== tool.kept.round)
    tool.sameBytesEveryRun = later.length === 0 ? undefined : later.every(r => r.sameBytesAsFirst)
    if (!tool.roundTrip.ok)
      crashed.push(
        `round trip of ${packer.name}'s archive of ${dataset.id}: ${tool.roundTrip.summary}`
      )
    log(
      `  ${dataset.id} ${packer.name}: round trip ${tool.roundTrip.ok ? 'ok' : 'FAILED'}: ${tool.roundTrip.summary}`
    )
  }
  const oursArchive = tools.ours?.kept?.path
  for (const tool of Object.values(tools)) {
    if (tool.kept && tool.kept.path !== oursArchive) rmSync(tool.kept.path, { force: true })
    delete tool.kept
    delete tool.gaveUp
  }
  return { tools, oursArchive, repoDir, workDir, crashed }
}
