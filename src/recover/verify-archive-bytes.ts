import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { ArtifactLfsError } from '../errors.js'
import type { LfsPointer } from '../lfs/pointer.js'
import type { ProgressSink } from '../progress/progress.js'

export interface VerifyBytesOptions {
  /** Names the archive in messages. */
  displayName: string
  /** What the bytes are, for the message: "the local LFS object", "the work-tree file". */
  what: string
  /** What to do when they do not match. */
  hint: string
  progress: ProgressSink
}

/**
 * Checks that `file` is exactly what `pointer` promises: size first (cheap), then the sha256
 * of every byte. Throws a 'recover' error naming the archive on any mismatch.
 */
export async function verifyArchiveBytes(
  file: string,
  pointer: LfsPointer,
  options: VerifyBytesOptions
): Promise<void> {
  const fail = (detail: string): never => {
    throw new ArtifactLfsError(
      'recover',
      `${options.displayName}: ${options.what} ${detail}; nothing was extracted`,
      { hint: options.hint }
    )
  }
  const { size } = await stat(file)
  if (size !== pointer.size) fail(`has ${size} bytes, but its LFS pointer says ${pointer.size}`)
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
    options.progress.update({
      phase: 'verifying',
      files: 0,
      bytes,
      totalFiles: 1,
      totalBytes: size
    })
  }
  const actual = hash.digest('hex')
  if (actual !== pointer.oid)
    fail(`has sha256 ${actual}, but its LFS pointer says ${pointer.oid} (corrupt copy)`)
  options.progress.update({ phase: 'verifying', files: 1, bytes, totalFiles: 1, totalBytes: size })
}
