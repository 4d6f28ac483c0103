import { mkdir, open, readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'

/**
 * One artifact-lfs run at a time per clone: `<git dir>/artifact-lfs/run.lock` holds the pid.
 * A lock whose process is gone (killed with -9) is stale and taken over.
 */
export class RunLock {
  private constructor(private readonly file: string) {}

  static async acquire(gitDir: string): Promise<RunLock> {
    const file = runLockPath(gitDir)
    await mkdir(path.dirname(file), { recursive: true })
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(file, 'wx')
        await handle.writeFile(`${process.pid}\n`)
        await handle.close()
        return new RunLock(file)
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause
      }
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder) && holder !== process.pid) {
        throw new ArtifactLfsError(
          'repo-state',
          `another artifact-lfs run (pid ${holder}) is working in this clone`,
          { hint: `wait for it to finish; if no such run exists, delete ${file}` }
        )
      }
      await unlink(file).catch(() => undefined)
    }
    throw new ArtifactLfsError('repo-state', `could not take the lock ${file}`, {
      hint: `delete ${file} if no artifact-lfs run is active`
    })
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => undefined)
  }
}

/** Where the run lock of the clone with this git dir lives. */
export function runLockPath(gitDir: string): string {
  return path.join(gitDir, 'artifact-lfs', 'run.lock')
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM'
  }
}
