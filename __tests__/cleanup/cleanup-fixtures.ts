import { expect } from '@jest/globals'
import { utimesSync } from 'node:fs'
import path from 'node:path'
import type { ManifestFile } from '../../src/manifest/manifest.js'
import type { Logger } from '../../src/progress/progress.js'
import { runCli } from '../helpers/run-cli.js'

export const PIPELINE = ['--package', '--commit', '--sync-gitattributes', '--push', '--json']

export interface PackagedRun {
  archiveRelPath: string
  sha256: string
  files: ManifestFile[]
  commitSha: string
}

/**
 * Packages and commits what is new in `<dir>/tmp` with the real CLI (in-process), and pushes
 * unless `push` is false (then only package + commit + sync run).
 */
export async function packageWithCli(dir: string, push = true): Promise<PackagedRun> {
  const run = await runCli(dir, push ? PIPELINE : PIPELINE.filter(a => a !== '--push'))
  if (run.code !== 0) throw new Error(`artifact-lfs failed (${run.code}):\n${run.stderr}`)
  const result = JSON.parse(run.stdout)
  if (push) expect(result.push.status).toBe('pushed')
  expect(result.commit.status).toBe('committed')
  return {
    archiveRelPath: result.package.archiveRelPath,
    sha256: result.package.sha256,
    files: result.package.files,
    commitSha: result.commit.commitSha
  }
}

/** Sets a file's (or, with a symlink, the link's own) mtime `days` days before `now`. */
export function backdate(file: string, days: number, now = Date.now()): void {
  const when = new Date(now - days * 86_400_000)
  utimesSync(file, when, when)
}

/** A logger that remembers every line, for asserting what was said. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: m => lines.push(`info: ${m}`),
    warn: m => lines.push(`warn: ${m}`),
    debug: m => lines.push(`debug: ${m}`)
  }
}

export function tmpFile(dir: string, rel: string): string {
  return path.join(dir, 'tmp', ...rel.split('/'))
}
