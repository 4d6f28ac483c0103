// The goals of issue 5, judged against the medians: PASS, MISS, or n/a when a side is missing
// (dataset not selected, tool failed, --recover not wired yet).
import { ratio } from './stats.mjs'

const WALL_GOALS = { A: 1.0, B: 1.0, C: 0.2, D: 1.2 }
export const RSS_LIMIT_MIB = 150

function judge(target, measured, goal, strict = false) {
  const status =
    measured === undefined ? 'n/a' : (strict ? measured < goal : measured <= goal) ? 'PASS' : 'MISS'
  return {
    target,
    measured,
    goal,
    unit: target.includes('RSS') ? 'MiB' : 'x',
    comparator: strict ? '<' : '<=',
    status
  }
}

/** [{ target, measured, goal, unit, comparator, status }] for every goal the results touch. */
export function evaluateTargets(results) {
  const rows = []
  for (const [id, data] of Object.entries(results.datasets)) {
    const pack = data.packaging?.tools ?? {}
    const ours = pack.ours?.summary
    const zip = pack.zip?.summary
    rows.push(
      judge(
        `packaging ${id}: wall vs zip -6`,
        ratio(ours?.wallSeconds, zip?.wallSeconds),
        WALL_GOALS[id]
      )
    )
    rows.push(
      judge(
        `packaging ${id}: archive size vs zip -6`,
        ratio(ours?.archiveBytes, zip?.archiveBytes),
        1.01
      )
    )
    rows.push(judge(`packaging ${id}: peak RSS`, ours?.maxRssMiB, RSS_LIMIT_MIB, true))
    const recovery = data.recovery?.tools
    if (recovery) {
      const recoverRss = recovery.ours?.summary?.maxRssMiB
      rows.push(judge(`recovery ${id}: peak RSS`, recoverRss, RSS_LIMIT_MIB, true))
      if (id === 'B')
        rows.push(
          judge(
            'recovery B: wall vs unzip',
            ratio(recovery.ours?.summary?.wallSeconds, recovery.unzip?.summary?.wallSeconds),
            1.0
          )
        )
    }
  }
  if (results.verify) {
    const t = results.verify.tools
    rows.push(
      judge(
        'verify: wall vs git ls-files -s',
        ratio(t.ours?.summary?.wallSeconds, t['ls-files']?.summary?.wallSeconds),
        2.0
      )
    )
  }
  if (results.push) {
    const t = results.push.tools
    rows.push(
      judge(
        'end to end (B): wall vs by hand',
        ratio(t.ours?.summary?.wallSeconds, t['by-hand']?.summary?.wallSeconds),
        1.3
      )
    )
  }
  return rows
}
