import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import ts from 'typescript'
import { cleanupSandboxes, makeTempDir } from '../helpers/sandbox.js'
import { inspectWithPython } from './zip-test-tools.js'

afterAll(cleanupSandboxes)

const GiB = 1024 ** 3
const MiB = 1024 ** 2
const REPO = path.resolve(import.meta.dirname, '../..')

/**
 * Transpiles the writer and everything it imports (followed through relative imports) to
 * plain ESM JavaScript under `outDir`, so a child node can load it; returns the writer's path.
 */
function transpileWriter(outDir: string): string {
  const pending = [path.join(REPO, 'src/archive/zip-writer.ts')]
  const done = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop()!
    if (done.has(file)) continue
    done.add(file)
    const source = readFileSync(file, 'utf8')
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    }).outputText
    const target = path
      .join(outDir, path.relative(path.join(REPO, 'src'), file))
      .replace(/\.ts$/, '.js')
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, js)
    for (const [, spec] of js.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g))
      pending.push(path.resolve(path.dirname(file), `${spec}.ts`))
  }
  writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n')
  return path.join(outDir, 'archive/zip-writer.js')
}

/** Packs one sparse file in a child process; prints the result and the child's peak RSS. */
const CHILD = `
import { open, truncate, writeFile } from 'node:fs/promises'
const [writerPath, sparse, archive, size] = process.argv.slice(2)
const { writeZip } = await import(writerPath)
await writeFile(sparse, '')
await truncate(sparse, Number(size))
const out = await open(archive, 'wx')
const result = await writeZip(
  [{ name: 'zeros.img', kind: 'file', sourcePath: sparse, mode: 0o644, mtime: new Date(0), expectedSize: Number(size) }],
  out,
  { compressionLevel: 1 } // memory does not depend on the level; 1 halves the CPU on zeros
)
await out.close()
console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, result }))
`

describe('writeZip memory', () => {
  // the one big test of the normal suite: 3 GiB read and deflated, ~10-30 s on 2 cores
  it('packs a 3 GiB sparse file with peak RSS well under 200 MiB (child process)', () => {
    const dir = makeTempDir('alfs-zipmem-')
    const writer = transpileWriter(path.join(dir, 'lib'))
    const child = path.join(dir, 'child.mjs')
    writeFileSync(child, CHILD)
    const archive = path.join(dir, 'zeros.zip')
    const size = 3 * GiB
    const output = execFileSync(
      process.execPath,
      [child, writer, path.join(dir, 'zeros.img'), archive, String(size)],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
    )
    const { maxRssKiB, result } = JSON.parse(output) as {
      maxRssKiB: number
      result: { size: number; entries: Array<{ size: number; crc32: number; method: string }> }
    }
    expect(maxRssKiB * 1024).toBeLessThan(200 * MiB)

    let crc = 0
    const zeros = Buffer.alloc(64 * MiB)
    for (let done = 0; done < size; done += zeros.length) crc = zlib.crc32(zeros, crc)
    expect(result.entries).toEqual([
      expect.objectContaining({ size, crc32: crc, method: 'deflate' })
    ])
    expect(result.size).toBeLessThan(size / 100)
    const py = inspectWithPython(archive, false)
    expect(py.entries.map(e => [e.name, e.file_size, e.CRC])).toEqual([['zeros.img', size, crc]])
  }, 300_000)
})
