import type { FileHandle } from 'node:fs/promises'
import { archiveError, quoteName } from './archive-error.js'
import {
  CENTRAL_HEADER_SIZE,
  EXTRA_EXTENDED_TIMESTAMP,
  EXTRA_UNICODE_PATH,
  EXTRA_ZIP64,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  METHOD_STORED,
  parseExtraFields,
  readAt,
  readZip64Values,
  SIG_CENTRAL_HEADER,
  U16_SENTINEL,
  U32_SENTINEL
} from './zip-bytes.js'
import { readEndRecord } from './zip-end-record.js'
import { decodeEntryName } from './zip-name-decoding.js'

export type ZipEntryKind = 'file' | 'directory' | 'symlink'

/** One central-directory record, decoded and checked. */
export interface ZipEntryInfo {
  /** Position in the central directory (0-based). */
  index: number
  /** Decoded name exactly as stored ('/'-separated; directories usually end with '/'). */
  name: string
  rawName: Buffer
  /** General-purpose flag bit 11: the writer declared the name as UTF-8. */
  utf8: boolean
  flags: number
  /** 0 = stored, 8 = deflate; others are listed but cannot be read. */
  method: number
  compressedSize: number
  uncompressedSize: number
  crc32: number
  /** Permission bits (0o7777) from the unix mode, or a default when the archive has none. */
  mode: number
  kind: ZipEntryKind
  /** Extended-timestamp mtime (UTC) if present, else the DOS time read as local time. */
  mtime: Date
  localHeaderOffset: number
  /** Raw external file attributes (unix mode << 16 on unix-made archives). */
  externalAttributes: number
}

export interface CentralDirectory {
  entries: ZipEntryInfo[]
  /** Per entry index: the first byte its data may not reach (next local header or directory). */
  dataLimits: number[]
  zip64: boolean
}

/** Refuse directories that could not be real; the whole directory is read into memory. */
const MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024 * 1024
const HOST_UNIX = 3
const HOST_DARWIN = 19
const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const DOS_DIRECTORY = 0x10

export async function readCentralDirectory(
  handle: FileHandle,
  archivePath: string,
  fileSize: number
): Promise<CentralDirectory> {
  const end = await readEndRecord(handle, archivePath, fileSize)
  const cdStart = end.centralDirectoryOffset
  const cdEnd = cdStart + end.centralDirectorySize
  if (cdEnd > fileSize) {
    throw archiveError(
      archivePath,
      `is truncated or corrupt: the central directory (${end.centralDirectorySize} bytes at offset ${cdStart}) runs past the end of the file (${fileSize} bytes)`
    )
  }
  if (cdEnd !== end.endRecordsOffset) {
    throw archiveError(
      archivePath,
      `corrupt central directory: it should end where the end record starts (offset ${end.endRecordsOffset}) but ends at ${cdEnd}; the file is damaged or has data prepended`
    )
  }
  const room = Math.floor(end.centralDirectorySize / CENTRAL_HEADER_SIZE)
  if (end.entryCount > room) {
    throw archiveError(
      archivePath,
      `corrupt central directory: it claims ${end.entryCount} entries but its ${end.centralDirectorySize} bytes have room for at most ${room}`
    )
  }
  if (end.centralDirectorySize > MAX_CENTRAL_DIRECTORY_BYTES) {
    throw archiveError(
      archivePath,
      `central directory is ${end.centralDirectorySize} bytes, more than the supported ${MAX_CENTRAL_DIRECTORY_BYTES}`
    )
  }
  const directory = await readAt(
    handle,
    archivePath,
    cdStart,
    end.centralDirectorySize,
    'the central directory'
  )
  const entries: CentralEntry[] = []
  const table = new EntryTable(end.entryCount)
  let pos = 0
  for (let index = 0; index < end.entryCount; index++) {
    const { entry, next } = parseRecord(directory, pos, index, archivePath, table)
    entries.push(entry)
    pos = next
  }
  if (pos !== directory.length) {
    throw archiveError(
      archivePath,
      `corrupt central directory: ${directory.length - pos} bytes follow its last record (it declares ${end.entryCount} entries)`
    )
  }
  return { entries, dataLimits: checkDataRanges(entries, cdStart, archivePath), zip64: end.zip64 }
}

function parseRecord(
  cd: Buffer,
  pos: number,
  index: number,
  archivePath: string,
  table: EntryTable
): { entry: CentralEntry; next: number } {
  const where = `central directory record ${index} (offset ${pos} in the directory)`
  if (pos + CENTRAL_HEADER_SIZE > cd.length) {
    throw archiveError(archivePath, `corrupt central directory: ${where} is cut off`)
  }
  if (cd.readUInt32LE(pos) !== SIG_CENTRAL_HEADER) {
    throw archiveError(archivePath, `corrupt central directory: ${where} has a bad signature`)
  }
  const host = cd.readUInt8(pos + 5)
  const flags = cd.readUInt16LE(pos + 8)
  const nameLength = cd.readUInt16LE(pos + 28)
  const extraLength = cd.readUInt16LE(pos + 30)
  const commentLength = cd.readUInt16LE(pos + 32)
  const next = pos + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength
  if (next > cd.length) {
    throw archiveError(archivePath, `corrupt central directory: ${where} runs past its end`)
  }
  const nameStart = pos + CENTRAL_HEADER_SIZE
  const nameEnd = nameStart + nameLength
  const extra = parseExtraFields(cd.subarray(nameEnd, nameEnd + extraLength))
  if (extra === undefined) {
    throw archiveError(
      archivePath,
      `corrupt central directory: ${where} has a malformed extra field`
    )
  }
  const utf8 = (flags & FLAG_UTF8) !== 0
  const unicodePath = extra.get(EXTRA_UNICODE_PATH)
  // an ASCII name reads the same in every encoding (unless a Unicode Path field overrides it)
  const plainAscii = isAscii(cd, nameStart, nameEnd) && (utf8 || unicodePath === undefined)
  const rawName = plainAscii ? undefined : Buffer.from(cd.subarray(nameStart, nameEnd))
  const name =
    rawName === undefined
      ? cd.toString('latin1', nameStart, nameEnd)
      : decodeEntryName(rawName, utf8, unicodePath)
  if (name === undefined) {
    throw archiveError(archivePath, `${where}: the name is flagged UTF-8 but is not valid UTF-8`)
  }
  const label = `entry ${quoteName(name)}`
  if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0) {
    throw archiveError(archivePath, `${label} is encrypted; encrypted archives are not supported`, {
      hint: 'create the archive without a password'
    })
  }
  let uncompressedSize = cd.readUInt32LE(pos + 24)
  let compressedSize = cd.readUInt32LE(pos + 20)
  let localHeaderOffset = cd.readUInt32LE(pos + 42)
  const diskStart = cd.readUInt16LE(pos + 34)
  const wanted = [uncompressedSize, compressedSize, localHeaderOffset].map(v => v === U32_SENTINEL)
  if (wanted.some(Boolean)) {
    const values = readZip64Values(extra.get(EXTRA_ZIP64), wanted, archivePath, label)
    if (values === undefined) {
      throw archiveError(
        archivePath,
        `corrupt central directory: ${label} needs a zip64 extra field but it is missing or too short`
      )
    }
    uncompressedSize = values[0] ?? uncompressedSize
    compressedSize = values[1] ?? compressedSize
    localHeaderOffset = values[2] ?? localHeaderOffset
  }
  if (diskStart !== 0 && diskStart !== U16_SENTINEL) {
    throw archiveError(
      archivePath,
      `${label} starts on disk ${diskStart}; split archives are not supported`
    )
  }
  const method = cd.readUInt16LE(pos + 10)
  if (method === METHOD_STORED && compressedSize !== uncompressedSize) {
    throw archiveError(
      archivePath,
      `corrupt central directory: ${label} is stored (not compressed) but declares ${compressedSize} stored bytes for ${uncompressedSize} bytes of content`
    )
  }
  const externalAttributes = cd.readUInt32LE(pos + 38)
  const { kind, mode } = kindAndMode(name, host, externalAttributes, archivePath, label)
  table.flags[index] = flags
  table.methods[index] = method
  table.compressedSizes[index] = compressedSize
  table.uncompressedSizes[index] = uncompressedSize
  table.crc32s[index] = cd.readUInt32LE(pos + 16)
  table.modes[index] = mode
  table.kinds[index] = KINDS.indexOf(kind)
  table.mtimeRefs[index] = table.dates.refOf(
    cd.readUInt16LE(pos + 12),
    cd.readUInt16LE(pos + 14),
    extra
  )
  table.localHeaderOffsets[index] = localHeaderOffset
  table.externalAttributes[index] = externalAttributes
  return { entry: new CentralEntry(name, index, table, rawName), next }
}

function kindAndMode(
  name: string,
  host: number,
  external: number,
  archivePath: string,
  label: string
): { kind: ZipEntryKind; mode: number } {
  const unixMode = host === HOST_UNIX || host === HOST_DARWIN ? external >>> 16 : 0
  const type = unixMode & S_IFMT
  const namedLikeDirectory = name.endsWith('/')
  let kind: ZipEntryKind
  if (type === S_IFLNK) kind = 'symlink'
  else if (type === S_IFDIR) kind = 'directory'
  else if (type === 0 || type === S_IFREG) {
    kind =
      namedLikeDirectory || (type === 0 && (external & DOS_DIRECTORY) !== 0) ? 'directory' : 'file'
  } else {
    throw archiveError(
      archivePath,
      `${label} is a special file (unix type 0o${type.toString(8)}); only files, directories and symlinks are supported`
    )
  }
  if (namedLikeDirectory && kind !== 'directory') {
    throw archiveError(
      archivePath,
      `${label} ends with "/" like a directory but its mode says it is a ${kind}`
    )
  }
  const permissions = unixMode & 0o7777
  const fallback = kind === 'directory' ? 0o755 : kind === 'symlink' ? 0o777 : 0o644
  return { kind, mode: permissions === 0 ? fallback : permissions }
}

/**
 * Entry mtimes, one Date per distinct time: archives mostly repeat a few timestamps, and a
 * Date per entry is a lot of memory for many small files. (Nobody mutates these Dates.)
 */
class SharedDates {
  readonly dates: Date[] = []
  private lastKey = Number.NaN

  /** The Date's place in `dates`: extended-timestamp mtime (UTC) if present, else the DOS time read as local time. */
  refOf(dosTime: number, dosDate: number, extra: Map<number, Buffer>): number {
    const stamp = extra.get(EXTRA_EXTENDED_TIMESTAMP)
    const unix =
      stamp !== undefined && stamp.length >= 5 && (stamp[0] & 1) !== 0
        ? stamp.readInt32LE(1)
        : undefined
    // unix seconds as themselves; DOS stamps as a negative key that no unix time reaches here
    const key = unix ?? -1 - (dosDate * 65536 + dosTime)
    if (key === this.lastKey) return this.dates.length - 1
    this.lastKey = key
    this.dates.push(
      unix !== undefined
        ? new Date(unix * 1000)
        : new Date(
            1980 + (dosDate >> 9),
            ((dosDate >> 5) & 0x0f) - 1,
            dosDate & 0x1f,
            dosTime >> 11,
            (dosTime >> 5) & 0x3f,
            (dosTime & 0x1f) * 2
          )
    )
    return this.dates.length - 1
  }
}

function isAscii(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return false
  return true
}

const KINDS: readonly ZipEntryKind[] = ['file', 'directory', 'symlink']

/**
 * The numbers of every record, one typed column each: 70,000 entries as objects with a dozen
 * fields (and a boxed number for each CRC and attribute word above 2^30) cost ~12 MB, these
 * columns ~3 MB.
 */
class EntryTable {
  readonly flags: Uint16Array
  readonly methods: Uint16Array
  readonly compressedSizes: Float64Array
  readonly uncompressedSizes: Float64Array
  readonly crc32s: Uint32Array
  readonly modes: Uint16Array
  readonly kinds: Uint8Array
  readonly mtimeRefs: Uint32Array
  readonly localHeaderOffsets: Float64Array
  readonly externalAttributes: Uint32Array
  readonly dates = new SharedDates()

  constructor(count: number) {
    this.flags = new Uint16Array(count)
    this.methods = new Uint16Array(count)
    this.compressedSizes = new Float64Array(count)
    this.uncompressedSizes = new Float64Array(count)
    this.crc32s = new Uint32Array(count)
    this.modes = new Uint16Array(count)
    this.kinds = new Uint8Array(count)
    this.mtimeRefs = new Uint32Array(count)
    this.localHeaderOffsets = new Float64Array(count)
    this.externalAttributes = new Uint32Array(count)
  }
}

/**
 * A decoded record: its name, its place, and its numbers read from the shared EntryTable.
 * The raw name bytes of a plain ASCII name are its text, so they are made on demand instead
 * of kept: one Buffer less per entry.
 */
class CentralEntry implements ZipEntryInfo {
  constructor(
    readonly name: string,
    readonly index: number,
    private readonly table: EntryTable,
    private readonly storedRawName: Buffer | undefined
  ) {}

  get rawName(): Buffer {
    return this.storedRawName ?? Buffer.from(this.name, 'latin1')
  }

  /** Bytes of the raw name (an ASCII name has one byte per character). */
  get rawNameLength(): number {
    return this.storedRawName?.length ?? this.name.length
  }

  get utf8(): boolean {
    return (this.flags & FLAG_UTF8) !== 0
  }

  get flags(): number {
    return this.table.flags[this.index]
  }

  get method(): number {
    return this.table.methods[this.index]
  }

  get compressedSize(): number {
    return this.table.compressedSizes[this.index]
  }

  get uncompressedSize(): number {
    return this.table.uncompressedSizes[this.index]
  }

  get crc32(): number {
    return this.table.crc32s[this.index]
  }

  get mode(): number {
    return this.table.modes[this.index]
  }

  get kind(): ZipEntryKind {
    return KINDS[this.table.kinds[this.index]]
  }

  get mtime(): Date {
    return this.table.dates.dates[this.table.mtimeRefs[this.index]]
  }

  get localHeaderOffset(): number {
    return this.table.localHeaderOffsets[this.index]
  }

  get externalAttributes(): number {
    return this.table.externalAttributes[this.index]
  }
}

/**
 * Every entry's local header + name + data must lie before the central directory, and no two
 * entries may share bytes (overlapping entries are how "non-recursive" zip bombs multiply
 * output). The local extra field's length is only known when the entry is opened, so this
 * checks the minimum span now and returns each entry's hard limit for the exact check later.
 */
function checkDataRanges(entries: CentralEntry[], cdStart: number, archivePath: string): number[] {
  const minimumEnd = (e: CentralEntry): number =>
    e.localHeaderOffset + LOCAL_HEADER_SIZE + e.rawNameLength + e.compressedSize
  for (const entry of entries) {
    if (minimumEnd(entry) > cdStart) {
      throw archiveError(
        archivePath,
        `entry ${quoteName(entry.name)} claims data at offset ${entry.localHeaderOffset}..${minimumEnd(entry)}, past the start of the central directory (${cdStart}); the archive is truncated or corrupt`
      )
    }
  }
  // entry indexes in offset order, as a typed array: no second array of 70,000 objects
  const byOffset = new Uint32Array(entries.length).map((_, i) => i)
  byOffset.sort((a, b) => entries[a].localHeaderOffset - entries[b].localHeaderOffset)
  const limits = new Array<number>(entries.length)
  for (let i = 0; i < byOffset.length; i++) {
    const current = entries[byOffset[i]]
    const following = i + 1 < byOffset.length ? entries[byOffset[i + 1]] : undefined
    if (following !== undefined && following.localHeaderOffset < minimumEnd(current)) {
      throw archiveError(
        archivePath,
        `entries ${quoteName(current.name)} and ${quoteName(following.name)} overlap (offsets ${current.localHeaderOffset}..${minimumEnd(current)} and ${following.localHeaderOffset}); overlapping entries are a zip-bomb technique`
      )
    }
    limits[current.index] = following?.localHeaderOffset ?? cdStart
  }
  return limits
}
