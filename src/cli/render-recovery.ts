import { formatBytes } from '../format/human-units.js'
import type { ArchiveListing } from '../recover/list-archives.js'
import type { RecoverResult } from '../recover/recover-session.js'

export function renderRecovery(result: RecoverResult): string {
  const lines = [
    `recovered: ${result.archive}${result.fetched ? ' (fetched its LFS object)' : ''}`,
    `  into: ${result.tmpDir}`,
    `  written: ${result.written.length} file(s), ${formatBytes(result.totalBytes)}`,
    `  already identical: ${result.skippedIdentical.length}`
  ]
  return lines.join('\n') + '\n'
}

export function renderListing(archives: ArchiveListing[]): string {
  if (archives.length === 0) return 'no session archives\n'
  const rows = archives.map(a => [
    a.name,
    a.size === undefined ? '-' : formatBytes(a.size),
    a.files === undefined ? '-' : String(a.files),
    a.objectPresent ? 'local' : 'pointer only',
    a.tracked ? 'tracked' : 'untracked'
  ])
  const header = ['ARCHIVE', 'SIZE', 'FILES', 'LFS OBJECT', 'GIT']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
