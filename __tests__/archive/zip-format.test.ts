import { describe, expect, it } from '@jest/globals'
import {
  ALREADY_COMPRESSED_EXTENSIONS,
  deflateSavesEnough,
  hasCompressedExtension,
  storeWithoutSampling
} from '../../src/archive/compression-choice.js'
import {
  centralHeader,
  dataDescriptor,
  dosDateTime,
  endOfCentralDirectory,
  localHeader,
  unixSeconds,
  ZIP32_LIMIT,
  type CentralRecord
} from '../../src/archive/zip-format.js'

const GiB = 1024 ** 3

function record(overrides: Partial<CentralRecord> = {}): CentralRecord {
  return {
    name: Buffer.from('dir/file.txt'),
    flags: 0x0800,
    method: 8,
    mtime: new Date('2020-02-29T23:59:59Z'),
    crc32: 0xdeadbeef,
    compressedSize: 100,
    size: 300,
    unixMode: 0o100644,
    localHeaderOffset: 1234,
    ...overrides
  }
}

/** The extra fields of a header as tag -> data. */
function extras(header: Buffer, fixedSize: number, nameLength: number): Map<number, Buffer> {
  const extraLength = header.readUInt16LE(fixedSize === 30 ? 28 : 30)
  const start = fixedSize + nameLength
  const out = new Map<number, Buffer>()
  for (let at = start; at < start + extraLength;) {
    const size = header.readUInt16LE(at + 2)
    out.set(header.readUInt16LE(at), header.subarray(at + 4, at + 4 + size))
    at += 4 + size
  }
  return out
}

describe('dosDateTime', () => {
  it('packs the UTC fields with 2-second resolution', () => {
    const { date, time } = dosDateTime(new Date('2020-02-29T23:59:59Z'))
    expect(date >> 9).toBe(2020 - 1980)
    expect((date >> 5) & 0xf).toBe(2)
    expect(date & 0x1f).toBe(29)
    expect(time >> 11).toBe(23)
    expect((time >> 5) & 0x3f).toBe(59)
    expect((time & 0x1f) * 2).toBe(58)
  })

  it('clamps dates before 1980 and after 2107', () => {
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z'))).toEqual({ time: 0, date: (1 << 5) | 1 })
    const late = dosDateTime(new Date('2200-06-01T00:00:00Z'))
    expect(late.date >> 9).toBe(127)
  })

  it('gives unix seconds clamped to signed 32 bits', () => {
    expect(unixSeconds(new Date('2023-11-14T22:13:20.999Z'))).toBe(1700000000)
    expect(unixSeconds(new Date('2100-01-01T00:00:00Z'))).toBe(0x7fffffff)
  })
})

describe('headers', () => {
  it('builds a local header with sizes, name and extended timestamp', () => {
    const r = record()
    const header = localHeader(r, false)
    expect(header.readUInt32LE(0)).toBe(0x04034b50)
    expect(header.readUInt16LE(4)).toBe(20)
    expect(header.readUInt16LE(6)).toBe(0x0800)
    expect(header.readUInt16LE(8)).toBe(8)
    expect(header.readUInt32LE(14)).toBe(0xdeadbeef)
    expect(header.readUInt32LE(18)).toBe(100)
    expect(header.readUInt32LE(22)).toBe(300)
    expect(header.subarray(30, 30 + r.name.length).toString()).toBe('dir/file.txt')
    const ut = extras(header, 30, r.name.length).get(0x5455)!
    expect(ut[0]).toBe(1)
    expect(ut.readInt32LE(1)).toBe(unixSeconds(r.mtime))
  })

  it('puts both sizes in a zip64 extra field of a zip64 local header', () => {
    const r = record({ size: 5 * GiB, compressedSize: 0, crc32: 0 })
    const header = localHeader(r, true)
    expect(header.readUInt16LE(4)).toBe(45)
    expect(header.readUInt32LE(18)).toBe(ZIP32_LIMIT)
    expect(header.readUInt32LE(22)).toBe(ZIP32_LIMIT)
    const zip64 = extras(header, 30, r.name.length).get(0x0001)!
    expect(zip64.length).toBe(16)
    expect(Number(zip64.readBigUInt64LE(0))).toBe(5 * GiB)
    expect(Number(zip64.readBigUInt64LE(8))).toBe(0)
  })

  it('builds a central header with unix version-made-by and st_mode attributes', () => {
    const header = centralHeader(record({ unixMode: 0o120777, method: 0 }))
    expect(header.readUInt32LE(0)).toBe(0x02014b50)
    expect(header.readUInt16LE(4) >> 8).toBe(3)
    expect(header.readUInt16LE(6)).toBe(10)
    expect(header.readUInt32LE(38) >>> 16).toBe(0o120777)
    expect(header.readUInt32LE(42)).toBe(1234)
    expect(extras(header, 46, 12).has(0x0001)).toBe(false)
  })

  it('moves only the fields that overflow into the central zip64 extra, in spec order', () => {
    const r = record({ size: 6 * GiB, compressedSize: 1000, localHeaderOffset: 5 * GiB })
    const header = centralHeader(r)
    expect(header.readUInt16LE(6)).toBe(45)
    expect(header.readUInt32LE(20)).toBe(1000)
    expect(header.readUInt32LE(24)).toBe(ZIP32_LIMIT)
    expect(header.readUInt32LE(42)).toBe(ZIP32_LIMIT)
    const zip64 = extras(header, 46, r.name.length).get(0x0001)!
    expect(zip64.length).toBe(16)
    expect(Number(zip64.readBigUInt64LE(0))).toBe(6 * GiB)
    expect(Number(zip64.readBigUInt64LE(8))).toBe(5 * GiB)
  })

  it('escapes a value of exactly 0xffffffff, which would read as "see zip64"', () => {
    const header = centralHeader(record({ size: ZIP32_LIMIT }))
    expect(Number(extras(header, 46, 12).get(0x0001)!.readBigUInt64LE(0))).toBe(ZIP32_LIMIT)
  })

  it('writes 32-bit and zip64 data descriptors', () => {
    const small = dataDescriptor(0x12345678, 10, 20, false)
    expect(small.length).toBe(16)
    expect(small.readUInt32LE(0)).toBe(0x08074b50)
    expect(small.readUInt32LE(8)).toBe(10)
    const big = dataDescriptor(1, 4 * GiB + 1, 5 * GiB, true)
    expect(big.length).toBe(24)
    expect(Number(big.readBigUInt64LE(8))).toBe(4 * GiB + 1)
    expect(Number(big.readBigUInt64LE(16))).toBe(5 * GiB)
  })
})

describe('endOfCentralDirectory', () => {
  it('is a plain 22-byte record while everything fits', () => {
    const end = endOfCentralDirectory(3, 200, 1000)
    expect(end.length).toBe(22)
    expect(end.readUInt16LE(10)).toBe(3)
    expect(end.readUInt32LE(12)).toBe(200)
    expect(end.readUInt32LE(16)).toBe(1000)
  })

  it('adds a zip64 record and locator for 65,535+ entries or offsets past 4 GiB', () => {
    for (const [count, offset] of [
      [70_000, 1000],
      [3, 5 * GiB]
    ]) {
      const end = endOfCentralDirectory(count, 200, offset)
      expect(end.length).toBe(56 + 20 + 22)
      expect(end.readUInt32LE(0)).toBe(0x06064b50)
      expect(Number(end.readBigUInt64LE(32))).toBe(count)
      expect(Number(end.readBigUInt64LE(48))).toBe(offset)
      expect(end.readUInt32LE(56)).toBe(0x07064b50)
      expect(Number(end.readBigUInt64LE(64))).toBe(offset + 200) // where the zip64 record is
      const classic = end.subarray(76)
      expect(classic.readUInt16LE(10)).toBe(Math.min(count, 0xffff))
      expect(classic.readUInt32LE(16)).toBe(Math.min(offset, ZIP32_LIMIT))
    }
  })
})

describe('compression choice', () => {
  it('recognises already-compressed extensions in any case, by the last dot only', () => {
    expect(ALREADY_COMPRESSED_EXTENSIONS).toContain('.zst')
    expect(hasCompressedExtension('a/b/photo.JPG')).toBe(true)
    expect(hasCompressedExtension('dist/pkg.tar.gz')).toBe(true)
    expect(hasCompressedExtension('report.pdf')).toBe(true)
    expect(hasCompressedExtension('notes.txt')).toBe(false)
    expect(hasCompressedExtension('zip')).toBe(false)
    expect(hasCompressedExtension('dir.zip/file')).toBe(false)
    expect(hasCompressedExtension('.gz')).toBe(false) // a dotfile named ".gz", no extension
  })

  it('deflates only when the sample shrinks by at least 3 %', () => {
    expect(deflateSavesEnough(1000, 970)).toBe(true)
    expect(deflateSavesEnough(1000, 971)).toBe(false)
    expect(deflateSavesEnough(0, 0)).toBe(false)
  })

  it('skips sampling for level 0, empty entries, symlinks and compressed formats', () => {
    const file = { name: 'a.txt', kind: 'file' as const, size: 10 }
    expect(storeWithoutSampling(file, 6)).toBe(false)
    expect(storeWithoutSampling(file, 0)).toBe(true)
    expect(storeWithoutSampling({ ...file, size: 0 }, 6)).toBe(true)
    expect(storeWithoutSampling({ ...file, kind: 'symlink' }, 6)).toBe(true)
    expect(storeWithoutSampling({ ...file, name: 'x.webm' }, 6)).toBe(true)
  })
})
