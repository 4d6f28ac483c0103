import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { runCli } from '../helpers/run-cli.js'
import {
  cleanupSandboxes,
  git,
  makeScratchRepo,
  makeTempDir,
  writeFile
} from '../helpers/sandbox.js'

/**
 * Malformed and hostile policy files, each through the whole CLI
 * (`--package --commit --sync-gitattributes`): one clear one-line error naming the file and,
 * where the problem has one, the line and column; and nothing written: no archive, no session
 * folder, .gitattributes and the index unchanged, HEAD unchanged, no run lock left.
 * (__tests__/policy/ covers loadPolicy itself; this is the end-to-end corpus.)
 */
afterAll(cleanupSandboxes)

const P = '.codex_lfs_policy.yaml'
const GITATTRIBUTES = '*.psd binary\n'

interface HostileCase {
  /** The policy file's bytes, or a function preparing the repo (writing or linking it). */
  policy: string | Buffer | ((repo: string) => void)
  /** The whole message (string) or its pattern. */
  error: string | RegExp
}

const aliasBomb = (): string => {
  let yaml = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  for (let i = 1; i < 12; i++)
    yaml += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`
  return `${yaml}binary_extensions: *a11\n`
}

const CASES: Record<string, HostileCase> = {
  'bad indentation': {
    policy: 'enable_autolfs: true\n  size_threshold_mb: 5\n',
    error: /^\.codex_lfs_policy\.yaml:2:\d+: YAML syntax: invalid YAML: bad indentation/
  },
  'unclosed flow sequence': {
    policy: 'binary_extensions: [.db, .7z\nsize_threshold_mb: 5\n',
    error: /^\.codex_lfs_policy\.yaml:\d+:\d+: (YAML syntax|binary_extensions): invalid YAML: /
  },
  'tab indentation': {
    policy: 'binary_extensions:\n\t- .db\n',
    error: /^\.codex_lfs_policy\.yaml:2:\d+: .*invalid YAML: /
  },
  'duplicate key': {
    policy: 'session_artifact_dir: a\nenable_autolfs: true\nsession_artifact_dir: b\n',
    error: `${P}:3:1: session_artifact_dir: duplicate key (first set on line 1)`
  },
  'two documents': {
    policy: 'enable_autolfs: true\n---\nenable_autolfs: false\n',
    error: /^\.codex_lfs_policy\.yaml:3:1: YAML syntax: .*more than one YAML document/
  },
  'a list at the top level': {
    policy: '- .db\n- .zip\n',
    error: `${P}:1:1: (top level): the policy must be a mapping of keys to values, got a list`
  },
  'boolean as a string': {
    policy: 'enable_autolfs: "true"\n',
    error: `${P}:1:17: enable_autolfs: must be true or false, got "true"`
  },
  'threshold as text': {
    policy: 'size_threshold_mb: 50MB\n',
    error: `${P}:1:20: size_threshold_mb: must be a number greater than 0, got "50MB"`
  },
  'negative threshold': {
    policy: 'size_threshold_mb: -1\n',
    error: `${P}:1:20: size_threshold_mb: must be a number greater than 0, got -1`
  },
  'huge threshold (overflows to infinity)': {
    policy: 'size_threshold_mb: 1e400\n',
    error:
      /^\.codex_lfs_policy\.yaml:1:20: size_threshold_mb: must be a number greater than 0, got (\.inf|"1e400")$/
  },
  'huge threshold (20 digits)': {
    policy: 'size_threshold_mb: 99999999999999999999\n',
    error: `${P}:1:20: size_threshold_mb: must be at most 1048576 (1 TiB), got 100000000000000000000`
  },
  'threshold not a number (.NaN)': {
    policy: 'size_threshold_mb: .NaN\n',
    error: `${P}:1:20: size_threshold_mb: must be a number greater than 0, got .nan`
  },
  'session dir traversal': {
    policy: 'session_artifact_dir: sessions/../../../etc\n',
    error: `${P}:1:23: session_artifact_dir: "sessions/../../../etc" leads outside the repository`
  },
  'session dir absolute': {
    policy: 'session_artifact_dir: /tmp/sessions\n',
    error: `${P}:1:23: session_artifact_dir: must be relative to the repository root, got "/tmp/sessions"`
  },
  'session dir as a UNC path': {
    policy: 'session_artifact_dir: \\\\server\\share\\sessions\n',
    error:
      /^\.codex_lfs_policy\.yaml:1:23: session_artifact_dir: must be relative to the repository root/
  },
  'session dir inside .git': {
    policy: 'session_artifact_dir: ./.git/hooks\n',
    error: `${P}:1:23: session_artifact_dir: "./.git/hooks" is inside a .git folder, which git does not track`
  },
  'session dir with a NUL': {
    policy: 'session_artifact_dir: "sessions\\0evil"\n',
    error: `${P}:1:23: session_artifact_dir: must not contain control characters or NUL`
  },
  'session dir null': {
    policy: 'session_artifact_dir: ~\n',
    error: `${P}:1:23: session_artifact_dir: must be a folder path (a string), got nothing (null)`
  },
  'session dir through a symlink out of the repo': {
    policy: repo => {
      symlinkSync(makeTempDir('alfs-elsewhere-'), path.join(repo, 'out'))
      writeFile(path.join(repo, P), 'enable_autolfs: true\nsession_artifact_dir: out/sessions\n')
    },
    error: `${P}:2:23: session_artifact_dir: "out/sessions" passes through the symlink "out"`
  },
  'session dir name longer than the file system allows': {
    policy: `session_artifact_dir: ${'s'.repeat(300)}\n`,
    error: `${P}:1:23: session_artifact_dir: has a folder name of 300 bytes; file systems allow at most 255`
  },
  'alias bomb (9^11 strings)': {
    policy: aliasBomb(),
    error:
      /^\.codex_lfs_policy\.yaml:13:20: binary_extensions: item 1 must be a string, got a list$/
  },
  'too many aliases': {
    policy: `a: &a x\nb: [${Array.from({ length: 1500 }, () => '*a').join(',')}]\n`,
    error: /^\.codex_lfs_policy\.yaml:2:\d+: b: invalid YAML: aliases exceeded/
  },
  'merge-key bomb': {
    policy: `base: &b {a: 1, b: 2}\n${Array.from({ length: 50 }, (_, i) => `m${i}: &m${i} {<<: ${i === 0 ? '*b' : `*m${i - 1}`}, k${i}: ${i}}`).join('\n')}\nbinary_extensions: *m49\n`,
    error:
      /^\.codex_lfs_policy\.yaml:52:20: binary_extensions: must be a list of extensions, got a mapping$/
  },
  'deep nesting': {
    policy: `binary_extensions: ${'['.repeat(200)}${']'.repeat(200)}\n`,
    error: /^\.codex_lfs_policy\.yaml:1:\d+: YAML syntax: invalid YAML: /
  },
  'a JavaScript function tag': {
    policy: 'enable_autolfs: !!js/function "function () { return true }"\n',
    error: `${P}:1:17: enable_autolfs: invalid YAML: unknown scalar tag !<tag:yaml.org,2002:js/function>`
  },
  'a Python object tag': {
    policy: 'size_threshold_mb: !!python/object/apply:os.system ["id"]\n',
    error: `${P}:1:20: size_threshold_mb: invalid YAML: unknown sequence tag !<tag:yaml.org,2002:python/object/apply:os.system>`
  },
  'binary value as a folder': {
    policy: 'session_artifact_dir: !!binary aGVsbG8=\n',
    error: `${P}:1:23: session_artifact_dir: invalid YAML: unknown scalar tag !<tag:yaml.org,2002:binary>`
  },
  'glob in an extension': {
    policy: 'binary_extensions: ["*"]\n',
    error: `${P}:1:21: binary_extensions: item 1 "*" contains a glob character (* ? [ ])`
  },
  'managed-block marker in the template': {
    policy: 'gitattributes_template: |\n  *.psd binary\n  # <<< artifact-lfs managed block\n',
    error: `${P}:3:3: gitattributes_template: line 2 contains the artifact-lfs managed-block marker`
  },
  'escape sequence in the template': {
    policy: 'gitattributes_template: "*.log text\\e[2J"\n',
    error: `${P}:1:25: gitattributes_template: line 1 contains a control character or NUL`
  },
  'NUL byte in the text': {
    policy: 'enable_autolfs: true\x00\n',
    error: /^\.codex_lfs_policy\.yaml:1:\d+: .*invalid YAML: .*null byte/
  },
  'not UTF-8 (Latin-1 bytes)': {
    policy: Buffer.concat([
      Buffer.from('enable_autolfs: true\nsession_artifact_dir: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n')
    ]),
    error: `${P}:2:26: is not valid UTF-8 (byte 0xe9)`
  },
  'UTF-16 file': {
    policy: Buffer.from('\ufeffenable_autolfs: true\n', 'utf16le'),
    error: /^\.codex_lfs_policy\.yaml:1:1: is not valid UTF-8 \(byte 0xff\)$/
  },
  'a 10 MB file': {
    policy: `enable_autolfs: true\n# ${'x'.repeat(10 * 1024 * 1024)}\n`,
    error: /^\.codex_lfs_policy\.yaml: the policy file is \d+ bytes, more than the 1048576 allowed$/
  },
  'a symlink to a file outside the repo': {
    policy: repo => {
      const outside = path.join(makeTempDir('alfs-outside-'), 'passwd')
      writeFile(outside, 'root:x:0:0:root:/root:/bin/sh\n')
      symlinkSync(outside, path.join(repo, P))
    },
    error:
      /^\.codex_lfs_policy\.yaml: the policy file resolves to \/.*\/passwd, outside the repository$/
  },
  'a FIFO instead of a file': {
    policy: repo => execFileSync('mkfifo', [path.join(repo, P)]),
    error: `${P}: the policy file is not a regular file`
  }
}

/**
 * What "nothing was written" compares, without running git: HEAD and the branch ref, the
 * index file's bytes, every work-tree file (with its content), and the run lock.
 */
function repoState(repo: string): Record<string, string> {
  const state: Record<string, string> = {}
  const read = (file: string): string =>
    existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '-'
  for (const file of ['HEAD', 'index', 'refs/heads/main', 'artifact-lfs/run.lock'])
    state[`.git/${file}`] = read(path.join(repo, '.git', file))
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(repo, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (child === '.git') continue
      if (entry.isDirectory()) walk(child)
      else
        state[child] = entry.isFile()
          ? read(path.join(repo, child))
          : entry.isFIFO()
            ? 'fifo'
            : 'link'
    }
  }
  walk('')
  return state
}

let template: string
beforeAll(() => {
  const { dir } = makeScratchRepo({ lfs: true, withRemote: false })
  writeFile(path.join(dir, '.gitattributes'), GITATTRIBUTES)
  git(dir, 'add', '.gitattributes')
  git(dir, 'commit', '-q', '-m', 'attributes')
  writeFile(path.join(dir, 'tmp', 'report.txt'), 'would be packaged\n')
  template = dir
})

/** A copy of the template repository (cp -a keeps it a valid clone). */
function freshRepo(): string {
  const repo = path.join(makeTempDir('alfs-hostile-policy-'), 'repo')
  execFileSync('cp', ['-a', template, repo])
  return repo
}

describe('hostile and malformed policies through the CLI', () => {
  it('the corpus holds at least 25 cases', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(25)
  })

  it.each(Object.keys(CASES))('%s', async name => {
    const c = CASES[name] as HostileCase
    const repo = freshRepo()
    if (typeof c.policy === 'function') c.policy(repo)
    else writeFile(path.join(repo, P), c.policy)
    const before = repoState(repo)

    const run = await runCli(repo, ['--package', '--commit', '--sync-gitattributes', '--json'])
    expect(run.code).toBe(1)
    const { ok, error } = JSON.parse(run.stdout) as {
      ok: boolean
      error: { kind: string; message: string; hint?: string }
    }
    expect(ok).toBe(false)
    expect(error.kind).toBe('policy')
    expect(error.message).not.toMatch(/[\r\n]/)
    if (typeof c.error === 'string') expect(error.message).toBe(c.error)
    else expect(error.message).toMatch(c.error)
    expect(error.hint).toEqual(expect.stringMatching(/\w{3,}/))
    expect(run.stderr).toContain(`artifact-lfs: error: ${error.message}\n  hint: ${error.hint}`)
    expect(repoState(repo)).toEqual(before)
  })
})
