// `npm run bench -- --merge FILE`: a run of some scenarios completed with the others from an
// earlier results file, each marked with the run it came from (results.merged).

/**
 * Copies into `into` the datasets, verify and push results that this run did not measure from
 * `earlier` (a parsed results JSON of the same mode). Returns the list of merged scenarios,
 * also kept as into.merged. Throws when the two runs cannot be combined.
 */
export function mergeEarlierResults(into, earlier) {
  if (typeof earlier !== 'object' || earlier === null || typeof earlier.datasets !== 'object')
    throw new Error('not a bench results file')
  if (earlier.mode !== into.mode)
    throw new Error(`it is a ${earlier.mode} run, this one is ${into.mode}`)
  const origin = {
    date: earlier.machine?.date,
    runs: earlier.runs,
    bundle: earlier.machine?.bundle?.ranSha256 ?? earlier.machine?.bundle?.sha256,
    commit: earlier.machine?.bundle?.commit
  }
  // a scenario the earlier file had merged itself keeps the run it really came from
  const originOf = scenario =>
    (earlier.merged ?? []).find(m => m.scenario === scenario) ?? { scenario, ...origin }
  const merged = []
  for (const [id, entry] of Object.entries(earlier.datasets))
    if (!(id in into.datasets)) {
      into.datasets[id] = entry
      merged.push(originOf(`dataset ${id}`))
    }
  for (const name of ['verify', 'push'])
    if (earlier[name] && !into[name]) {
      into[name] = earlier[name]
      merged.push(originOf(name))
    }
  // what crashed in a merged scenario stays on record
  for (const crash of earlier.crashed ?? [])
    if (merged.some(m => crash.startsWith(m.scenario))) into.crashed.push(crash)
  into.merged = merged
  return merged
}
