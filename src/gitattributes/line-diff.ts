/** Lines of context shown around the change. */
const CONTEXT = 3
/** Above this many cells the middle is shown as all-removed then all-added (no LCS). */
const MAX_LCS_CELLS = 1_000_000

type Op = { sign: ' ' | '-' | '+'; text: string }

/**
 * A small unified-style diff of two versions of a text file, for `--check` output: a
 * `---`/`+++` header and one hunk spanning the changed region with a few context lines.
 * `before` undefined means the file does not exist yet. Empty string when equal.
 */
export function lineDiff(name: string, before: Buffer | undefined, after: Buffer): string {
  const a = before === undefined ? [] : splitText(before)
  const b = splitText(after)
  if (before !== undefined && before.equals(after)) return ''

  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1
  let suffix = 0
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1
  }
  const middle = diffMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix))
  const lead = Math.max(0, prefix - CONTEXT)
  const trail = Math.min(suffix, CONTEXT)
  const ops: Op[] = [
    ...a.slice(lead, prefix).map(text => ({ sign: ' ' as const, text })),
    ...middle,
    ...a
      .slice(a.length - suffix, a.length - suffix + trail)
      .map(text => ({ sign: ' ' as const, text }))
  ]
  const oldCount = ops.filter(op => op.sign !== '+').length
  const newCount = ops.filter(op => op.sign !== '-').length
  const header = [
    before === undefined ? '--- /dev/null' : `--- a/${name}`,
    `+++ b/${name}`,
    `@@ -${range(lead, oldCount)} +${range(lead, newCount)} @@`
  ]
  return [...header, ...ops.map(op => op.sign + op.text)].join('\n') + '\n'
}

/** `start,count` in unified-diff terms (1-based; an empty range names the line before it). */
function range(start: number, count: number): string {
  return count === 0 ? `${start},0` : `${start + 1},${count}`
}

/** Lines without their line endings; a final line break does not make an extra empty line. */
function splitText(bytes: Buffer): string[] {
  const text = bytes.toString('utf8')
  if (text === '') return []
  const lines = text.split('\n').map(line => line.replace(/\r$/, ''))
  if (text.endsWith('\n')) lines.pop()
  return lines
}

/** Longest-common-subsequence diff of two short line lists. */
function diffMiddle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [
      ...a.map(text => ({ sign: '-' as const, text })),
      ...b.map(text => ({ sign: '+' as const, text }))
    ]
  }
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j]
          ? lengths[i + 1]![j + 1]! + 1
          : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ sign: ' ', text: a[i]! })
      i += 1
      j += 1
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      ops.push({ sign: '-', text: a[i++]! })
    } else {
      ops.push({ sign: '+', text: b[j++]! })
    }
  }
  while (i < a.length) ops.push({ sign: '-', text: a[i++]! })
  while (j < b.length) ops.push({ sign: '+', text: b[j++]! })
  return ops
}
