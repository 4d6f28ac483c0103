// Medians of measured runs and ratios between tools.

export function median(values) {
  const sorted = values
    .filter(v => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * The medians of the successful runs of one tool: { runs, ok, wallSeconds, wallRange (min and
 * max), cpuSeconds, maxRssMiB, archiveBytes }. Each metric's median is taken on its own. When no run
 * succeeded, the metrics are undefined.
 */
export function summarizeRuns(runs) {
  const good = runs.filter(r => r.ok)
  return {
    runs: runs.length,
    ok: good.length,
    wallSeconds: median(good.map(r => r.wallSeconds)),
    wallRange:
      good.length > 0
        ? [Math.min(...good.map(r => r.wallSeconds)), Math.max(...good.map(r => r.wallSeconds))]
        : undefined,
    cpuSeconds: median(good.map(r => r.cpuSeconds)),
    maxRssMiB: median(good.map(r => (r.maxRssKiB === undefined ? undefined : r.maxRssKiB / 1024))),
    archiveBytes: median(good.map(r => r.archiveBytes))
  }
}

/** ours / theirs, or undefined when either side is missing or theirs is 0. */
export function ratio(ours, theirs) {
  if (typeof ours !== 'number' || typeof theirs !== 'number' || theirs === 0) return undefined
  return ours / theirs
}

/** The order of tools in round `round`: rotated, so no tool always runs first (cold) or last. */
export function roundOrder(items, round) {
  const shift = round % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}
