import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh temp dir; removed by `cleanupSandboxes()` (call it in afterAll). */
const created: string[] = []
export function makeTempDir(prefix = 'alfs-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  created.push(dir)
  return dir
}
export function cleanupSandboxes(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/**
 * Runs real git synchronously (tests only); returns stdout as text. `env: process.env` is
 * explicit on purpose: inside a jest test `process.env` is the sandbox's copy (where
 * isolated-git-env.cjs put GIT_CONFIG_NOSYSTEM, HOME, ...), while child_process would
 * otherwise default to the real process environment and read /etc/gitconfig and ~/.gitconfig.
 */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env
  })
}

/** Writes a file, creating parent folders. */
export function writeFile(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
}

export interface ScratchRepo {
  /** The work tree. */
  dir: string
  /** The bare remote `origin` points to (a file:// URL works as an LFS remote without a server). */
  remote: string
}

/**
 * A work tree with one commit on `main` and a bare `origin` over file://, both under a new
 * temp dir. `lfs: true` runs `git lfs install --local` (the filter config); without it the
 * repo has no LFS filter, which is what the preflight must notice.
 */
export function makeScratchRepo(
  options: { lfs?: boolean; withRemote?: boolean } = {}
): ScratchRepo {
  const base = makeTempDir('alfs-repo-')
  const dir = path.join(base, 'work')
  const remote = path.join(base, 'remote.git')
  mkdirSync(dir)
  git(dir, 'init', '-q', '-b', 'main')
  if (options.lfs) git(dir, 'lfs', 'install', '--local')
  writeFile(path.join(dir, 'README.md'), '# scratch\n')
  git(dir, 'add', 'README.md')
  git(dir, 'commit', '-q', '-m', 'initial')
  if (options.withRemote !== false) {
    git(base, 'init', '-q', '--bare', '-b', 'main', remote)
    git(dir, 'remote', 'add', 'origin', `file://${remote}`)
    git(dir, 'push', '-q', '-u', 'origin', 'main')
  }
  return { dir, remote }
}
