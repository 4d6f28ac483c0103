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

/**
 * Says whether a regular-file blob of an `ls-tree -l -z` listing is wanted, from its path bytes
 * (`listing[pathStart..pathEnd)`, undecoded) and its size (0 when the listing has none).
 * Called once per blob: keep it cheap.
 */
export type BlobWanted = (
  listing: Buffer,
  pathStart: number,
  pathEnd: number,
  size: number
) => boolean

const SPACE = 0x20
const DIGIT_0 = 0x30
const SYMLINK_MODE_BYTES = Buffer.from(SYMLINK_MODE, 'latin1')
const SUBMODULE_MODE_BYTES = Buffer.from(SUBMODULE_MODE, 'latin1')
const BLOB_TYPE_BYTES = Buffer.from('blob', 'latin1')

/**
 * The regular-file blobs of `git ls-tree -r -l -z` output (symlinks, submodules and trees left
 * out) that `wanted` accepts, as TreeEntry: the same entries `parseLsTree` gives for them, and
 * malformed records are refused too. It works on the bytes and decodes strings only for the
 * entries it returns: on a 100,000-file tree where five are wanted, it builds five objects
 * instead of 100,000 (the allocations and GC dominated verify's run time).
 */
export function selectRegularBlobs(listing: Buffer, wanted: BlobWanted): TreeEntry[] {
  const selected: TreeEntry[] = []
  const end = listing.length
  let at = 0
  while (at < end) {
    const recordStart = at
    // metadata: `<mode> <type> <oid> <size>` with one or more spaces between, then a TAB
    const modeStart = skipSpaces(listing, at, end)
    const modeEnd = tokenEnd(listing, modeStart, end)
    const typeStart = skipSpaces(listing, modeEnd, end)
    const typeEnd = tokenEnd(listing, typeStart, end)
    const oidStart = skipSpaces(listing, typeEnd, end)
    const oidEnd = tokenEnd(listing, oidStart, end)
    const sizeStart = skipSpaces(listing, oidEnd, end)
    const sizeEnd = tokenEnd(listing, sizeStart, end)
    const tab = skipSpaces(listing, sizeEnd, end)
    if (tab >= end || listing[tab] !== TAB)
      throw new Error(`unexpected ls-tree record at byte ${recordStart}`)
    const pathStart = tab + 1
    let pathEnd = pathStart
    while (pathEnd < end && listing[pathEnd] !== NUL) pathEnd++
    at = pathEnd + 1

    if (modeEnd === modeStart || oidEnd === oidStart)
      throw new Error(`unexpected ls-tree record at byte ${recordStart}`)
    if (!bytesEqual(listing, typeStart, typeEnd, BLOB_TYPE_BYTES)) {
      const type = listing.toString('latin1', typeStart, typeEnd)
      if (type !== 'tree' && type !== 'commit')
        throw new Error(`unexpected ls-tree record type ${JSON.stringify(type)}`)
      continue
    }
    if (
      bytesEqual(listing, modeStart, modeEnd, SYMLINK_MODE_BYTES) ||
      bytesEqual(listing, modeStart, modeEnd, SUBMODULE_MODE_BYTES)
    )
      continue
    const size = sizeOf(listing, sizeStart, sizeEnd)
    if (!wanted(listing, pathStart, pathEnd, size ?? 0)) continue
    selected.push({
      mode: listing.toString('latin1', modeStart, modeEnd),
      type: 'blob',
      oid: listing.toString('latin1', oidStart, oidEnd),
      size,
      path: listing.toString('utf8', pathStart, pathEnd)
    })
  }
  return selected
}

/**
 * `selectRegularBlobs` fed chunk by chunk as git writes the listing (execGit's `onStdout`):
 * parsing overlaps git's own work on the other core, and the listing is never copied whole
 * (on a 100,000-file tree that copy alone is 8 MiB of fresh pages).
 */
export class RegularBlobScanner {
  private readonly wanted: BlobWanted
  private readonly selected: TreeEntry[] = []
  /** The start of a record whose NUL has not arrived yet. */
  private partial: Buffer | undefined
  private failure: unknown

  constructor(wanted: BlobWanted) {
    this.wanted = wanted
  }

  /**
   * Never throws (it runs in a stream callback): a malformed record is reported by `finish`.
   * Keeps no reference to `chunk` (a record cut at its end is copied): the caller may refill it.
   */
  push(chunk: Buffer): void {
    if (this.failure !== undefined) return
    try {
      this.scan(chunk)
    } catch (error) {
      this.failure = error
    }
  }

  /** The entries selected, once the listing has ended; throws on a malformed listing. */
  finish(): TreeEntry[] {
    if (this.failure !== undefined) throw this.failure
    // git ends every record with a NUL; a last record without one is taken as it is
    if (this.partial !== undefined) this.collect(this.partial)
    this.partial = undefined
    return this.selected
  }

  private scan(chunk: Buffer): void {
    let from = 0
    if (this.partial !== undefined) {
      const nul = chunk.indexOf(NUL)
      if (nul === -1) {
        this.partial = Buffer.concat([this.partial, chunk])
        return
      }
      this.collect(Buffer.concat([this.partial, chunk.subarray(0, nul + 1)]))
      this.partial = undefined
      from = nul + 1
    }
    const lastNul = chunk.lastIndexOf(NUL)
    if (lastNul >= from) this.collect(chunk.subarray(from, lastNul + 1))
    const rest = Math.max(from, lastNul + 1)
    // a copy, so the chunk itself can be freed: the tail is one record at most
    if (rest < chunk.length) this.partial = Buffer.from(chunk.subarray(rest))
  }

  private collect(records: Buffer): void {
    for (const entry of selectRegularBlobs(records, this.wanted)) this.selected.push(entry)
  }
}

function skipSpaces(bytes: Buffer, at: number, end: number): number {
  while (at < end && bytes[at] === SPACE) at++
  return at
}

/** Where a metadata token that starts at `at` ends: at a space, a TAB or a NUL. */
function tokenEnd(bytes: Buffer, at: number, end: number): number {
  while (at < end) {
    const byte = bytes[at]
    if (byte === SPACE || byte === TAB || byte === NUL) break
    at++
  }
  return at
}

function bytesEqual(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false
  return true
}

/** A blob's size as `ls-tree -l` prints it; undefined without `-l`, as in parseLsTree. */
function sizeOf(bytes: Buffer, start: number, end: number): number | undefined {
  if (start === end) return undefined
  let size = 0
  for (let i = start; i < end; i++) {
    const digit = (bytes[i] as number) - DIGIT_0
    if (digit < 0 || digit > 9) {
      const text = bytes.toString('latin1', start, end)
      return text === '-' ? undefined : Number(text)
    }
    size = size * 10 + digit
  }
  return size
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
