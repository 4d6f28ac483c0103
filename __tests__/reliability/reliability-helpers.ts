import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ZipReader } from '../../src/archive/zip-reader.js'
import {
  MANIFEST_ENTRY_NAME,
  parseManifest,
  type ManifestFile
} from '../../src/manifest/manifest.js'
import { parsePointer } from '../../src/lfs/pointer.js'
import { git } from '../helpers/sandbox.js'

/** `describe` when ALFS_SLOW_TESTS=1 (.ci/run sets it), else `describe.skip`. */
export const SLOW = process.env.ALFS_SLOW_TESTS === '1'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The CLI as a child process runs: `dist/cli.js` (what users run; CI checks it is rebuilt
 * from src), or the file ALFS_CLI names (e.g. a fresh `tsc` build of src while dist is stale).
 */
export const CLI_PATH = process.env.ALFS_CLI ?? path.join(projectRoot, 'dist', 'cli.js')

export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** A running CLI child process: its pid, a kill switch, and the finished run. */
export interface CliChild {
  pid: number
  done: Promise<ChildRun>
  /** stderr so far (progress and "== step" lines). */
  stderrSoFar(): string
}

/** `as` runs it as another user (root only), e.g. { uid: 65534, gid: 65534 } for nobody. */
export function spawnCli(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  as: { uid: number; gid: number } | undefined = undefined
): CliChild {
  const started = Date.now()
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const done = new Promise<ChildRun>(resolve =>
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    )
  )
  return { pid: child.pid as number, done, stderrSoFar: () => stderr }
}

export function runCliChild(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  as: { uid: number; gid: number } | undefined = undefined
): Promise<ChildRun> {
  return spawnCli(cwd, args, env, as).done
}

/** Pids of processes whose working directory is `dir` or below it (orphaned git children). */
export function processesIn(dir: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`)
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

/** Waits until no process works inside `dir` (git children outlive a killed parent). */
export async function waitForQuiet(dir: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (processesIn(dir).length > 0) {
    if (Date.now() > deadline) throw new Error(`processes still running in ${dir}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Checks a published archive the way a user would: `unzip -t` passes, and the manifest lists
 * exactly the other entries with their sizes. Returns the manifest's files.
 */
export async function checkArchive(file: string): Promise<ManifestFile[]> {
  execFileSync('unzip', ['-tqq', file], { stdio: ['ignore', 'pipe', 'pipe'] })
  const reader = await ZipReader.open(file)
  try {
    const manifestBytes = execFileSync('unzip', ['-p', file, MANIFEST_ENTRY_NAME], {
      maxBuffer: 64 << 20
    })
    const manifest = parseManifest(manifestBytes, file)
    const entries = new Map(
      reader.entries.filter(e => e.name !== MANIFEST_ENTRY_NAME).map(e => [e.name, e])
    )
    if (entries.size !== manifest.files.length)
      throw new Error(`${file}: ${entries.size} entries, manifest lists ${manifest.files.length}`)
    for (const f of manifest.files) {
      const entry = entries.get(f.path)
      if (!entry || entry.uncompressedSize !== f.size)
        throw new Error(`${file}: entry ${f.path} does not match the manifest`)
    }
    return manifest.files
  } finally {
    await reader.close()
  }
}

/** LFS oids of every pointer in `ref`'s tree (in the repo at `cwd`). */
export function pointerOids(cwd: string, ref: string): string[] {
  const oids: string[] = []
  const listing = git(cwd, 'ls-tree', '-r', '-z', ref)
  for (const record of listing.split('\0').filter(Boolean)) {
    const [meta, file] = record.split('\t') as [string, string]
    const blob = meta.split(' ')[2] as string
    if (!file.endsWith('.zip')) continue
    const parsed = parsePointer(Buffer.from(git(cwd, 'cat-file', 'blob', blob), 'utf8'))
    if (parsed.kind === 'pointer') oids.push(parsed.pointer.oid)
  }
  return oids
}

/** Where a bare repo keeps an LFS object pushed over file://. */
export function bareObjectPath(bare: string, oid: string): string {
  return path.join(bare, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid)
}

export function bareHasObject(bare: string, oid: string): boolean {
  return existsSync(bareObjectPath(bare, oid))
}

/** The commit a bare repo's branch points to, or '' when it has none. */
export function branchTip(bare: string, branch = 'main'): string {
  try {
    return git(bare, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`).trim()
  } catch {
    return ''
  }
}
