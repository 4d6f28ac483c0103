import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../src/progress/progress.js'
import { git, makeTempDir } from '../helpers/sandbox.js'

/**
 * A clone of `remote` made with GIT_LFS_SKIP_SMUDGE=1 (archives stay pointer files, the LFS
 * store is empty), then `git lfs install --local` in it: a CI checkout without `lfs: true`.
 */
export function cloneWithoutSmudge(remote: string): string {
  const dir = path.join(makeTempDir('alfs-nosmudge-'), 'clone')
  execFileSync('git', ['clone', '-q', `file://${remote}`, dir], {
    env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  git(dir, 'lfs', 'install', '--local')
  return dir
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Where the clone's LFS store keeps an object. */
export function storePath(repoDir: string, oid: string): string {
  return path.join(repoDir, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid)
}

/** Every path under `dir` with its kind, mode and content (or link target): a tree snapshot. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (folder: string, prefix: string): void => {
    let names: string[]
    try {
      names = readdirSync(folder).sort()
    } catch {
      return
    }
    for (const name of names) {
      const full = path.join(folder, name)
      const rel = prefix ? `${prefix}/${name}` : name
      const stats = lstatSync(full)
      const mode = (stats.mode & 0o777).toString(8)
      if (stats.isSymbolicLink()) out[rel] = `link ${readlinkSync(full)}`
      else if (stats.isDirectory()) {
        out[rel] = `dir ${mode}`
        walk(full, rel)
      } else out[rel] = `file ${mode} ${sha256(readFileSync(full))}`
    }
  }
  walk(dir, '')
  return out
}

/** A logger that keeps every line (level-prefixed). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: message => lines.push(`info: ${message}`),
    warn: message => lines.push(`warn: ${message}`),
    debug: message => lines.push(`debug: ${message}`)
  }
}
