import { afterAll, describe, expect, it } from '@jest/globals'
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { execGit, GitCommandError } from '../../src/git/exec-git.js'
import {
  CREDENTIAL_LOOP,
  credentialLoopWatcher,
  tracedHttpStatuses,
  withoutTraceLines
} from '../../src/git/lfs-trace.js'
import { classifyTracedPushFailure } from '../../src/pipeline/push-errors.js'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'
import { processesIn, sleep } from './reliability-helpers.js'

/** The pieces that bound git-lfs's credential loop and read its trace (unit level). */
afterAll(cleanupSandboxes)

const T = '12:34:56.789012 trace git-lfs:'
const REJECT = `${T} exec: git 'credential' 'reject'\n`

describe('credentialLoopWatcher', () => {
  it('stops after 3 rejections, counting lines split across chunks', () => {
    const watch = credentialLoopWatcher()
    expect(watch(REJECT)).toBeUndefined()
    expect(watch(REJECT.slice(0, 20))).toBeUndefined()
    expect(watch(REJECT.slice(20))).toBeUndefined()
    expect(watch(`${T} HTTP: 401\n${T} exec: git 'credential' 'fill'\n`)).toBeUndefined()
    expect(watch(REJECT)).toBe(CREDENTIAL_LOOP)
  })

  it('ignores the first 401 of a normal login (no rejection) and other traces', () => {
    const watch = credentialLoopWatcher()
    const normal = `${T} HTTP: 401\n${T} exec: git 'credential' 'fill'\n${T} HTTP: 200\n`
    for (let i = 0; i < 10; i++) expect(watch(normal)).toBeUndefined()
  })
})

describe('trace lines', () => {
  const stderr = [
    `${T} HTTP: POST http://127.0.0.1/repo.git/info/lfs/objects/batch`,
    `${T} HTTP: 503`,
    '12:34:56.800000 git.c:460               trace: built-in: git credential fill',
    'batch response: Fatal error: injected failure',
    `${T} HTTP: 429  `
  ].join('\n')

  it('keeps what git-lfs meant to say and reads the traced statuses', () => {
    expect(withoutTraceLines(stderr)).toBe('batch response: Fatal error: injected failure')
    expect(tracedHttpStatuses(stderr)).toEqual([503, 429])
  })

  it('classifies by the last traced status when the text says nothing known', () => {
    expect(classifyTracedPushFailure(stderr, false)).toMatchObject({
      kind: 'network',
      retryable: true,
      message: 'the LFS server answered HTTP 429: batch response: Fatal error: injected failure'
    })
    expect(classifyTracedPushFailure(`${T} HTTP: 403\nbatch response: nope`, false)).toMatchObject({
      kind: 'auth',
      retryable: false
    })
    expect(classifyTracedPushFailure(`${T} HTTP: 404\nbatch response: nope`, false).kind).toBe(
      'unknown'
    )
    expect(classifyTracedPushFailure('', false, CREDENTIAL_LOOP)).toMatchObject({
      kind: 'auth',
      retryable: false,
      message: expect.stringContaining('refused the credentials 3 times in a row')
    })
  })
})

describe('execGit watchStderr', () => {
  it('stops the whole process group when the watcher says so, with the reason', async () => {
    const dir = makeTempDir('alfs-watch-')
    // a stand-in "git" that prints a line a second for ever, with a child of its own
    const fake = path.join(dir, 'chatty.sh')
    writeFileSync(fake, '#!/bin/sh\nsleep 600 &\nwhile true; do echo tick >&2; sleep 0.2; done\n')
    chmodSync(fake, 0o755)
    const started = Date.now()
    const error = await execGit(['anything'], {
      cwd: dir,
      gitPath: fake,
      watchStderr: chunk => (chunk.includes('tick') ? 'enough' : undefined)
    }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(GitCommandError)
    expect((error as GitCommandError).stoppedBecause).toBe('enough')
    expect((error as GitCommandError).message).toMatch(/^git anything was stopped: enough: tick/)
    expect(Date.now() - started).toBeLessThan(5000)
    // the background child went with it
    const deadline = Date.now() + 5000
    while (processesIn(dir).length > 0 && Date.now() < deadline) await sleep(50)
    expect(processesIn(dir)).toEqual([])
  })
})
