/**
 * The repository policy (`.codex_lfs_policy.yaml`): what the tool may do automatically, where
 * session archives live, and which files go to Git LFS. loadPolicy() reads and validates it;
 * this file holds only the shape and the defaults.
 */
export interface Policy {
  /** `enable_autolfs`: whether the tool may package and commit on its own. */
  enableAutoLfs: boolean
  /** `session_artifact_dir`: normalised, '/'-separated, relative to the repo root. */
  sessionArtifactDir: string
  /** `size_threshold_mb`: a number > 0 (and at most MAX_SIZE_THRESHOLD_MB). */
  sizeThresholdMb: number
  /**
   * `binary_extensions`: lower-cased (ASCII letters), with a leading dot, multi-dot allowed
   * ('.tar.gz'). Deduplicated keeping the user's order (first occurrence wins), not sorted.
   */
  binaryExtensions: string[]
  /** `gitattributes_template`: extra `.gitattributes` lines (trailing spaces trimmed, no blanks). */
  gitattributesTemplate: string[]
}

export const DEFAULT_POLICY_FILE = '.codex_lfs_policy.yaml'

/** Anything larger is certainly a typo (1 TiB). */
export const MAX_SIZE_THRESHOLD_MB = 1_048_576

/** A policy file is a few hundred bytes; refuse to parse anything over this. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024

/** The defaults; frozen (arrays included), so copy with defaultPolicy() before changing. */
export const DEFAULT_POLICY: Policy = freezePolicy({
  enableAutoLfs: false,
  sessionArtifactDir: 'codex_sessions',
  sizeThresholdMb: 50,
  binaryExtensions: ['.db', '.7z', '.zip', '.bak', '.dot', '.sqlite', '.exe'],
  gitattributesTemplate: []
})

function freezePolicy(policy: Policy): Policy {
  Object.freeze(policy.binaryExtensions)
  Object.freeze(policy.gitattributesTemplate)
  return Object.freeze(policy)
}

/** The YAML key for each Policy field, in documentation order. */
export const POLICY_KEYS = {
  enableAutoLfs: 'enable_autolfs',
  sessionArtifactDir: 'session_artifact_dir',
  sizeThresholdMb: 'size_threshold_mb',
  binaryExtensions: 'binary_extensions',
  gitattributesTemplate: 'gitattributes_template'
} as const satisfies Record<keyof Policy, string>

export type PolicyKey = (typeof POLICY_KEYS)[keyof typeof POLICY_KEYS]

export const KNOWN_POLICY_KEYS: readonly PolicyKey[] = Object.values(POLICY_KEYS)

/** A fresh, mutable copy of the defaults. */
export function defaultPolicy(): Policy {
  return {
    enableAutoLfs: DEFAULT_POLICY.enableAutoLfs,
    sessionArtifactDir: DEFAULT_POLICY.sessionArtifactDir,
    sizeThresholdMb: DEFAULT_POLICY.sizeThresholdMb,
    binaryExtensions: [...DEFAULT_POLICY.binaryExtensions],
    gitattributesTemplate: [...DEFAULT_POLICY.gitattributesTemplate]
  }
}
