// The repository for the verify benchmark: N tracked small text files plus a few LFS pointers
// (with their objects in the local store), in one commit. Built with one `git fast-import`
// stream (not N `git add`s), checked out once, and cached under
// $TMPDIR/artifact-lfs-bench/verify-repo-<key>/ keyed by its parameters.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import path from 'node:path'
import { smallText } from './dataset-content.mjs'
import { seededBytes, seededNumbers } from './seeded-random.mjs'
import { git } from './git-env.mjs'

const VERSION = 1

export function verifyRepoParams(quick) {
  return { files: quick ? 10000 : 100000, pointers: 5, seed: 'artifact-lfs-bench-verify' }
}

const POINTER_FILES = [
  'artifacts/build-1.zip',
  'artifacts/build-2.zip',
  'artifacts/logs.zip',
  'data/cache.sqlite',
  'data/history.db'
]
const ATTRIBUTES = ['*.zip', '*.sqlite', '*.db']
  .map(p => `${p} filter=lfs diff=lfs merge=lfs -text\n`)
  .join('')

function textPath(i) {
  const ext = ['txt', 'md', 'json', 'ts', 'csv'][i % 5]
  return `src/m${String(Math.floor(i / 1000)).padStart(3, '0')}/p${Math.floor(i / 100) % 10}/f${String(i).padStart(6, '0')}.${ext}`
}

/** Appends one blob to the fast-import stream. */
function blob(out, mark, content) {
  out.write(`blob\nmark :${mark}\ndata ${content.length}\n`)
  out.write(content)
  out.write('\n')
}

function streamWriter(file) {
  const fd = openSync(file, 'w')
  const parts = []
  let size = 0
  const flush = () => {
    const buffer = Buffer.concat(parts)
    for (let done = 0; done < buffer.length;)
      done += writeSync(fd, buffer, done, buffer.length - done)
    parts.length = 0
    size = 0
  }
  return {
    write(data) {
      const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      parts.push(buffer)
      size += buffer.length
      if (size > 4 * 1024 * 1024) flush()
    },
    close() {
      flush()
      closeSync(fd)
    }
  }
}

/**
 * The verify repo, built now or taken from the cache. Returns { dir, files (tracked), pointers,
 * key, cached }.
 */
export function materializeVerifyRepo(cacheRoot, env, { quick, log = () => {} }) {
  const params = verifyRepoParams(quick)
  const key = createHash('sha256')
    .update(JSON.stringify({ VERSION, params }))
    .digest('hex')
    .slice(0, 16)
  const home = path.join(cacheRoot, `verify-repo-${key}`)
  const dir = path.join(home, 'repo')
  const ready = path.join(home, 'ready.json')
  if (existsSync(ready)) return { ...JSON.parse(readFileSync(ready, 'utf8')), dir, cached: true }
  rmSync(home, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const started = process.hrtime.bigint()
  log(
    `verify repo: building ${params.files} files + ${params.pointers} LFS pointers with git fast-import`
  )
  git(env, dir, 'init', '-q', '-b', 'main')
  git(env, dir, 'lfs', 'install', '--local')

  const streamFile = path.join(home, 'fast-import.stream')
  const out = streamWriter(streamFile)
  const rng = seededNumbers(`${params.seed}:sizes`)
  const paths = []
  for (let i = 0; i < params.files; i++) {
    paths.push(textPath(i))
    blob(out, i + 1, smallText(`${params.seed}:${i}`, 40 + rng.below(400)))
  }
  for (const [n, file] of POINTER_FILES.slice(0, params.pointers).entries()) {
    const content = seededBytes(`${params.seed}:${file}`).take(64 * 1024 + n)
    const oid = createHash('sha256').update(content).digest('hex')
    const objectDir = path.join(dir, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4))
    mkdirSync(objectDir, { recursive: true })
    writeFileSync(path.join(objectDir, oid), content)
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`
    paths.push(file)
    blob(out, paths.length, pointer)
  }
  paths.push('.gitattributes')
  blob(out, paths.length, ATTRIBUTES)
  const message = 'bench: many small files and a few LFS pointers\n'
  out.write(
    `commit refs/heads/main\ncommitter Bench User <bench@example.invalid> 1700000000 +0000\n`
  )
  out.write(`data ${Buffer.byteLength(message)}\n${message}`)
  paths.forEach((file, i) => out.write(`M 100644 :${i + 1} ${file}\n`))
  out.write('\n')
  out.close()

  const input = openSync(streamFile, 'r')
  const imported = spawnSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    env,
    stdio: [input, 'pipe', 'pipe']
  })
  closeSync(input)
  rmSync(streamFile, { force: true })
  if (imported.status !== 0)
    throw new Error(`git fast-import failed: ${imported.stderr.toString().trim()}`)
  git(env, dir, 'reset', '-q', '--hard', 'main') // index + work tree (smudges the 5 pointers)
  const info = {
    key,
    params,
    files: paths.length,
    pointers: params.pointers,
    builtSeconds: Number(process.hrtime.bigint() - started) / 1e9
  }
  writeFileSync(ready, JSON.stringify(info))
  log(`verify repo: ${paths.length} tracked files in ${info.builtSeconds.toFixed(1)} s (${dir})`)
  return { ...info, dir, cached: false }
}
