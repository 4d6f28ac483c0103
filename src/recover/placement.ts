import { lstat, mkdir, rename, rm, rmdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import { ArtifactLfsError } from '../errors.js'
import { checkParentsInside, inspectPath } from './destination-tree.js'

type Step =
  | { kind: 'mkdir'; full: string }
  | { kind: 'placed'; full: string }
  | { kind: 'tree'; full: string }
  | { kind: 'replaced'; full: string; backup: string; placed: boolean }

/**
 * Moves staged entries into the destination one rename at a time, remembering every change
 * so that `rollback()` can put the destination back exactly as it was: created folders are
 * removed, placed entries unlinked, replaced files restored from the backup folder (same file
 * system, so every step is a rename).
 */
export class Placement {
  private readonly steps: Step[] = []
  private backups = 0
  /** Folders inside root seen (or made) as real directories during this placement. */
  private readonly verified = new Set<string>()
  /** Folders this placement created (relative paths). */
  private readonly created = new Set<string>()

  constructor(
    private readonly root: string,
    private readonly backupDir: string
  ) {}

  /** Makes sure the destination root exists (recording it if created). */
  async ensureRoot(): Promise<void> {
    const found = await lstat(this.root).catch(() => undefined)
    if (found?.isDirectory()) return
    await mkdir(this.root)
    this.steps.push({ kind: 'mkdir', full: this.root })
  }

  /** Whether this placement created the folder `relative` (now or for an earlier entry). */
  createdDirectory(relative: string): boolean {
    return this.created.has(relative)
  }

  /**
   * Creates `relative` and the folders above it, refusing anything that is not a folder;
   * true if it was created now.
   */
  async ensureDirectory(relative: string): Promise<boolean> {
    if (this.verified.has(relative)) return false
    await checkParentsInside(this.root, relative, this.verified)
    const existing = await inspectPath(this.root, relative)
    if (existing.kind === 'directory') {
      this.verified.add(relative)
      return false
    }
    if (existing.kind !== 'missing') throw this.changed(relative)
    const segments = relative.split('/')
    if (segments.length > 1) await this.ensureDirectory(segments.slice(0, -1).join('/'))
    const full = this.full(relative)
    await mkdir(full)
    this.steps.push({ kind: 'mkdir', full })
    this.verified.add(relative)
    this.created.add(relative)
    return true
  }

  /**
   * Renames the staged folder `stagedPath` to `relative` in one step, with everything in it.
   * The place must still be free: the survey found it missing, so nothing of the user's can
   * be below it. Rollback removes the whole folder again.
   */
  async placeFolder(relative: string, stagedPath: string): Promise<void> {
    const segments = relative.split('/')
    if (segments.length > 1) await this.ensureDirectory(segments.slice(0, -1).join('/'))
    await checkParentsInside(this.root, relative, this.verified)
    if ((await inspectPath(this.root, relative)).kind !== 'missing') throw this.changed(relative)
    const full = this.full(relative)
    await rename(stagedPath, full)
    this.steps.push({ kind: 'tree', full })
    this.verified.add(relative)
    this.created.add(relative)
  }

  /**
   * Renames `stagedPath` to `relative`. `replace` says what the caller saw there before: if
   * true the current occupant (file or symlink, never a folder) is moved to the backup folder
   * first; if false the path must still be free.
   */
  async place(relative: string, stagedPath: string, replace: boolean): Promise<void> {
    const segments = relative.split('/')
    if (segments.length > 1) await this.ensureDirectory(segments.slice(0, -1).join('/'))
    await checkParentsInside(this.root, relative, this.verified)
    const full = this.full(relative)
    const existing = await inspectPath(this.root, relative)
    if (existing.kind === 'missing') {
      await rename(stagedPath, full)
      this.steps.push({ kind: 'placed', full })
      return
    }
    if (!replace || (existing.kind !== 'file' && existing.kind !== 'symlink')) {
      throw this.changed(relative)
    }
    const step: Step = {
      kind: 'replaced',
      full,
      backup: path.join(this.backupDir, String(this.backups++)),
      placed: false
    }
    await rename(full, step.backup)
    this.steps.push(step)
    await rename(stagedPath, full)
    step.placed = true
  }

  /** Undoes every recorded step, newest first; returns what could not be undone. */
  async rollback(): Promise<string[]> {
    const problems: string[] = []
    for (const step of this.steps.splice(0).reverse()) {
      try {
        if (step.kind === 'mkdir') await rmdir(step.full)
        else if (step.kind === 'placed') await unlink(step.full)
        else if (step.kind === 'tree') await rm(step.full, { recursive: true })
        else {
          if (step.placed) await unlink(step.full)
          await rename(step.backup, step.full)
        }
      } catch (error) {
        problems.push(`${step.full}: ${(error as Error).message}`)
      }
    }
    return problems
  }

  private full(relative: string): string {
    return path.join(this.root, ...relative.split('/'))
  }

  private changed(relative: string): Error {
    return new ArtifactLfsError(
      'recover',
      `${this.full(relative)} changed while the archive was being extracted; nothing was extracted`,
      { hint: 'make sure nothing else writes to the destination, then retry' }
    )
  }
}
