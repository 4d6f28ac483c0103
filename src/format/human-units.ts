/** Human-readable sizes and rates for logs, summaries and progress lines. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`
}

export function formatRate(bytes: number, seconds: number): string {
  if (seconds <= 0) return '-'
  return `${formatBytes(bytes / seconds)}/s`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}
