/**
 * Turns what `git push` / `git lfs push` printed into a kind, whether a retry can help, a
 * message and a hint. Knows GitHub's codes (GH001, GH006, GH008, GH013), LFS quota, auth,
 * non-fast-forward (including a lost race for the ref lock) and network failures.
 */

import { ArtifactLfsError } from '../errors.js'
import {
  CREDENTIAL_LOOP,
  MAX_CREDENTIAL_REJECTIONS,
  tracedHttpStatuses,
  withoutTraceLines
} from '../git/lfs-trace.js'

export type PushFailureKind =
  | 'rejected-non-fast-forward'
  | 'auth'
  | 'protected-branch'
  | 'rule-violation'
  | 'lfs-missing-objects'
  | 'lfs-quota'
  | 'file-too-large'
  | 'timeout'
  | 'network'
  | 'unknown'

export interface PushFailure {
  kind: PushFailureKind
  /** True when pushing again (after a fetch + rebuild for non-fast-forward) can succeed. */
  retryable: boolean
  message: string
  hint: string
}

/** The 'push' error pushWithRetry throws, with the classified failure attached. */
export class PushFailedError extends ArtifactLfsError {
  readonly failure: PushFailure
  /** Push attempts made before giving up. */
  readonly attempts: number

  constructor(message: string, failure: PushFailure, attempts: number) {
    super('push', message, { hint: failure.hint })
    this.name = 'PushFailedError'
    this.failure = failure
    this.attempts = attempts
  }
}

interface Rule {
  kind: Exclude<PushFailureKind, 'timeout' | 'unknown'>
  patterns: RegExp[]
  retryable: boolean
  message: string
  hint: string
}

/** Checked in order: GitHub's specific codes first, generic rejections and network last. */
const RULES: Rule[] = [
  {
    kind: 'protected-branch',
    patterns: [/\bGH006\b/, /protected branch hook declined/i],
    retryable: false,
    message: 'the branch is protected and refused the push (GH006)',
    hint: 'push to another branch (--branch NAME, or the branch input) and open a pull request, or let this actor bypass the branch protection'
  },
  {
    kind: 'rule-violation',
    patterns: [/\bGH013\b/, /repository rule violations/i],
    retryable: false,
    message: 'a repository ruleset refused the push (GH013)',
    hint: "read the rules listed in git's output (e.g. pull request required, signed commits, secret scanning, file path or size rules); push to a branch the rules allow, or ask a repository admin"
  },
  {
    kind: 'lfs-missing-objects',
    patterns: [/\bGH008\b/, /unknown Git LFS objects?/i],
    retryable: false,
    message: 'the push referenced Git LFS objects the remote does not have (GH008)',
    hint: 'upload them first: git lfs push --all REMOTE from a clone that has them; make sure git lfs install has set up the pre-push hook'
  },
  {
    kind: 'file-too-large',
    patterns: [/\bGH001\b/, /exceeds GitHub's file size limit/i, /Large files detected/i],
    retryable: false,
    message: 'the push contains a file over the remote size limit as a raw git blob (GH001)',
    hint: 'large files must be LFS pointers: add an LFS rule to .gitattributes (--sync-gitattributes), re-add the file, and run artifact-lfs verify before pushing'
  },
  {
    kind: 'lfs-quota',
    patterns: [/over its data quota/i, /exceeded its LFS (storage|bandwidth)/i],
    retryable: false,
    message: 'the remote refused the LFS upload: the account is over its Git LFS data quota',
    hint: 'buy more LFS data packs or free LFS storage for the account that owns the repository, then run again'
  },
  {
    kind: 'auth',
    patterns: [
      /Authentication failed/i,
      /could not read (Username|Password)/i,
      /terminal prompts disabled/i,
      /returned error: 40[13]\b/,
      /\b40[13] (Unauthorized|Forbidden)\b/i,
      /Permission to \S+ denied/i,
      /Permission denied \(publickey/i,
      /Git credentials for \S+ not found/i,
      /Authentication required/i,
      /Repository not found/i
    ],
    retryable: false,
    message: 'the remote refused the credentials (authentication or permission failure)',
    hint: 'in GitHub Actions give the job permissions: contents: write and check out with a token that may push (actions/checkout keeps it unless persist-credentials: false); locally check the remote URL, your credential helper or SSH key'
  },
  {
    kind: 'rejected-non-fast-forward',
    patterns: [
      /\[rejected\]/,
      /\(fetch first\)/,
      /non-fast-forward/i,
      /Updates were rejected because/i,
      /cannot lock ref/i,
      /is at [0-9a-f]{7,} but expected [0-9a-f]{7,}/,
      /incorrect old value provided/i,
      /\(stale info\)/
    ],
    retryable: true,
    message: 'the remote branch moved on (someone else pushed first)',
    hint: 'artifact-lfs fetches and rebuilds its commit on the new tip automatically; if every attempt lost the race, run again (or raise the attempts)'
  },
  {
    kind: 'network',
    patterns: [
      /Could not resolve host/i,
      /Failed to connect to/i,
      /Connection (refused|reset|timed out)/i,
      /Operation timed out/i,
      /remote end hung up unexpectedly/i,
      /early EOF/i,
      /RPC failed/i,
      /unexpected disconnect/i,
      /returned error: 5\d\d\b/,
      /\b50[0234] (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
      /(gnutls|SSL|TLS)[^\n]*(error|failed)/i
    ],
    retryable: true,
    message: 'the remote could not be reached or dropped the connection',
    hint: 'check the network and the remote URL, then run again'
  }
]

export function classifyPushFailure(stderr: string, timedOut: boolean): PushFailure {
  if (timedOut)
    return {
      kind: 'timeout',
      retryable: false,
      message: 'the push did not finish in time and was stopped',
      hint: 'check the network and the size of what is pushed (LFS uploads included), then run again'
    }
  for (const rule of RULES) {
    if (!rule.patterns.some(p => p.test(stderr))) continue
    const detail = remoteDetail(stderr, rule.patterns)
    return {
      kind: rule.kind,
      retryable: rule.retryable,
      message: detail ? `${rule.message}: ${detail}` : rule.message,
      hint: rule.hint
    }
  }
  const last = meaningfulLines(stderr).slice(-3).join(' | ')
  return {
    kind: 'unknown',
    retryable: false,
    message: last ? `the push failed: ${last}` : 'the push failed without a message',
    hint: "read git's output above; nothing was changed on the remote branch"
  }
}

/** The first line that matched, without git's `remote: error:` prefixes. */
function remoteDetail(text: string, patterns: readonly RegExp[]): string | undefined {
  const line = meaningfulLines(text).find(l => patterns.some(p => p.test(l)))
  return line?.replace(/^(remote:\s*)?(error:\s*|fatal:\s*)?/i, '').slice(0, 300)
}

function meaningfulLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !/^(hint:|To |Done$)/.test(l))
}

/**
 * Like classifyPushFailure, for the stderr of a `git lfs push` run with GIT_TRACE=1: the trace
 * lines are left out of the message, and when the text alone says nothing known, the last
 * HTTP status git-lfs traced decides (401/403 auth; 429 and 5xx a retryable server failure;
 * git-lfs prints only the server's message, never the status). `stoppedBecause` is the
 * CREDENTIAL_LOOP reason when the credential-loop watcher stopped git-lfs.
 */
export function classifyTracedPushFailure(
  stderr: string,
  timedOut: boolean,
  stoppedBecause?: string
): PushFailure {
  const auth = RULES.find(rule => rule.kind === 'auth') as Rule
  if (stoppedBecause === CREDENTIAL_LOOP)
    return {
      kind: 'auth',
      retryable: false,
      message: `the LFS server refused the credentials ${MAX_CREDENTIAL_REJECTIONS} times in a row (the credential helper keeps giving the same rejected ones); git-lfs was stopped instead of retrying for ever`,
      hint: auth.hint
    }
  const failure = classifyPushFailure(withoutTraceLines(stderr), timedOut)
  if (failure.kind !== 'unknown') return failure
  const status = tracedHttpStatuses(stderr).pop()
  if (status === 401 || status === 403)
    return { ...failure, kind: 'auth', retryable: false, hint: auth.hint }
  if (status === 429 || (status !== undefined && status >= 500))
    return {
      ...failure,
      kind: 'network',
      retryable: true,
      message: `the LFS server answered HTTP ${status}: ${failure.message.replace(/^the push failed: /, '')}`,
      hint: 'the LFS server had a problem; run again later'
    }
  return failure
}
