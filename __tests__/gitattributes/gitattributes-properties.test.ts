import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { caseInsensitiveGlob, patternOf } from '../../src/gitattributes/gitattributes-pattern.js'
import {
  MANAGED_BLOCK_BEGIN,
  MANAGED_BLOCK_END,
  markerKind
} from '../../src/gitattributes/managed-block-markers.js'
import { blockText, mergeManagedBlock } from '../../src/gitattributes/merge-managed-block.js'
import { renderLfsRules } from '../../src/gitattributes/render-lfs-rules.js'
import { type Policy } from '../../src/policy/policy.js'

/** A user line: any mix of awkward characters, never a marker line. */
const userLine = fc
  .oneof(
    fc
      .array(fc.constantFrom('a', 'Z', ' ', '#', '*', '.', 'é', '\t', '>', '"', '\r', '\uFEFF'), {
        maxLength: 16
      })
      .map(chars => chars.join('')),
    fc.constant('x # >>> artifact-lfs managed block is below'),
    fc.constant('*.db filter=lfs diff=lfs merge=lfs -text')
  )
  .filter(line => markerKind(line) === undefined && !line.endsWith('\r'))

const rule = fc
  .array(fc.constantFrom('a', '*', '.', ' ', '=', '-', 'q'), { minLength: 1, maxLength: 12 })
  .map(chars => chars.join(''))
const rules = fc.array(rule, { maxLength: 6 })
const eol = fc.constantFrom('\n', '\r\n')

function joinLines(lines: string[], ending: string, finalNewline: boolean): string {
  if (lines.length === 0) return ''
  return lines.join(ending) + (finalNewline ? ending : '')
}

describe('mergeManagedBlock (properties)', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(userLine, { maxLength: 6 }),
        fc.array(userLine, { maxLength: 6 }),
        fc.boolean(),
        eol,
        fc.boolean(),
        rules,
        rules,
        (head, tail, withBlock, ending, finalNewline, oldRules, newRules) => {
          const lines = withBlock
            ? [...head, MANAGED_BLOCK_BEGIN, ...oldRules, MANAGED_BLOCK_END, ...tail]
            : [...head, ...tail]
          const existing = Buffer.from(joinLines(lines, ending, finalNewline), 'utf8')
          const once = mergeManagedBlock(existing, newRules)
          expect(mergeManagedBlock(once, newRules).equals(once)).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('keeps user bytes before and after the block exactly and writes exactly the block', () => {
    fc.assert(
      fc.property(
        fc.array(userLine, { maxLength: 6 }),
        fc.array(userLine, { maxLength: 6 }),
        eol,
        fc.boolean(),
        fc.boolean(),
        rules,
        rules,
        (head, tail, ending, finalNewline, bom, oldRules, newRules) => {
          const before = (bom ? '\uFEFF' : '') + head.map(line => line + ending).join('')
          const after = joinLines(tail, ending, finalNewline)
          const endEol = tail.length > 0 || finalNewline ? ending : ''
          const oldBlock = blockText(oldRules, ending, endEol)
          const existing = Buffer.from(before + oldBlock + after, 'utf8')
          const out = mergeManagedBlock(existing, newRules).toString('utf8')
          expect(out).toBe(before + blockText(newRules, ending, endEol) + after)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('appends to a file without a block, leaving the existing bytes untouched', () => {
    fc.assert(
      fc.property(
        fc.array(userLine, { minLength: 1, maxLength: 8 }),
        eol,
        fc.boolean(),
        rules,
        (lines, ending, finalNewline, newRules) => {
          const existing = Buffer.from(joinLines(lines, ending, finalNewline), 'utf8')
          const out = mergeManagedBlock(existing, newRules)
          if (existing.length === 0) return
          expect(out.subarray(0, existing.length).equals(existing)).toBe(true)
          // a file without any line break gives no hint, so the block uses '\n'
          const used = existing.includes(0x0a) ? ending : '\n'
          const rest = out.subarray(existing.length).toString('utf8')
          expect(rest).toBe(used + blockText(newRules, used, used))
        }
      ),
      { numRuns: 200 }
    )
  })
})

/** A tiny matcher for the globs caseInsensitiveGlob emits: a leading `*`, `[xX]` pairs, literals. */
function globMatches(glob: string, name: string): boolean {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') source += '[^/]*'
    else if (c === '[') {
      const close = glob.indexOf(']', i)
      source += `[${glob.slice(i + 1, close).replace(/[\\\]^-]/g, '\\$&')}]`
      i = close
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 'u').test(name)
}

const extensionChars = fc.constantFrom('a', 'b', 'z', 'q', 'x', '7', '0', '_', '-', '.')
const extension = fc
  .array(extensionChars, { minLength: 1, maxLength: 6 })
  .map(chars => `.${chars.join('')}`)
  .filter(ext => !ext.slice(1).split('.').includes(''))

function anyCasing(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map(flags => [...text].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''))
}

describe('caseInsensitiveGlob (properties)', () => {
  it('matches every casing of the extension', () => {
    fc.assert(
      fc.property(
        extension.chain(ext =>
          fc.tuple(fc.constant(ext), anyCasing(ext), fc.stringMatching(/^[a-zA-Z0-9]{0,5}$/))
        ),
        ([ext, cased, stem]) => {
          expect(globMatches(caseInsensitiveGlob(ext), stem + cased)).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('matches nothing that does not end with the extension in some casing', () => {
    fc.assert(
      fc.property(extension, fc.stringMatching(/^[a-zA-Z0-9._-]{0,10}$/), (ext, name) => {
        const expected = name.toLowerCase().endsWith(ext)
        expect(globMatches(caseInsensitiveGlob(ext), name)).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })
})

describe('renderLfsRules (properties)', () => {
  const policy: fc.Arbitrary<Policy> = fc.record({
    enableAutoLfs: fc.boolean(),
    sessionArtifactDir: fc.constantFrom('codex_sessions', 'my sessions', 'a/[x]', 'ci/out'),
    sizeThresholdMb: fc.constant(50),
    binaryExtensions: fc.array(
      extension.chain(ext => anyCasing(ext)),
      { maxLength: 10 }
    ),
    gitattributesTemplate: fc.array(
      fc.constantFrom(
        '*.png binary',
        '# comment',
        '*.[dD][bB] -filter',
        '"a b" text',
        '*.png -text'
      ),
      { maxLength: 5 }
    )
  })

  it('is deterministic and never repeats a pattern', () => {
    fc.assert(
      fc.property(policy, p => {
        const first = renderLfsRules(p)
        expect(renderLfsRules(structuredClone(p))).toEqual(first)
        const patterns = first.map(patternOf).filter(x => x !== undefined)
        expect(new Set(patterns).size).toBe(patterns.length)
        const comments = first.filter(line => patternOf(line) === undefined)
        expect(new Set(comments).size).toBe(comments.length)
        // every extension is covered by some rule
        for (const ext of p.binaryExtensions) {
          expect(patterns).toContain(caseInsensitiveGlob(ext))
        }
      }),
      { numRuns: 200 }
    )
  })
})
