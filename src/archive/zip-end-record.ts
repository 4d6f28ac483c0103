import type { FileHandle } from 'node:fs/promises'
import { archiveError } from './archive-error.js'
import {
  END_RECORD_SIZE,
  readAt,
  readU64,
  SIG_END_RECORD,
  SIG_LOCAL_HEADER,
  SIG_ZIP64_END_RECORD,
  SIG_ZIP64_LOCATOR,
  U16_SENTINEL,
  U32_SENTINEL,
  ZIP64_END_RECORD_MIN_SIZE,
  ZIP64_LOCATOR_SIZE
} from './zip-bytes.js'

/** Where the central directory is, from the end-of-central-directory record(s). */
export interface EndRecord {
  entryCount: number
  centralDirectoryOffset: number
  centralDirectorySize: number
  /** Offset of the first end record (the zip64 one if present): the directory must end here. */
  endRecordsOffset: number
  zip64: boolean
}

const MAX_COMMENT = 0xffff

/**
 * Finds the end-of-central-directory record in the last 64 KiB + 22 bytes (the record is 22 bytes
 * plus a comment of at most 65,535), then the zip64 locator and record if present.
 */
export async function readEndRecord(
  handle: FileHandle,
  archivePath: string,
  fileSize: number
): Promise<EndRecord> {
  if (fileSize === 0) throw archiveError(archivePath, 'is empty, not a zip archive')
  const tailLength = Math.min(fileSize, MAX_COMMENT + END_RECORD_SIZE)
  const tailStart = fileSize - tailLength
  const tail = await readAt(handle, archivePath, tailStart, tailLength, 'the file tail')
  let found = -1
  let sawSignature = false
  for (let i = tail.length - END_RECORD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG_END_RECORD) continue
    sawSignature = true
    if (i + END_RECORD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      found = i
      break
    }
  }
  if (found < 0) await refuseMissingEndRecord(handle, archivePath, fileSize, sawSignature)
  const eocd = tail.subarray(found, found + END_RECORD_SIZE)
  const eocdOffset = tailStart + found
  const diskNumber = eocd.readUInt16LE(4)
  const directoryDisk = eocd.readUInt16LE(6)
  const entriesOnDisk = eocd.readUInt16LE(8)
  const plain: EndRecord = {
    entryCount: eocd.readUInt16LE(10),
    centralDirectorySize: eocd.readUInt32LE(12),
    centralDirectoryOffset: eocd.readUInt32LE(16),
    endRecordsOffset: eocdOffset,
    zip64: false
  }
  const locatorOffset = eocdOffset - ZIP64_LOCATOR_SIZE
  const hasLocator =
    locatorOffset >= 0 &&
    (await readAt(handle, archivePath, locatorOffset, 4, 'the zip64 locator')).readUInt32LE(0) ===
      SIG_ZIP64_LOCATOR
  if (!hasLocator) {
    if (diskNumber !== 0 || directoryDisk !== 0 || entriesOnDisk !== plain.entryCount) {
      throw multiDisk(archivePath)
    }
    return plain
  }
  return readZip64EndRecord(handle, archivePath, locatorOffset, plain, {
    diskNumber,
    directoryDisk,
    entriesOnDisk
  })
}

async function readZip64EndRecord(
  handle: FileHandle,
  archivePath: string,
  locatorOffset: number,
  plain: EndRecord,
  plainDisks: { diskNumber: number; directoryDisk: number; entriesOnDisk: number }
): Promise<EndRecord> {
  const locator = await readAt(
    handle,
    archivePath,
    locatorOffset,
    ZIP64_LOCATOR_SIZE,
    'the zip64 locator'
  )
  const recordOffset = readU64(locator, 8, archivePath, 'zip64 end record offset')
  if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1) throw multiDisk(archivePath)
  if (recordOffset + ZIP64_END_RECORD_MIN_SIZE > locatorOffset) {
    throw archiveError(
      archivePath,
      `corrupt zip64 locator: it points to offset ${recordOffset}, past the locator itself at ${locatorOffset}`
    )
  }
  const record = await readAt(
    handle,
    archivePath,
    recordOffset,
    ZIP64_END_RECORD_MIN_SIZE,
    'the zip64 end record'
  )
  if (record.readUInt32LE(0) !== SIG_ZIP64_END_RECORD) {
    throw archiveError(archivePath, `corrupt zip64 locator: no zip64 end record at ${recordOffset}`)
  }
  const recordSize = readU64(record, 4, archivePath, 'zip64 end record size')
  if (recordOffset + 12 + recordSize !== locatorOffset) {
    throw archiveError(
      archivePath,
      `corrupt zip64 end record: it declares ${recordSize} bytes but the locator follows at ${locatorOffset}`
    )
  }
  const entriesOnDisk = readU64(record, 24, archivePath, 'zip64 entries on disk')
  const zip64: EndRecord = {
    entryCount: readU64(record, 32, archivePath, 'zip64 entry count'),
    centralDirectorySize: readU64(record, 40, archivePath, 'zip64 central directory size'),
    centralDirectoryOffset: readU64(record, 48, archivePath, 'zip64 central directory offset'),
    endRecordsOffset: recordOffset,
    zip64: true
  }
  if (
    record.readUInt32LE(16) !== 0 ||
    record.readUInt32LE(20) !== 0 ||
    entriesOnDisk !== zip64.entryCount ||
    (plainDisks.diskNumber !== 0 && plainDisks.diskNumber !== U16_SENTINEL) ||
    (plainDisks.directoryDisk !== 0 && plainDisks.directoryDisk !== U16_SENTINEL)
  ) {
    throw multiDisk(archivePath)
  }
  // A value in the classic record is authoritative unless it holds the "see zip64" sentinel;
  // two different answers to one question mean the archive lies about itself.
  const disagree = (what: string, classic: number, sentinel: number, value: number): void => {
    if (classic !== sentinel && classic !== value) {
      throw archiveError(
        archivePath,
        `corrupt end records: the zip64 end record says ${what} is ${value} but the classic record says ${classic}`
      )
    }
  }
  disagree('the entry count', plain.entryCount, U16_SENTINEL, zip64.entryCount)
  disagree('the entry count on this disk', plainDisks.entriesOnDisk, U16_SENTINEL, entriesOnDisk)
  disagree(
    'the central directory size',
    plain.centralDirectorySize,
    U32_SENTINEL,
    zip64.centralDirectorySize
  )
  disagree(
    'the central directory offset',
    plain.centralDirectoryOffset,
    U32_SENTINEL,
    zip64.centralDirectoryOffset
  )
  return zip64
}

function multiDisk(archivePath: string): Error {
  return archiveError(archivePath, 'is a multi-disk (split) zip archive, which is not supported', {
    hint: 'join the parts into one archive first (zip -s 0 split.zip --out whole.zip)'
  })
}

/** Chooses the clearest message for a file without an end-of-central-directory record. */
async function refuseMissingEndRecord(
  handle: FileHandle,
  archivePath: string,
  fileSize: number,
  sawSignature: boolean
): Promise<never> {
  const head = fileSize >= 4 ? await readAt(handle, archivePath, 0, 4, 'the file head') : undefined
  if (head !== undefined && head.readUInt32LE(0) === SIG_LOCAL_HEADER) {
    throw archiveError(
      archivePath,
      `is truncated (${fileSize} bytes): it starts like a zip archive but its end-of-central-directory record is missing`
    )
  }
  if (sawSignature) {
    throw archiveError(
      archivePath,
      'corrupt end-of-central-directory record: its comment length does not match the end of the file'
    )
  }
  throw archiveError(
    archivePath,
    `is not a zip archive (${fileSize} bytes, no end-of-central-directory record)`,
    { hint: 'pass the path of a .zip archive made by artifact-lfs' }
  )
}
