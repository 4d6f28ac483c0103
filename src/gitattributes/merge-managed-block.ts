import { ArtifactLfsError } from '../errors.js'
import {
  containsMarker,
  MANAGED_BLOCK_BEGIN,
  MANAGED_BLOCK_END,
  markerKind
} from './managed-block-markers.js'

const FILE = '.gitattributes'
const HINT_MARKERS =
  'fix the artifact-lfs marker lines by hand (one begin line, then one end line), or delete the whole block and sync again'

/** One line of the existing file as byte offsets: [start, contentEnd) text, [contentEnd, end) EOL. */
interface LineSpan {
  start: number
  contentEnd: number
  end: number
}

/**
 * Puts `rules` into the artifact-lfs managed block of a `.gitattributes` file. An existing
 * block is replaced in place; otherwise the block is appended at the end, separated by one
 * line break. Every byte outside the block is kept exactly (BOM, CRLF, a missing final
 * newline, user lines before and after); block lines use the file's line ending. Marker lines
 * that do not form exactly one begin...end pair are refused, never guessed at.
 */
export function mergeManagedBlock(existing: Buffer | undefined, rules: string[]): Buffer {
  checkRules(rules)
  if (existing === undefined || existing.length === 0) {
    return Buffer.from(blockText(rules, '\n', '\n'), 'utf8')
  }
  const lines = splitLines(existing)
  const block = findBlock(existing, lines)
  if (block) {
    const begin = lines[block.begin]!
    const end = lines[block.end]!
    const eol = lineEnding(existing, begin) || lineEnding(existing, end) || '\n'
    const beginStart = block.begin === 0 && hasBom(existing) ? 3 : begin.start
    return Buffer.concat([
      existing.subarray(0, beginStart),
      Buffer.from(blockText(rules, eol, lineEnding(existing, end)), 'utf8'),
      existing.subarray(end.end)
    ])
  }
  const eol = firstLineEnding(existing, lines)
  if (existing.length === 3 && hasBom(existing)) {
    return Buffer.concat([existing, Buffer.from(blockText(rules, eol, eol), 'utf8')])
  }
  return Buffer.concat([existing, Buffer.from(eol + blockText(rules, eol, eol), 'utf8')])
}

/** The block as text: begin marker, rules, end marker; `last` ends the end marker line. */
export function blockText(rules: readonly string[], eol: string, last: string): string {
  return [MANAGED_BLOCK_BEGIN, ...rules].map(line => line + eol).join('') + MANAGED_BLOCK_END + last
}

function checkRules(rules: readonly string[]): void {
  rules.forEach((rule, index) => {
    if (/[\r\n]/.test(rule) || containsMarker(rule)) {
      throw new ArtifactLfsError(
        'config',
        `managed block rule ${index + 1} contains a line break or a managed-block marker: ${JSON.stringify(rule)}`,
        { hint: 'remove it from gitattributes_template in the policy file' }
      )
    }
  })
}

function splitLines(bytes: Buffer): LineSpan[] {
  const lines: LineSpan[] = []
  let start = 0
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start)
    const end = newline === -1 ? bytes.length : newline + 1
    let contentEnd = newline === -1 ? bytes.length : newline
    if (newline !== -1 && contentEnd > start && bytes[contentEnd - 1] === 0x0d) contentEnd -= 1
    lines.push({ start, contentEnd, end })
    start = end
  }
  return lines
}

function findBlock(bytes: Buffer, lines: LineSpan[]): { begin: number; end: number } | undefined {
  let begin: number | undefined
  let end: number | undefined
  lines.forEach((span, index) => {
    const kind = markerKind(bytes.toString('utf8', span.start, span.contentEnd))
    if (kind === 'begin') {
      if (begin !== undefined) {
        throw markerError(
          index,
          `a second managed-block begin marker (the first is on line ${begin + 1})`
        )
      }
      begin = index
    } else if (kind === 'end') {
      if (begin === undefined)
        throw markerError(index, 'a managed-block end marker without a begin marker before it')
      if (end !== undefined) {
        throw markerError(
          index,
          `a second managed-block end marker (the block already ended on line ${end + 1})`
        )
      }
      end = index
    }
  })
  if (begin === undefined) return undefined
  if (end === undefined)
    throw markerError(begin, 'a managed-block begin marker without an end marker')
  return { begin, end }
}

function markerError(index: number, what: string): ArtifactLfsError {
  return new ArtifactLfsError('config', `${FILE}:${index + 1}: ${what}`, { hint: HINT_MARKERS })
}

function lineEnding(bytes: Buffer, span: LineSpan): string {
  return bytes.toString('latin1', span.contentEnd, span.end)
}

function firstLineEnding(bytes: Buffer, lines: LineSpan[]): string {
  for (const span of lines) {
    const eol = lineEnding(bytes, span)
    if (eol) return eol
  }
  return '\n'
}

function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}
