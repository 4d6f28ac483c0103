import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { ArtifactLfsError } from '../../src/errors.js'
import { MANAGED_BLOCK_BEGIN } from '../../src/gitattributes/managed-block-markers.js'
import { syncGitattributes } from '../../src/gitattributes/sync-gitattributes.js'
import { loadPolicy } from '../../src/policy/load-policy.js'
import { defaultPolicy, type Policy } from '../../src/policy/policy.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

/** `git check-attr <attr>` for many paths in one call: path -> value. */
function checkAttr(dir: string, attr: string, paths: string[]): Map<string, string> {
  const out = execFileSync('git', ['check-attr', '-z', '--stdin', attr], {
    cwd: dir,
    input: paths.map(p => `${p}\0`).join(''),
    encoding: 'utf8'
  })
  const fields = out.split('\0')
  const result = new Map<string, string>()
  for (let i = 0; i + 2 < fields.length; i += 3) result.set(fields[i]!, fields[i + 2]!)
  return result
}

function policy(overrides: Partial<Policy>): Policy {
  return { ...defaultPolicy(), ...overrides }
}

describe('syncGitattributes with real git', () => {
  it('makes git route the policy files through LFS, and nothing else', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(
      path.join(dir, '.codex_lfs_policy.yaml'),
      'enable_autolfs: true\nbinary_extensions: .db .7z .zip .tar.gz\n'
    )
    const { policy: loaded } = await loadPolicy(dir)
    const result = await syncGitattributes(dir, loaded)
    expect(result.changed).toBe(true)
    expect(result.before).toBeUndefined()
    expect(readFileSync(path.join(dir, '.gitattributes')).equals(result.after)).toBe(true)
    git(dir, 'lfs', 'install', '--local')

    const out = git(
      dir,
      'check-attr',
      'filter',
      '--',
      'DATA.DB',
      'x.Db',
      'a/b.tar.GZ',
      'codex_sessions/x.zip',
      'notes.txt'
    )
    expect(out.split('\n').filter(Boolean)).toEqual([
      'DATA.DB: filter: lfs',
      'x.Db: filter: lfs',
      'a/b.tar.GZ: filter: lfs',
      'codex_sessions/x.zip: filter: lfs',
      'notes.txt: filter: unspecified'
    ])
    // and git-lfs really stores such a file as a pointer
    writeFile(path.join(dir, 'DATA.DB'), 'binary content\n')
    git(dir, 'add', 'DATA.DB', '.gitattributes')
    const staged = git(dir, 'cat-file', '-p', ':DATA.DB')
    expect(staged).toMatch(
      /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize 15\n$/
    )
  })

  it('matches session folders with spaces or glob characters literally', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const paths = [
      'my sessions/a.zip',
      'my sessions/a.txt',
      'my sessions/deeper/a.zip',
      'my sessionsX/a.zip',
      'my/a.zip',
      '[x]/b.zip',
      'x/b.zip',
      '[x]/b.zipx',
      'say "hi"/c.zip',
      'say hi/c.zip'
    ]
    const lfs = new Set<string>()
    for (const sessionArtifactDir of ['my sessions', '[x]', 'say "hi"']) {
      await syncGitattributes(dir, policy({ sessionArtifactDir, binaryExtensions: [] }))
      for (const [p, value] of checkAttr(dir, 'filter', paths))
        if (value === 'lfs') lfs.add(`${sessionArtifactDir} -> ${p}`)
    }
    expect([...lfs].sort()).toEqual([
      '[x] -> [x]/b.zip',
      'my sessions -> my sessions/a.zip',
      'say "hi" -> say "hi"/c.zip'
    ])
    // the quoted pattern drives the real LFS filter too
    await syncGitattributes(
      dir,
      policy({ sessionArtifactDir: 'my sessions', binaryExtensions: [] })
    )
    git(dir, 'lfs', 'install', '--local')
    writeFile(path.join(dir, 'my sessions', 'a.zip'), 'PK fake zip\n')
    git(dir, 'add', '--', 'my sessions/a.zip')
    expect(git(dir, 'cat-file', '-p', ':my sessions/a.zip')).toMatch(/^version https:\/\/git-lfs/)
  })

  it('gives every casing of sampled extensions the lfs filter, and near misses none', async () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    const chars = fc.constantFrom('a', 'b', 'k', 'z', '7', '_', '.')
    const extensions = fc
      .sample(fc.array(chars, { minLength: 1, maxLength: 5 }), { numRuns: 40, seed: 42 })
      .map(c => `.${c.join('')}`)
      .filter(e => !e.slice(1).split('.').includes(''))
    await syncGitattributes(dir, policy({ binaryExtensions: extensions }))
    const casings = fc.sample(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), {
      numRuns: extensions.length,
      seed: 7
    })
    const hits = extensions.map(
      (ext, i) =>
        `dir/file${[...ext].map((c, k) => (casings[i]![k] ? c.toUpperCase() : c)).join('')}`
    )
    const misses = extensions
      .flatMap(ext => [`file${ext}x`, `file${ext.slice(0, -1)}`, `file${ext}/inner.txt`])
      .filter(p => !extensions.some(e => p.toLowerCase().endsWith(e)))
    const attrs = checkAttr(dir, 'filter', [...hits, ...misses])
    expect(hits.filter(p => attrs.get(p) !== 'lfs')).toEqual([])
    expect(misses.filter(p => attrs.get(p) !== 'unspecified')).toEqual([])
    expect(hits.length).toBeGreaterThan(20)
  })
})

describe('syncGitattributes on the file', () => {
  it('is idempotent: the second run changes nothing, not even the mtime', async () => {
    const dir = makeTempDir('alfs-ga-')
    const file = path.join(dir, '.gitattributes')
    writeFile(file, '*.txt text eol=lf\r\n')
    const first = await syncGitattributes(dir, defaultPolicy())
    expect(first.changed).toBe(true)
    const past = new Date('2020-01-01T00:00:00Z')
    utimesSync(file, past, past)
    const second = await syncGitattributes(dir, defaultPolicy())
    expect(second.changed).toBe(false)
    expect(second.diff).toBe('')
    expect(second.before!.equals(first.after)).toBe(true)
    expect(statSync(file).mtimeMs).toBe(past.getTime())
  })

  it('in check mode reports a diff and writes nothing', async () => {
    const dir = makeTempDir('alfs-ga-')
    const file = path.join(dir, '.gitattributes')
    writeFile(
      file,
      `*.txt text\n${MANAGED_BLOCK_BEGIN}\n*.old filter=lfs\n# <<< artifact-lfs managed block\n*.md text\n`
    )
    const original = readFileSync(file)
    const result = await syncGitattributes(dir, policy({ binaryExtensions: ['.db'] }), {
      check: true
    })
    expect(result.changed).toBe(true)
    expect(readFileSync(file).equals(original)).toBe(true)
    expect(result.diff).toBe(
      [
        '--- a/.gitattributes',
        '+++ b/.gitattributes',
        '@@ -1,5 +1,6 @@',
        ' *.txt text',
        ` ${MANAGED_BLOCK_BEGIN}`,
        '-*.old filter=lfs',
        '+codex_sessions/*.zip filter=lfs diff=lfs merge=lfs -text',
        '+*.[dD][bB] filter=lfs diff=lfs merge=lfs -text',
        ' # <<< artifact-lfs managed block',
        ' *.md text',
        ''
      ].join('\n')
    )
    const missing = await syncGitattributes(
      makeTempDir('alfs-ga-'),
      policy({ binaryExtensions: [] }),
      { check: true }
    )
    expect(missing.diff).toBe(
      [
        '--- /dev/null',
        '+++ b/.gitattributes',
        '@@ -0,0 +1,3 @@',
        `+${MANAGED_BLOCK_BEGIN}`,
        '+codex_sessions/*.zip filter=lfs diff=lfs merge=lfs -text',
        '+# <<< artifact-lfs managed block',
        ''
      ].join('\n')
    )
  })

  it('keeps the file mode and the user lines', async () => {
    const dir = makeTempDir('alfs-ga-')
    const file = path.join(dir, '.gitattributes')
    writeFile(file, '# mine\n*.txt text')
    chmodSync(file, 0o600)
    await syncGitattributes(dir, defaultPolicy())
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8').startsWith('# mine\n*.txt text\n# >>> artifact-lfs')).toBe(
      true
    )
  })

  it('refuses a symlink, a folder, and broken markers', async () => {
    const linked = makeTempDir('alfs-ga-')
    writeFile(path.join(linked, 'real-attributes'), '*.txt text\n')
    symlinkSync('real-attributes', path.join(linked, '.gitattributes'))
    await expect(syncGitattributes(linked, defaultPolicy())).rejects.toThrow(
      /^\.gitattributes: is a symlink/
    )
    expect(readFileSync(path.join(linked, 'real-attributes'), 'utf8')).toBe('*.txt text\n')

    const folder = makeTempDir('alfs-ga-')
    mkdirSync(path.join(folder, '.gitattributes'))
    await expect(syncGitattributes(folder, defaultPolicy())).rejects.toThrow(/is a folder/)

    const broken = makeTempDir('alfs-ga-')
    writeFile(path.join(broken, '.gitattributes'), `a\n${MANAGED_BLOCK_BEGIN}\nb\n`)
    const error = await syncGitattributes(broken, defaultPolicy()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArtifactLfsError)
    expect((error as ArtifactLfsError).kind).toBe('config')
    expect((error as ArtifactLfsError).message).toBe(
      '.gitattributes:2: a managed-block begin marker without an end marker'
    )
  })
})
