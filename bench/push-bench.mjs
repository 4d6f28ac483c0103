// End to end on dataset B: `artifact-lfs --package --commit --sync-gitattributes --push` into a
// local bare remote (file://) against the same done by hand: `zip -r -6`, `git add`, `git
// commit`, `git push` in a repo where git-lfs tracks *.zip (like for like: both push an LFS
// object and a pointer commit). Every run gets a fresh repo and remote (setup not timed), and
// every run is checked: the remote's branch has the commit, the committed blob is a pointer to
// the archive, and the LFS object reached the remote's store.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { git, makeScratchRepo } from './git-env.mjs'
import { failureReason, runMeasured, settleDisk, succeeded } from './measure.mjs'
import { checkArchiveRoundTrip, sha256OfFile } from './round-trip.mjs'
import { roundOrder, summarizeRuns } from './stats.mjs'

/** Checks what reached the remote; returns a problem or undefined. */
function checkRemote(env, repo, archiveRel, oid) {
  const local = git(env, repo.work, 'rev-parse', 'HEAD').trim()
  const remote = git(env, repo.bare, 'rev-parse', 'main').trim()
  if (local !== remote)
    return `remote main is ${remote.slice(0, 10)}, local HEAD ${local.slice(0, 10)}`
  const blob = git(env, repo.bare, 'cat-file', '-p', `main:${archiveRel}`)
  if (
    !blob.startsWith('version https://git-lfs.github.com/spec/v1\n') ||
    !blob.includes(`oid sha256:${oid}\n`)
  )
    return `${archiveRel} was committed as ${blob.length} raw bytes, not as a pointer to ${oid.slice(0, 12)}`
  if (!existsSync(path.join(repo.bare, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid)))
    return `the LFS object ${oid.slice(0, 12)} is not in the remote's store`
  return undefined
}

async function runOurs(ctx, repo) {
  const run = await runMeasured(
    process.execPath,
    [
      ctx.cliPath,
      '--package',
      '--commit',
      '--sync-gitattributes',
      '--push',
      '--tmp-dir',
      ctx.dataset.dir,
      '--json'
    ],
    { cwd: repo.work, env: ctx.env, timeoutMs: ctx.timeoutMs, scratchDir: ctx.scratchDir }
  )
  const result = { ...pick(run) }
  if (!succeeded(run)) return { ...result, failure: failureReason(run) }
  const json = JSON.parse(readFileSync(run.stdoutFile, 'utf8'))
  if (json.push?.status !== 'pushed')
    return { ...result, failure: `push status ${json.push?.status}` }
  const archive = json.package.archivePath
  return {
    ...result,
    archive,
    failure: checkRemote(ctx.env, repo, json.package.archiveRelPath, json.package.sha256)
  }
}

async function runByHand(ctx, repo) {
  const archiveRel = 'sessions/session.zip'
  const archive = path.join(repo.work, archiveRel)
  mkdirSync(path.dirname(archive), { recursive: true })
  const options = cwd => ({
    cwd,
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
    scratchDir: ctx.scratchDir
  })
  const steps = [
    ['zip', ['-r', '-6', '-q', archive, '.'], ctx.dataset.dir],
    ['git', ['add', archiveRel], repo.work],
    ['git', ['commit', '-q', '-m', 'Add session artifact'], repo.work],
    ['git', ['push', '-q', 'origin', 'main'], repo.work]
  ]
  const total = { wallSeconds: 0, cpuSeconds: 0, maxRssKiB: 0, steps: [] }
  for (const [command, args, cwd] of steps) {
    const run = await runMeasured(command, args, options(cwd))
    total.wallSeconds += run.wallSeconds
    total.cpuSeconds += run.cpuSeconds ?? 0
    total.maxRssKiB = Math.max(total.maxRssKiB, run.maxRssKiB ?? 0)
    total.steps.push({
      step: `${command} ${args[0]}`,
      wallSeconds: run.wallSeconds,
      maxRssKiB: run.maxRssKiB
    })
    const failure = succeeded(run) ? undefined : `${command} ${args[0]}: ${failureReason(run)}`
    rmSync(run.stdoutFile, { force: true })
    rmSync(run.stderrFile, { force: true })
    if (failure) return { ...total, failure }
  }
  const oid = await sha256OfFile(archive)
  return { ...total, archive, failure: checkRemote(ctx.env, repo, archiveRel, oid) }
}

function pick(run) {
  return {
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds,
    maxRssKiB: run.maxRssKiB,
    stdoutFile: run.stdoutFile,
    stderrFile: run.stderrFile
  }
}

const WAYS = [
  {
    name: 'ours',
    label: 'artifact-lfs --package --commit --sync-gitattributes --push',
    ours: true,
    run: runOurs,
    hasManifest: true
  },
  { name: 'by-hand', label: 'zip -r -6 + git add + git commit + git push', run: runByHand }
]

/** config: { workRoot, env, cliPath, runs, timeoutMs, log }. dataset: B, materialized. */
export async function benchPush(dataset, config) {
  const workDir = path.join(config.workRoot, 'push')
  const scratchDir = path.join(workDir, 'scratch')
  mkdirSync(scratchDir, { recursive: true })
  const ctx = { ...config, dataset, scratchDir }
  const tools = {}
  for (const w of WAYS) tools[w.name] = { label: w.label, ours: !!w.ours, runs: [] }
  const crashed = []
  for (let round = 0; round < config.runs; round++) {
    for (const way of roundOrder(WAYS, round)) {
      const base = path.join(workDir, `${way.name}-${round}`)
      const repo = makeScratchRepo(config.env, base, {
        remote: true,
        lfsTrackZip: way.name === 'by-hand'
      })
      settleDisk()
      const outcome = await way.run(ctx, repo)
      const tool = tools[way.name]
      if (!outcome.failure && !tool.roundTrip) {
        tool.roundTrip = await checkArchiveRoundTrip(outcome.archive, dataset.files, {
          env: config.env,
          hasManifest: way.hasManifest
        })
        if (!tool.roundTrip.ok)
          crashed.push(`round trip of the pushed archive (${way.name}): ${tool.roundTrip.summary}`)
      }
      if (outcome.failure) crashed.push(`end to end (${way.name}): ${outcome.failure}`)
      tool.runs.push({
        round,
        ok: !outcome.failure,
        wallSeconds: outcome.wallSeconds,
        cpuSeconds: outcome.cpuSeconds,
        maxRssKiB: outcome.maxRssKiB,
        steps: outcome.steps,
        failure: outcome.failure
      })
      config.log(
        `  push round ${round + 1} ${way.name}: ` +
          (outcome.failure
            ? `FAILED (${outcome.failure})`
            : `${outcome.wallSeconds.toFixed(2)} s wall, ${(outcome.maxRssKiB / 1024).toFixed(0)} MiB`)
      )
      for (const file of [outcome.stdoutFile, outcome.stderrFile])
        if (file) rmSync(file, { force: true })
      rmSync(base, { recursive: true, force: true })
    }
  }
  for (const tool of Object.values(tools)) {
    tool.summary = summarizeRuns(tool.runs)
    tool.roundTrip ??= { ok: false, skipped: true, summary: 'no successful run' }
  }
  return { tools, crashed }
}
