/**
 * The byte layout of a zip archive (PKWARE APPNOTE 6.3): signatures, limits, and builders for
 * local headers, data descriptors, central directory headers and end records, including the
 * zip64 variants. Pure functions over numbers and Buffers; no I/O.
 */

export const LOCAL_HEADER_SIGNATURE = 0x04034b50
export const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50
export const ZIP64_END_SIGNATURE = 0x06064b50
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
export const END_SIGNATURE = 0x06054b50

export const METHOD_STORE = 0
export const METHOD_DEFLATE = 8

/** General purpose bit 3: crc and sizes follow the data in a data descriptor. */
export const FLAG_DATA_DESCRIPTOR = 0x0008
/** General purpose bit 11: name is UTF-8. */
export const FLAG_UTF8 = 0x0800

/** Upper byte 3 = UNIX (external attributes carry st_mode), lower byte 63 = APPNOTE 6.3. */
export const VERSION_MADE_BY = (3 << 8) | 63
export const VERSION_NEEDED_STORE = 10
export const VERSION_NEEDED_DEFLATE = 20
export const VERSION_NEEDED_ZIP64 = 45

export const S_IFREG = 0o100000
export const S_IFLNK = 0o120000

export const EXTRA_ZIP64 = 0x0001
export const EXTRA_EXTENDED_TIMESTAMP = 0x5455

/** A 32-bit field at this value means "see the zip64 extra field". */
export const ZIP32_LIMIT = 0xffffffff
/** A 16-bit entry count at this value means "see the zip64 end record". */
export const ZIP16_LIMIT = 0xffff

export const LOCAL_HEADER_SIZE = 30
export const CENTRAL_HEADER_SIZE = 46
export const END_SIZE = 22
export const ZIP64_END_SIZE = 56
export const ZIP64_LOCATOR_SIZE = 20

/** MS-DOS date and time words from the UTC fields of `date`, clamped to 1980..2107. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = date.getUTCFullYear()
  if (!Number.isFinite(year) || year < 1980) return { time: 0, date: (1 << 5) | 1 }
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 }
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
  }
}

/** Unix seconds for the extended-timestamp field, clamped to its signed 32-bit range. */
export function unixSeconds(date: Date): number {
  const seconds = Math.floor(date.getTime() / 1000)
  if (!Number.isFinite(seconds)) return 0
  return Math.min(0x7fffffff, Math.max(-0x80000000, seconds))
}

/** Bytes of the 0x5455 extra field with only the modification time. */
export const EXTENDED_TIMESTAMP_SIZE = 9

/** Writes the 0x5455 extra field (same layout local and central) at `at`; returns the end. */
export function writeExtendedTimestamp(target: Buffer, at: number, mtime: Date): number {
  target.writeUInt16LE(EXTRA_EXTENDED_TIMESTAMP, at)
  target.writeUInt16LE(5, at + 2)
  target.writeUInt8(1, at + 4) // flags: modification time present
  target.writeInt32LE(unixSeconds(mtime), at + 5)
  return at + EXTENDED_TIMESTAMP_SIZE
}

/** Writes a zip64 extra field (0x0001) with the given 64-bit values at `at`; returns the end. */
export function writeZip64Extra(target: Buffer, at: number, values: number[]): number {
  target.writeUInt16LE(EXTRA_ZIP64, at)
  target.writeUInt16LE(8 * values.length, at + 2)
  values.forEach((value, i) => target.writeBigUInt64LE(BigInt(value), at + 4 + 8 * i))
  return at + 4 + 8 * values.length
}

/** What a local or central header says about one entry. */
export interface EntryHeaderFields {
  name: Buffer
  flags: number
  method: number
  mtime: Date
  crc32: number
  compressedSize: number
  size: number
}

/**
 * A local file header. With `descriptor` the crc and sizes are zero here and follow the data;
 * with `zip64` the sizes live in a zip64 extra field (both of them, as the spec requires).
 */
export function localHeader(fields: EntryHeaderFields, zip64: boolean): Buffer {
  const { time, date } = dosDateTime(fields.mtime)
  const extraLength = EXTENDED_TIMESTAMP_SIZE + (zip64 ? 20 : 0)
  const header = Buffer.allocUnsafe(LOCAL_HEADER_SIZE + fields.name.length + extraLength)
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0)
  header.writeUInt16LE(versionNeeded(fields.method, zip64), 4)
  header.writeUInt16LE(fields.flags, 6)
  header.writeUInt16LE(fields.method, 8)
  header.writeUInt16LE(time, 10)
  header.writeUInt16LE(date, 12)
  header.writeUInt32LE(fields.crc32 >>> 0, 14)
  header.writeUInt32LE(zip64 ? ZIP32_LIMIT : fields.compressedSize, 18)
  header.writeUInt32LE(zip64 ? ZIP32_LIMIT : fields.size, 22)
  header.writeUInt16LE(fields.name.length, 26)
  header.writeUInt16LE(extraLength, 28)
  let at = LOCAL_HEADER_SIZE + fields.name.copy(header, LOCAL_HEADER_SIZE)
  if (zip64) at = writeZip64Extra(header, at, [fields.size, fields.compressedSize])
  writeExtendedTimestamp(header, at, fields.mtime)
  return header
}

/** The data descriptor after a streamed entry; zip64 uses 8-byte sizes. */
export function dataDescriptor(
  crc32: number,
  compressedSize: number,
  size: number,
  zip64: boolean
): Buffer {
  const descriptor = Buffer.alloc(zip64 ? 24 : 16)
  descriptor.writeUInt32LE(DATA_DESCRIPTOR_SIGNATURE, 0)
  descriptor.writeUInt32LE(crc32 >>> 0, 4)
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(compressedSize), 8)
    descriptor.writeBigUInt64LE(BigInt(size), 16)
  } else {
    descriptor.writeUInt32LE(compressedSize, 8)
    descriptor.writeUInt32LE(size, 12)
  }
  return descriptor
}

/** Everything the central directory needs about one written entry. */
export interface CentralRecord extends EntryHeaderFields {
  /** st_mode including the file type bits (S_IFREG / S_IFLNK). */
  unixMode: number
  localHeaderOffset: number
}

/** A central directory header; values that do not fit 32 bits go to a zip64 extra field. */
export function centralHeader(record: CentralRecord): Buffer {
  const header = Buffer.allocUnsafe(centralHeaderSize(record))
  writeCentralHeader(header, 0, record)
  return header
}

/** The 64-bit values of a central header's zip64 extra field, in the order the spec fixes. */
function centralZip64Values(record: CentralRecord): number[] {
  // zip64 extra order is fixed: uncompressed size, compressed size, local header offset
  return [record.size, record.compressedSize, record.localHeaderOffset].filter(
    value => value >= ZIP32_LIMIT
  )
}

/** Bytes of centralHeader(record). */
export function centralHeaderSize(record: CentralRecord): number {
  const wide = centralZip64Values(record).length
  const extraLength = EXTENDED_TIMESTAMP_SIZE + (wide > 0 ? 4 + 8 * wide : 0)
  return CENTRAL_HEADER_SIZE + record.name.length + extraLength
}

/** Writes centralHeader(record) into `target` at `at` (room checked by the caller); returns the end. */
export function writeCentralHeader(target: Buffer, at: number, record: CentralRecord): number {
  const { time, date } = dosDateTime(record.mtime)
  const wide = centralZip64Values(record)
  const field = (value: number): number => (value < ZIP32_LIMIT ? value : ZIP32_LIMIT)
  const extraLength = EXTENDED_TIMESTAMP_SIZE + (wide.length > 0 ? 4 + 8 * wide.length : 0)
  target.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, at)
  target.writeUInt16LE(VERSION_MADE_BY, at + 4)
  target.writeUInt16LE(versionNeeded(record.method, wide.length > 0), at + 6)
  target.writeUInt16LE(record.flags, at + 8)
  target.writeUInt16LE(record.method, at + 10)
  target.writeUInt16LE(time, at + 12)
  target.writeUInt16LE(date, at + 14)
  target.writeUInt32LE(record.crc32 >>> 0, at + 16)
  target.writeUInt32LE(field(record.compressedSize), at + 20)
  target.writeUInt32LE(field(record.size), at + 24)
  target.writeUInt16LE(record.name.length, at + 28)
  target.writeUInt16LE(extraLength, at + 30)
  target.fill(0, at + 32, at + 38) // comment length, disk number start, internal attributes
  target.writeUInt32LE((record.unixMode << 16) >>> 0, at + 38)
  target.writeUInt32LE(field(record.localHeaderOffset), at + 42)
  let end = at + CENTRAL_HEADER_SIZE + record.name.copy(target, at + CENTRAL_HEADER_SIZE)
  if (wide.length > 0) end = writeZip64Extra(target, end, wide)
  return writeExtendedTimestamp(target, end, record.mtime)
}

/**
 * The end of the archive: a zip64 end record and locator when the entry count, the central
 * directory size or its offset do not fit the classic record, then the classic record.
 */
export function endOfCentralDirectory(
  entryCount: number,
  centralSize: number,
  centralOffset: number
): Buffer {
  const needsZip64 =
    entryCount >= ZIP16_LIMIT || centralSize >= ZIP32_LIMIT || centralOffset >= ZIP32_LIMIT
  const parts: Buffer[] = []
  if (needsZip64) {
    const record = Buffer.alloc(ZIP64_END_SIZE)
    record.writeUInt32LE(ZIP64_END_SIGNATURE, 0)
    record.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4)
    record.writeUInt16LE(VERSION_MADE_BY, 12)
    record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14)
    // this disk and the disk with the central directory: both 0
    record.writeBigUInt64LE(BigInt(entryCount), 24)
    record.writeBigUInt64LE(BigInt(entryCount), 32)
    record.writeBigUInt64LE(BigInt(centralSize), 40)
    record.writeBigUInt64LE(BigInt(centralOffset), 48)
    const locator = Buffer.alloc(ZIP64_LOCATOR_SIZE)
    locator.writeUInt32LE(ZIP64_LOCATOR_SIGNATURE, 0)
    locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8)
    locator.writeUInt32LE(1, 16) // total number of disks
    parts.push(record, locator)
  }
  const end = Buffer.alloc(END_SIZE)
  end.writeUInt32LE(END_SIGNATURE, 0)
  end.writeUInt16LE(Math.min(entryCount, ZIP16_LIMIT), 8)
  end.writeUInt16LE(Math.min(entryCount, ZIP16_LIMIT), 10)
  end.writeUInt32LE(Math.min(centralSize, ZIP32_LIMIT), 12)
  end.writeUInt32LE(Math.min(centralOffset, ZIP32_LIMIT), 16)
  parts.push(end)
  return Buffer.concat(parts)
}

function versionNeeded(method: number, zip64: boolean): number {
  if (zip64) return VERSION_NEEDED_ZIP64
  return method === METHOD_DEFLATE ? VERSION_NEEDED_DEFLATE : VERSION_NEEDED_STORE
}
