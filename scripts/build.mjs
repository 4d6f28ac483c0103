#!/usr/bin/env node
// Builds the two committed bundles: dist/index.js (the Action) and dist/cli.js (the CLI).
// tsc compiles src/ to lib/, then ncc bundles each entry with its dependencies.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  readdirSync
} from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const bin = name => path.join(root, 'node_modules', '.bin', name)
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' })

rmSync(path.join(root, 'lib'), { recursive: true, force: true })
run(bin('tsc'), ['-p', 'tsconfig.build.json'])

const dist = path.join(root, 'dist')
rmSync(dist, { recursive: true, force: true })
mkdirSync(dist)
const licences = []
for (const [entry, out] of [
  ['lib/index.js', 'index.js'],
  ['lib/cli.js', 'cli.js']
]) {
  const tmp = path.join(root, 'dist', `.build-${path.basename(out, '.js')}`)
  run(bin('ncc'), ['build', entry, '-o', tmp, '--quiet', '--license', 'licenses.txt'])
  const files = readdirSync(tmp)
  for (const file of files) {
    const target = file === 'index.js' ? out : file
    if (file === 'licenses.txt') {
      licences.push(`# Bundled in dist/${out}\n\n${readFileSync(path.join(tmp, file), 'utf8')}`)
      rmSync(path.join(tmp, file))
      continue
    }
    if (file === 'package.json') {
      rmSync(path.join(tmp, file))
      continue
    }
    if (existsSync(path.join(dist, target)))
      throw new Error(`build: ${target} is produced by both bundles; rename a chunk`)
    renameSync(path.join(tmp, file), path.join(dist, target))
  }
  rmSync(tmp, { recursive: true, force: true })
}
writeFileSync(path.join(dist, 'licenses.txt'), licences.join('\n'))
writeFileSync(path.join(dist, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n')
chmodSync(path.join(dist, 'cli.js'), 0o755)
console.log('built dist/index.js and dist/cli.js')
