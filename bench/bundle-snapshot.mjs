// Our tool as users run it: the committed CLI bundle, `node dist/cli.js`. Other people rebuild
// dist/ while a long benchmark runs (the build deletes and rewrites it), so the bench runs a
// byte-identical copy taken at the start; the report names its sha256 and says whether
// dist/cli.js changed meanwhile.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'

function sha256Of(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)
}

/** sha256 (16 hex) of dist/cli.js, the HEAD commit, and whether dist/cli.js differs from it. */
export function bundleInfo(repoRoot, cliPath) {
  let commit = 'unknown'
  let dirty = false
  try {
    const run = args =>
      execFileSync('git', args, {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      })
    commit = run(['rev-parse', '--short', 'HEAD']).trim()
    dirty = run(['status', '--porcelain', '--', path.relative(repoRoot, cliPath)]).trim() !== ''
  } catch {
    // not a git checkout
  }
  return {
    sha256: existsSync(cliPath) ? sha256Of(cliPath) : 'missing',
    commit,
    uncommittedChanges: dirty
  }
}

/**
 * Copies dist/cli.js and the chunks it loads lazily (dist/*.js: ESM) into `<workRoot>/bundle/`
 * with a package.json that keeps them ESM, waiting up to `waitMs` for a rebuild in progress to put it back.
 * Returns the copy's path.
 */
export async function snapshotBundle(repoRoot, workRoot, waitMs = 120000) {
  const source = path.join(repoRoot, 'dist', 'cli.js')
  for (const deadline = Date.now() + waitMs; !existsSync(source);) {
    if (Date.now() > deadline) throw new Error('dist/cli.js is missing: run npm run build first')
    await new Promise(resolve => setTimeout(resolve, 2000))
  }
  const dir = path.join(workRoot, 'bundle')
  mkdirSync(dir, { recursive: true })
  const copy = path.join(dir, 'cli.js')
  for (const name of readdirSync(path.dirname(source)))
    if (name.endsWith('.js'))
      copyFileSync(path.join(path.dirname(source), name), path.join(dir, name))
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  return copy
}

export { sha256Of }
