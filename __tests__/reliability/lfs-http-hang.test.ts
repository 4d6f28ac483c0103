import { TEST_NETWORK_TIMEOUT_MS } from './network-timeout-env.js'
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { NETWORK_TIMEOUT_MS } from '../../src/git/exec-git.js'
import type { LfsTestServer } from '../helpers/lfs-server/lfs-server.js'
import { cleanupSandboxes } from '../helpers/sandbox.js'
import { lfsHttpClone, runPipelineCli, startLfsServer } from './lfs-http-fixture.js'
import { branchTip, SLOW } from './reliability-helpers.js'

let server: LfsTestServer
beforeAll(async () => {
  server = await startLfsServer()
})
afterAll(async () => {
  await server.stop()
  cleanupSandboxes()
})

/** Waits out the (lowered) network timeout: a slow test. */
const slowIt = SLOW ? it : it.skip

slowIt(
  'an LFS server that never answers: the push is stopped by our timeout, branch untouched',
  async () => {
    expect(NETWORK_TIMEOUT_MS).toBe(TEST_NETWORK_TIMEOUT_MS)
    const { dir, remote, initialTip } = lfsHttpClone(server, 'good')
    server.fault = { kind: 'hang' }
    const started = Date.now()
    const run = await runPipelineCli(dir, ['--push-attempts', '3'])
    const elapsed = Date.now() - started
    expect(run.code).toBe(1)
    expect(run.json.error?.message).toMatch(/the push did not finish in time and was stopped/)
    // a timeout is not retried: one batch request, then the timeout (plus pipeline and kill grace)
    expect(server.count('POST', '/objects/batch')).toBe(1)
    expect(elapsed).toBeLessThan(TEST_NETWORK_TIMEOUT_MS + 15_000)
    expect(branchTip(remote)).toBe(initialTip)
  }
)
