import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { cleanupSandboxes, makeScratchRepo, makeTempDir, writeFile } from '../helpers/sandbox.js'
import { runCli } from '../helpers/run-cli.js'
import {
  runnerEnvironment,
  useResultsService
} from '../helpers/results-service/use-results-service.js'

afterAll(cleanupSandboxes)

const root = path.resolve(import.meta.dirname, '..', '..')
const service = useResultsService()

/**
 * dist/index.js with every INPUT_* the runner would set, pointed at the stand-in. Async on
 * purpose: the stand-in answers from this process, so a spawnSync would deadlock it.
 */
async function runBundle(workspace: string, inputs: Record<string, string>) {
  const meta = load(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const dir = makeTempDir('alfs-runner-')
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('INPUT_')) env[k] = v
  for (const [name, spec] of Object.entries(meta.inputs))
    env[`INPUT_${name.toUpperCase()}`] = spec.default ?? ''
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  Object.assign(env, runnerEnvironment(service()), {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_WORKSPACE: workspace
  })
  writeFileSync(env.GITHUB_OUTPUT!, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '')
  const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], { cwd: workspace, env })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.resume()
  const status = await new Promise<number | null>(resolve =>
    child.on('close', code => resolve(code))
  )
  const outputs: Record<string, string> = {}
  for (const m of readFileSync(env.GITHUB_OUTPUT!, 'utf8').matchAll(
    /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm
  ))
    outputs[m[1]!] = m[3]!
  return { status, stdout, outputs }
}

describe('recover.yml path: dist/index.js recovers and uploads to the results service (stand-in + Azurite)', () => {
  it('uploads exactly the recovered files, once zipped by the service, with the requested retention', async () => {
    expect(existsSync(path.join(root, 'dist/index.js'))).toBe(true)
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

    const run = await runBundle(clone, {
      recover: 'latest',
      'upload-artifact': 'recovered-session',
      'retention-days': '3',
      commit: 'false',
      push: 'false'
    })
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
