import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { LfsTestServer } from '../helpers/lfs-server/lfs-server.js'
import { cleanupSandboxes, git } from '../helpers/sandbox.js'
import {
  lfsHttpClone,
  remoteObjectsComplete,
  runPipelineCli,
  startLfsServer
} from './lfs-http-fixture.js'
import { branchTip, SLOW } from './reliability-helpers.js'

/**
 * Pushes through a real LFS HTTP server (batch API, Basic auth) with real git and git-lfs:
 * credentials good, wrong and missing; a server that answers 500, one that rate-limits with
 * Retry-After, one that drops the connection in the middle of an upload. After every failure
 * the remote branch is untouched and never references an object the server lacks.
 */
let server: LfsTestServer
beforeAll(async () => {
  server = await startLfsServer()
})
afterAll(async () => {
  await server.stop()
  cleanupSandboxes()
})
beforeEach(() => {
  server.fault = { kind: 'none' }
  server.requests.length = 0
})

/** Server faults take 7-15 s each (back-off, Retry-After, git-lfs retries): slow tests. */
const slowIt = SLOW ? it : it.skip

describe('push to an LFS HTTP server', () => {
  it('good credentials: the object is on the server and the branch moved', async () => {
    const { dir, remote, initialTip } = lfsHttpClone(server, 'good')
    const run = await runPipelineCli(dir)
    expect(run.json.error).toBeUndefined()
    expect(run.code).toBe(0)
    expect(run.json.push?.status).toBe('pushed')
    expect(branchTip(remote)).toBe(run.json.push?.commitSha)
    expect(branchTip(remote)).not.toBe(initialTip)
    expect(server.hasObject(run.json.package!.sha256)).toBe(true)
    expect(server.count('PUT', run.json.package!.sha256, 200)).toBe(1)
    expect(server.requests.every(r => r.status !== 200 || r.authorized)).toBe(true)
  })

  it.each([
    ['wrong', /refused the credentials 3 times in a row/],
    [
      'missing',
      /refused the credentials .*(Git credentials for \S+ not found|could not read Username)/
    ]
  ] as const)(
    '%s credentials: fails fast as an auth failure, nothing pushed',
    async (credentials, message) => {
      const { dir, remote, initialTip } = lfsHttpClone(server, credentials)
      const started = Date.now()
      const run = await runPipelineCli(dir, ['--push-attempts', '5'])
      const elapsed = Date.now() - started
      expect(run.code).toBe(1)
      expect(run.json.error?.kind).toBe('push')
      expect(run.json.error?.message).toMatch(message)
      expect(run.json.error?.hint).toMatch(/credential helper/)
      // one attempt: an auth failure is never retried, and the loop was cut after 3 rounds
      expect(run.json.error?.message).not.toMatch(/after \d+ attempts/)
      expect(server.requests.filter(r => r.status === 401).length).toBeLessThanOrEqual(5)
      // the whole pipeline included, on a busy machine; without the bound it is 15 minutes
      expect(elapsed).toBeLessThan(90_000)
      expect(server.count('PUT', '')).toBe(0)
      expect(branchTip(remote)).toBe(initialTip)
      // the archive commit stays local, ready for the next push
      expect(git(dir, 'rev-list', '--count', `${initialTip}..HEAD`).trim()).toBe('1')
    }
  )

  slowIt('a server answering 500: bounded retries, a clear error, branch untouched', async () => {
    const { dir, remote, initialTip } = lfsHttpClone(server, 'good')
    server.fault = { kind: 'batch-status', status: 500 }
    const run = await runPipelineCli(dir, ['--push-attempts', '3'])
    expect(run.code).toBe(1)
    expect(run.json.error?.message).toMatch(
      /failed after 3 attempts: the LFS server answered HTTP 500: batch response: Fatal error: injected failure/
    )
    expect(server.count('POST', '/objects/batch')).toBe(3)
    expect(branchTip(remote)).toBe(initialTip)
    expect(remoteObjectsComplete(server, remote)).toBe(true)
  })

  slowIt('429 with Retry-After: git-lfs waits as told, then the push succeeds', async () => {
    const { dir, remote } = lfsHttpClone(server, 'good')
    server.fault = { kind: 'rate-limit', times: 2, retryAfterSeconds: 1 }
    const started = Date.now()
    const run = await runPipelineCli(dir)
    expect(run.json.error).toBeUndefined()
    expect(run.json.push?.status).toBe('pushed')
    expect(run.json.push?.attempts).toBe(1)
    const batches = server.requests.filter(r => r.path.endsWith('/objects/batch'))
    expect(batches.slice(0, 2).map(r => r.status)).toEqual([429, 429])
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000)
    expect(branchTip(remote)).toBe(run.json.push?.commitSha)
    expect(remoteObjectsComplete(server, remote)).toBe(true)
  })

  slowIt(
    '429 for longer than git-lfs retries: our bounded attempts, then a clear error',
    async () => {
      const { dir, remote, initialTip } = lfsHttpClone(server, 'good', { lfsRetries: 1 })
      server.fault = { kind: 'rate-limit', times: 1000, retryAfterSeconds: 1 }
      const run = await runPipelineCli(dir, ['--push-attempts', '2'])
      expect(run.code).toBe(1)
      expect(run.json.error?.message).toMatch(
        /failed after 2 attempts: the LFS server answered HTTP 429/
      )
      // git-lfs: the first try and one retry per attempt
      expect(server.count('POST', '/objects/batch', 429)).toBe(4)
      expect(branchTip(remote)).toBe(initialTip)
      expect(server.count('PUT', '')).toBe(0)
    }
  )

  slowIt(
    'connection dropped mid-upload: the run fails, the branch is untouched; the next run pushes',
    async () => {
      const { dir, remote, initialTip } = lfsHttpClone(server, 'good', { lfsRetries: 1 })
      server.fault = { kind: 'drop-upload', afterBytes: 300_000 }
      const failed = await runPipelineCli(dir, ['--push-attempts', '2'])
      expect(failed.code).toBe(1)
      expect(failed.json.error?.kind).toBe('push')
      const oid = failed.json.package!.sha256
      expect(server.requests.some(r => r.method === 'PUT' && r.status === -1)).toBe(true)
      expect(server.hasObject(oid)).toBe(false)
      expect(branchTip(remote)).toBe(initialTip)
      expect(remoteObjectsComplete(server, remote)).toBe(true)

      server.fault = { kind: 'none' }
      const next = await runPipelineCli(dir)
      expect(next.json.error).toBeUndefined()
      expect(next.json.push?.status).toBe('pushed')
      expect(server.hasObject(oid)).toBe(true)
      expect(branchTip(remote)).toBe(git(dir, 'rev-parse', 'HEAD').trim())
      expect(remoteObjectsComplete(server, remote)).toBe(true)
    }
  )
})
