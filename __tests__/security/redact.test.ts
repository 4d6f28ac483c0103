import { afterAll, describe, expect, it } from '@jest/globals'
import { execGit, GitCommandError } from '../../src/git/exec-git.js'
import { redactSecrets } from '../../src/security/redact.js'
import { cleanupSandboxes, makeScratchRepo } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

describe('redactSecrets', () => {
  it.each([
    [
      'fatal: unable to access https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r/',
      'ghs_'
    ],
    ['remote https://user:hunter2@example.com/repo.git', 'hunter2'],
    ['> Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['token github_pat_11ABCDEFG0123456789_abcdefghijklmnop in message', 'github_pat_'],
    ['plain ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'ghp_']
  ])('removes the secret from %j', (text, secret) => {
    const out = redactSecrets(text)
    expect(out).not.toContain(secret)
    expect(out).toContain('***')
  })

  it('leaves text without credentials alone', () => {
    const text = 'To https://github.com/o/r.git\n ! [rejected] main -> main (fetch first)'
    expect(redactSecrets(text)).toBe(text)
  })

  it('keeps a token in a remote URL out of git errors', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const url = 'http://x-access-token:ghs_SuperSecretToken0123456789abcd@127.0.0.1:9/o/r.git'
    const error = (await execGit(['ls-remote', url], { cwd: dir, timeoutMs: 20_000 }).catch(
      e => e
    )) as GitCommandError
    expect(error).toBeInstanceOf(GitCommandError)
    expect(error.message).not.toContain('SuperSecretToken')
    expect(error.stderr).not.toContain('SuperSecretToken')
    expect(error.message).toContain('***@127.0.0.1')
  })
})
