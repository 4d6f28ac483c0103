#!/usr/bin/env node
// The main job on a built-in demo: a scratch repo with a bare file:// remote under a temp
// dir, sample artifacts, the whole pipeline through the real CLI bundle (dist/cli.js), then
// a listing of what it produced. Pass a repo path to run it there instead:
//   npm run demo                # scratch repo under a temp dir
//   npm run demo -- /path/repo  # your repo (its tmp/ is packaged; nothing is pushed)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const cli = path.join(root, 'dist', 'cli.js')
if (!existsSync(cli)) {
  console.error('demo: dist/cli.js is missing; run npm run build first')
  process.exit(1)
}

const base = mkdtempSync(path.join(os.tmpdir(), 'artifact-lfs-demo-'))
// Isolated git config: nothing of the user's ~/.gitconfig or /etc/gitconfig leaks in.
const home = path.join(base, 'home')
mkdirSync(home)
writeFileSync(
  path.join(home, '.gitconfig'),
  '[user]\n\tname = Demo User\n\temail = demo@example.invalid\n[init]\n\tdefaultBranch = main\n'
)
const env = {
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig')
}
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' })
// git-lfs filters in the demo's own global config, so the fresh clone at the end smudges
git(base, 'lfs', 'install', '--skip-repo')
const show = (title, text) => console.log(`\n### ${title}\n${text.trimEnd()}`)

const given = process.argv[2]
let repo
let pushing = true
if (given) {
  repo = path.resolve(given)
  pushing = false
  console.log(`demo: running on ${repo} (no push)`)
} else {
  repo = path.join(base, 'work')
  const remote = path.join(base, 'remote.git')
  git(base, 'init', '-q', '--bare', '-b', 'main', remote)
  git(base, 'clone', '-q', `file://${remote}`, repo)
  writeFileSync(path.join(repo, 'README.md'), '# demo project\n')
  writeFileSync(
    path.join(repo, '.codex_lfs_policy.yaml'),
    [
      'enable_autolfs: true',
      'session_artifact_dir: codex_sessions',
      'size_threshold_mb: 50',
      'binary_extensions: [.db, .7z, .zip, .bak, .dot, .sqlite, .exe]',
      'gitattributes_template: |',
      '  *.png binary',
      ''
    ].join('\n')
  )
  writeFileSync(path.join(repo, '.gitignore'), 'tmp/\n')
  git(repo, 'add', '.')
  git(repo, 'commit', '-q', '-m', 'demo: initial commit')
  git(repo, 'push', '-q', 'origin', 'main')
  // sample session artifacts
  const tmp = path.join(repo, 'tmp')
  mkdirSync(path.join(tmp, 'logs'), { recursive: true })
  mkdirSync(path.join(tmp, 'reports'), { recursive: true })
  for (let i = 0; i < 40; i++)
    writeFileSync(
      path.join(tmp, 'logs', `step-${String(i).padStart(2, '0')}.log`),
      `step ${i}: ok\n`.repeat(500 + i)
    )
  writeFileSync(
    path.join(tmp, 'reports', 'summary.json'),
    JSON.stringify({ passed: 40, failed: 0 }, null, 2) + '\n'
  )
  writeFileSync(path.join(tmp, 'session.sqlite'), Buffer.alloc(256 * 1024, 7))
  writeFileSync(path.join(tmp, 'notes with spaces.md'), '# Notes\nünïcödé too\n')
  symlinkSync('reports/summary.json', path.join(tmp, 'latest-summary.json'))
  console.log(`demo: scratch repo ${repo} with a bare remote ${remote}`)
}

const run = args => {
  console.log(`\n$ artifact-lfs ${args.join(' ')}`)
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`demo: artifact-lfs exited with ${r.status}`)
    process.exit(r.status ?? 1)
  }
}

run([
  '--package',
  '--commit',
  '--sync-gitattributes',
  ...(pushing ? ['--push'] : ['--verify', '--validate'])
])
run(['--package', '--commit', '--sync-gitattributes'])

show('git log', git(repo, 'log', '--oneline', '--stat', '-3'))
show('git lfs ls-files', git(repo, 'lfs', 'ls-files', '--long'))
show('.gitattributes', git(repo, 'show', 'HEAD:.gitattributes'))
if (pushing) {
  const clone = path.join(base, 'fresh-clone')
  git(base, 'clone', '-q', `file://${path.join(base, 'remote.git')}`, clone)
  show('fresh clone of the remote: git lfs ls-files', git(clone, 'lfs', 'ls-files', '--long'))
  const archives = git(clone, 'ls-files', 'codex_sessions').trim().split('\n')
  show(
    'archive as checked out in the fresh clone (unzip -l)',
    execFileSync('unzip', ['-l', path.join(clone, archives[0])], { encoding: 'utf8' })
  )
}
console.log(`\ndemo: done; everything is under ${base}`)
