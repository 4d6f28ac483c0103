// The benchmark report: one Markdown document (targets, ratios ours/theirs, raw medians,
// failures, machine) printed and written to bench-results/latest.md, and the full results
// (every run) to bench-results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ratio } from './stats.mjs'

const MiB = 1024 * 1024

function num(value, digits = 2) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-'
}

function table(header, rows) {
  const line = cells => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Every measured scenario as [title, tools] pairs, in report order. */
function scenarios(results) {
  const list = []
  for (const [id, data] of Object.entries(results.datasets)) {
    const d = data.dataset
    const what = `${id} (${d.fileCount} files, ${num(d.totalBytes / MiB, 1)} MiB)`
    if (data.packaging)
      list.push({ title: `package ${what}`, tools: data.packaging.tools, reference: 'ours' })
    if (data.recovery)
      list.push({ title: `recover ${what}`, tools: data.recovery.tools, reference: 'ours' })
  }
  if (results.verify) {
    const r = results.verify.repo
    list.push({
      title: `verify (${r.files} tracked files, ${r.pointers} LFS pointers)`,
      tools: results.verify.tools
    })
  }
  if (results.push)
    list.push({ title: 'end to end push of B (file:// remote)', tools: results.push.tools })
  return list
}

function roundTripCell(tool) {
  if (tool.status) return tool.status
  if (!tool.roundTrip) return '-'
  if (tool.roundTrip.skipped) return `not checked (${tool.roundTrip.summary})`
  return tool.roundTrip.ok ? `ok (${tool.roundTrip.summary})` : `FAILED: ${tool.roundTrip.summary}`
}

function failuresOf(tool) {
  return tool.runs.filter(r => !r.ok).map(r => r.failure)
}

export function renderMarkdown(results) {
  const m = results.machine
  const out = []
  out.push(`# artifact-lfs benchmark (${results.mode}), ${m.date}`)
  out.push('')
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; load average ${m.loadAverageAtStart.join(' ')} at start, ${(results.loadAverageAtEnd ?? []).join(' ')} at end.  `
  )
  out.push(
    `Tools: node ${m.node}, ${m.git}, ${m.gitLfs}, ${m.zip}, ${m.unzip}, ${m.python}, adm-zip ${m.admZip}.  `
  )
  out.push(
    `Ours: \`node dist/cli.js\`, a copy taken at the start (sha256 ${m.bundle.ranSha256 ?? m.bundle.sha256}; HEAD ${m.bundle.commit}${m.bundle.uncommittedChanges ? ', dist/cli.js had uncommitted changes' : ''}).  `
  )
  if (results.bundleChangedDuringRun)
    out.push(
      `dist/cli.js was rebuilt during the run (sha256 ${results.bundleChangedDuringRun} at the end); the numbers are all from the copy.  `
    )
  for (const m of results.merged ?? [])
    out.push(
      `${m.scenario}: from an earlier run (${m.date}, ${m.runs} run(s) per tool, bundle sha256 ${m.bundle}, HEAD ${m.commit}).  `
    )
  out.push(
    `Median of ${results.runs} interleaved runs per tool (order rotates each round); wall from spawn to exit, CPU = user + sys of the process and its children, peak RSS = largest single process (GNU time). Took ${num(results.elapsedSeconds / 60, 1)} min.`
  )
  out.push('')
  out.push('## Targets')
  out.push('')
  out.push(
    table(
      ['target', 'measured', 'goal', 'result'],
      results.targets.map(t => [
        t.target,
        t.measured === undefined
          ? 'n/a'
          : t.unit === 'MiB'
            ? `${num(t.measured, 0)} MiB`
            : `${num(t.measured)}x`,
        `${t.comparator} ${t.goal}${t.unit === 'MiB' ? ' MiB' : 'x'}`,
        t.status
      ])
    )
  )
  out.push('')
  out.push('## Ratios: ours / theirs (medians; below 1 means ours is faster, leaner or smaller)')
  out.push('')
  const ratioRows = []
  for (const s of scenarios(results)) {
    const ours = s.tools.ours?.summary
    for (const tool of Object.values(s.tools)) {
      if (tool.ours) continue
      const theirs = tool.summary
      ratioRows.push([
        s.title,
        tool.label,
        num(ratio(ours?.wallSeconds, theirs?.wallSeconds)),
        num(ratio(ours?.cpuSeconds, theirs?.cpuSeconds)),
        num(ratio(ours?.maxRssMiB, theirs?.maxRssMiB)),
        num(ratio(ours?.archiveBytes, theirs?.archiveBytes), 3)
      ])
    }
  }
  out.push(table(['scenario', 'vs', 'wall', 'cpu', 'peak RSS', 'size'], ratioRows))
  out.push('')
  out.push('## Raw numbers (medians of the successful runs)')
  out.push('')
  const rawRows = []
  for (const s of scenarios(results)) {
    for (const tool of Object.values(s.tools)) {
      const t = tool.summary ?? {}
      rawRows.push([
        s.title,
        tool.label,
        tool.status ? 'n/a' : `${t.ok ?? 0}/${t.runs ?? 0}`,
        num(t.wallSeconds),
        t.wallRange ? `${num(t.wallRange[0])}-${num(t.wallRange[1])}` : '-',
        num(t.cpuSeconds),
        num(t.maxRssMiB, 0),
        t.archiveBytes === undefined ? '-' : num(t.archiveBytes / MiB, 2),
        roundTripCell(tool) + (failuresOf(tool).length ? `; failed: ${failuresOf(tool)[0]}` : '')
      ])
    }
  }
  out.push(
    table(
      [
        'scenario',
        'tool',
        'ok/runs',
        'wall s',
        'wall min-max',
        'cpu s',
        'peak RSS MiB',
        'archive MiB',
        'round trip / notes'
      ],
      rawRows
    )
  )
  out.push('')
  out.push('## Outcome')
  out.push('')
  if (results.crashed.length === 0)
    out.push('No tool crashed; every checked round trip was byte-identical.')
  else for (const c of results.crashed) out.push(`- FAILED: ${c}`)
  if (results.expectedFailures.length > 0) {
    out.push('')
    out.push('Recorded, not fatal (tools expected to break at these sizes):')
    for (const f of results.expectedFailures) out.push(`- ${f}`)
  }
  out.push('')
  return out.join('\n')
}

/** Writes latest.json and latest.md under `dir`; returns their paths. */
export function writeReport(dir, results, markdown) {
  mkdirSync(dir, { recursive: true })
  const json = path.join(dir, 'latest.json')
  const md = path.join(dir, 'latest.md')
  writeFileSync(json, JSON.stringify(results, null, 2) + '\n')
  writeFileSync(md, markdown)
  return { json, md }
}
