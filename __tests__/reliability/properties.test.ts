import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import fc from 'fast-check'
import { checkEntryName, foldPathKey, planEntryPaths } from '../../src/archive/entry-paths.js'
import type { ZipEntryInfo, ZipEntryKind } from '../../src/archive/zip-central-directory.js'
import { isArtifactLfsError } from '../../src/errors.js'
import { formatPointer, parsePointer, type LfsPointer } from '../../src/lfs/pointer.js'
import { normaliseSessionDir } from '../../src/policy/session-artifact-dir.js'

/**
 * Properties (fast-check) of the three parsers that stand between hostile input and the disk:
 * session_artifact_dir normalisation, the LFS pointer parser (with git-lfs itself as the
 * oracle for canonical form), and archive entry-name validation.
 */

const anyText = fc.string({ unit: 'binary', maxLength: 80 })
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

describe('normaliseSessionDir (session_artifact_dir)', () => {
  const safeSegment = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
    .filter(s => !/[/\\]/.test(s) && !CONTROL.test(s) && s !== '.' && s !== '..')
    .filter(s => s.toLowerCase() !== '.git' && !s.startsWith('~') && !/^[A-Za-z]:/.test(s))
    .filter(s => s.trim() !== '' && Buffer.byteLength(s) <= 255)
  const noise = fc.constantFrom('/', '\\', '//', '/./', '\\.\\', '/x/../')

  it('never throws; an accepted path is clean, relative, inside the repo and stable', () => {
    fc.assert(
      fc.property(anyText, raw => {
        const result = normaliseSessionDir(raw)
        if (typeof result !== 'string') {
          expect(result.problem.length).toBeGreaterThan(0)
          expect(result.hint.length).toBeGreaterThan(0)
          return
        }
        expect(result).not.toMatch(CONTROL)
        expect(result).not.toContain('\\')
        expect(result.startsWith('/')).toBe(false)
        for (const segment of result.split('/')) {
          expect(['', '.', '..']).not.toContain(segment)
          expect(segment.toLowerCase()).not.toBe('.git')
          expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255)
        }
        expect(path.resolve('/repo', result).startsWith('/repo/')).toBe(true)
        expect(normaliseSessionDir(result)).toBe(result)
      }),
      { numRuns: 2000 }
    )
  })

  it('safe segments joined by any mix of separators and no-op steps normalise to a/b/c', () => {
    fc.assert(
      fc.property(
        fc.array(safeSegment, { minLength: 1, maxLength: 5 }),
        fc.array(noise, { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (segments, seps, trailing) => {
          const raw =
            segments.map((s, i) => (i === 0 ? s : `${seps[i - 1]}${s}`)).join('') +
            (trailing ? '/' : '')
          expect(normaliseSessionDir(raw)).toBe(segments.join('/'))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('anything that starts outside the repository is refused', () => {
    const outside = fc.oneof(
      safeSegment.map(s => `/${s}`),
      safeSegment.map(s => `\\${s}`),
      safeSegment.map(s => `C:${s}`),
      safeSegment.map(s => `~/${s}`),
      fc
        .array(safeSegment, { maxLength: 3 })
        .map(s => [...s, ...s.map(() => '..'), '..', 'x'].join('/'))
    )
    fc.assert(
      fc.property(outside, raw => {
        expect(typeof normaliseSessionDir(raw)).toBe('object')
      }),
      { numRuns: 1000 }
    )
  })
})

describe('parsePointer / formatPointer', () => {
  const pointer: fc.Arbitrary<LfsPointer> = fc.record({
    oid: fc.stringMatching(/^[0-9a-f]{64}$/),
    size: fc.maxSafeInteger().filter(n => n > 0)
  })

  it('round-trips every canonical pointer', () => {
    fc.assert(
      fc.property(pointer, p => {
        expect(parsePointer(formatPointer(p))).toEqual({
          kind: 'pointer',
          pointer: p,
          canonical: true
        })
        expect(parsePointer(Buffer.from(formatPointer(p)))).toEqual(parsePointer(formatPointer(p)))
        // git-lfs writes an empty file for an empty file: a `size 0` pointer is not canonical
        expect(parsePointer(formatPointer({ ...p, size: 0 }))).toMatchObject({ canonical: false })
      }),
      { numRuns: 1000 }
    )
  })

  it('never throws on arbitrary bytes, and only exact canonical text is canonical', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 1100 }),
      pointer.chain(p =>
        fc
          .tuple(fc.nat(formatPointer(p).length), fc.uint8Array({ maxLength: 3 }))
          .map(([at, junk]) => {
            const text = Buffer.from(formatPointer(p))
            return Buffer.concat([text.subarray(0, at), junk, text.subarray(at)])
          })
      )
    )
    fc.assert(
      fc.property(bytes, raw => {
        const parsed = parsePointer(Buffer.from(raw))
        if (parsed.kind === 'pointer' && parsed.canonical)
          expect(Buffer.from(formatPointer(parsed.pointer)).equals(Buffer.from(raw))).toBe(true)
      }),
      { numRuns: 3000 }
    )
  })

  /** Ways to make a canonical pointer non-canonical (git-lfs: not a pointer, or non-canonical). */
  const VARIANTS: Record<string, (text: string) => string> = {
    crlf: t => t.replace(/\n/g, '\r\n'),
    'no final newline': t => t.slice(0, -1),
    'size before oid': t => {
      const [v, o, s] = t.trimEnd().split('\n')
      return `${v}\n${s}\n${o}\n`
    },
    'a space after the size': t => t.replace(/\n$/, ' \n'),
    'a leading zero in the size': t => t.replace('\nsize ', '\nsize 0')
    // (an `ext-0-...` line is canonical for git-lfs; artifact-lfs never writes one and calls
    // it non-canonical, which is stricter, not looser)
  }

  it('non-canonical variants are never called canonical, and git-lfs agrees', () => {
    let checked = 0
    fc.assert(
      fc.property(pointer, fc.constantFrom(...Object.keys(VARIANTS)), (p, variant) => {
        const text = VARIANTS[variant]!(formatPointer(p))
        const parsed = parsePointer(text)
        expect(parsed.kind === 'pointer' && parsed.canonical).toBe(false)
        if (checked++ >= 16) return
        // git lfs pointer --check --strict: 0 canonical, 1 not a pointer, 2 non-canonical
        const lfs = spawnSync('git', ['lfs', 'pointer', '--check', '--strict', '--stdin'], {
          input: text,
          env: process.env
        })
        expect(lfs.status).not.toBe(0)
      }),
      { numRuns: 200 }
    )
  })

  it('what it accepts as canonical, git-lfs accepts as canonical', () => {
    fc.assert(
      fc.property(pointer, p => {
        const lfs = spawnSync('git', ['lfs', 'pointer', '--check', '--strict', '--stdin'], {
          input: formatPointer(p),
          env: process.env
        })
        expect(lfs.status).toBe(0)
      }),
      { numRuns: 15 }
    )
  })
})

describe('archive entry names (extractor)', () => {
  function entry(name: string, kind: ZipEntryKind = 'file', index = 0): ZipEntryInfo {
    return { name, rawName: Buffer.from(name, 'utf8'), kind, index } as ZipEntryInfo
  }
  const hostileSegment = fc.oneof(
    fc.constantFrom('..', '.', '', 'C:', 'a\\b', 'nul\0', '\u001b[2J', '~', ' ', 'é', 'E\u0301'),
    fc.string({ unit: 'grapheme', maxLength: 6 })
  )
  const name = fc.oneof(
    anyText,
    fc.array(hostileSegment, { minLength: 1, maxLength: 5 }).map(parts => parts.join('/')),
    fc.array(hostileSegment, { minLength: 1, maxLength: 5 }).map(parts => `/${parts.join('/')}`)
  )

  it('a name is refused with an archive error, or is a relative path that stays inside', () => {
    fc.assert(
      fc.property(
        name,
        fc.constantFrom<ZipEntryKind>('file', 'directory', 'symlink'),
        (n, kind) => {
          let checked: string
          try {
            checked = checkEntryName(entry(n, kind), 'evil.zip')
          } catch (error) {
            expect(isArtifactLfsError(error) && error.kind === 'archive').toBe(true)
            expect((error as Error).message.startsWith('evil.zip: entry ')).toBe(true)
            return
          }
          expect(checked).not.toMatch(CONTROL)
          expect(checked).not.toContain('\\')
          expect(checked.startsWith('/')).toBe(false)
          expect(checked).not.toMatch(/^[A-Za-z]:/)
          expect(checked.split('/').every(s => s !== '' && s !== '.' && s !== '..')).toBe(true)
          const dest = '/dest/dir'
          const target = path.resolve(dest, checked)
          expect(target.startsWith(`${dest}/`)).toBe(true)
          expect(path.win32.resolve('C:\\dest', checked).startsWith('C:\\dest\\')).toBe(true)
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('an accepted plan never holds two paths one file system would merge', () => {
    const plainName = fc
      .array(
        fc.constantFrom('a', 'A', 'b', 'caf\u00e9', 'cafe\u0301', 'CAF\u00c9', 'K', '\u212a'),
        {
          minLength: 1,
          maxLength: 3
        }
      )
      .map(parts => parts.join('/'))
    fc.assert(
      fc.property(fc.array(plainName, { minLength: 1, maxLength: 6 }), names => {
        const entries = names.map((n, i) => entry(n, 'file', i))
        let plan
        try {
          plan = planEntryPaths(entries, 'evil.zip')
        } catch (error) {
          expect(isArtifactLfsError(error)).toBe(true)
          return
        }
        const keys = plan.map(item => foldPathKey(item.path))
        expect(new Set(keys).size).toBe(keys.length)
        // no accepted file lies inside another accepted file
        for (const a of keys) for (const b of keys) expect(b.startsWith(`${a}/`)).toBe(false)
      }),
      { numRuns: 2000 }
    )
  })
})
