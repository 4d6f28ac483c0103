import { describe, expect, it } from '@jest/globals'
import {
  archiveDirPattern,
  caseInsensitiveGlob,
  patternOf,
  quotePatternIfNeeded
} from '../../src/gitattributes/gitattributes-pattern.js'
import { renderLfsRules } from '../../src/gitattributes/render-lfs-rules.js'
import { defaultPolicy, type Policy } from '../../src/policy/policy.js'

function policy(overrides: Partial<Policy>): Policy {
  return { ...defaultPolicy(), ...overrides }
}

describe('caseInsensitiveGlob', () => {
  it('brackets every ASCII letter and keeps the rest literal', () => {
    expect(caseInsensitiveGlob('.db')).toBe('*.[dD][bB]')
    expect(caseInsensitiveGlob('.tar.gz')).toBe('*.[tT][aA][rR].[gG][zZ]')
    expect(caseInsensitiveGlob('.7z')).toBe('*.7[zZ]')
    expect(caseInsensitiveGlob('.DB')).toBe('*.[dD][bB]')
    expect(caseInsensitiveGlob('.x-1_é')).toBe('*.[xX]-1_é')
  })
})

describe('archiveDirPattern', () => {
  it('escapes glob characters and quotes whitespace so git matches the folder literally', () => {
    expect(archiveDirPattern('codex_sessions')).toBe('codex_sessions/*.zip')
    expect(archiveDirPattern('ci/[x]?*')).toBe('ci/\\[x\\]\\?\\*/*.zip')
    expect(archiveDirPattern('my sessions')).toBe('"my sessions/*.zip"')
    expect(archiveDirPattern('say "hi" [x]')).toBe('"say \\"hi\\" \\\\[x\\\\]/*.zip"')
    expect(archiveDirPattern('!important')).toBe('\\!important/*.zip')
    expect(archiveDirPattern('#tag')).toBe('\\#tag/*.zip')
  })

  it('uses C escapes for control characters inside quotes', () => {
    expect(quotePatternIfNeeded('a\tb')).toBe('"a\\tb"')
    expect(quotePatternIfNeeded('a\u0001b')).toBe('"a\\001b"')
  })
})

describe('patternOf', () => {
  it('reads the first field, a quoted one whole, and nothing for comments', () => {
    expect(patternOf('*.db filter=lfs')).toBe('*.db')
    expect(patternOf('  "a b/*.zip" filter=lfs')).toBe('"a b/*.zip"')
    expect(patternOf('"a \\" b" x')).toBe('"a \\" b"')
    expect(patternOf('# comment')).toBeUndefined()
    expect(patternOf('   ')).toBeUndefined()
  })
})

describe('renderLfsRules', () => {
  it('renders the default policy', () => {
    expect(renderLfsRules(defaultPolicy())).toEqual([
      'codex_sessions/*.zip filter=lfs diff=lfs merge=lfs -text',
      '*.[dD][bB] filter=lfs diff=lfs merge=lfs -text',
      '*.7[zZ] filter=lfs diff=lfs merge=lfs -text',
      '*.[zZ][iI][pP] filter=lfs diff=lfs merge=lfs -text',
      '*.[bB][aA][kK] filter=lfs diff=lfs merge=lfs -text',
      '*.[dD][oO][tT] filter=lfs diff=lfs merge=lfs -text',
      '*.[sS][qQ][lL][iI][tT][eE] filter=lfs diff=lfs merge=lfs -text',
      '*.[eE][xX][eE] filter=lfs diff=lfs merge=lfs -text'
    ])
  })

  it('puts template lines first and drops repeated patterns, first occurrence winning', () => {
    const rules = renderLfsRules(
      policy({
        sessionArtifactDir: 'my sessions',
        binaryExtensions: ['.db', '.DB', '.tar.gz'],
        gitattributesTemplate: [
          '# generated',
          '*.[dD][bB] -filter',
          '*.png binary',
          '*.png -text',
          '# generated'
        ]
      })
    )
    expect(rules).toEqual([
      '# generated',
      '*.[dD][bB] -filter',
      '*.png binary',
      '"my sessions/*.zip" filter=lfs diff=lfs merge=lfs -text',
      '*.[tT][aA][rR].[gG][zZ] filter=lfs diff=lfs merge=lfs -text'
    ])
  })
})
