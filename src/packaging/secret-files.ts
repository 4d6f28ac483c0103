/**
 * Files that hold credentials and are never archived, hidden-file option or not.
 * actions/checkout v6 writes its token to `$RUNNER_TEMP/git-credentials-<uuid>.config`
 * (not a dot-file, so a hidden-file filter alone does not catch it).
 */
const SECRET_FILE_PATTERNS: readonly RegExp[] = [
  /^git-credentials-.*\.config$/,
  /^\.git-credentials$/,
  /^\.netrc$/,
  /^_netrc$/,
  /^\.npmrc$/,
  /^\.pypirc$/,
  /^\.env$/,
  /^\.env\..+$/,
  /^\.dockercfg$/,
  /^id_(rsa|dsa|ecdsa|ed25519)$/,
  /^\.pgpass$/
]

/** Folders that hold credentials (cloud CLIs, container registries, ssh, gpg); never entered. */
const SECRET_DIR_NAMES: ReadonlySet<string> = new Set([
  '.aws',
  '.docker',
  '.kube',
  '.ssh',
  '.gnupg',
  '.azure',
  '.gcloud'
])

/** All of SECRET_FILE_PATTERNS as one expression: one test a name (the walk asks per file). */
const SECRET_FILE_NAME = new RegExp(
  SECRET_FILE_PATTERNS.map(pattern => `(?:${pattern.source})`).join('|')
)

export function isSecretFileName(name: string): boolean {
  return SECRET_FILE_NAME.test(name)
}

export function isSecretDirName(name: string): boolean {
  return SECRET_DIR_NAMES.has(name)
}
