// Byte-for-byte round-trip checks, with readers that are not ours: an archive is read back
// entry by entry with Python's zipfile (streamed in 1 MiB pieces, CRC checked by zipfile, so a
// 3 GiB entry never sits in memory), an extracted folder is walked and hashed; either way the
// sha256 of every file must equal the source's, with nothing missing and nothing extra.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readFile, readdir } from 'node:fs/promises'
import path from 'node:path'

/** The manifest our archives carry; it is not a source file. */
export const OUR_MANIFEST_ENTRY = '.artifact-lfs/manifest.json'

const ZIP_HASH_SCRIPT = `
import hashlib, json, stat, sys, zipfile
out = {}
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        if info.is_dir():
            continue
        kind = 'link' if stat.S_ISLNK(info.external_attr >> 16) else 'file'
        h = hashlib.sha256()
        size = 0
        with zf.open(info) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                h.update(chunk)
                size += len(chunk)
        out[info.filename] = {'sha256': h.hexdigest(), 'size': size, 'kind': kind}
json.dump(out, sys.stdout)
`

/** sha256 and size of every non-folder entry of a zip, read by Python: { name: {sha256,size,kind} }. */
export function hashZipEntries(archivePath, env) {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', ZIP_HASH_SCRIPT, archivePath],
      { env, maxBuffer: 512 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `python zipfile could not read ${archivePath}: ${stderr.trim() || error.message}`
            )
          )
        else resolve(JSON.parse(stdout))
      }
    )
  })
}

async function hashFile(file, size) {
  const hash = createHash('sha256')
  if (size <= 4 * 1024 * 1024) return hash.update(await readFile(file)).digest('hex')
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk)
  return hash.digest('hex')
}

/** sha256 and size of every file under `root` ('/'-separated relative paths), links and others flagged. */
export async function hashTree(root) {
  const found = {}
  const pending = []
  const walk = async dir => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      const rel = path.relative(root, full).split(path.sep).join('/')
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) pending.push({ full, rel })
      else found[rel] = { sha256: '', size: -1, kind: entry.isSymbolicLink() ? 'link' : 'other' }
    }
  }
  await walk(root)
  let next = 0
  const worker = async () => {
    while (next < pending.length) {
      const { full, rel } = pending[next++]
      const { size } = await lstat(full)
      found[rel] = { sha256: await hashFile(full, size), size, kind: 'file' }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return found
}

/**
 * Compares what came back (`{ name: {sha256,size,kind} }`) with the source files
 * (`[{ path, size, sha256 }]`). `ignore` lists names that may be extra (our manifest).
 * Returns { ok, files, missing, extra, different, summary }.
 */
export function compareWithSource(sourceFiles, found, ignore = []) {
  const skip = new Set(ignore)
  const missing = []
  const different = []
  const seen = new Set()
  for (const file of sourceFiles) {
    const got = found[file.path]
    seen.add(file.path)
    if (!got) missing.push(file.path)
    else if (got.kind !== 'file' || got.size !== file.size || got.sha256 !== file.sha256)
      different.push(file.path)
  }
  const extra = Object.keys(found).filter(name => !seen.has(name) && !skip.has(name))
  const ok = missing.length === 0 && extra.length === 0 && different.length === 0
  const sample = list => list.slice(0, 3).join(', ') + (list.length > 3 ? ', ...' : '')
  const problems = []
  if (missing.length) problems.push(`${missing.length} missing (${sample(missing)})`)
  if (different.length) problems.push(`${different.length} differ (${sample(different)})`)
  if (extra.length) problems.push(`${extra.length} extra (${sample(extra)})`)
  return {
    ok,
    files: sourceFiles.length,
    missing: missing.length,
    extra: extra.length,
    different: different.length,
    summary: ok ? `${sourceFiles.length} files identical` : problems.join('; ')
  }
}

/** Reads an archive back with Python and compares it with the source. Never throws. */
export async function checkArchiveRoundTrip(archivePath, sourceFiles, { env, hasManifest }) {
  try {
    const found = await hashZipEntries(archivePath, env)
    return compareWithSource(sourceFiles, found, hasManifest ? [OUR_MANIFEST_ENTRY] : [])
  } catch (error) {
    return { ok: false, files: sourceFiles.length, summary: error.message.slice(0, 300) }
  }
}

/** Hashes an extracted folder and compares it with the source. Never throws. */
export async function checkTreeRoundTrip(dir, sourceFiles, { ignore = [] } = {}) {
  try {
    return compareWithSource(sourceFiles, await hashTree(dir), ignore)
  } catch (error) {
    return {
      ok: false,
      files: sourceFiles.length,
      summary: `could not read ${dir}: ${error.message}`
    }
  }
}

/** sha256 of a whole file (to tell whether two runs wrote the same archive). */
export async function sha256OfFile(file) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk)
  return hash.digest('hex')
}
