import { readdir, readFile, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from '../progress/progress.js'
import { isAlive, runLockPath } from './run-lock.js'

/**
 * Temp files a killed run leaves behind (kill -9, OOM, a cancelled job): the archive being
 * written, `.codex-session.zip.<pid>.<random>.partial` in the session dir, and the packaging
 * state being replaced, `.package-state-<id>.json.<pid>.<random>.partial` under
 * `<git dir>/artifact-lfs/`. An archive temp file can be as large as the archive.
 */
const STALE_PATTERNS: readonly { where: 'session' | 'state'; pattern: RegExp }[] = [
  { where: 'session', pattern: /^\.codex-session\.zip\.(\d+)\.[0-9a-f]+\.partial$/ },
  { where: 'state', pattern: /^\.package-state-[0-9a-f]+\.json\.(\d+)\.[0-9a-f]+\.partial$/ }
]

/**
 * Removes the temp files of earlier runs. Call it only while holding the run lock: a temp file
 * last modified before the lock was taken, whose writer is not running, belongs to a run that
 * died (only one run at a time works in a clone). Without a lock file it removes nothing.
 * Returns the names removed; failures to remove are warnings, never errors.
 */
export async function removeStalePartials(
  sessionDir: string,
  gitDir: string,
  logger: Logger
): Promise<string[]> {
  const lockFile = runLockPath(gitDir)
  const lock = await stat(lockFile).catch(() => undefined)
  if (lock === undefined) return []
  const lockHolder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
  if (lockHolder !== process.pid) return []
  const removed: string[] = []
  const dirs = { session: sessionDir, state: path.dirname(lockFile) }
  for (const { where, pattern } of STALE_PATTERNS) {
    const dir = dirs[where]
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const match = pattern.exec(name)
      if (!match) continue
      const writer = Number(match[1])
      if (writer === process.pid || isAlive(writer)) continue
      const file = path.join(dir, name)
      const stats = await stat(file).catch(() => undefined)
      if (stats === undefined || !stats.isFile() || stats.mtimeMs >= lock.mtimeMs) continue
      try {
        await unlink(file)
        removed.push(name)
      } catch (cause) {
        logger.warn(
          `could not remove ${file} left by an interrupted run: ${(cause as Error).message}`
        )
      }
    }
  }
  if (removed.length > 0)
    logger.info(`removed ${removed.length} temp file(s) left by an interrupted run`)
  return removed
}
