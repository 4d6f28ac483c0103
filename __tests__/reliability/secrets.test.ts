import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { LfsTestServer } from '../helpers/lfs-server/lfs-server.js'
import { runCli } from '../helpers/run-cli.js'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'
import { startLfsServer } from './lfs-http-fixture.js'
import { checkArchive } from './reliability-helpers.js'

/**
 * Credentials never leave through artifact-lfs: credential files in the temp dir are never
 * archived (not even with --include-hidden), and tokens in remote URLs never reach its output
 * (stdout, stderr, with and without debug logging) when a push fails.
 */
const GITHUB_TOKEN = `ghs_${'A1b2C3d4E5'.repeat(4)}`
const PLAIN_TOKEN = 'Pl41n-T0ken-not-github-shaped'
const NPM_TOKEN = 'npm_0123456789abcdefSECRET'
const ENV_SECRET = 'sk-live-0123456789SECRET'

let server: LfsTestServer
beforeAll(async () => {
  server = await startLfsServer()
})
afterAll(async () => {
  await server.stop()
  cleanupSandboxes()
})

describe('credential files in the temp dir', () => {
  it('are never archived, even with --include-hidden, at any depth', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const tmp = path.join(dir, 'tmp')
    const secrets: Record<string, string> = {
      '.git/config': `[remote "origin"]\n\turl = https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${Buffer.from(`x:${GITHUB_TOKEN}`).toString('base64')}\n`,
      'git-credentials-5f0c7a3e-8d1b-4c2e-9f6a-0b1c2d3e4f50.config': `[http]\n\textraheader = AUTHORIZATION: basic ${GITHUB_TOKEN}\n`,
      '.npmrc': `//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`,
      '.env': `API_KEY=${ENV_SECRET}\n`,
      'service/.env.production': `API_KEY=${ENV_SECRET}\n`,
      'nested/deeper/git-credentials-abc.config': `${PLAIN_TOKEN}\n`,
      'home/.git-credentials': `https://user:${PLAIN_TOKEN}@example.com\n`,
      'home/.netrc': `machine example.com login u password ${PLAIN_TOKEN}\n`,
      'home/id_ed25519': `-----BEGIN OPENSSH PRIVATE KEY-----\n${PLAIN_TOKEN}\n`
    }
    for (const [rel, text] of Object.entries(secrets)) writeFile(path.join(tmp, rel), text)
    writeFile(path.join(tmp, 'report.txt'), 'the real output\n')
    writeFile(path.join(tmp, '.hidden-notes.md'), 'hidden but harmless\n')

    const run = await runCli(dir, ['--package', '--include-hidden', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    const archive = result.package.archivePath as string
    const files = (await checkArchive(archive)).map(f => f.path)
    expect(files).toEqual(['.hidden-notes.md', 'report.txt'])
    const bytes = readFileSync(archive)
    for (const secret of [GITHUB_TOKEN, PLAIN_TOKEN, NPM_TOKEN, ENV_SECRET])
      expect(bytes.includes(secret)).toBe(false)
    const listing = execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8' })
    expect(listing).not.toMatch(/credentials|\.env|\.npmrc|\.netrc|id_ed25519|\.git\//)
    const skipped = (result.package.skipped as { relPath: string; reason: string }[])
      .filter(s => s.reason === 'credential file, never archived')
      .map(s => s.relPath)
      .sort()
    expect(skipped).toEqual(
      Object.keys(secrets)
        .filter(p => !p.startsWith('.git/'))
        .sort()
    )
  })
})

describe('tokens in remote URLs never reach the output', () => {
  /** A port nothing listens on. */
  async function closedPort(): Promise<number> {
    const probe = net.createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as net.AddressInfo
    await new Promise(resolve => probe.close(resolve))
    return port
  }

  const remotes: Record<string, () => Promise<string>> = {
    'connection refused': async () =>
      `http://x-access-token:${GITHUB_TOKEN}@127.0.0.1:${await closedPort()}/o/r.git`,
    'a server that is not a git server': async () =>
      `http://ci:${PLAIN_TOKEN}@127.0.0.1:${server.port}/o/r.git`
  }

  it.each(Object.keys(remotes))('%s: the push fails, no token in stdout or stderr', async name => {
    const { dir } = makeScratchRepo({ lfs: true, withRemote: false })
    git(dir, 'remote', 'add', 'origin', await remotes[name]!())
    writeFile(path.join(dir, 'tmp', 'report.txt'), 'report\n')
    // with debug logging: the most the CLI ever prints
    for (const debug of ['1']) {
      const run = await runCli(
        dir,
        ['--package', '--commit', '--sync-gitattributes', '--push', '--all', '--json'],
        { ...process.env, ARTIFACT_LFS_DEBUG: debug }
      )
      expect(run.code).toBe(1)
      expect(JSON.parse(run.stdout).ok).toBe(false)
      const output = run.stdout + run.stderr
      expect(output).toMatch(/127\.0\.0\.1/)
      expect(output).not.toContain(GITHUB_TOKEN)
      expect(output).not.toContain(PLAIN_TOKEN)
    }
  })

  it('an LFS endpoint with a token in its URL that the server refuses: no token in the output', async () => {
    const { dir } = makeScratchRepo({ lfs: true })
    git(dir, 'config', 'lfs.url', server.url.replace('http://', `http://ci:${PLAIN_TOKEN}@`))
    writeFile(path.join(dir, 'tmp', 'report.txt'), 'report\n')
    const run = await runCli(
      dir,
      ['--package', '--commit', '--sync-gitattributes', '--push', '--json'],
      { ...process.env, ARTIFACT_LFS_DEBUG: '1' }
    )
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).error.message).toMatch(/refused the credentials/)
    expect(run.stdout + run.stderr).not.toContain(PLAIN_TOKEN)
  })
})
