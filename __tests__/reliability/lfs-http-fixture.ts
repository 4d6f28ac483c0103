import { randomBytes } from 'node:crypto'
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { LfsTestServer } from '../helpers/lfs-server/lfs-server.js'
import { runCli, type CliRun } from '../helpers/run-cli.js'
import { git, makeScratchRepo, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { branchTip, pointerOids } from './reliability-helpers.js'

export const LFS_USER = 'ci-bot'
export const LFS_PASSWORD = 's3cret-Passw0rd'

export const PIPELINE = ['--package', '--commit', '--sync-gitattributes', '--push', '--json']

export function startLfsServer(): Promise<LfsTestServer> {
  return LfsTestServer.start({
    dir: makeTempDir('alfs-lfs-server-'),
    user: LFS_USER,
    password: LFS_PASSWORD
  })
}

export type Credentials = 'good' | 'wrong' | 'missing'

/**
 * A clone whose git remote is a bare repo on disk and whose LFS endpoint (`lfs.url`) is the
 * test server, with credentials from a `store` helper file (good), a script that always
 * answers the same wrong password (wrong), or nothing (missing); plus ~2 MB of session
 * output in tmp/. `lfsRetries` sets lfs.transfer.maxretries (git-lfs's default is 8).
 */
export function lfsHttpClone(
  server: LfsTestServer,
  credentials: Credentials,
  options: { lfsRetries?: number } = {}
): { dir: string; remote: string; initialTip: string } {
  const { dir, remote } = makeScratchRepo({ lfs: true })
  git(dir, 'config', 'lfs.url', server.url)
  if (options.lfsRetries !== undefined) {
    git(dir, 'config', 'lfs.transfer.maxretries', String(options.lfsRetries))
    git(dir, 'config', 'lfs.transfer.maxretrydelay', '1')
  }
  const base = makeTempDir('alfs-cred-')
  if (credentials === 'good') {
    const store = path.join(base, 'credentials')
    writeFileSync(store, `http://${LFS_USER}:${LFS_PASSWORD}@127.0.0.1:${server.port}\n`, {
      mode: 0o600
    })
    git(dir, 'config', 'credential.helper', `store --file=${store}`)
  } else if (credentials === 'wrong') {
    const helper = path.join(base, 'same-wrong-password.sh')
    writeFileSync(helper, `#!/bin/sh\necho username=${LFS_USER}\necho password=not-the-password\n`)
    chmodSync(helper, 0o755)
    git(dir, 'config', 'credential.helper', helper)
  }
  writeFile(path.join(dir, 'tmp', 'model.bin'), randomBytes(2_000_000))
  writeFile(path.join(dir, 'tmp', 'notes.txt'), 'session notes\n'.repeat(50))
  return { dir, remote, initialTip: branchTip(remote) }
}

export interface PipelineRun extends CliRun {
  json: {
    ok: boolean
    error?: { kind: string; message: string; hint?: string }
    package?: { sha256: string; archiveRelPath: string }
    push?: { status: string; attempts: number; commitSha: string }
  }
}

export async function runPipelineCli(dir: string, extra: string[] = []): Promise<PipelineRun> {
  const run = await runCli(dir, [...PIPELINE, ...extra])
  return { ...run, json: JSON.parse(run.stdout) as PipelineRun['json'] }
}

/** Every LFS object the remote branch references is on the server (none dangling). */
export function remoteObjectsComplete(server: LfsTestServer, remote: string): boolean {
  const tip = branchTip(remote)
  return tip === '' || pointerOids(remote, tip).every(oid => server.hasObject(oid))
}
