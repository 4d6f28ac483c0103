import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/**
 * Runs `work` with a private index file (GIT_INDEX_FILE) so trees can be built with plumbing
 * without touching the user's index or work tree. The file is removed afterwards.
 */
export async function withTempIndex<T>(
  work: (env: { GIT_INDEX_FILE: string }) => Promise<T>
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alfs-index-'))
  try {
    return await work({ GIT_INDEX_FILE: path.join(dir, 'index') })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
