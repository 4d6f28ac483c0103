import { takeEarlyGitCall } from './early-git-call.js'
import type { GitRepo } from './git-repo.js'

/** The call readObjects makes: ids on stdin, objects on stdout. */
export const READ_OBJECTS_ARGS: readonly string[] = ['cat-file', '--batch', '--buffer']

/**
 * Reads many objects with ONE `git cat-file --batch` process: all ids go in on stdin, every
 * object comes back as `<oid> <type> <size>\n<content>\n` (or `<oid> missing\n`).
 * Meant for small blobs (e.g. pointer candidates): everything is held in memory.
 */
export async function readObjects(
  repo: GitRepo,
  oids: readonly string[]
): Promise<Map<string, Buffer | undefined>> {
  const unique = [...new Set(oids)]
  const found = new Map<string, Buffer | undefined>()
  if (unique.length === 0) return found
  const input = unique.map(oid => `${oid}\n`).join('')
  // a verify-only CLI run started this call, waiting for its input, before it loaded this code
  const early = takeEarlyGitCall(repo.locatedFrom, READ_OBJECTS_ARGS)
  early?.provideInput(input)
  const { stdout } = await (early?.output() ?? repo.run(READ_OBJECTS_ARGS, { input }))
  let at = 0
  for (const requested of unique) {
    const lineEnd = stdout.indexOf(0x0a, at)
    if (lineEnd === -1) throw new Error(`git cat-file --batch: output ended before ${requested}`)
    const header = stdout.subarray(at, lineEnd).toString('utf8')
    const parts = header.split(' ')
    if (parts[1] === 'missing' || parts.length !== 3) {
      found.set(requested, undefined)
      at = lineEnd + 1
      continue
    }
    const size = Number(parts[2])
    const start = lineEnd + 1
    found.set(requested, stdout.subarray(start, start + size))
    at = start + size + 1
  }
  return found
}
