import type { FileHandle } from 'node:fs/promises'
import { archiveError } from './archive-error.js'

/** Signatures and sentinels from APPNOTE.TXT (all little-endian). */
export const SIG_LOCAL_HEADER = 0x04034b50
export const SIG_CENTRAL_HEADER = 0x02014b50
export const SIG_END_RECORD = 0x06054b50
export const SIG_ZIP64_END_RECORD = 0x06064b50
export const SIG_ZIP64_LOCATOR = 0x07064b50
export const LOCAL_HEADER_SIZE = 30
export const CENTRAL_HEADER_SIZE = 46
export const END_RECORD_SIZE = 22
export const ZIP64_LOCATOR_SIZE = 20
export const ZIP64_END_RECORD_MIN_SIZE = 56
export const U16_SENTINEL = 0xffff
export const U32_SENTINEL = 0xffffffff
export const EXTRA_ZIP64 = 0x0001
export const EXTRA_EXTENDED_TIMESTAMP = 0x5455
export const EXTRA_UNICODE_PATH = 0x7075
export const FLAG_ENCRYPTED = 0x0001
export const FLAG_DATA_DESCRIPTOR = 0x0008
export const FLAG_STRONG_ENCRYPTION = 0x0040
export const FLAG_UTF8 = 0x0800
export const METHOD_STORED = 0
export const METHOD_DEFLATE = 8

/** Reads exactly `length` bytes at `position`; a short read means the file is truncated. */
export async function readAt(
  handle: FileHandle,
  archivePath: string,
  position: number,
  length: number,
  what: string
): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) {
      throw archiveError(
        archivePath,
        `is truncated: ${what} (${length} bytes at offset ${position}) runs past the end of the file`
      )
    }
    done += bytesRead
  }
  return buffer
}

/** A little-endian u64 as a safe JS number, or a refusal naming the field. */
export function readU64(buffer: Buffer, offset: number, archivePath: string, what: string): number {
  const value = buffer.readBigUInt64LE(offset)
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw archiveError(archivePath, `${what} is ${value}, too large to be real`)
  }
  return Number(value)
}

/**
 * Splits an extra-field block into (id -> data). Returns undefined if a field's declared length
 * runs past the block, which only a corrupt or crafted archive does.
 */
export function parseExtraFields(block: Buffer): Map<number, Buffer> | undefined {
  const fields = new Map<number, Buffer>()
  let pos = 0
  while (pos + 4 <= block.length) {
    const id = block.readUInt16LE(pos)
    const size = block.readUInt16LE(pos + 2)
    if (pos + 4 + size > block.length) return undefined
    if (!fields.has(id)) fields.set(id, block.subarray(pos + 4, pos + 4 + size))
    pos += 4 + size
  }
  // a few writers pad with fewer than 4 zero bytes; anything else left over is malformed
  if (pos < block.length && block.subarray(pos).some(byte => byte !== 0)) return undefined
  return fields
}

/**
 * Reads the zip64 extended-information values for the header fields that hold the sentinel,
 * in APPNOTE order (uncompressed size, compressed size, local header offset). `wanted[i]` says
 * whether field i is present. Returns undefined if the extra field is missing or too short.
 */
export function readZip64Values(
  field: Buffer | undefined,
  wanted: boolean[],
  archivePath: string,
  what: string
): (number | undefined)[] | undefined {
  const out: (number | undefined)[] = []
  let pos = 0
  for (const [i, isWanted] of wanted.entries()) {
    if (!isWanted) {
      out.push(undefined)
      continue
    }
    if (field === undefined || pos + 8 > field.length) return undefined
    out.push(readU64(field, pos, archivePath, `${what}: zip64 field ${i}`))
    pos += 8
  }
  return out
}
