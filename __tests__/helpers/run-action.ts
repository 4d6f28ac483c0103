import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { makeTempDir } from './sandbox.js'

const root = path.resolve(import.meta.dirname, '..', '..')
export const ACTION_BUNDLE = path.join(root, 'dist', 'index.js')

export interface ActionRun {
  status: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter ... delimiter` blocks). */
export function parseOutputs(file: string): Record<string, string> {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const outputs: Record<string, string> = {}
  for (const m of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!
  return outputs
}

/**
 * Runs dist/index.js as the runner does: INPUT_<NAME> for every input of action.yml (defaults
 * included, hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE. Async, so
 * a server living in the test process (the results-service stand-in) can answer it.
 */
export async function runActionBundle(
  workspace: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<ActionRun> {
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
  Object.assign(env, extraEnv, {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_WORKSPACE: workspace
  })
  writeFileSync(env.GITHUB_OUTPUT!, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '')
  const child = spawn(process.execPath, [ACTION_BUNDLE], { cwd: workspace, env })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.resume()
  const status = await new Promise<number | null>(resolve =>
    child.on('close', code => resolve(code))
  )
  return {
    status,
    stdout,
    outputs: parseOutputs(env.GITHUB_OUTPUT!),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')
  }
}
