/**
 * The lines that fence the part of `.gitattributes` artifact-lfs owns. Detection matches the
 * fixed prefixes below (after optional leading whitespace), so the explanatory tail of the
 * begin line may change between versions without orphaning old blocks.
 */
export const MANAGED_BLOCK_BEGIN_PREFIX = '# >>> artifact-lfs managed block'
export const MANAGED_BLOCK_END_PREFIX = '# <<< artifact-lfs managed block'

export const MANAGED_BLOCK_BEGIN = `${MANAGED_BLOCK_BEGIN_PREFIX} (generated from .codex_lfs_policy.yaml; edit the policy, not these lines)`
export const MANAGED_BLOCK_END = MANAGED_BLOCK_END_PREFIX

/** The marker words any line must not contain unless it is a marker itself. */
const MARKER_WORDS = /(>>>|<<<)\s*artifact-lfs managed block/i

/** True when `line` mentions a managed-block marker (used to refuse such template lines). */
export function containsMarker(line: string): boolean {
  return MARKER_WORDS.test(line)
}

export type MarkerKind = 'begin' | 'end'

/** Whether a `.gitattributes` line (without its line ending) is a begin or end marker. */
export function markerKind(line: string): MarkerKind | undefined {
  const text = line.replace(/^\uFEFF/, '').trim()
  if (text.startsWith(MANAGED_BLOCK_BEGIN_PREFIX)) return 'begin'
  if (text.startsWith(MANAGED_BLOCK_END_PREFIX)) return 'end'
  return undefined
}
