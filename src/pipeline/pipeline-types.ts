import type { ManifestFile } from '../manifest/manifest.js'
import type { SkippedFile } from '../packaging/collect-files.js'
import type { Logger, ProgressSink } from '../progress/progress.js'

/** Which steps to run; they always run in this order. */
export interface PipelineSteps {
  sync: boolean
  /** With sync: only compare, fail when out of date. */
  syncCheck: boolean
  package: boolean
  commit: boolean
  verify: boolean
  validate: boolean
  push: boolean
  /** After the archive is stored (pushed when pushing, else committed): remove its files from the temp dir. */
  clean: boolean
  /** Remove temp-dir files older than this that an archive at HEAD holds byte-identical. */
  pruneTemp?: { olderThanMs: number }
  /** Remove older archives from the tree in one commit (pushed like any other). */
  pruneArchives?: { keep?: number; maxAgeMs?: number }
}

export interface PipelineRequest {
  /** Any folder inside the repository. */
  cwd: string
  policyFile: string
  /** Temp dir; relative paths are resolved against `cwd`. Default: `tmp` at the repo root. */
  tmpDir?: string
  steps: PipelineSteps
  all: boolean
  includeHidden: boolean
  compressionLevel: number
  message?: string
  branch?: string
  remote: string
  pushAttempts: number
  dryRun: boolean
  /** ALLOW_AUTOLFS=1: add the session LFS rule even when the policy does not enable it. */
  allowAutoLfs: boolean
  sourceDateEpoch?: number
  now: Date
  runContext?: { runId?: string; runAttempt?: string }
}

/** How the adapters watch the run: log lines, progress, and phase boundaries. */
export interface PipelineHooks {
  logger: Logger
  progress: ProgressSink
  /** Runs one phase; the Action wraps it in a log group, the CLI prints a header. */
  phase<T>(name: string, work: () => Promise<T>): Promise<T>
}

export interface SyncReport {
  path: string
  changed: boolean
  checkOnly: boolean
  diff: string
}

export interface PackageReport {
  status: 'packaged' | 'nothing-to-package'
  reason?: string
  archivePath?: string
  archiveRelPath?: string
  sha256?: string
  size?: number
  files: ManifestFile[]
  totalBytes: number
  skipped: SkippedFile[]
}

export interface CommitReport {
  status: 'committed' | 'nothing-to-commit'
  commitSha?: string
  branch?: string
}

export interface VerifyOffender {
  path: string
  size: number
  reason: string
}

export interface VerifyReport {
  checkedFiles: number
  pointers: number
  offenders: VerifyOffender[]
  checked: { path: string; status: string; blobSize: number }[]
}

export interface ArchiveValidation {
  path: string
  status: 'ok' | 'pointer-only' | 'failed'
  detail: string
  entries?: number
}

export interface ValidateReport {
  archives: ArchiveValidation[]
  failures: ArchiveValidation[]
}

export interface PushReport {
  status: 'pushed' | 'dry-run' | 'nothing-to-push'
  remote: string
  branch: string
  commitSha?: string
  attempts: number
}

export interface CleanupReport {
  /** --clean: files removed from the temp dir, and changed files kept. */
  clean?: { removed: string[]; keptChanged: string[] }
  /** --prune-archives: archives removed from the tree (or that would be, in a dry run). */
  pruneArchives?: { commitSha?: string; removed: string[]; kept: string[]; dryRun: boolean }
  /** --prune-temp: files removed (or that would be), and files kept with why. */
  pruneTemp?: { removed: string[]; kept: { path: string; why: string }[]; dryRun: boolean }
}

export interface PipelineResult {
  repoRoot: string
  policySource: string
  policyExists: boolean
  sync?: SyncReport
  package?: PackageReport
  commit?: CommitReport
  verify?: VerifyReport
  validate?: ValidateReport
  push?: PushReport
  cleanup?: CleanupReport
}
