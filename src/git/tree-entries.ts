/**
 * Parsers and formatters for git's NUL-terminated listings (`ls-tree -z`, `ls-files -s -z`)
 * and for `update-index -z --index-info` input. Paths are taken verbatim (no quoting), so
 * names with spaces, quotes, newlines or unicode survive the round trip.
 */

export interface TreeEntry {
  /** Octal mode as git prints it: 100644, 100755, 120000 (symlink), 160000 (submodule), 040000. */
  mode: string
  type: 'blob' | 'tree' | 'commit'
  oid: string
  /** Blob size in bytes (only with `ls-tree -l`; undefined for trees and submodules). */
  size: number | undefined
  path: string
}

export interface IndexEntry {
  mode: string
  oid: string
  /** 0 for a normal entry; 1-3 while a merge conflict is unresolved. */
  stage: number
  path: string
}

export const SYMLINK_MODE = '120000'
export const SUBMODULE_MODE = '160000'

const TAB = 0x09
const NUL = 0x00

/** Splits NUL-terminated records into [metadata, path] at the first TAB. */
function records(stdout: Buffer): Array<[string, string]> {
  const out: Array<[string, string]> = []
  let start = 0
  while (start < stdout.length) {
    let end = stdout.indexOf(NUL, start)
    if (end === -1) end = stdout.length
    const tab = stdout.indexOf(TAB, start)
    if (tab === -1 || tab > end) throw new Error(`unexpected git listing record at byte ${start}`)
    out.push([
      stdout.subarray(start, tab).toString('utf8'),
      stdout.subarray(tab + 1, end).toString('utf8')
    ])
    start = end + 1
  }
  return out
}

/** Parses `git ls-tree -z [-l]` output. */
export function parseLsTree(stdout: Buffer): TreeEntry[] {
  return records(stdout).map(([meta, path]) => {
    const [mode, type, oid, size] = meta.trim().split(/ +/)
    if (!mode || !oid || (type !== 'blob' && type !== 'tree' && type !== 'commit'))
      throw new Error(`unexpected ls-tree record ${JSON.stringify(meta)}`)
    const parsedSize = size === undefined || size === '-' ? undefined : Number(size)
    return { mode, type, oid, size: parsedSize, path }
  })
}

/** Parses `git ls-files -s -z` output. */
export function parseLsFilesStage(stdout: Buffer): IndexEntry[] {
  return records(stdout).map(([meta, path]) => {
    const [mode, oid, stage] = meta.trim().split(/ +/)
    if (!mode || !oid || stage === undefined)
      throw new Error(`unexpected ls-files record ${JSON.stringify(meta)}`)
    return { mode, oid, stage: Number(stage), path }
  })
}

/** One `update-index -z --index-info` record; `oid: undefined` removes the path. */
export function indexInfoRecord(entry: {
  mode: string
  oid: string | undefined
  path: string
}): string {
  if (entry.oid === undefined) return `0 ${'0'.repeat(40)}\t${entry.path}\0`
  return `${entry.mode} ${entry.oid}\t${entry.path}\0`
}
