import { afterAll, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import type { PipelineRequest } from '../../src/pipeline/pipeline-types.js'
import { silentLogger, silentProgress } from '../../src/progress/progress.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

function request(cwd: string, now: Date): PipelineRequest {
  return {
    cwd,
    policyFile: '.codex_lfs_policy.yaml',
    steps: {
      sync: true,
      syncCheck: false,
      package: true,
      commit: true,
      verify: true,
      validate: true,
      push: true,
      clean: false
    },
    all: false,
    includeHidden: false,
    compressionLevel: 6,
    remote: 'origin',
    pushAttempts: 8,
    dryRun: false,
    allowAutoLfs: false,
    now
  }
}

const hooks = {
  logger: silentLogger,
  progress: silentProgress,
  phase: <T>(_: string, work: () => Promise<T>) => work()
}

describe('two jobs packaging in the same second (same archive name) and pushing at once', () => {
  it('keeps both archives and reports where each one really landed', async () => {
    const { dir, remote } = makeScratchRepo()
    const other = path.join(makeTempDir(), 'other')
    git(path.dirname(other), 'clone', '-q', `file://${remote}`, other)
    writeFile(path.join(dir, 'tmp/a.txt'), 'from the first job')
    writeFile(path.join(other, 'tmp/b.txt'), 'from the second job')
    const now = new Date(Date.UTC(2026, 10, 24, 12, 0, 0))
    const [a, b] = await Promise.all([
      runPipeline(request(dir, now), hooks),
      runPipeline(request(other, now), hooks)
    ])
    const paths = [a.package!.archiveRelPath!, b.package!.archiveRelPath!]
    expect(new Set(paths).size).toBe(2)
    for (const result of [a, b]) {
      const pointer = git(remote, 'cat-file', 'blob', `main:${result.package!.archiveRelPath}`)
      expect(pointer).toContain(`oid sha256:${result.package!.sha256}`)
    }
  })
})
