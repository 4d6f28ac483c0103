// Git for the benchmark: an isolated configuration (no /etc/gitconfig, a private HOME with an
// identity), so the numbers do not depend on whoever runs the bench, and small setup helpers
// for scratch repositories (setup is never timed).
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The environment every measured tool runs with. */
export function isolatedGitEnv(workRoot) {
  const home = path.join(workRoot, 'home')
  mkdirSync(home, { recursive: true })
  const globalConfig = path.join(home, '.gitconfig')
  writeFileSync(
    globalConfig,
    '[user]\n\tname = Bench User\n\temail = bench@example.invalid\n[init]\n\tdefaultBranch = main\n'
  )
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name]
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_TERMINAL_PROMPT: '0'
  }
}

/** Runs git synchronously for setup; returns stdout. */
export function git(env, cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024
  })
}

/** The first output line of `command args` (or the first matching `pattern`), trimmed. */
export function toolVersion(env, command, args, pattern = /\S/) {
  try {
    const text = execFileSync(command, args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return (
      text
        .split('\n')
        .find(line => pattern.test(line))
        ?.trim() ?? 'unknown'
    )
  } catch {
    return 'not installed'
  }
}

/**
 * A work tree `<base>/work` with one commit on main and the LFS filter and hooks installed
 * locally; with `remote`, a bare `<base>/remote.git` as origin over file:// (git-lfs uses its
 * built-in file transfer there, no server needed), main pushed and tracking.
 */
export function makeScratchRepo(env, base, { remote = false, lfsTrackZip = false } = {}) {
  const work = path.join(base, 'work')
  const bare = path.join(base, 'remote.git')
  mkdirSync(work, { recursive: true })
  git(env, work, 'init', '-q', '-b', 'main')
  git(env, work, 'lfs', 'install', '--local')
  writeFileSync(path.join(work, 'README.md'), '# bench scratch repo\n')
  git(env, work, 'add', 'README.md')
  if (lfsTrackZip) {
    git(env, work, 'lfs', 'track', '*.zip')
    git(env, work, 'add', '.gitattributes')
  }
  git(env, work, 'commit', '-q', '-m', 'initial')
  if (remote) {
    git(env, base, 'init', '-q', '--bare', '-b', 'main', bare)
    git(env, work, 'remote', 'add', 'origin', `file://${bare}`)
    git(env, work, 'push', '-q', '-u', 'origin', 'main')
  }
  return { work, bare }
}
