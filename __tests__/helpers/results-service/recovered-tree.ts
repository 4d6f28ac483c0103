import path from 'node:path'
import { makeTempDir, writeFile } from '../sandbox.js'
import { readZipWithPython } from './read-zip-with-python.js'

/** Writes `files` (relative `/` path -> content) under a new temp dir, as recovery would. */
export function recoveredTree(files: Record<string, string | Buffer>): string {
  const root = makeTempDir('alfs-recovered-')
  for (const [relative, content] of Object.entries(files))
    writeFile(path.join(root, ...relative.split('/')), content)
  return root
}

/** An uploaded zip opened with Python: the entry failing its CRC (or null), files by name. */
export function filesInZip(zip: Buffer): { badEntry: string | null; files: Map<string, Buffer> } {
  const { badEntry, entries } = readZipWithPython(zip)
  return { badEntry, files: new Map(entries.filter(e => !e.isDir).map(e => [e.name, e.data])) }
}
