// The packaging contenders: our CLI bundle as users run it, Info-ZIP `zip -r -6`, Python's
// zipfile (ZIP_DEFLATED level 6, what the seed tool used) and adm-zip (the design card's pick;
// it holds everything in memory, so it runs under a timeout and an address-space cap, and its
// failures are recorded, not fatal).
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runMeasured, succeeded } from './measure.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))

/** Python's zipfile, deflate level 6, files walked in sorted order. argv: SRC OUT */
export const PYTHON_ZIP_SCRIPT = `
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', compression=zipfile.ZIP_DEFLATED, compresslevel=6, allowZip64=True) as zf:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            zf.write(full, os.path.relpath(full, src))
`

/** Our archive's path, from the CLI's --json result on stdout. */
export function archiveFromJson(stdoutFile) {
  try {
    const result = JSON.parse(readFileSync(stdoutFile, 'utf8'))
    return result.ok ? result.package?.archivePath : undefined
  } catch {
    return undefined
  }
}

/**
 * Each packer: { name, label, ours, mayFail, hasManifest, pack(ctx, outFile) } where pack
 * resolves to { run, archivePath }. ctx: { dataset, repoDir, env, scratchDir, cliPath,
 * timeoutMs, admZipTimeoutMs, admZipAddressSpaceKiB }.
 */
export const PACKERS = [
  {
    name: 'ours',
    label: 'artifact-lfs --package',
    ours: true,
    hasManifest: true,
    async pack(ctx) {
      const run = await runMeasured(
        process.execPath,
        [ctx.cliPath, '--package', '--all', '--tmp-dir', ctx.dataset.dir, '--json'],
        { cwd: ctx.repoDir, env: ctx.env, timeoutMs: ctx.timeoutMs, scratchDir: ctx.scratchDir }
      )
      return { run, archivePath: succeeded(run) ? archiveFromJson(run.stdoutFile) : undefined }
    }
  },
  {
    name: 'zip',
    label: 'zip -r -6 (Info-ZIP)',
    async pack(ctx, outFile) {
      rmSync(outFile, { force: true }) // zip would otherwise update an existing archive
      const run = await runMeasured('zip', ['-r', '-6', '-q', outFile, '.'], {
        cwd: ctx.dataset.dir,
        env: ctx.env,
        timeoutMs: ctx.timeoutMs,
        scratchDir: ctx.scratchDir
      })
      return { run, archivePath: succeeded(run) ? outFile : undefined }
    }
  },
  {
    name: 'python',
    label: 'Python zipfile L6',
    async pack(ctx, outFile) {
      rmSync(outFile, { force: true })
      const run = await runMeasured(
        'python3',
        ['-c', PYTHON_ZIP_SCRIPT, ctx.dataset.dir, outFile],
        {
          cwd: ctx.scratchDir,
          env: ctx.env,
          timeoutMs: ctx.timeoutMs,
          scratchDir: ctx.scratchDir
        }
      )
      return { run, archivePath: succeeded(run) ? outFile : undefined }
    }
  },
  {
    name: 'adm-zip',
    label: 'adm-zip',
    mayFail: true,
    async pack(ctx, outFile) {
      rmSync(outFile, { force: true })
      const run = await runMeasured(
        process.execPath,
        [path.join(HERE, 'adm-zip-pack.mjs'), ctx.dataset.dir, outFile],
        {
          cwd: ctx.scratchDir,
          env: ctx.env,
          timeoutMs: ctx.admZipTimeoutMs,
          addressSpaceKiB: ctx.admZipAddressSpaceKiB,
          scratchDir: ctx.scratchDir
        }
      )
      const ok = succeeded(run) && existsSync(outFile)
      if (!ok) rmSync(outFile, { force: true })
      return { run, archivePath: ok ? outFile : undefined }
    }
  }
]
