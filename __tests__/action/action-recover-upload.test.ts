import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandboxes, makeScratchRepo, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { runCli } from '../helpers/run-cli.js'
import { ACTION_BUNDLE, runActionBundle } from '../helpers/run-action.js'
import {
  runnerEnvironment,
  useResultsService
} from '../helpers/results-service/use-results-service.js'

afterAll(cleanupSandboxes)

const service = useResultsService()

describe('recover.yml path: dist/index.js recovers and uploads to the results service (stand-in + Azurite)', () => {
  it('uploads exactly the recovered files, once zipped by the service, with the requested retention', async () => {
    expect(existsSync(ACTION_BUNDLE)).toBe(true)
    const { dir, remote } = makeScratchRepo()
    writeFile(path.join(dir, 'tmp/report/summary.md'), '# summary\n')
    writeFile(path.join(dir, 'tmp/data ü.csv'), 'a,b\n1,2\n')
    expect(
      (await runCli(dir, ['--package', '--commit', '--sync-gitattributes', '--push'])).code
    ).toBe(0)
    const clone = path.join(makeTempDir(), 'clone')
    execFileSync('git', ['clone', '-q', `file://${remote}`, clone], {
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' }
    })

    const run = await runActionBundle(
      clone,
      {
        recover: 'latest',
        'upload-artifact': 'recovered-session',
        'retention-days': '3',
        commit: 'false',
        push: 'false'
      },
      runnerEnvironment(service())
    )
    expect(run.stdout).not.toMatch(/::error/)
    expect(run.status).toBe(0)
    const artifacts = service().artifacts
    expect(artifacts).toHaveLength(1)
    const artifact = artifacts[0]!
    expect(run.outputs['artifact-id']).toBe(String(artifact.id))
    expect(run.outputs['recovered-files']).toBe('2')
    expect(artifact.create.name).toBe('recovered-session')
    const days = (Date.parse(artifact.create.expires_at ?? '') - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(2.9)
    expect(days).toBeLessThan(3.1)
    // one zip made by the service of the individual files: no zip inside a zip
    const names = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(sorted(z.namelist())))',
        writeTemp(artifact.zip)
      ],
      { encoding: 'utf8' }
    )
    expect(JSON.parse(names)).toEqual(['data ü.csv', 'report/summary.md'])
  })
})

function writeTemp(bytes: Buffer): string {
  const file = path.join(makeTempDir('alfs-artifact-'), 'artifact.zip')
  writeFileSync(file, bytes)
  return file
}
