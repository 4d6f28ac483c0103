import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { ArtifactLfsError } from '../errors.js'

/** What to read: the writer's view of a ZipEntrySource. */
export interface EntryDataSource {
  kind: 'file' | 'symlink' | 'bytes'
  sourcePath?: string
  linkTarget?: string
  data?: Buffer
  expectedSize?: number
  /** Archive path, for messages about `bytes` and `symlink` entries. */
  name: string
}

/**
 * The content of one entry, read front to back in chunks. Files are read with synchronous
 * calls: for many small files that is several times faster than a thread-pool round trip per
 * call, and a chunk read from the page cache takes well under a millisecond. `read` returns
 * null at the end, after checking that the file did not change while it was read.
 */
export interface EntryData {
  readonly size: number
  read(maxBytes: number): Buffer | null
  close(): void
}

const HINT_CHANGED =
  'a file changed while it was being packed; make sure nothing writes to the packaged folder, then run again'

/**
 * Opens the content of `source`; throws ArtifactLfsError('archive') naming the file.
 * File chunks are read into buffers from `allocate` (the writer recycles them); in-memory
 * content is returned as views of itself.
 */
export function openEntryData(
  source: EntryDataSource,
  allocate: (size: number) => Buffer = size => Buffer.allocUnsafe(size)
): EntryData {
  if (source.kind === 'file') return openFileData(source, allocate)
  const content =
    source.kind === 'symlink'
      ? Buffer.from(requireField(source, source.linkTarget, 'linkTarget'), 'utf8')
      : requireField(source, source.data, 'data')
  return memoryData(content)
}

function requireField<T>(source: EntryDataSource, value: T | undefined, field: string): T {
  if (value === undefined)
    throw new ArtifactLfsError(
      'archive',
      `entry ${source.name}: ${source.kind} entry has no ${field}`,
      { hint: 'this is a bug in the code that lists the entries; please report it' }
    )
  return value
}

function memoryData(content: Buffer): EntryData {
  let offset = 0
  return {
    size: content.length,
    read(maxBytes) {
      if (offset >= content.length) return null
      const chunk = content.subarray(offset, offset + maxBytes)
      offset += chunk.length
      return chunk
    },
    close: () => undefined
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

function openFileData(source: EntryDataSource, allocate: (size: number) => Buffer): EntryData {
  const file = requireField(source, source.sourcePath, 'sourcePath')
  let fd: number
  try {
    fd = openSync(file, OPEN_FLAGS)
  } catch (cause) {
    throw readError(file, cause)
  }
  try {
    const before = statOrThrow(fd, file)
    if (!before.isFile())
      throw new ArtifactLfsError('archive', `cannot read ${file}: it is no longer a regular file`, {
        hint: HINT_CHANGED
      })
    if (source.expectedSize !== undefined && before.size !== source.expectedSize)
      throw changed(file, `its size is ${before.size} bytes, ${source.expectedSize} were listed`)
    return new FileData(fd, file, before, allocate)
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

class FileData implements EntryData {
  readonly size: number
  private offset = 0
  private closed = false

  constructor(
    private readonly fd: number,
    private readonly file: string,
    private readonly before: Stats,
    private readonly allocate: (size: number) => Buffer
  ) {
    this.size = before.size
  }

  read(maxBytes: number): Buffer | null {
    const wanted = Math.min(maxBytes, this.size - this.offset)
    if (wanted <= 0) {
      this.checkUnchanged()
      return null
    }
    const chunk = this.allocate(wanted)
    let filled = 0
    while (filled < wanted) {
      let got: number
      try {
        got = readSync(this.fd, chunk, filled, wanted - filled, this.offset + filled)
      } catch (cause) {
        throw readError(this.file, cause)
      }
      if (got === 0)
        throw changed(this.file, `it ended after ${this.offset + filled} of ${this.size} bytes`)
      filled += got
    }
    this.offset += filled
    return chunk
  }

  /** After the last byte: the size and mtime must be those seen when the file was opened. */
  private checkUnchanged(): void {
    const after = statOrThrow(this.fd, this.file)
    if (after.size !== this.before.size)
      throw changed(this.file, `its size went from ${this.before.size} to ${after.size} bytes`)
    if (after.mtimeMs !== this.before.mtimeMs || after.ctimeMs !== this.before.ctimeMs)
      throw changed(this.file, 'it was modified while being read')
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }
}

function statOrThrow(fd: number, file: string): Stats {
  try {
    return fstatSync(fd)
  } catch (cause) {
    throw readError(file, cause)
  }
}

function changed(file: string, why: string): ArtifactLfsError {
  return new ArtifactLfsError('archive', `${file} changed while being packed: ${why}`, {
    hint: HINT_CHANGED
  })
}

/** "cannot read <path>: <reason>" for an errno from open/read/fstat. */
export function readError(file: string, cause: unknown): ArtifactLfsError {
  const code = (cause as NodeJS.ErrnoException)?.code
  const reasons: Record<string, [string, string]> = {
    ENOENT: ['it vanished (no such file)', HINT_CHANGED],
    ENOTDIR: ['it vanished (a parent folder was replaced)', HINT_CHANGED],
    ELOOP: ['it was replaced by a symbolic link', HINT_CHANGED],
    EACCES: ['permission denied', 'make the file readable by this user, or exclude it'],
    EPERM: ['permission denied', 'make the file readable by this user, or exclude it'],
    EISDIR: ['it is a directory now', HINT_CHANGED],
    EIO: ['I/O error', 'check the disk or file system the file lives on']
  }
  const [reason, hint] = (code && reasons[code]) || [
    (cause as Error)?.message ?? String(cause),
    'check that the file is readable, then run again'
  ]
  return new ArtifactLfsError('archive', `cannot read ${file}: ${reason}`, { hint, cause })
}
