import type { EntrySourceList, WrittenEntry, ZipEntrySource } from '../archive/zip-writer.js'
import { ManifestTextBuilder, type ManifestFile } from '../manifest/manifest.js'
import type { CollectedFile } from './collect-files.js'
import { recordFor, recordOf, type PackagedFileRecord, type StateEntry } from './package-state.js'

/**
 * The files of one packaging run, from the writer's sources to the manifest and the state
 * records, with as little kept per file as possible: on 70,000 files, an object per file per
 * stage (source, written entry, manifest file, state record) was 40 MB of live heap while
 * packing. Here a source is made when the writer asks for it, the manifest is kept as text,
 * and each written file leaves only its sha256 behind; manifest files and state
 * records are made once the archive is written, when they are asked for.
 */
export class PackedFiles {
  /** The writer's input, one source made per request. */
  readonly sources: EntrySourceList
  /** The manifest text, a line per file as it is written. */
  readonly manifest = new ManifestTextBuilder()
  private readonly sha256s: string[]
  private written = 0

  constructor(
    private readonly files: readonly CollectedFile[],
    private readonly clamp: (ms: number) => Date
  ) {
    this.sha256s = new Array<string>(files.length)
    let totalBytes = 0
    for (const file of files) totalBytes += contentSize(file)
    this.sources = {
      length: files.length,
      totalBytes,
      at: (index: number) => {
        const file = files[index]
        return file === undefined ? undefined : toSource(file, clamp)
      }
    }
  }

  /** The writer's onEntryWritten: entries come in source order, then the trailer's. */
  entryWritten(entry: WrittenEntry): void {
    const index = this.written
    const file = this.files[index]
    if (file === undefined) return // the manifest's own entry
    if (entry.name !== file.relPath || entry.size !== contentSize(file))
      throw new Error(`internal: wrote ${entry.name} (${entry.size} bytes) as ${file.relPath}`)
    this.written++
    this.sha256s[index] = entry.sha256
    this.manifest.add(this.manifestFile(index))
  }

  /** The manifest's file list, in archive order (every file must have been written). */
  manifestFiles(): ManifestFile[] {
    this.checkAllWritten()
    const out = new Array<ManifestFile>(this.files.length)
    for (let i = 0; i < this.files.length; i++) out[i] = this.manifestFile(i)
    return out
  }

  /**
   * The state after this run, in archive path order: for each of `collected` (every file in
   * the temp dir, in that order, the packed ones among them), its new record if it was packed
   * now, else its record from `refreshed` or the last state, if any.
   */
  *stateEntries(
    collected: readonly CollectedFile[],
    refreshed: Record<string, PackagedFileRecord>,
    previous: Record<string, PackagedFileRecord>
  ): Generator<StateEntry> {
    this.checkAllWritten()
    let next = 0
    for (const file of collected) {
      if (this.files[next] === file) {
        yield [file.relPath, recordFor(file, this.sha256s[next++] as string)]
        continue
      }
      const record = recordOf(refreshed, file.relPath) ?? recordOf(previous, file.relPath)
      if (record !== undefined) yield [file.relPath, record]
    }
    if (next !== this.files.length) throw new Error('internal: packed files not among those listed')
  }

  private manifestFile(index: number): ManifestFile {
    const file = this.files[index] as CollectedFile
    const out: ManifestFile = {
      path: file.relPath,
      type: file.kind,
      size: contentSize(file),
      mode: file.mode & 0o777,
      mtime: this.clamp(file.mtimeMs).toISOString(),
      sha256: this.sha256s[index] as string
    }
    if (file.kind === 'symlink') out.target = file.linkTarget as string
    return out
  }

  private checkAllWritten(): void {
    if (this.written !== this.files.length)
      throw new Error(`internal: ${this.written} of ${this.files.length} files written`)
  }
}

/** Bytes of an entry's content: the file's (the writer checks it), or the link text's. */
function contentSize(file: CollectedFile): number {
  return file.kind === 'symlink' ? Buffer.byteLength(file.linkTarget ?? '') : file.size
}

/**
 * The writer's view of a collected file. Plain literals, one shape for all: a spread of a
 * shared base gave each of 70,000 sources a hidden class of its own (V8), and the GC paid.
 */
function toSource(file: CollectedFile, clamp: (ms: number) => Date): ZipEntrySource {
  const mode = file.mode & 0o777
  const mtime = clamp(file.mtimeMs)
  if (file.kind === 'symlink')
    return { name: file.relPath, mode, mtime, kind: 'symlink', linkTarget: file.linkTarget }
  return {
    name: file.relPath,
    mode,
    mtime,
    kind: 'file',
    sourcePath: file.absPath,
    expectedSize: file.size,
    expectedMtimeMs: file.mtimeMs,
    expectedCtimeMs: file.ctimeMs
  }
}
