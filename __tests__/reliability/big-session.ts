import { createHash, randomBytes } from 'node:crypto'
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs'
import path from 'node:path'
import { writeFile } from '../helpers/sandbox.js'
import { sha256File } from './reliability-helpers.js'

/**
 * Session output for fault tests: `smallFiles` text files of 0-24 KiB in a few folders plus
 * one file of `bigBytes` random bytes (written in 8 MiB chunks, never held whole in memory).
 */
export function writeBigSession(tmpDir: string, smallFiles: number, bigBytes: number): void {
  for (let i = 0; i < smallFiles; i++) {
    const text = randomBytes(Math.floor(Math.random() * 18_000)).toString('base64')
    writeFile(path.join(tmpDir, `logs/part-${i % 7}`, `file-${i}.txt`), text)
  }
  writeFile(path.join(tmpDir, 'big', 'model.bin'), '')
  const fd = openSync(path.join(tmpDir, 'big', 'model.bin'), 'w')
  try {
    const chunk = 8 << 20
    for (let written = 0; written < bigBytes; written += chunk)
      writeSync(fd, randomBytes(Math.min(chunk, bigBytes - written)))
  } finally {
    closeSync(fd)
  }
}

/**
 * path (relative, '/'-separated) -> "sha256 size mtimeMs" of every file under `dir`, or of
 * the top-level names in `only`.
 */
export async function fingerprintTree(
  dir: string,
  only?: string[]
): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (rel: string): Promise<void> => {
    const names = rel === '' && only ? only : readdirSync(path.join(dir, rel)).sort()
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name
      const full = path.join(dir, childRel)
      const stats = lstatSync(full)
      if (stats.isDirectory()) await walk(childRel)
      else {
        const hash =
          stats.size > 1 << 20
            ? await sha256File(full)
            : createHash('sha256').update(readFileSync(full)).digest('hex')
        out[childRel] = `${hash} ${stats.size} ${stats.mtimeMs}`
      }
    }
  }
  await walk('')
  return out
}
