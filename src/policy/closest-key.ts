/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}

/**
 * The known key an unknown one was probably meant to be: the nearest by edit distance
 * (ignoring case, and treating '-' like '_'), if it is close enough to be a typo, or the
 * known key that contains it.
 */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const probe = unknown.toLowerCase().replace(/-/g, '_')
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const distance = editDistance(probe, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const limit = Math.max(2, Math.floor((best?.length ?? 0) / 3))
  if (bestDistance <= limit) return best
  // a fragment of a key ("threshold") is as good a clue as a typo
  return probe.length >= 4 ? known.find(candidate => candidate.includes(probe)) : undefined
}
