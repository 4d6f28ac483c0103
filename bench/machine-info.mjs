// The machine and tool versions a benchmark ran on, for the report header.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { bundleInfo } from './bundle-snapshot.mjs'
import { toolVersion } from './git-env.mjs'

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find(l => l.startsWith('model name'))
    if (line) return line.split(':')[1].trim()
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

function admZipVersion() {
  try {
    return createRequire(import.meta.url)('adm-zip/package.json').version
  } catch {
    return 'not installed'
  }
}

/** cliPath: dist/cli.js; copyPath: the snapshot the bench runs. */
export function machineInfo(env, repoRoot, cliPath, copyPath) {
  return {
    date: new Date().toISOString(),
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map(v => Number(v.toFixed(2))),
    node: process.version,
    git: toolVersion(env, 'git', ['--version']),
    gitLfs: toolVersion(env, 'git', ['lfs', 'version']),
    zip: toolVersion(env, 'zip', ['-v'], /^This is Zip/).replace(
      /^This is (Zip \S+).*$/,
      'Info-$1'
    ),
    unzip: toolVersion(env, 'unzip', ['-v']).replace(/^(UnZip \S+).*$/, 'Info-$1'),
    python: toolVersion(env, 'python3', ['--version']),
    admZip: admZipVersion(),
    bundle: { ...bundleInfo(repoRoot, cliPath), ranCopy: copyPath }
  }
}
