import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** The system python (the pyenv shim needs the real HOME, which the test setup replaces). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

const SCRIPT = `
import base64, io, json, sys, zipfile
with zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())) as z:
    print(json.dumps({
        'badEntry': z.testzip(),
        'entries': [
            {'name': i.filename, 'isDir': i.is_dir(),
             'data': '' if i.is_dir() else base64.b64encode(z.read(i)).decode()}
            for i in z.infolist()
        ],
    }))
`

export interface PythonZipEntry {
  name: string
  isDir: boolean
  data: Buffer
}

/** Opens a zip with Python's zipfile: every CRC checked (testzip), every entry read. */
export function readZipWithPython(zip: Buffer): {
  badEntry: string | null
  entries: PythonZipEntry[]
} {
  const out = execFileSync(PYTHON, ['-c', SCRIPT], {
    input: zip,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' }
  })
  const parsed = JSON.parse(out) as {
    badEntry: string | null
    entries: { name: string; isDir: boolean; data: string }[]
  }
  return {
    badEntry: parsed.badEntry,
    entries: parsed.entries.map(e => ({ ...e, data: Buffer.from(e.data, 'base64') }))
  }
}
