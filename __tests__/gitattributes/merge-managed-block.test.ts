import { describe, expect, it } from '@jest/globals'
import { ArtifactLfsError } from '../../src/errors.js'
import {
  MANAGED_BLOCK_BEGIN,
  MANAGED_BLOCK_END
} from '../../src/gitattributes/managed-block-markers.js'
import { mergeManagedBlock } from '../../src/gitattributes/merge-managed-block.js'

const B = MANAGED_BLOCK_BEGIN
const E = MANAGED_BLOCK_END
const RULES = ['*.[dD][bB] filter=lfs diff=lfs merge=lfs -text', 'x/*.zip filter=lfs']

function merged(existing: string | Buffer | undefined, rules = RULES): string {
  const input = typeof existing === 'string' ? Buffer.from(existing, 'utf8') : existing
  return mergeManagedBlock(input, rules).toString('utf8')
}

function refusal(existing: string, rules = RULES): ArtifactLfsError {
  try {
    mergeManagedBlock(Buffer.from(existing, 'utf8'), rules)
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactLfsError)
    expect((error as ArtifactLfsError).kind).toBe('config')
    expect((error as ArtifactLfsError).hint).toEqual(expect.any(String))
    return error as ArtifactLfsError
  }
  throw new Error('expected a refusal')
}

describe('mergeManagedBlock', () => {
  it('creates a file holding just the block', () => {
    const block = `${B}\n${RULES[0]}\n${RULES[1]}\n${E}\n`
    expect(merged(undefined)).toBe(block)
    expect(merged('')).toBe(block)
  })

  it('appends after user lines, separated by one line break', () => {
    expect(merged('*.txt text\n')).toBe(`*.txt text\n\n${B}\n${RULES[0]}\n${RULES[1]}\n${E}\n`)
    expect(merged('*.txt text')).toBe(`*.txt text\n${B}\n${RULES[0]}\n${RULES[1]}\n${E}\n`)
  })

  it('keeps CRLF line endings and writes the block with them', () => {
    expect(merged('*.txt text\r\n*.md text\r\n')).toBe(
      `*.txt text\r\n*.md text\r\n\r\n${B}\r\n${RULES[0]}\r\n${RULES[1]}\r\n${E}\r\n`
    )
  })

  it('replaces an existing block in place, keeping everything around it byte for byte', () => {
    const before = '\uFEFF# top\r\n*.txt text\r\n'
    const after = '*.md text\r\n# tail without newline'
    const existing = `${before}  ${B} (old words)\r\nold rule\r\n\r\n${E}\r\n${after}`
    expect(merged(existing)).toBe(`${before}${B}\r\n${RULES[0]}\r\n${RULES[1]}\r\n${E}\r\n${after}`)
  })

  it('replaces a block at the very start after a BOM, and one at the end without a newline', () => {
    const bom = `\uFEFF${B}\nold\n${E}\n*.txt text\n`
    expect(merged(bom)).toBe(`\uFEFF${B}\n${RULES[0]}\n${RULES[1]}\n${E}\n*.txt text\n`)
    const tail = `*.txt text\n${B}\nold\n${E}`
    expect(merged(tail)).toBe(`*.txt text\n${B}\n${RULES[0]}\n${RULES[1]}\n${E}`)
  })

  it('is idempotent', () => {
    for (const start of [undefined, '', 'a\n', 'a', 'a\r\nb\r\n', `\uFEFF`]) {
      const once = mergeManagedBlock(start === undefined ? undefined : Buffer.from(start), RULES)
      expect(mergeManagedBlock(once, RULES).equals(once)).toBe(true)
    }
  })

  it('keeps bytes that are not UTF-8 outside the block', () => {
    const existing = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from(`${B}\nx\n${E}\n`)
    ])
    const out = mergeManagedBlock(existing, RULES)
    expect(out.subarray(0, 3).equals(Buffer.from([0xff, 0xfe, 0x0a]))).toBe(true)
  })

  it('refuses a duplicated begin marker', () => {
    expect(refusal(`a\n${B}\nx\n${E}\n${B}\ny\n${E}\n`).message).toBe(
      '.gitattributes:5: a second managed-block begin marker (the first is on line 2)'
    )
    expect(refusal(`${B}\n${B}\n${E}\n`).message).toMatch(/^\.gitattributes:2: a second/)
  })

  it('refuses an end marker without a begin, and a second end', () => {
    expect(refusal(`a\nb\n${E}\n`).message).toBe(
      '.gitattributes:3: a managed-block end marker without a begin marker before it'
    )
    expect(refusal(`${B}\n${E}\n${E}\n`).message).toBe(
      '.gitattributes:3: a second managed-block end marker (the block already ended on line 2)'
    )
  })

  it('refuses a begin marker without an end', () => {
    expect(refusal(`a\r\n${B}\r\nx\r\n`).message).toBe(
      '.gitattributes:2: a managed-block begin marker without an end marker'
    )
  })

  it('refuses rules that would break the block', () => {
    expect(refusal('a\n', ['ok', 'two\nlines']).message).toMatch(/rule 2 contains a line break/)
    expect(refusal('a\n', [`# ${E}`]).message).toMatch(/rule 1 contains .*marker/)
  })
})
