import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { writeZip } from '../../src/archive/zip-writer.js'
import type {
  EntrySourceList,
  WriteZipOptions,
  WriteZipResult,
  ZipEntrySource
} from '../../src/archive/zip-writer.js'

/** The system python (the pyenv shim needs the real HOME, which the test setup replaces). */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

/** Writes `sources` to a new file `file` the way the packaging code does; returns the result. */
export async function writeZipFile(
  file: string,
  sources: ZipEntrySource[] | EntrySourceList,
  options: WriteZipOptions
): Promise<WriteZipResult> {
  const handle = await open(file, 'wx')
  try {
    return await writeZip(sources, handle, options)
  } finally {
    await handle.close()
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

export function sha256OfFile(file: string): string {
  return sha256Hex(readFileSync(file))
}

/** One entry as Python's zipfile sees it. */
export interface PyEntry {
  name: string
  flag_bits: number
  create_system: number
  external_attr: number
  compress_type: number
  file_size: number
  compress_size: number
  CRC: number
  header_offset: number
  date_time: number[]
  extra: string
  sha256: string | null
}

export interface PyArchive {
  testzip: string | null
  count: number
  entries: PyEntry[]
}

const INSPECT = `
import hashlib, json, sys, zipfile
with_data = sys.argv[2] == '1'
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip() if with_data else None
    out = []
    for i in z.infolist():
        digest = hashlib.sha256(z.read(i)).hexdigest() if with_data else None
        out.append(dict(name=i.filename, flag_bits=i.flag_bits, create_system=i.create_system,
            external_attr=i.external_attr, compress_type=i.compress_type, file_size=i.file_size,
            compress_size=i.compress_size, CRC=i.CRC, header_offset=i.header_offset,
            date_time=list(i.date_time), extra=i.extra.hex(), sha256=digest))
    print(json.dumps(dict(testzip=bad, count=len(out), entries=out)))
`

/**
 * Reads an archive with Python's zipfile: testzip (every CRC), names, attributes, and the
 * sha256 of each entry's content. `withData: false` reads only the central directory.
 */
export function inspectWithPython(file: string, withData = true): PyArchive {
  const out = execFileSync(PYTHON, ['-c', INSPECT, file, withData ? '1' : '0'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024
  })
  return JSON.parse(out) as PyArchive
}

/** Runs Info-ZIP unzip with `args`; returns stdout (throws on a non-zero exit). */
export function unzip(...args: string[]): string {
  return execFileSync('unzip', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

/** The 0x5455 extended-timestamp mtime in a Python `extra` hex string, if present. */
export function extendedTimestamp(extraHex: string): number | undefined {
  const extra = Buffer.from(extraHex, 'hex')
  for (let at = 0; at + 4 <= extra.length;) {
    const tag = extra.readUInt16LE(at)
    const size = extra.readUInt16LE(at + 2)
    if (tag === 0x5455 && size >= 5 && (extra[at + 4] & 1) === 1) return extra.readInt32LE(at + 5)
    at += 4 + size
  }
  return undefined
}

/** A file source with the lstat-like fields filled in. */
export function fileSource(
  name: string,
  sourcePath: string,
  size: number,
  mode = 0o644,
  mtime = new Date('2024-05-06T07:08:10Z')
): ZipEntrySource {
  return {
    name,
    kind: 'file',
    sourcePath: path.resolve(sourcePath),
    mode,
    mtime,
    expectedSize: size
  }
}

/** Text that deflates well but not trivially (repeating words with counters). */
export function compressibleText(bytes: number, seed = 1): Buffer {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota']
  const parts: string[] = []
  let length = 0
  for (let i = 0; length < bytes; i++) {
    const line = `${i * seed} ${words[(i * 7 + seed) % words.length]} ${words[(i * 3) % 9]} value=${(i * 2654435761) % 100000}\n`
    parts.push(line)
    length += line.length
  }
  return Buffer.from(parts.join('')).subarray(0, bytes)
}
