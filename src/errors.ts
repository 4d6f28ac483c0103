/**
 * One error type for everything the engine refuses. Adapters turn it into an exit code
 * (CLI) or a failed step (Action); `hint` is the "what to do" sentence shown after the message.
 */
export type ErrorKind =
  | 'usage'
  | 'policy'
  | 'config'
  | 'git'
  | 'git-missing'
  | 'lfs-missing'
  | 'repo-state'
  | 'io'
  | 'archive'
  | 'verify'
  | 'validate'
  | 'commit'
  | 'push'
  | 'recover'

export class ArtifactLfsError extends Error {
  readonly kind: ErrorKind
  readonly hint: string | undefined

  constructor(kind: ErrorKind, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ArtifactLfsError'
    this.kind = kind
    this.hint = options.hint
  }

  /** 2 for a usage error (bad flags), 1 for everything else. */
  get exitCode(): number {
    return this.kind === 'usage' ? 2 : 1
  }

  /** Message plus hint, the text a user sees. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message
  }
}

export function isArtifactLfsError(value: unknown): value is ArtifactLfsError {
  return value instanceof ArtifactLfsError
}

/** The message of any thrown value, for logging. */
export function errorMessage(value: unknown): string {
  if (value instanceof ArtifactLfsError) return value.describe()
  if (value instanceof Error) return value.message
  return String(value)
}
