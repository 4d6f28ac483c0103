import { parseArgs } from 'node:util'
import { parseDuration } from '../cleanup/parse-duration.js'
import { parseKeepCount } from '../cleanup/parse-keep-count.js'
import { ArtifactLfsError } from '../errors.js'

/** What the command line asked for, typed. */
export interface CliOptions {
  help: boolean
  version: boolean
  package: boolean
  commit: boolean
  syncGitattributes: boolean
  check: boolean
  verify: boolean
  validate: boolean
  push: boolean
  recover: boolean
  /** ARCHIVE for --recover: a path, a name in the session dir, `latest`, or `<commit>:<path>`. */
  recoverArchive: string
  list: boolean
  force: boolean
  tmpDir: string | undefined
  message: string | undefined
  all: boolean
  includeHidden: boolean
  compressionLevel: number
  json: boolean
  policyFile: string
  branch: string | undefined
  remote: string
  pushAttempts: number
  dryRun: boolean
  quiet: boolean
  clean: boolean
  /** --prune-temp --older-than DURATION, in ms. */
  pruneTemp: { olderThanMs: number } | undefined
  /** --prune-archives with --keep N and/or --max-age DURATION. */
  pruneArchives: { keep?: number; maxAgeMs?: number } | undefined
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  package: { type: 'boolean' },
  commit: { type: 'boolean' },
  'sync-gitattributes': { type: 'boolean' },
  check: { type: 'boolean' },
  verify: { type: 'boolean' },
  validate: { type: 'boolean' },
  push: { type: 'boolean' },
  recover: { type: 'boolean' },
  list: { type: 'boolean' },
  force: { type: 'boolean' },
  'tmp-dir': { type: 'string' },
  message: { type: 'string', short: 'm' },
  all: { type: 'boolean' },
  'include-hidden': { type: 'boolean' },
  'compression-level': { type: 'string' },
  json: { type: 'boolean' },
  'policy-file': { type: 'string' },
  branch: { type: 'string' },
  remote: { type: 'string' },
  'push-attempts': { type: 'string' },
  'dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  clean: { type: 'boolean' },
  'prune-temp': { type: 'boolean' },
  'older-than': { type: 'string' },
  'prune-archives': { type: 'boolean' },
  keep: { type: 'string' },
  'max-age': { type: 'string' }
} as const

function usage(message: string): ArtifactLfsError {
  return new ArtifactLfsError('usage', message, { hint: 'run artifact-lfs --help for the options' })
}

function integerOption(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback: number
): number {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw usage(
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`
    )
  return Number(raw)
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (cause) {
    throw usage((cause as Error).message.replace(/\. To specify a positional.*$/s, ''))
  }
  const v = parsed.values
  const positionals = parsed.positionals
  const recover = v.recover === true
  if (positionals.length > 0 && !recover)
    throw usage(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (positionals.length > 1) throw usage('--recover takes at most one ARCHIVE')
  const options: CliOptions = {
    help: v.help === true,
    version: v.version === true,
    package: v.package === true,
    commit: v.commit === true,
    syncGitattributes: v['sync-gitattributes'] === true,
    check: v.check === true,
    verify: v.verify === true,
    validate: v.validate === true,
    push: v.push === true,
    recover,
    recoverArchive: positionals[0] ?? 'latest',
    list: v.list === true,
    force: v.force === true,
    tmpDir: v['tmp-dir'],
    message: v.message,
    all: v.all === true,
    includeHidden: v['include-hidden'] === true,
    compressionLevel: integerOption('compression-level', v['compression-level'], 0, 9, 6),
    json: v.json === true,
    policyFile: v['policy-file'] ?? '.codex_lfs_policy.yaml',
    branch: v.branch,
    remote: v.remote ?? 'origin',
    pushAttempts: integerOption('push-attempts', v['push-attempts'], 1, 20, 5),
    dryRun: v['dry-run'] === true,
    quiet: v.quiet === true,
    clean: v.clean === true,
    pruneTemp: undefined,
    pruneArchives: undefined
  }
  if (v['prune-temp'] === true) {
    if (v['older-than'] === undefined)
      throw usage('--prune-temp needs --older-than DURATION (e.g. 7d)')
    options.pruneTemp = { olderThanMs: parseDuration(v['older-than'], '--older-than') }
  } else if (v['older-than'] !== undefined) throw usage('--older-than goes with --prune-temp')
  if (v['prune-archives'] === true) {
    if (v.keep === undefined && v['max-age'] === undefined)
      throw usage('--prune-archives needs --keep N and/or --max-age DURATION')
    options.pruneArchives = {
      keep: v.keep === undefined ? undefined : parseKeepCount(v.keep, '--keep'),
      maxAgeMs: v['max-age'] === undefined ? undefined : parseDuration(v['max-age'], '--max-age')
    }
  } else if (v.keep !== undefined || v['max-age'] !== undefined)
    throw usage('--keep and --max-age go with --prune-archives')
  if (options.clean && !options.commit)
    throw usage(
      '--clean needs --commit: files are removed only once their archive is committed (and pushed, with --push)'
    )
  if (options.check && !options.syncGitattributes)
    throw usage('--check goes with --sync-gitattributes')
  if (options.recover && (options.package || options.commit || options.push || options.clean))
    throw usage('--recover cannot be combined with --package, --commit or --push')
  if (options.list && !options.recover) throw usage('--list goes with --recover')
  if (options.tmpDir === '') throw usage('--tmp-dir needs a folder')
  if (options.message !== undefined && options.message.trim() === '')
    throw usage('--message must not be empty')
  return options
}

/** True when no action flag was given (then the CLI prints its help). */
export function nothingRequested(options: CliOptions): boolean {
  return !(
    options.package ||
    options.commit ||
    options.syncGitattributes ||
    options.verify ||
    options.validate ||
    options.push ||
    options.recover ||
    options.pruneTemp !== undefined ||
    options.pruneArchives !== undefined
  )
}

/**
 * True when verify is the only step asked for: nothing commits before it, so its tree listing
 * git processes can start before the rest of the CLI has loaded (see prefetchVerifyCalls).
 */
export function verifyOnly(options: CliOptions): boolean {
  return (
    options.verify &&
    !options.help &&
    !options.version &&
    !options.clean &&
    nothingRequested({ ...options, verify: false })
  )
}
