// Runs in every jest worker before any test: git and git-lfs see no system or user config
// but a private HOME with a fixed identity, so tests behave the same on any machine.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'alfs-home-'))
const gitconfig = path.join(home, '.gitconfig')
fs.writeFileSync(
  gitconfig,
  [
    '[user]',
    '\tname = Test Runner',
    '\temail = test@example.invalid',
    '[init]',
    '\tdefaultBranch = main',
    '[protocol "file"]',
    '\tallow = always',
    '[advice]',
    '\tdetachedHead = false',
    ''
  ].join('\n')
)
process.env.HOME = home
process.env.XDG_CONFIG_HOME = path.join(home, '.config')
process.env.GIT_CONFIG_NOSYSTEM = '1'
process.env.GIT_CONFIG_GLOBAL = gitconfig
delete process.env.GIT_DIR
delete process.env.GIT_WORK_TREE
delete process.env.GITHUB_ACTIONS
delete process.env.SOURCE_DATE_EPOCH
process.on('exit', () => {
  try {
    fs.rmSync(home, { recursive: true, force: true })
  } catch {
    // best effort
  }
})
