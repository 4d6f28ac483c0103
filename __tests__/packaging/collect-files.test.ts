import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { collectFiles } from '../../src/packaging/collect-files.js'
import type { Logger } from '../../src/progress/progress.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info: () => undefined, debug: () => undefined, warn: m => warnings.push(m) }
}

describe('collectFiles', () => {
  it('collects regular files recursively, sorted byte-wise, with odd names', async () => {
    const dir = makeTempDir()
    const names = [
      'b.txt',
      'a/z.log',
      'a/b c/d e.txt',
      'ünï/çødé.txt',
      'line\nbreak.txt',
      'deep/1/2/3/4/5/6/7/8/9/f',
      'empty'
    ]
    for (const name of names)
      writeFile(path.join(dir, name), name === 'empty' ? '' : `content of ${name}`)
    const { files } = await collectFiles(dir, { includeHidden: false, logger: recordingLogger() })
    const got = files.map(f => f.relPath)
    expect(got).toEqual([...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))))
    expect(files.find(f => f.relPath === 'empty')?.size).toBe(0)
  })

  it('never enters .git, skips hidden unless asked, never takes credential files', async () => {
    const dir = makeTempDir()
    writeFile(path.join(dir, '.git/config'), '[remote]\n url = https://x:token@github.com/a/b\n')
    writeFile(path.join(dir, 'sub/.git/HEAD'), 'ref: refs/heads/main\n')
    writeFile(path.join(dir, '.hidden/file.txt'), 'h')
    writeFile(path.join(dir, '.dotfile'), 'd')
    writeFile(path.join(dir, 'git-credentials-1234-abcd.config'), 'token')
    writeFile(path.join(dir, '.npmrc'), '//registry.npmjs.org/:_authToken=secret')
    writeFile(path.join(dir, '.env'), 'TOKEN=secret')
    writeFile(path.join(dir, '.aws/credentials'), '[default]\naws_secret_access_key = x')
    writeFile(path.join(dir, '.docker/config.json'), '{"auths":{}}')
    writeFile(path.join(dir, 'sub/.kube/config'), 'token: x')
    writeFile(path.join(dir, '.pgpass'), 'host:5432:*:user:pw')
    writeFile(path.join(dir, 'keep.txt'), 'k')
    const plain = await collectFiles(dir, { includeHidden: false, logger: recordingLogger() })
    expect(plain.files.map(f => f.relPath)).toEqual(['keep.txt'])
    const hidden = await collectFiles(dir, { includeHidden: true, logger: recordingLogger() })
    expect(hidden.files.map(f => f.relPath)).toEqual(['.dotfile', '.hidden/file.txt', 'keep.txt'])
    expect(hidden.skipped.map(s => s.relPath).sort()).toEqual(
      [
        '.aws',
        '.docker',
        '.env',
        '.npmrc',
        '.pgpass',
        'git-credentials-1234-abcd.config',
        'sub/.kube'
      ].sort()
    )
  })

  it('stores inside relative links, skips absolute, escaping, dangling, looping and outside-directory links', async () => {
    const base = makeTempDir()
    const dir = path.join(base, 'tmp')
    writeFile(path.join(dir, 'data/real.txt'), 'real')
    writeFile(path.join(base, 'outside.txt'), 'secret outside')
    symlinkSync('data/real.txt', path.join(dir, 'rel-inside'))
    symlinkSync('data', path.join(dir, 'dir-inside'))
    symlinkSync(path.join(dir, 'data/real.txt'), path.join(dir, 'absolute'))
    symlinkSync('../outside.txt', path.join(dir, 'escaping'))
    symlinkSync('missing.txt', path.join(dir, 'dangling'))
    symlinkSync('loop-b', path.join(dir, 'loop-a'))
    symlinkSync('loop-a', path.join(dir, 'loop-b'))
    symlinkSync('..', path.join(dir, 'dir-outside'))
    const logger = recordingLogger()
    const { files, skipped } = await collectFiles(dir, { includeHidden: false, logger })
    const links = files.filter(f => f.kind === 'symlink').map(f => [f.relPath, f.linkTarget])
    expect(links).toEqual([
      ['dir-inside', 'data'],
      ['rel-inside', 'data/real.txt']
    ])
    expect(files.map(f => f.relPath)).toContain('data/real.txt')
    const reasons = Object.fromEntries(skipped.map(s => [s.relPath, s.reason]))
    expect(reasons['absolute']).toMatch(/absolute path/)
    expect(reasons['escaping']).toMatch(/outside the temp dir/)
    expect(reasons['dangling']).toMatch(/dangling/)
    expect(reasons['loop-a']).toMatch(/loop/)
    expect(reasons['dir-outside']).toMatch(/outside the temp dir/)
    expect(logger.warnings.length).toBe(skipped.length)
    // nothing from outside was collected through a link
    expect(files.some(f => f.absPath.endsWith('outside.txt'))).toBe(false)
  })

  it('skips FIFOs and sockets with a warning instead of blocking on them', async () => {
    const dir = makeTempDir()
    writeFile(path.join(dir, 'ok.txt'), 'ok')
    execFileSync('mkfifo', [path.join(dir, 'pipe')])
    const { files, skipped } = await collectFiles(dir, {
      includeHidden: false,
      logger: recordingLogger()
    })
    expect(files.map(f => f.relPath)).toEqual(['ok.txt'])
    expect(skipped).toEqual([{ relPath: 'pipe', reason: 'named pipe (FIFO), not a regular file' }])
  })

  it('refuses names with a backslash, listing every offender', async () => {
    const dir = makeTempDir()
    writeFile(path.join(dir, 'a\\b.txt'), 'x')
    writeFile(path.join(dir, 'sub/c\\d.txt'), 'y')
    await expect(
      collectFiles(dir, { includeHidden: false, logger: recordingLogger() })
    ).rejects.toThrow(/2 file\(s\)[\s\S]*a\\b\.txt[\s\S]*sub\/c\\d\.txt/)
  })

  it('reports an unreadable folder by name', async () => {
    const dir = makeTempDir()
    mkdirSync(path.join(dir, 'locked'))
    writeFile(path.join(dir, 'locked/f.txt'), 'x')
    chmodSync(path.join(dir, 'locked'), 0o000)
    try {
      if (process.getuid?.() === 0) {
        // root reads anything: the check cannot fail here, so assert the folder is walked
        const { files } = await collectFiles(dir, {
          includeHidden: false,
          logger: recordingLogger()
        })
        expect(files.map(f => f.relPath)).toEqual(['locked/f.txt'])
      } else {
        await expect(
          collectFiles(dir, { includeHidden: false, logger: recordingLogger() })
        ).rejects.toThrow(/locked/)
      }
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755)
    }
  })
})
