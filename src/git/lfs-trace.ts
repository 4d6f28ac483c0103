/**
 * `git lfs push` runs with GIT_TRACE=1 so that we can see what git-lfs does not print
 * otherwise: each HTTP status, and each time it rejects credentials and asks the helper again.
 * git-lfs 3.3 retries a rejected password for ever (about 35 requests a second) when the
 * credential helper keeps answering the same one; the watcher stops it after a few rounds.
 */

/** Environment for a traced git-lfs call. */
export const LFS_TRACE_ENV: Readonly<Record<string, string>> = { GIT_TRACE: '1' }

/** Credential rejections tolerated before the process is stopped as an auth loop. */
export const MAX_CREDENTIAL_REJECTIONS = 3

/** The reason an execGit watcher gives when it stops a credential loop. */
export const CREDENTIAL_LOOP = 'credential loop'

// git: "12:34:56.789012 git.c:460 trace: ...", git-lfs: "12:34:56.789012 trace git-lfs: ..."
const TRACE_LINE = /^\d{2}:\d{2}:\d{2}\.\d+ (?:trace git-lfs: |\S+:\d+\s+trace: )/

/**
 * A stderr watcher for execGit: counts `git credential reject` calls (git-lfs makes one each
 * time the server refuses the credentials it sent) and stops the process after `max`.
 */
export function credentialLoopWatcher(
  max = MAX_CREDENTIAL_REJECTIONS
): (chunk: string) => string | undefined {
  let pending = ''
  let rejections = 0
  return chunk => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines)
      if (/trace git-lfs: exec: git 'credential' 'reject'/.test(line)) rejections += 1
    return rejections >= max ? CREDENTIAL_LOOP : undefined
  }
}

/** stderr without trace lines: what git and git-lfs meant to say. */
export function withoutTraceLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter(line => !TRACE_LINE.test(line))
    .join('\n')
}

/** The HTTP statuses git-lfs traced ("trace git-lfs: HTTP: 503"), in order. */
export function tracedHttpStatuses(stderr: string): number[] {
  const statuses: number[] = []
  for (const match of stderr.matchAll(/trace git-lfs: HTTP: (\d{3})\s*$/gm))
    statuses.push(Number(match[1]))
  return statuses
}
