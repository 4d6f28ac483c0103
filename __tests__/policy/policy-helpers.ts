import path from 'node:path'
import { expect } from '@jest/globals'
import { ArtifactLfsError } from '../../src/errors.js'
import { loadPolicy, type LoadedPolicy } from '../../src/policy/load-policy.js'
import { makeTempDir, writeFile } from '../helpers/sandbox.js'

export const POLICY = '.codex_lfs_policy.yaml'

/** A fresh folder standing in for a repo root, with the policy file written if given. */
export function repoWithPolicy(content?: string | Buffer): string {
  const dir = makeTempDir('alfs-policy-')
  if (content !== undefined) writeFile(path.join(dir, POLICY), content)
  return dir
}

export async function loadFrom(content: string | Buffer): Promise<LoadedPolicy> {
  return loadPolicy(repoWithPolicy(content))
}

/** Loads a policy that must be refused; checks the refusal's general shape and returns it. */
export async function refusalOf(
  content: string | Buffer | (() => Promise<unknown>)
): Promise<ArtifactLfsError> {
  const attempt = typeof content === 'function' ? content() : loadFrom(content)
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  const refusal = error as ArtifactLfsError
  expect(refusal.kind).toBe('policy')
  expect(refusal.message).not.toMatch(/[\r\n]/)
  expect(refusal.hint).toEqual(expect.any(String))
  expect(refusal.hint!.length).toBeGreaterThan(10)
  return refusal
}
