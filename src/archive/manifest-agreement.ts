import type { Manifest, ManifestFile } from '../manifest/manifest.js'
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

/**
 * Every way the archive's entries and its manifest disagree, one sentence each (empty when
 * they agree). Directory entries are not listed in manifests and are only matched if the
 * manifest names the same path. Modes are compared for files only (symlink modes are not
 * portable).
 */
export function compareWithManifest(
  facts: readonly EntryFacts[],
  manifest: Manifest,
  compare: { content?: boolean; modes?: boolean } = {}
): string[] {
  const problems: string[] = []
  const listed = new Map<string, ManifestFile>()
  for (const file of manifest.files) {
    if (listed.has(file.path)) problems.push(`the manifest lists "${file.path}" twice`)
    listed.set(file.path, file)
  }
  const matched = new Set<string>()
  for (const fact of facts) {
    const file = listed.get(fact.path)
    if (file === undefined) {
      if (fact.kind !== 'directory')
        problems.push(`"${fact.path}" is in the archive but not in the manifest`)
      continue
    }
    matched.add(fact.path)
    problems.push(...compareOne(fact, file, compare.content !== false, compare.modes !== false))
  }
  for (const file of listed.values()) {
    if (!matched.has(file.path))
      problems.push(`"${file.path}" is in the manifest but not in the archive`)
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
