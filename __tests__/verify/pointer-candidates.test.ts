import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseLsTree, SUBMODULE_MODE, SYMLINK_MODE } from '../../src/git/tree-entries.js'
import { binaryExtensionPrefilter, matchBinaryExtension } from '../../src/verify/extension-match.js'
import {
  PointerCandidateScanner,
  pointerCandidates,
  type PointerCandidate,
  type VerifyRules
} from '../../src/verify/pointer-candidates.js'

const OID = 'c'.repeat(40)
const MIB = 1024 * 1024

function record(mode: string, size: number, filePath: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${mode} blob ${OID} ${`${size}`.padStart(7)}\t`, 'latin1'),
    filePath,
    Buffer.from([0])
  ])
}

/** What verify did before it looked at bytes: parse every entry, match every decoded path. */
function candidatesByReference(listing: Buffer, rules: VerifyRules): PointerCandidate[] {
  const thresholdBytes = rules.sizeThresholdMb * MIB
  const candidates: PointerCandidate[] = []
  for (const entry of parseLsTree(listing)) {
    if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE || entry.mode === SUBMODULE_MODE)
      continue
    const size = entry.size ?? 0
    const extension = matchBinaryExtension(entry.path, rules.binaryExtensions)
    const matchedBy: PointerCandidate['matchedBy'] = []
    if (extension !== undefined) matchedBy.push('extension')
    if (size > thresholdBytes) matchedBy.push('size')
    if (matchedBy.length > 0)
      candidates.push({ path: entry.path, oid: entry.oid, size, extension, matchedBy })
  }
  return candidates
}

/**
 * Characters that make case-insensitive matching on bytes hard: upper case, the Kelvin sign
 * (lower-cases to 'k'), dotted capital I (lower-cases to two code points), final sigma, and
 * bytes that are not UTF-8 at all.
 */
const awkwardPiece = fc.oneof(
  fc.constantFrom('a', 'B', 'k', 'K', 'i', 'I', 'z', 'Z', '.', '/', ' ', '\n', '\t', '.tar'),
  fc.constantFrom('\u212a', '\u0130', 'Σ', 'ς', 'ß', 'é', 'É', '✓', '\u00a0'),
  fc.constantFrom(
    '.DB',
    '.Db',
    '.zip',
    '.ZIP',
    '.tar.GZ',
    '.gz',
    '.7z',
    '.\u212aZ',
    '.\u212a',
    '.\u0130'
  )
)
const pathBytes = fc
  .tuple(
    fc.array(awkwardPiece, { minLength: 1, maxLength: 8 }),
    fc.constantFrom(
      Buffer.alloc(0),
      Buffer.from([0xff]),
      Buffer.from([0xc3]),
      Buffer.from([0xe2, 0x84])
    ),
    fc.array(awkwardPiece, { maxLength: 3 })
  )
  .map(([head, odd, tail]) =>
    Buffer.concat([Buffer.from(head.join('')), odd, Buffer.from(tail.join(''))])
  )

const extensions = fc.array(
  fc.constantFrom(
    '.db',
    '.zip',
    '.gz',
    '.tar.gz',
    '.7z',
    '.k',
    '.kz',
    '.i̇',
    '.ß',
    '.é',
    '.Σ',
    '.ZIP',
    '.',
    ''
  ),
  { maxLength: 5 }
)

describe('binaryExtensionPrefilter (property)', () => {
  it('is true for every path matchBinaryExtension matches, decoded from the same bytes', () => {
    fc.assert(
      fc.property(pathBytes, extensions, (bytes, exts) => {
        const padded = Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')])
        const mayMatch = binaryExtensionPrefilter(exts)(padded, 2, padded.length - 2)
        if (matchBinaryExtension(bytes.toString('utf8'), exts) !== undefined)
          expect(mayMatch).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('answers from the bytes alone for ASCII names, and leaves non-ASCII tails to the exact check', () => {
    const test = binaryExtensionPrefilter(['.db', '.tar.gz'])
    const mayMatch = (name: string): boolean => test(Buffer.from(name), 0, Buffer.byteLength(name))
    expect(mayMatch('src/file.txt')).toBe(false)
    expect(mayMatch('a.gz')).toBe(false)
    expect(mayMatch('db')).toBe(false)
    expect(mayMatch('x.DB')).toBe(true)
    expect(mayMatch('logs.TAR.gz')).toBe(true)
    expect(mayMatch('caf\u00e9.db')).toBe(true)
    // a non-ASCII byte in the tail is left to the exact check (the Kelvin sign lower-cases to k)
    expect(mayMatch('odd.\u212aB')).toBe(true)
  })
})

describe('pointerCandidates (property)', () => {
  it('finds exactly the candidates of the parse-everything reference', () => {
    const entry = fc.tuple(
      fc.constantFrom('100644', '100755', SYMLINK_MODE),
      fc.constantFrom(0, 1, 130, 3 * MIB, 60 * MIB),
      pathBytes
    )
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 20 }),
        extensions,
        fc.constantFrom(1, 50),
        (entries, exts, sizeThresholdMb) => {
          const listing = Buffer.concat(entries.map(([mode, size, p]) => record(mode, size, p)))
          const rules = { binaryExtensions: exts, sizeThresholdMb }
          expect(pointerCandidates(listing, rules)).toEqual(candidatesByReference(listing, rules))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('PointerCandidateScanner gives the same result fed byte by byte', () => {
    const listing = Buffer.concat([
      record('100644', 10, Buffer.from('a/b.ZIP')),
      record('100644', 60 * MIB, Buffer.from('big.bin')),
      record('100644', 0, Buffer.from('empty.db')),
      record('100644', 5, Buffer.from('notes.txt'))
    ])
    const rules = { binaryExtensions: ['.zip', '.db'], sizeThresholdMb: 50 }
    const scanner = new PointerCandidateScanner(rules)
    for (let i = 0; i < listing.length; i++) scanner.push(listing.subarray(i, i + 1))
    expect(scanner.finish()).toEqual(candidatesByReference(listing, rules))
    expect(scanner.finish().map(c => [c.path, c.matchedBy])).toEqual([
      ['a/b.ZIP', ['extension']],
      ['big.bin', ['size']],
      ['empty.db', ['extension']]
    ])
  })
})
