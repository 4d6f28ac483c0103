import { formatBytes, formatCount, formatRate } from '../format/human-units.js'
import type { ProgressUpdate } from './progress.js'

/** `packaging: 1,234/10,000 files, 512 MiB/1.0 GiB, 85.3 MiB/s` */
export function describeProgress(p: ProgressUpdate, elapsedSeconds: number): string {
  const files =
    p.totalFiles === undefined
      ? formatCount(p.files)
      : `${formatCount(p.files)}/${formatCount(p.totalFiles)}`
  const bytes =
    p.totalBytes === undefined
      ? formatBytes(p.bytes)
      : `${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}`
  return `${p.phase}: ${files} files, ${bytes}, ${formatRate(p.bytes, elapsedSeconds)}`
}
