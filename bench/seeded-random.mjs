// Deterministic randomness for the benchmark datasets: the same seed string always gives the
// same numbers and the same bytes, on every machine and Node version.
import { createCipheriv, createHash } from 'node:crypto'

/** A 32-bit seed derived from any text (first 4 bytes of its sha256). */
export function seedFromText(text) {
  return createHash('sha256').update(text).digest().readUInt32LE(0)
}

/**
 * A small, fast PRNG (mulberry32). `next()` gives an unsigned 32-bit integer, `below(n)` an
 * integer in [0, n), `unit()` a float in [0, 1).
 */
export function seededNumbers(seedText) {
  let state = seedFromText(seedText) | 0
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) >>> 0
  }
  return {
    next,
    below: n => next() % n,
    unit: () => next() / 4294967296
  }
}

const ZEROS = Buffer.alloc(8 * 1024 * 1024)

/**
 * Incompressible bytes from a seed: the AES-256-CTR keystream (AES-NI makes it run at GiB/s,
 * far faster than a JavaScript PRNG). `take(n)` returns the next n bytes (n <= 8 MiB).
 */
export function seededBytes(seedText) {
  const key = createHash('sha256').update(`bytes:${seedText}`).digest()
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  return {
    take(n) {
      if (n > ZEROS.length) throw new Error(`seededBytes: at most ${ZEROS.length} bytes at once`)
      return cipher.update(ZEROS.subarray(0, n))
    }
  }
}
