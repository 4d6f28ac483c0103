import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { uploadRecoveredFiles } from '../../src/action/upload-recovered-files.js'
import { ArtifactLfsError } from '../../src/errors.js'
import type { Logger } from '../../src/progress/progress.js'
import { filesInZip, recoveredTree } from '../helpers/results-service/recovered-tree.js'
import { useResultsService } from '../helpers/results-service/use-results-service.js'
import { cleanupSandboxes } from '../helpers/sandbox.js'

const stand = useResultsService()
afterAll(cleanupSandboxes)

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: message => lines.push(`info: ${message}`),
    warn: message => lines.push(`warn: ${message}`),
    debug: () => undefined
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** The uploaded zip holds exactly `files`, byte for byte as they are under `root`. */
function expectSameFiles(zip: Buffer, root: string, files: string[]): void {
  const { badEntry, files: inZip } = filesInZip(zip)
  expect(badEntry).toBeNull()
  expect([...inZip.keys()].sort()).toEqual([...files].sort())
  for (const file of files)
    expect(inZip.get(file)!.equals(readFileSync(path.join(root, ...file.split('/'))))).toBe(true)
}

async function rejection(promise: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

describe('uploadRecoveredFiles against the results-service stand-in', () => {
  let service: ReturnType<typeof stand>
  beforeEach(() => {
    service = stand()
  })

  it('uploads a nested tree with unicode names as the files themselves, digest and size matching', async () => {
    const tree = {
      'notes.md': '# notes\n',
      'logs/session-log.txt': 'line of a long session log\n'.repeat(4000),
      'data/nested/deep/metrics.json': JSON.stringify({ tokens: 123, ok: true }),
      'données/résumé ü.txt': 'café, naïve, 日本\n',
      '日本語/ファイル.bin': randomBytes(200_000),
      'empty.txt': ''
    }
    const root = recoveredTree(tree)
    const files = Object.keys(tree)
    const logger = recordingLogger()
    const name = 'recovered session ü-1'
    const before = Date.now()

    const result = await uploadRecoveredFiles({
      name,
      rootDir: root,
      files,
      retentionDays: 3,
      logger
    })

    expect(service.requests).toEqual([
      { method: 'CreateArtifact', status: 200 },
      { method: 'FinalizeArtifact', status: 200 }
    ])
    expect(service.artifacts).toHaveLength(1)
    const artifact = service.artifacts[0]!
    expect(artifact.create.name).toBe(name)
    expect(artifact.finalize.name).toBe(name)
    expect(artifact.create.workflow_run_backend_id).toBe(service.scope.runBackendId)
    expect(artifact.create.workflow_job_run_backend_id).toBe(service.scope.jobBackendId)
    expect(artifact.create.mime_type).toBe('application/zip')
    expect(artifact.contentType).toBe('application/zip')
    const expires = Date.parse(artifact.create.expires_at!)
    const threeDays = 3 * 24 * 3600 * 1000
    expect(expires).toBeGreaterThanOrEqual(before + threeDays - 60_000)
    expect(expires).toBeLessThanOrEqual(Date.now() + threeDays + 60_000)

    const digest = sha256(artifact.zip)
    expect(artifact.finalize.hash).toBe(`sha256:${digest}`)
    expect(Number(artifact.finalize.size)).toBe(artifact.zip.length)
    expect(result).toEqual({
      id: artifact.id,
      size: artifact.zip.length,
      digest,
      files: files.length,
      skippedSymlinks: []
    })
    expectSameFiles(artifact.zip, root, files)
    expect(logger.lines.some(line => line.includes(`id ${artifact.id}`))).toBe(true)
  })

  it('uploads exactly the listed files of a second set: no retention, duplicates once, symlinks left out', async () => {
    const root = recoveredTree({
      'a.txt': 'first\n',
      'sub/b.txt': 'second\n',
      'sub/not-listed.txt': 'recovered earlier, not part of this list\n'
    })
    symlinkSync('a.txt', path.join(root, 'link-to-a'))
    const logger = recordingLogger()

    const result = await uploadRecoveredFiles({
      name: 'second-set',
      rootDir: root,
      files: ['sub/b.txt', 'a.txt', 'sub/b.txt', 'link-to-a'],
      retentionDays: 0,
      logger
    })

    expect(service.artifacts).toHaveLength(1)
    const artifact = service.artifacts[0]!
    expect(artifact.create.name).toBe('second-set')
    expect(artifact.create.expires_at).toBeUndefined()
    expect(result.id).toBe(artifact.id)
    expect(result.files).toBe(2)
    expect(result.skippedSymlinks).toEqual(['link-to-a'])
    expect(result.digest).toBe(sha256(artifact.zip))
    expect(artifact.finalize.hash).toBe(`sha256:${result.digest}`)
    expectSameFiles(artifact.zip, root, ['a.txt', 'sub/b.txt'])
    expect(logger.lines.some(line => line.startsWith('warn: ') && line.includes('link-to-a'))).toBe(
      true
    )
  })

  it('refuses a name with a character the service rejects before any request', async () => {
    const root = recoveredTree({ 'a.txt': 'a' })
    for (const bad of ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']) {
      const error = await rejection(
        uploadRecoveredFiles({
          name: `session${bad}1`,
          rootDir: root,
          files: ['a.txt'],
          retentionDays: 0,
          logger: recordingLogger()
        })
      )
      expect(error.kind).toBe('usage')
      expect(error.message).toContain('input upload-artifact')
      expect(error.hint).toContain('upload-artifact')
    }
    expect(service.requests).toEqual([])
  })

  it('refuses a recovered file whose path the service rejects before any request', async () => {
    const root = recoveredTree({ 'ok.txt': 'ok', 'logs/run:1.txt': 'colon' })
    const error = await rejection(
      uploadRecoveredFiles({
        name: 'colon-file',
        rootDir: root,
        files: ['ok.txt', 'logs/run:1.txt'],
        retentionDays: 0,
        logger: recordingLogger()
      })
    )
    expect(error.message).toContain('logs/run:1.txt')
    expect(error.message).toContain('colon')
    expect(service.requests).toEqual([])
  })

  it('says clearly when the runner variables are missing (a run: step, not the action)', async () => {
    const root = recoveredTree({ 'a.txt': 'a' })
    const upload = () =>
      uploadRecoveredFiles({
        name: 'no-runtime',
        rootDir: root,
        files: ['a.txt'],
        retentionDays: 0,
        logger: recordingLogger()
      })

    delete process.env.ACTIONS_RUNTIME_TOKEN
    const tokenMissing = await rejection(upload())
    expect(tokenMissing.message).toContain('ACTIONS_RUNTIME_TOKEN is not set')
    expect(tokenMissing.message).not.toContain('ACTIONS_RESULTS_URL')
    expect(tokenMissing.hint).toMatch(/through the action.*not a run: step/)

    process.env.ACTIONS_RUNTIME_TOKEN = 'not-a-runner-token'
    const notAToken = await rejection(upload())
    expect(notAToken.message).toContain('uploading artifact "no-runtime" failed')
    expect(notAToken.hint).toContain('ACTIONS_RUNTIME_TOKEN is not a runner token')

    delete process.env.ACTIONS_RUNTIME_TOKEN
    delete process.env.ACTIONS_RESULTS_URL
    const bothMissing = await rejection(upload())
    expect(bothMissing.message).toContain(
      'ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set'
    )
    expect(service.requests).toEqual([])
  })

  it('names the conflict when the run already has an artifact of that name', async () => {
    const root = recoveredTree({ 'a.txt': 'a' })
    const request = {
      name: 'taken',
      rootDir: root,
      files: ['a.txt'],
      retentionDays: 0,
      logger: recordingLogger()
    }
    await uploadRecoveredFiles(request)
    const error = await rejection(uploadRecoveredFiles(request))
    expect(error.message).toContain('(409)')
    expect(error.hint).toContain('choose another upload-artifact name')
    expect(service.artifacts).toHaveLength(1)
    expect(service.requests.map(r => r.status)).toEqual([200, 200, 409])
  })

  it('fails clearly, after the client retries, when CreateArtifact answers 500', async () => {
    const root = recoveredTree({ 'a.txt': 'a' })
    service.failCreateArtifact(500)
    // The client retries 5 times, sleeping 3 s, then 1.5x more each time (about 25-35 s in
    // all) and no variable shortens that: fake setTimeout, advanced while the requests run.
    const realSetTimeout = globalThis.setTimeout
    const started = Date.now()
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval'
      ]
    })
    try {
      let settled = false
      const upload = uploadRecoveredFiles({
        name: 'service-down',
        rootDir: root,
        files: ['a.txt'],
        retentionDays: 0,
        logger: recordingLogger()
      }).finally(() => (settled = true))
      const outcome = rejection(upload)
      while (!settled) {
        await new Promise(resolve => realSetTimeout(resolve, 10))
        await jest.advanceTimersByTimeAsync(1000)
      }
      const error = await outcome
      expect(error.kind).toBe('recover')
      expect(error.message).toContain('uploading artifact "service-down" failed')
      expect(error.message).toContain('CreateArtifact')
      expect(error.message).toContain('(500)')
      expect(error.hint).toContain(root)
    } finally {
      jest.useRealTimers()
    }
    expect(service.requests).toEqual(
      Array.from({ length: 5 }, () => ({ method: 'CreateArtifact', status: 500 }))
    )
    expect(service.artifacts).toEqual([])
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
