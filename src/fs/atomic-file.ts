import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'

/** The temp-file name used next to `target`; a leading dot and a random part keep it unique. */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`
  )
}

/**
 * Replaces `target` with `data` atomically: write a temp file in the same folder, fsync it,
 * rename over the target, fsync the folder. Readers see the old file or the new one, never
 * half of it; on failure the temp file is removed and the target is untouched. `data` may
 * come in pieces (an iterable of strings, written as UTF-8 one after the other).
 */
export async function writeFileAtomic(
  target: string,
  data: string | Buffer | Iterable<string>,
  mode = 0o644
): Promise<void> {
  const tmp = tempPathFor(target)
  let handle: FileHandle | undefined
  try {
    handle = await open(tmp, 'wx', mode)
    if (typeof data === 'string' || Buffer.isBuffer(data)) await handle.writeFile(data)
    // writeFile on a handle writes from its current position, to the end of each piece
    else for (const piece of data) await handle.writeFile(piece)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(tmp, target)
  } catch (cause) {
    await handle?.close().catch(() => undefined)
    await unlink(tmp).catch(() => undefined)
    throw new ArtifactLfsError('io', `could not write ${target}: ${(cause as Error).message}`, {
      cause
    })
  }
  await syncDir(path.dirname(target))
}

/** fsync a folder so a rename in it survives a crash. Best effort where unsupported. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, constants.O_RDONLY)
    await handle.sync()
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * A file being written under a temp name, published under its final name only by `publish()`,
 * which never replaces an existing file (hard link, then unlink the temp name): two writers
 * racing for one name cannot overwrite each other. `discard()` removes the temp file.
 */
export class PendingFile {
  readonly tempPath: string
  readonly handle: FileHandle
  private finished = false

  private constructor(tempPath: string, handle: FileHandle) {
    this.tempPath = tempPath
    this.handle = handle
  }

  static async create(nearTarget: string, mode = 0o644): Promise<PendingFile> {
    const tempPath = tempPathFor(nearTarget)
    const handle = await open(tempPath, 'wx', mode)
    return new PendingFile(tempPath, handle)
  }

  /** fsync + close, then link to `target`. Resolves false (and keeps the temp file) if taken. */
  async publish(target: string): Promise<boolean> {
    if (!this.finished) {
      await this.handle.sync()
      await this.handle.close()
      this.finished = true
    }
    try {
      await link(this.tempPath, target)
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw cause
    }
    await unlink(this.tempPath)
    await syncDir(path.dirname(target))
    return true
  }

  async discard(): Promise<void> {
    if (!this.finished) {
      this.finished = true
      await this.handle.close().catch(() => undefined)
    }
    await unlink(this.tempPath).catch(() => undefined)
  }
}
