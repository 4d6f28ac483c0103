import { describe, expect, it } from '@jest/globals'
import { lineDiff } from '../../src/gitattributes/line-diff.js'

const text = (lines: string[]): Buffer => Buffer.from(lines.map(l => `${l}\n`).join(''), 'utf8')

describe('lineDiff', () => {
  it('is empty for equal content', () => {
    expect(lineDiff('f', text(['a']), text(['a']))).toBe('')
  })

  it('shows one hunk with three lines of context and common lines inside it', () => {
    const before = text(['1', '2', '3', '4', '5', 'old', 'keep', 'old2', '6', '7', '8', '9', '10'])
    const after = text(['1', '2', '3', '4', '5', 'new', 'keep', '6', '7', '8', '9', '10'])
    expect(lineDiff('f', before, after)).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -3,9 +3,8 @@',
        ' 3',
        ' 4',
        ' 5',
        '-old',
        '+new',
        ' keep',
        '-old2',
        ' 6',
        ' 7',
        ' 8',
        ''
      ].join('\n')
    )
  })

  it('ignores CRLF versus LF in what it shows and handles a missing final newline', () => {
    const diff = lineDiff('f', Buffer.from('a\r\nb'), Buffer.from('a\r\nb\r\nc\r\n'))
    expect(diff).toBe(['--- a/f', '+++ b/f', '@@ -1,2 +1,3 @@', ' a', ' b', '+c', ''].join('\n'))
  })
})
