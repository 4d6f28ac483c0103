import { RegularBlobScanner, type TreeEntry } from '../git/tree-entries.js'
import { binaryExtensionPrefilter, matchBinaryExtension } from './extension-match.js'

/** The policy rules verify applies (a subset of Policy). */
export interface VerifyRules {
  /** Lower-case, leading dot: '.db', '.tar.gz'. */
  binaryExtensions: readonly string[]
  /** Blobs larger than this many MiB must be pointers whatever their name. */
  sizeThresholdMb: number
}

export type MatchedBy = 'extension' | 'size'

/** A tracked regular file that the policy says must be an LFS pointer. */
export interface PointerCandidate {
  path: string
  oid: string
  size: number
  /** The policy extension that matched, when matchedBy includes 'extension'. */
  extension: string | undefined
  matchedBy: MatchedBy[]
}

/**
 * Finds, in a `git ls-tree -r -l -z` listing fed chunk by chunk, the files that must be LFS
 * pointers: regular blobs (not symlinks, not submodules) with a binary extension or over the
 * size threshold, in listing order. Paths are looked at as bytes first; only the few that may
 * match are decoded and checked with matchBinaryExtension.
 */
export class PointerCandidateScanner {
  private readonly rules: VerifyRules
  private readonly thresholdBytes: number
  private readonly blobs: RegularBlobScanner

  constructor(rules: VerifyRules) {
    this.rules = rules
    this.thresholdBytes = rules.sizeThresholdMb * 1024 * 1024
    const mayHaveExtension = binaryExtensionPrefilter(rules.binaryExtensions)
    const thresholdBytes = this.thresholdBytes
    this.blobs = new RegularBlobScanner(
      (bytes, pathStart, pathEnd, size) =>
        size > thresholdBytes || mayHaveExtension(bytes, pathStart, pathEnd)
    )
  }

  /** Never throws (see RegularBlobScanner.push). */
  push(chunk: Buffer): void {
    this.blobs.push(chunk)
  }

  /** The candidates, once the listing has ended; throws on a malformed listing. */
  finish(): PointerCandidate[] {
    const candidates: PointerCandidate[] = []
    for (const blob of this.blobs.finish()) {
      const candidate = this.candidate(blob)
      if (candidate !== undefined) candidates.push(candidate)
    }
    return candidates
  }

  private candidate(blob: TreeEntry): PointerCandidate | undefined {
    const size = blob.size ?? 0
    const extension = matchBinaryExtension(blob.path, this.rules.binaryExtensions)
    const matchedBy: MatchedBy[] = []
    if (extension !== undefined) matchedBy.push('extension')
    if (size > this.thresholdBytes) matchedBy.push('size')
    if (matchedBy.length === 0) return undefined
    return { path: blob.path, oid: blob.oid, size, extension, matchedBy }
  }
}

/** PointerCandidateScanner over a whole listing at once. */
export function pointerCandidates(listing: Buffer, rules: VerifyRules): PointerCandidate[] {
  const scanner = new PointerCandidateScanner(rules)
  scanner.push(listing)
  return scanner.finish()
}
