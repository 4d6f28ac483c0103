import { describe, expect, it } from '@jest/globals'
import { classifyPushFailure, type PushFailureKind } from '../../src/pipeline/push-errors.js'

/** What git printed, as users have seen it from GitHub and plain git servers. */
const SAMPLES: Array<[string, string, PushFailureKind, boolean]> = [
  [
    'protected branch',
    [
      'remote: error: GH006: Protected branch update failed for refs/heads/main.',
      'remote: error: Changes must be made through a pull request.',
      'To https://github.com/o/r.git',
      ' ! [remote rejected] main -> main (protected branch hook declined)',
      "error: failed to push some refs to 'https://github.com/o/r.git'"
    ].join('\n'),
    'protected-branch',
    false
  ],
  [
    'ruleset',
    [
      'remote: error: GH013: Repository rule violations found for refs/heads/main.',
      'remote: Review all repository rules at https://github.com/o/r/rules?ref=refs%2Fheads%2Fmain',
      'remote: - Changes must be made through a pull request.',
      ' ! [remote rejected] main -> main (push declined due to repository rule violations)'
    ].join('\n'),
    'rule-violation',
    false
  ],
  [
    'unknown LFS objects',
    [
      'remote: error: GH008: Your push referenced at least 1 unknown Git LFS object:',
      'remote:     8a3f0c1e2d',
      "remote: Try to push them with 'git lfs push --all'.",
      ' ! [remote rejected] main -> main (pre-receive hook declined)'
    ].join('\n'),
    'lfs-missing-objects',
    false
  ],
  [
    'file too large',
    [
      'remote: error: GH001: Large files detected. You may want to try Git Large File Storage - https://git-lfs.github.com.',
      "remote: error: File big.zip is 120.00 MB; this exceeds GitHub's file size limit of 100.00 MB",
      ' ! [remote rejected] main -> main (pre-receive hook declined)'
    ].join('\n'),
    'file-too-large',
    false
  ],
  [
    'LFS quota',
    'batch response: This repository is over its data quota. Account responsible for LFS bandwidth should purchase more data packs to restore access.\nerror: failed to push some refs',
    'lfs-quota',
    false
  ],
  [
    '403',
    "remote: Permission to o/r.git denied to github-actions[bot].\nfatal: unable to access 'https://github.com/o/r/': The requested URL returned error: 403",
    'auth',
    false
  ],
  [
    'bad password',
    "remote: Invalid username or password.\nfatal: Authentication failed for 'https://github.com/o/r.git/'",
    'auth',
    false
  ],
  [
    'no prompt',
    "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
    'auth',
    false
  ],
  [
    'ssh key',
    'git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.',
    'auth',
    false
  ],
  [
    'fetch first (porcelain)',
    'To file:///r.git\n!\tabc:refs/heads/main\t[rejected] (fetch first)\nDone\nhint: Updates were rejected because the remote contains work that you do',
    'rejected-non-fast-forward',
    true
  ],
  [
    'non-fast-forward',
    ' ! [rejected]        main -> main (non-fast-forward)\nerror: failed to push some refs',
    'rejected-non-fast-forward',
    true
  ],
  [
    'lost the ref-lock race',
    " ! [remote rejected] main -> main (cannot lock ref 'refs/heads/main': is at 1111111111 but expected 2222222222)",
    'rejected-non-fast-forward',
    true
  ],
  [
    'dns',
    "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com",
    'network',
    true
  ],
  [
    'server error',
    'error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502\nfatal: the remote end hung up unexpectedly',
    'network',
    true
  ],
  [
    'anything else',
    " ! [remote rejected] main -> main (pre-receive hook declined)\nerror: failed to push some refs to 'x'",
    'unknown',
    false
  ]
]

describe('classifyPushFailure', () => {
  it.each(SAMPLES)('%s', (_name, stderr, kind, retryable) => {
    const failure = classifyPushFailure(stderr, false)
    expect(failure.kind).toBe(kind)
    expect(failure.retryable).toBe(retryable)
    expect(failure.message.length).toBeGreaterThan(10)
    expect(failure.hint.length).toBeGreaterThan(10)
  })

  it('puts the remote line that matched into the message, without git prefixes', () => {
    const failure = classifyPushFailure(SAMPLES[0]![1], false)
    expect(failure.message).toContain('GH006: Protected branch update failed for refs/heads/main.')
    expect(failure.message).not.toContain('remote: error:')
    expect(failure.hint).toMatch(/another branch/)
  })

  it('treats a timeout as its own kind whatever was printed', () => {
    expect(classifyPushFailure('Uploading LFS objects: 40%', true)).toMatchObject({
      kind: 'timeout',
      retryable: false
    })
  })

  it('quotes the last lines of an unknown failure', () => {
    expect(classifyPushFailure('hint: ignore me\nfatal: something odd', false).message).toBe(
      'the push failed: fatal: something odd'
    )
  })
})
