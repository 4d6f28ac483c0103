// File contents for the benchmark datasets, all derived from a seed: prose-like text, log
// lines, a sqlite-like paged file and incompressible bytes. Each `*Chunks` generator yields
// Buffers of at most `CHUNK` bytes whose lengths add up to exactly the size asked for.
import { seededBytes, seededNumbers } from './seeded-random.mjs'

export const CHUNK = 4 * 1024 * 1024

const VOCABULARY = (() => {
  const rng = seededNumbers('vocabulary-v1')
  const letters = 'etaoinshrdlcumwfgypbvkjxqz'
  const words = []
  for (let i = 0; i < 4096; i++) {
    const length = 2 + rng.below(9)
    let word = ''
    // skewed towards frequent letters, like real text
    for (let j = 0; j < length; j++) word += letters[Math.floor(letters.length * rng.unit() ** 2)]
    words.push(Buffer.from(word, 'latin1'))
  }
  return words
})()

const HEX = Buffer.from('0123456789abcdef', 'latin1')
const LEVELS = ['INFO ', 'INFO ', 'INFO ', 'DEBUG', 'DEBUG', 'WARN ', 'ERROR'].map(level =>
  Buffer.from(level, 'latin1')
)

/**
 * Builds ASCII lines straight into a Buffer (string joins were the generator's bottleneck).
 * A line never exceeds 1 KiB, so the buffer has that much slack past `limit`.
 */
class LineBuffer {
  constructor(limit) {
    this.bytes = Buffer.allocUnsafe(limit + 1024)
    this.length = 0
    this.limit = limit
  }
  full() {
    return this.length >= this.limit
  }
  ascii(text) {
    this.length += this.bytes.write(text, this.length, 'latin1')
  }
  bytesOf(buffer) {
    buffer.copy(this.bytes, this.length)
    this.length += buffer.length
  }
  byte(code) {
    this.bytes[this.length++] = code
  }
  /** A word; low indices are far more frequent (a rough Zipf), so text compresses like text. */
  word(rng) {
    this.bytesOf(VOCABULARY[Math.floor(VOCABULARY.length * rng.unit() ** 3)])
  }
  decimal(value) {
    this.ascii(String(value))
  }
  hex(rng, digits) {
    let value = rng.next()
    for (let i = 0; i < digits; i++, value >>>= 4) this.byte(HEX[value & 15])
  }
}

/** One line of prose-like source text (A, D). */
function textLine(out, rng) {
  const count = 3 + rng.below(12)
  for (let i = 0; i < count; i++) {
    if (i > 0) out.byte(0x20)
    out.word(rng)
  }
  if (rng.below(4) === 0) {
    out.byte(0x20)
    out.decimal(rng.below(100000))
  }
  if (rng.below(8) === 0) {
    out.ascii(' 0x')
    out.hex(rng, 8)
  }
  if (rng.below(3) === 0) out.byte(0x2e)
  out.byte(0x0a)
}

/** One log line with an increasing timestamp (B's logs). */
function logLine(out, rng, clock) {
  clock.ms += 1 + rng.below(250)
  const second = Math.floor(clock.ms / 1000)
  if (second !== clock.second) {
    clock.second = second
    clock.prefix = Buffer.from(new Date(second * 1000).toISOString().slice(0, 20), 'latin1')
  }
  out.bytesOf(clock.prefix)
  out.ascii(String(clock.ms % 1000).padStart(3, '0'))
  out.ascii('Z ')
  out.bytesOf(LEVELS[rng.below(LEVELS.length)])
  out.ascii(' [worker-')
  out.decimal(rng.below(8))
  out.ascii('] ')
  for (let i = 0; i < 4; i++) {
    out.word(rng)
    out.byte(0x20)
  }
  out.ascii('request=')
  out.hex(rng, 8)
  out.ascii(' took=')
  out.decimal(rng.below(2000))
  out.ascii('ms\n')
}

/** Exactly `size` bytes made of whole lines (the last one cut). */
function* linesChunks(size, writeLine) {
  for (let left = size; left > 0;) {
    const out = new LineBuffer(Math.min(CHUNK, left))
    while (!out.full()) writeLine(out)
    const chunk = out.bytes.subarray(0, out.limit)
    left -= chunk.length
    yield chunk
  }
}

export function textChunks(seedText, size) {
  const rng = seededNumbers(seedText)
  return linesChunks(size, out => textLine(out, rng))
}

export function logChunks(seedText, size) {
  const rng = seededNumbers(seedText)
  const clock = { ms: Date.UTC(2024, 0, 1) + rng.below(86400000), second: -1, prefix: null }
  return linesChunks(size, out => logLine(out, rng, clock))
}

export function* randomChunks(seedText, size) {
  const bytes = seededBytes(seedText)
  for (let left = size; left > 0;) {
    const chunk = bytes.take(Math.min(CHUNK, left))
    left -= chunk.length
    yield chunk
  }
}

const PAGE = 4096

/**
 * A sqlite-like file: a magic header, then 4 KiB pages, each with a small header, a cell
 * pointer array and records (rowid, integers, short text) packed from the page end, the free
 * space in between zero-filled. Compresses well, but not like plain text.
 */
export function* pagedDbChunks(seedText, size) {
  const rng = seededNumbers(seedText)
  const text = new LineBuffer(0)
  let rowid = 1
  let pageNo = 1
  for (let left = size; left > 0;) {
    const want = Math.min(CHUNK, left)
    const chunk = Buffer.alloc(Math.ceil(want / PAGE) * PAGE)
    for (let offset = 0; offset < chunk.length; offset += PAGE, pageNo++) {
      const page = chunk.subarray(offset, offset + PAGE)
      let start = 0
      if (pageNo === 1) start = page.write('SQLite format 3\0', 'latin1') + 84
      page[start] = 0x0d // leaf table page
      page.writeUInt32BE(pageNo, start + 1)
      let end = PAGE
      let cells = 0
      const fill = PAGE * (0.45 + rng.unit() * 0.4)
      while (PAGE - end < fill) {
        text.length = 0
        for (let i = 0; i < 3; i++) {
          if (i > 0) text.byte(0x20)
          text.word(rng)
        }
        end -= 16 + text.length
        page.writeUInt32BE(rowid++, end)
        page.writeUInt32BE(rng.below(1000), end + 4)
        page.writeUInt32BE(1700000000 + rng.below(1000000), end + 8)
        page.writeUInt16BE(rng.below(65536), end + 12)
        page.writeUInt16BE(text.length, end + 14)
        text.bytes.copy(page, end + 16, 0, text.length)
        page.writeUInt16BE(end, start + 8 + 2 * cells++)
      }
      page.writeUInt16BE(cells, start + 5)
    }
    left -= want
    yield chunk.subarray(0, want)
  }
}

/** A whole small text file (A, D) as one Buffer. */
export function smallText(seedText, size) {
  const parts = [...textChunks(seedText, size)]
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}
