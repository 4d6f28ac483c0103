import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { loadPolicy } from '../../src/policy/load-policy.js'
import { DEFAULT_POLICY } from '../../src/policy/policy.js'
import { cleanupSandboxes } from '../helpers/sandbox.js'
import { loadFrom, POLICY, refusalOf, repoWithPolicy } from './policy-helpers.js'

afterAll(cleanupSandboxes)

describe('loadPolicy: valid files', () => {
  it('uses the defaults when there is no policy file', async () => {
    const dir = repoWithPolicy()
    const loaded = await loadPolicy(dir)
    expect(loaded.exists).toBe(false)
    expect(loaded.source).toBe(path.join(dir, POLICY))
    expect(loaded.policy).toEqual(DEFAULT_POLICY)
    expect(loaded.warnings).toEqual([])
    expect(DEFAULT_POLICY.binaryExtensions).toEqual([
      '.db',
      '.7z',
      '.zip',
      '.bak',
      '.dot',
      '.sqlite',
      '.exe'
    ])
  })

  it('reads every key and normalises the values', async () => {
    const loaded = await loadFrom(
      [
        '# artifact-lfs policy',
        'enable_autolfs: true',
        'session_artifact_dir: ./ci//Sessions/',
        'size_threshold_mb: 12.5',
        'binary_extensions:',
        '  - .DB',
        '  - tar.GZ',
        '  - .db',
        '  - .7z',
        'gitattributes_template: |',
        '  *.png binary   ',
        '',
        '  # keep docs as text',
        ''
      ].join('\n')
    )
    expect(loaded.exists).toBe(true)
    expect(loaded.warnings).toEqual([])
    expect(loaded.policy).toEqual({
      enableAutoLfs: true,
      sessionArtifactDir: 'ci/Sessions',
      sizeThresholdMb: 12.5,
      binaryExtensions: ['.db', '.tar.gz', '.7z'],
      gitattributesTemplate: ['*.png binary', '# keep docs as text']
    })
  })

  it('accepts binary_extensions as one space-separated string', async () => {
    const loaded = await loadFrom('binary_extensions: .db .7z  .ZIP .bak .db\n')
    expect(loaded.policy.binaryExtensions).toEqual(['.db', '.7z', '.zip', '.bak'])
  })

  it('accepts a flow mapping, CRLF line endings and a BOM', async () => {
    const flow = await loadFrom('{enable_autolfs: true, size_threshold_mb: 7}\n')
    expect(flow.policy.enableAutoLfs).toBe(true)
    expect(flow.policy.sizeThresholdMb).toBe(7)
    const crlf = await loadFrom('\uFEFFsession_artifact_dir: out\\logs\r\nsize_threshold_mb: 3\r\n')
    expect(crlf.policy.sessionArtifactDir).toBe('out/logs')
    expect(crlf.policy.sizeThresholdMb).toBe(3)
    const refusal = await refusalOf('\uFEFFenable_autolfs: true\r\nsize_threshold_mb: nope\r\n')
    expect(refusal.message).toBe(
      '.codex_lfs_policy.yaml:2:20: size_threshold_mb: must be a number greater than 0, got "nope"'
    )
  })

  it('treats an empty file as defaults and says so', async () => {
    const loaded = await loadFrom('# nothing here yet\n')
    expect(loaded.exists).toBe(true)
    expect(loaded.policy).toEqual(DEFAULT_POLICY)
    expect(loaded.warnings).toEqual([`${POLICY}: the policy file is empty; using defaults`])
  })

  it('warns about unknown keys, naming the closest known key', async () => {
    const loaded = await loadFrom('enable_autolfs: false\nsize_treshold_mb: 5\nfoo-bar: 1\n')
    expect(loaded.policy.sizeThresholdMb).toBe(50)
    expect(loaded.warnings).toEqual([
      `${POLICY}:2:1: unknown key "size_treshold_mb" is ignored (did you mean size_threshold_mb?)`,
      expect.stringMatching(
        /^\.codex_lfs_policy\.yaml:3:1: unknown key "foo-bar" is ignored \(known keys: enable_autolfs, session_artifact_dir, /
      )
    ])
    const fragment = await loadFrom('threshold: 5\nBinary-Extensions: [.db]\n')
    expect(fragment.warnings[0]).toContain('did you mean size_threshold_mb?')
    expect(fragment.warnings[1]).toContain('did you mean binary_extensions?')
  })

  it('follows a plain alias to a value', async () => {
    const loaded = await loadFrom('x-common: &size 10\nsize_threshold_mb: *size\n')
    expect(loaded.policy.sizeThresholdMb).toBe(10)
    expect(loaded.warnings).toHaveLength(1)
  })

  it('takes the policy path from the caller', async () => {
    const dir = repoWithPolicy()
    const { writeFile } = await import('../helpers/sandbox.js')
    writeFile(path.join(dir, 'config', 'lfs.yaml'), 'size_threshold_mb: 1\n')
    const loaded = await loadPolicy(dir, 'config/lfs.yaml')
    expect(loaded.source).toBe(path.join(dir, 'config', 'lfs.yaml'))
    expect(loaded.policy.sizeThresholdMb).toBe(1)
    const refusal = await refusalOf(() => {
      writeFile(path.join(dir, 'config', 'bad.yaml'), 'size_threshold_mb: 0\n')
      return loadPolicy(dir, 'config/bad.yaml')
    })
    expect(refusal.message).toMatch(/^config\/bad\.yaml:1:20: size_threshold_mb: /)
  })
})

describe('loadPolicy: YAML structure refusals', () => {
  it('refuses malformed YAML with the line and column js-yaml reports', async () => {
    const refusal = await refusalOf('enable_autolfs: true\n  size_threshold_mb: 5\n')
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml:2:\d+: YAML syntax: invalid YAML: bad indentation/
    )
    const unclosed = await refusalOf('binary_extensions: [.db, .7z\nsize_threshold_mb: 5\n')
    expect(unclosed.message).toMatch(
      /^\.codex_lfs_policy\.yaml:\d+:\d+: YAML syntax: invalid YAML: /
    )
  })

  it('refuses a duplicate top-level key, naming both lines', async () => {
    const refusal = await refusalOf(
      'size_threshold_mb: 5\nenable_autolfs: true\nsize_threshold_mb: 6\n'
    )
    expect(refusal.message).toBe(
      '.codex_lfs_policy.yaml:3:1: size_threshold_mb: duplicate key (first set on line 1)'
    )
  })

  it('refuses a duplicate key inside a value, naming the top-level key', async () => {
    const refusal = await refusalOf('enable_autolfs: true\nbinary_extensions: {a: 1, a: 2}\n')
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml:2:\d+: binary_extensions: invalid YAML: duplicated mapping key/
    )
  })

  it('refuses a top level that is not a mapping', async () => {
    expect((await refusalOf('- .db\n- .zip\n')).message).toBe(
      '.codex_lfs_policy.yaml:1:1: (top level): the policy must be a mapping of keys to values, got a list'
    )
    expect((await refusalOf('just some words\n')).message).toMatch(/got a single value$/)
  })

  it('refuses more than one document', async () => {
    const refusal = await refusalOf('size_threshold_mb: 5\n---\nsize_threshold_mb: 6\n')
    expect(refusal.message).toMatch(
      /^\.codex_lfs_policy\.yaml:3:1: YAML syntax: .*more than one YAML document/
    )
  })
})

describe('loadPolicy: value refusals', () => {
  const cases: [string, string, RegExp | string][] = [
    [
      'enable_autolfs as a string',
      'enable_autolfs: "yes"\n',
      ':1:17: enable_autolfs: must be true or false, got "yes"'
    ],
    [
      'enable_autolfs yes (YAML 1.1 boolean)',
      'enable_autolfs: yes\n',
      'must be true or false, got "yes"'
    ],
    ['enable_autolfs as a number', 'enable_autolfs: 1\n', 'must be true or false, got 1'],
    [
      'enable_autolfs empty',
      'enable_autolfs:\n',
      ':1:1: enable_autolfs: must be true or false, got nothing (null)'
    ],
    [
      'session_artifact_dir as a number',
      'session_artifact_dir: 5\n',
      'must be a folder path (a string), got 5'
    ],
    ['session_artifact_dir as a list', 'session_artifact_dir: [a]\n', 'got a list'],
    [
      'size_threshold_mb quoted',
      'size_threshold_mb: "50"\n',
      'must be a number greater than 0, got "50"'
    ],
    ['size_threshold_mb a mapping', 'size_threshold_mb: {mb: 5}\n', 'got a mapping'],
    [
      'size_threshold_mb zero',
      'size_threshold_mb: 0\n',
      ':1:20: size_threshold_mb: must be a number greater than 0, got 0'
    ],
    ['size_threshold_mb negative', 'size_threshold_mb: -3\n', 'got -3'],
    ['size_threshold_mb .nan', 'size_threshold_mb: .nan\n', 'got .nan'],
    ['size_threshold_mb .inf', 'size_threshold_mb: .inf\n', 'got .inf'],
    ['size_threshold_mb -.inf', 'size_threshold_mb: -.inf\n', 'got -.inf'],
    [
      'size_threshold_mb absurd',
      'size_threshold_mb: 1048577\n',
      'must be at most 1048576 (1 TiB), got 1048577'
    ],
    [
      'binary_extensions a number',
      'binary_extensions: 7\n',
      'binary_extensions: must be a list of extensions, got 7'
    ],
    ['binary_extensions a mapping', 'binary_extensions: {db: yes}\n', 'got a mapping'],
    [
      'binary_extensions non-string item',
      'binary_extensions:\n  - .db\n  - 12\n',
      ':3:5: binary_extensions: item 2 must be a string, got 12'
    ],
    [
      'binary_extensions empty item',
      'binary_extensions: [".db", ""]\n',
      ':1:28: binary_extensions: item 2 is empty'
    ],
    [
      'binary_extensions with a slash',
      'binary_extensions: [a/b]\n',
      'item 1 "a/b" contains a slash'
    ],
    ['binary_extensions with a backslash', 'binary_extensions: ["a\\\\b"]\n', 'contains a slash'],
    ['binary_extensions with *', 'binary_extensions: ["*.db"]\n', 'contains a glob character'],
    ['binary_extensions with ?', 'binary_extensions: [.d?]\n', 'contains a glob character'],
    ['binary_extensions with [', 'binary_extensions: [".[ab]"]\n', 'contains a glob character'],
    ['binary_extensions with a space', 'binary_extensions: [". db"]\n', 'contains whitespace'],
    ['binary_extensions with a tab', 'binary_extensions: [".d\\tb"]\n', 'contains whitespace'],
    [
      'binary_extensions with NUL',
      'binary_extensions: [".d\\0b"]\n',
      'contains whitespace, a control character or NUL'
    ],
    ['binary_extensions a lone dot', 'binary_extensions: [.]\n', 'has an empty part'],
    ['binary_extensions a double dot', 'binary_extensions: [.tar..gz]\n', 'has an empty part'],
    [
      'gitattributes_template a list',
      'gitattributes_template: ["*.png binary"]\n',
      'gitattributes_template: must be a multi-line string, got a list'
    ],
    ['gitattributes_template a number', 'gitattributes_template: 3\n', 'got 3'],
    [
      'gitattributes_template with a marker',
      'gitattributes_template: |\n  *.png binary\n  # >>> artifact-lfs managed block\n',
      ':3:3: gitattributes_template: line 2 contains the artifact-lfs managed-block marker'
    ],
    [
      'gitattributes_template with an end marker',
      'gitattributes_template: "# <<< artifact-lfs managed block"\n',
      ':1:25: gitattributes_template: line 1 contains'
    ],
    [
      'session_artifact_dir empty',
      'session_artifact_dir: ""\n',
      ':1:23: session_artifact_dir: must not be empty'
    ],
    ['session_artifact_dir blank', 'session_artifact_dir: "   "\n', 'must not be empty'],
    [
      'session_artifact_dir absolute',
      'session_artifact_dir: /var/sessions\n',
      'must be relative to the repository root, got "/var/sessions"'
    ],
    [
      'session_artifact_dir drive letter',
      'session_artifact_dir: C:\\sessions\n',
      'must be relative'
    ],
    ['session_artifact_dir home', 'session_artifact_dir: ~/sessions\n', 'must be relative'],
    [
      'session_artifact_dir escaping',
      'session_artifact_dir: ../elsewhere\n',
      '"../elsewhere" leads outside the repository'
    ],
    [
      'session_artifact_dir escaping later',
      'session_artifact_dir: a/../../b\n',
      'leads outside the repository'
    ],
    ['session_artifact_dir the root', 'session_artifact_dir: a/..\n', 'not the root itself'],
    [
      'session_artifact_dir in .git',
      'session_artifact_dir: .git/sessions\n',
      'is inside a .git folder'
    ],
    [
      'session_artifact_dir in a nested .GIT',
      'session_artifact_dir: sub/.GIT\n',
      'is inside a .git folder'
    ],
    [
      'session_artifact_dir with a newline',
      'session_artifact_dir: "a\\nb"\n',
      'must not contain control characters'
    ]
  ]
  it.each(cases)('refuses %s', async (_name, yaml, expected) => {
    const refusal = await refusalOf(yaml)
    expect(refusal.message.startsWith(`${POLICY}:`)).toBe(true)
    if (typeof expected === 'string' && expected.startsWith(':')) {
      expect(refusal.message).toContain(`${POLICY}${expected}`)
    } else {
      expect(refusal.message).toContain(expected)
    }
  })

  it('shows the example message from the documentation exactly', async () => {
    const refusal = await refusalOf(
      'enable_autolfs: true\nsession_artifact_dir: codex_sessions\nsize_threshold_mb: fifty\n'
    )
    expect(refusal.message).toBe(
      '.codex_lfs_policy.yaml:3:20: size_threshold_mb: must be a number greater than 0, got "fifty"'
    )
    expect(refusal.hint).toContain('size_threshold_mb: 50')
  })

  it('accepts the largest allowed threshold and fractions', async () => {
    expect((await loadFrom('size_threshold_mb: 1048576\n')).policy.sizeThresholdMb).toBe(1048576)
    expect((await loadFrom('size_threshold_mb: 0.25\n')).policy.sizeThresholdMb).toBe(0.25)
  })
})
