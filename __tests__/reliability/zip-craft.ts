import { crc32, deflateRawSync } from 'node:zlib'

/**
 * Hand-made zip files for hostile-archive tests: every header field can lie. Entries are laid
 * out in order (local header, data), then the central directory and the end records (zip64
 * end records when any entry is zip64). No library writes archives like these on purpose.
 */
export interface CraftEntry {
  name: string
  /** The uncompressed content: the default for crc and sizes, and what gets compressed. */
  data?: Buffer
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8
  /** Bytes written as the entry data (default: data, deflated when method 8). */
  raw?: Buffer
  crc?: number
  /** Declared sizes (both headers unless the local* fields say otherwise). */
  usize?: number
  csize?: number
  localName?: string
  localUsize?: number
  localCrc?: number
  localMethod?: 0 | 8
  /** Unix mode for the external attributes (default a 0644 file). */
  mode?: number
  /** Sizes (and the offset) go to zip64 extra fields. */
  zip64?: boolean
  /** No local header or data of its own: the central record points at entry `sharesWith`. */
  sharesWith?: number
  /** Central record points here instead of at its own local header. */
  offset?: number
  /** Only a central record (with `offset`): no local header or data of its own. */
  noLocal?: boolean
}

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(n))
  return b
}
const MAX32 = 0xffffffff
const DOS_TIME = u16(0x4a00) // 09:16:00
const DOS_DATE = u16(0x5ac7) // 2025-06-07

interface Resolved {
  e: CraftEntry
  name: Buffer
  raw: Buffer
  crc: number
  usize: number
  csize: number
  method: number
}

function resolve(e: CraftEntry): Resolved {
  const data = e.data ?? Buffer.alloc(0)
  const method = e.method ?? 8
  const raw = e.raw ?? (method === 8 ? deflateRawSync(data, { level: 9 }) : data)
  return {
    e,
    name: Buffer.from(e.name, 'utf8'),
    raw,
    crc: e.crc ?? crc32(data),
    usize: e.usize ?? data.length,
    csize: e.csize ?? raw.length,
    method
  }
}

/** A local file header plus data for `r` (also used to "quote" one inside another's data). */
export function localRecord(entry: CraftEntry): Buffer {
  const r = resolve(entry)
  const usize = entry.localUsize ?? r.usize
  const extra = entry.zip64 ? Buffer.concat([u16(1), u16(16), u64(usize), u64(r.csize)]) : null
  const name = Buffer.from(entry.localName ?? entry.name, 'utf8')
  return Buffer.concat([
    u32(0x04034b50),
    u16(entry.zip64 ? 45 : 20),
    u16(0x0800),
    u16(entry.localMethod ?? r.method),
    DOS_TIME,
    DOS_DATE,
    u32(entry.localCrc ?? r.crc),
    u32(extra ? MAX32 : r.csize),
    u32(extra ? MAX32 : usize),
    u16(name.length),
    u16(extra ? extra.length : 0),
    name,
    extra ?? Buffer.alloc(0),
    r.raw
  ])
}

export function craftZip(entries: CraftEntry[]): Buffer {
  const parts: Buffer[] = []
  const offsets: number[] = []
  let at = 0
  for (const e of entries) {
    if (e.sharesWith !== undefined || e.noLocal) {
      offsets.push(e.sharesWith !== undefined ? (offsets[e.sharesWith] as number) : -1)
      continue
    }
    offsets.push(at)
    const record = localRecord(e)
    parts.push(record)
    at += record.length
  }
  const cdStart = at
  const anyZip64 = entries.some(e => e.zip64)
  entries.forEach((e, i) => {
    const r = resolve(e)
    const offset = e.offset ?? (offsets[i] as number)
    const extra = e.zip64
      ? Buffer.concat([u16(1), u16(24), u64(r.usize), u64(r.csize), u64(offset)])
      : null
    const record = Buffer.concat([
      u32(0x02014b50),
      u16(0x031e),
      u16(e.zip64 ? 45 : 20),
      u16(0x0800),
      u16(r.method),
      DOS_TIME,
      DOS_DATE,
      u32(r.crc),
      u32(extra ? MAX32 : r.csize),
      u32(extra ? MAX32 : r.usize),
      u16(r.name.length),
      u16(extra ? extra.length : 0),
      u16(0),
      u16(0),
      u16(0),
      u32((e.mode ?? 0o100644) * 0x10000),
      u32(extra ? MAX32 : offset),
      r.name,
      extra ?? Buffer.alloc(0)
    ])
    parts.push(record)
    at += record.length
  })
  const cdSize = at - cdStart
  if (anyZip64) {
    parts.push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16(0x031e),
        u16(45),
        u32(0),
        u32(0),
        u64(entries.length),
        u64(entries.length),
        u64(cdSize),
        u64(cdStart)
      ]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(at), u32(1)])
    )
  }
  parts.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(entries.length),
      u16(entries.length),
      u32(cdSize),
      u32(cdStart),
      u16(0)
    ])
  )
  return Buffer.concat(parts)
}
