import type { Manifest, ManifestFile } from '../manifest/manifest.js'
import { ManifestIndex } from './manifest-index.js'
import type { ZipEntryKind } from './zip-central-directory.js'

/** What reading one archive entry established. */
export interface EntryFacts {
  /** Checked relative path (no trailing '/'). */
  path: string
  kind: ZipEntryKind
  size: number
  /** sha256 of the content (may be omitted when `content: false`). */
  sha256?: string
  /** Permission bits from the entry. */
  mode: number
  /** Symlink target text. */
  target?: string
}

/** Indexes the manifest's files by path (one index, reused for every lookup). */
export function indexManifest(manifest: Manifest): ManifestIndex {
  return ManifestIndex.of(manifest.files)
}

/**
 * Every way the archive's entries and its manifest disagree, one sentence each (empty when
 * they agree). Directory entries are not listed in manifests and are only matched if the
 * manifest names the same path. Modes are compared for files only (symlink modes are not
 * portable). `facts` must have distinct paths (as planned entries do); they may be produced
 * one at a time.
 */
export function compareWithManifest(
  facts: Iterable<EntryFacts>,
  manifest: Manifest | ManifestIndex,
  compare: { content?: boolean; modes?: boolean } = {}
): string[] {
  const listed = manifest instanceof ManifestIndex ? manifest : indexManifest(manifest)
  const problems = [...listed.problems]
  let matched = 0
  const seen: string[] = []
  for (const fact of facts) {
    const file = listed.get(fact.path)
    if (file === undefined) {
      if (fact.kind !== 'directory')
        problems.push(`"${fact.path}" is in the archive but not in the manifest`)
      continue
    }
    matched++
    seen.push(fact.path)
    problems.push(...compareOne(fact, file, compare.content !== false, compare.modes !== false))
  }
  if (matched !== listed.size) {
    const found = new Set(seen)
    for (const path of listed.paths()) {
      if (!found.has(path)) problems.push(`"${path}" is in the manifest but not in the archive`)
    }
  }
  return problems
}

function compareOne(
  fact: EntryFacts,
  file: ManifestFile,
  content: boolean,
  modes: boolean
): string[] {
  const at = `"${fact.path}"`
  if (fact.kind !== file.type)
    return [`${at} is a ${fact.kind} in the archive but a ${file.type} in the manifest`]
  const problems: string[] = []
  if (fact.size !== file.size)
    problems.push(`${at} has ${fact.size} bytes in the archive, the manifest says ${file.size}`)
  if (content && fact.sha256 !== file.sha256) {
    problems.push(
      `${at} has sha256 ${fact.sha256} in the archive, the manifest says ${file.sha256}`
    )
  }
  if (fact.kind === 'symlink' && fact.target !== file.target) {
    problems.push(
      `${at} points to ${JSON.stringify(fact.target)} in the archive, the manifest says ${JSON.stringify(file.target)}`
    )
  }
  if (modes && fact.kind === 'file' && (fact.mode & 0o7777) !== (file.mode & 0o7777)) {
    problems.push(
      `${at} has mode ${(fact.mode & 0o7777).toString(8)} in the archive, the manifest says ${(file.mode & 0o7777).toString(8)}`
    )
  }
  return problems
}
