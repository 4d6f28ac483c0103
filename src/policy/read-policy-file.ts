import { type FileHandle, lstat, open, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { MAX_POLICY_FILE_BYTES } from './policy.js'
import { policyRefusal } from './policy-source.js'
import { bytePosition, firstInvalidUtf8Offset } from './utf8-check.js'

export interface PolicyFileText {
  /** Absolute path of the policy file (as named, not symlink-resolved). */
  source: string
  /** How messages name it: the path relative to the repo root. */
  label: string
  /** The decoded text (BOM removed), or undefined when there is no policy file. */
  text: string | undefined
}

/**
 * Reads the policy file safely: it must lie inside the repository (also after resolving
 * symlinks), be a regular file of at most MAX_POLICY_FILE_BYTES, and be valid UTF-8.
 * A missing file is not an error (text undefined).
 */
export async function readPolicyFile(
  repoRoot: string,
  policyFile: string
): Promise<PolicyFileText> {
  const root = path.resolve(repoRoot)
  const source = path.resolve(root, policyFile)
  const relative = path.relative(root, source)
  const label = relative === '' ? policyFile : relative.split(path.sep).join('/')
  const refuse = (what: string, hint: string, cause?: unknown): ArtifactLfsError =>
    policyRefusal(label, undefined, undefined, what, { hint, cause })
  const hintInside = 'keep the policy file inside the repository (default .codex_lfs_policy.yaml)'

  if (relative === '')
    throw refuse('the policy path names the repository folder itself', hintInside)
  if (!isInside(relative)) {
    throw refuse(`the policy path ${source} is outside the repository ${root}`, hintInside)
  }
  try {
    await lstat(source)
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return { source, label, text: undefined }
    }
    throw refuse(
      `cannot read the policy file: ${(cause as Error).message}`,
      'check its permissions',
      cause
    )
  }
  let real: string
  let realRoot: string
  try {
    realRoot = await realpath(root)
    real = await realpath(source)
  } catch (cause) {
    throw refuse('the policy file is a symlink to a file that does not exist', hintInside, cause)
  }
  const realRelative = path.relative(realRoot, real)
  if (realRelative === '' || !isInside(realRelative)) {
    throw refuse(`the policy file resolves to ${real}, outside the repository`, hintInside)
  }
  const stats = await stat(real)
  if (!stats.isFile()) {
    throw refuse('the policy file is not a regular file', 'replace it with a YAML file')
  }
  if (stats.size > MAX_POLICY_FILE_BYTES) {
    throw refuse(
      `the policy file is ${stats.size} bytes, more than the ${MAX_POLICY_FILE_BYTES} allowed`,
      'a policy is a few lines of YAML: check that the right file is named'
    )
  }
  const bytes = await readAtMost(real, MAX_POLICY_FILE_BYTES + 1)
  if (bytes.length > MAX_POLICY_FILE_BYTES) {
    throw refuse(
      `the policy file is larger than the ${MAX_POLICY_FILE_BYTES} bytes allowed`,
      'a policy is a few lines of YAML: check that the right file is named'
    )
  }
  return { source, label, text: decodeUtf8(label, bytes) }
}

/** Whether a path.relative() result stays below its base (`..foo` is a name, not a step up). */
function isInside(relative: string): boolean {
  return !path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`)
}

async function readAtMost(file: string, limit: number): Promise<Buffer> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const buffer = Buffer.alloc(limit)
    let filled = 0
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer.subarray(0, filled)
  } finally {
    await handle?.close()
  }
}

function decodeUtf8(label: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    const offset = Math.max(0, firstInvalidUtf8Offset(bytes))
    const at = bytePosition(bytes, offset)
    const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? '??'
    throw policyRefusal(label, at, undefined, `is not valid UTF-8 (byte 0x${byte})`, {
      hint: 'save the policy file as UTF-8',
      cause
    })
  }
}
