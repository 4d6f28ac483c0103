import { ArtifactLfsError } from '../errors.js'
import { formatBytes } from '../format/human-units.js'
import { readObjects } from '../git/cat-file-batch.js'
import type { GitRepo } from '../git/git-repo.js'
import { MAX_POINTER_SIZE, parsePointer, type LfsPointer } from '../lfs/pointer.js'
import { takeEarlyGitCall } from '../git/early-git-call.js'
import { treeListingArgs } from './verify-prefetch.js'
import {
  PointerCandidateScanner,
  type MatchedBy,
  type PointerCandidate,
  type VerifyRules
} from './pointer-candidates.js'
export type { VerifyRules } from './pointer-candidates.js'

/**
 * Checks that every file tracked at a commit that the policy says belongs in LFS (by extension
 * or by size) is stored as a canonical LFS pointer, not as a raw blob. Two git processes
 * whatever the file count: one `ls-tree -r -l -z`, one `cat-file --batch` for the candidate
 * blobs small enough to be pointers (both possibly started early: see prefetchVerifyCalls).
 */

export type CheckedStatus = 'pointer' | 'raw' | 'empty' | 'non-canonical-pointer'

export interface CheckedFile {
  path: string
  /** Size of the git blob (for a pointer: of the pointer text, not the object). */
  blobSize: number
  status: CheckedStatus
  pointer?: LfsPointer
  matchedBy: MatchedBy[]
  /** The policy extension that matched, when matchedBy includes 'extension'. */
  extension?: string
}

export interface Offender {
  path: string
  size: number
  reason: string
}

export interface VerifyResult {
  checked: CheckedFile[]
  offenders: Offender[]
}

export const RAW_BLOB_HINT =
  'make sure .gitattributes has an LFS rule for these files and the LFS filter is configured (git lfs install --local), then re-add them (git rm --cached FILE && git add FILE) and commit; for files already in history see git lfs migrate import'

export async function verifyLfsPointers(
  repo: GitRepo,
  rules: VerifyRules,
  ref = 'HEAD'
): Promise<VerifyResult> {
  if (ref.startsWith('-'))
    throw new ArtifactLfsError('usage', `${JSON.stringify(ref)} is not a valid ref to verify`)
  const scanner = new PointerCandidateScanner(rules)
  const onStdout = (chunk: Buffer): void => scanner.push(chunk)
  // a verify-only CLI run started this listing before it loaded the code that reads it
  const early = takeEarlyGitCall(repo.locatedFrom, treeListingArgs(ref))
  try {
    await (early?.consume(onStdout) ?? repo.run(treeListingArgs(ref), { onStdout }))
  } catch (cause) {
    throw new ArtifactLfsError('verify', `cannot list the files tracked at ${ref}`, {
      hint: 'pass a commit, branch or tag that exists (a repository without commits has nothing to verify)',
      cause
    })
  }
  const candidates = scanner.finish()
  const small = candidates.filter(c => c.size > 0 && c.size <= MAX_POINTER_SIZE)
  const contents = await readObjects(
    repo,
    small.map(c => c.oid)
  )

  const checked: CheckedFile[] = []
  const offenders: Offender[] = []
  for (const candidate of candidates) {
    const { file, reason } = classify(candidate, contents, ref, rules)
    checked.push(file)
    if (reason !== undefined) offenders.push({ path: file.path, size: file.blobSize, reason })
  }
  return { checked, offenders }
}

/** The checked-file record, and the offender reason unless it is a canonical pointer. */
function classify(
  candidate: PointerCandidate,
  contents: Map<string, Buffer | undefined>,
  ref: string,
  rules: VerifyRules
): { file: CheckedFile; reason: string | undefined } {
  const { path, oid, size, extension, matchedBy } = candidate
  const file: CheckedFile = { path, blobSize: size, status: 'raw', matchedBy }
  if (extension !== undefined) file.extension = extension
  if (size === 0) {
    file.status = 'empty'
    return {
      file,
      reason: `empty file with binary extension ${extension}: git-lfs never converts empty files`
    }
  }
  if (size <= MAX_POINTER_SIZE) {
    const content = contents.get(oid)
    if (content === undefined)
      throw new ArtifactLfsError(
        'verify',
        `${path}: blob ${oid} at ${ref} is missing from the local object store`,
        { hint: 'fetch the missing objects (git fetch), or verify in a complete clone' }
      )
    const parsed = parsePointer(content)
    if (parsed.kind === 'pointer') {
      file.pointer = parsed.pointer
      if (parsed.canonical) {
        file.status = 'pointer'
        return { file, reason: undefined }
      }
      file.status = 'non-canonical-pointer'
      return { file, reason: nonCanonicalReason(content) }
    }
  }
  return { file, reason: rawReason(candidate, rules) }
}

function nonCanonicalReason(content: Buffer): string {
  if (content.includes('\r')) return 'non-canonical pointer (CRLF line endings)'
  return 'non-canonical pointer (extra whitespace, extension lines or missing final newline)'
}

function rawReason(candidate: PointerCandidate, rules: VerifyRules): string {
  const size = formatBytes(candidate.size)
  const overThreshold = `over the ${rules.sizeThresholdMb} MiB threshold`
  if (candidate.extension === undefined) return `raw blob of ${size} ${overThreshold}`
  const base = `raw blob with binary extension ${candidate.extension} (${size})`
  return candidate.matchedBy.includes('size') ? `${base}, ${overThreshold}` : base
}

/** Throws a 'verify' error listing every offender (at most `limit` lines) when there are any. */
export function assertNoOffenders(result: VerifyResult, ref: string, limit = 20): void {
  if (result.offenders.length === 0) return
  const lines = result.offenders
    .slice(0, limit)
    .map(o => `  ${JSON.stringify(o.path).slice(1, -1)}: ${o.reason}`)
  if (result.offenders.length > limit)
    lines.push(`  ... and ${result.offenders.length - limit} more`)
  throw new ArtifactLfsError(
    'verify',
    `${result.offenders.length} file(s) at ${ref} should be LFS pointers but are not:\n${lines.join('\n')}`,
    { hint: RAW_BLOB_HINT }
  )
}
