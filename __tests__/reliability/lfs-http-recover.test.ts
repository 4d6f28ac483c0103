import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { LfsTestServer } from '../helpers/lfs-server/lfs-server.js'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, makeTempDir } from '../helpers/sandbox.js'
import {
  LFS_PASSWORD,
  LFS_USER,
  lfsHttpClone,
  runPipelineCli,
  startLfsServer
} from './lfs-http-fixture.js'

/**
 * Recovery fetches the archive's LFS object from an HTTP LFS server: with a credential helper
 * that keeps answering the same wrong password it fails as an auth problem within seconds
 * (git-lfs alone would retry for ever), writing nothing; with good credentials it recovers.
 */
let server: LfsTestServer
beforeAll(async () => {
  server = await startLfsServer()
})
afterAll(async () => {
  await server.stop()
  cleanupSandboxes()
})

it('wrong password: a bounded auth failure and nothing written; good credentials: recovered', async () => {
  const { dir: pusher, remote } = lfsHttpClone(server, 'good')
  const pushed = await runPipelineCli(pusher)
  expect(pushed.json.push?.status).toBe('pushed')

  // a fresh clone that has only the pointer (the object is on the HTTP server only)
  const clone = path.join(makeTempDir('alfs-recover-http-'), 'clone')
  execFileSync('git', ['clone', '-q', `file://${remote}`, clone], {
    env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' },
    stdio: 'pipe'
  })
  git(clone, 'lfs', 'install', '--local')
  git(clone, 'config', 'lfs.url', server.url)
  const helper = path.join(makeTempDir('alfs-cred-'), 'same-wrong-password.sh')
  writeFileSync(helper, `#!/bin/sh\necho username=${LFS_USER}\necho password=wrong\n`)
  chmodSync(helper, 0o755)
  git(clone, 'config', 'credential.helper', helper)

  const started = Date.now()
  const refused = await runCli(clone, ['--recover', 'latest', '--tmp-dir', 'out', '--json'])
  expect(refused.code).toBe(1)
  const error = JSON.parse(refused.stdout).error as { kind: string; message: string; hint: string }
  expect(error.kind).toBe('recover')
  expect(error.message).toMatch(
    /could not be fetched \(the LFS server refused the credentials 3 times in a row; git-lfs was stopped\)/
  )
  expect(error.message).not.toMatch(/trace git-lfs/)
  expect(error.hint).toMatch(/check the credentials for the LFS server/)
  expect(Date.now() - started).toBeLessThan(30_000)
  expect(server.count('GET', '')).toBe(0)
  expect(() => readFileSync(path.join(clone, 'out', 'notes.txt'))).toThrow()

  const store = path.join(makeTempDir('alfs-cred-'), 'credentials')
  writeFileSync(store, `http://${LFS_USER}:${LFS_PASSWORD}@127.0.0.1:${server.port}\n`)
  git(clone, 'config', 'credential.helper', `store --file=${store}`)
  const recovered = await runCli(clone, ['--recover', 'latest', '--tmp-dir', 'out', '--json'])
  expect(recovered.stderr).not.toMatch(/error:/)
  expect(recovered.code).toBe(0)
  expect(readFileSync(path.join(clone, 'out', 'notes.txt'), 'utf8')).toBe(
    'session notes\n'.repeat(50)
  )
})
