import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDuration } from '../../src/cleanup/parse-duration.js'
import { parseKeepCount } from '../../src/cleanup/parse-keep-count.js'
import { ArtifactLfsError } from '../../src/errors.js'

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1m', 60_000],
    ['0d', 0],
    ['365d', 365 * 86_400_000]
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    '',
    '7',
    'd',
    '7 d',
    ' 7d',
    '7d ',
    '7D',
    '-1d',
    '+1d',
    '1.5h',
    '07d',
    '7days',
    '1y',
    '1M',
    '2w3d',
    '1s',
    '99999999999999w',
    '9999999999999w'
  ])('%j is a usage error that names the value', text => {
    let caught: unknown
    try {
      parseDuration(text, '--older-than')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ArtifactLfsError)
    const error = caught as ArtifactLfsError
    expect(error.kind).toBe('usage')
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe(`--older-than: ${JSON.stringify(text)} is not a duration`)
    expect(error.hint).toMatch(/7d/)
  })

  it.each([
    [7 * 86_400_000, '1w'],
    [8 * 86_400_000, '8d'],
    [90 * 60_000, '90m'],
    [36 * 3_600_000, '36h'],
    [0, '0m'],
    [1500, '1500ms']
  ])('formatDuration(%d) is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('formatDuration round-trips through parseDuration', () => {
    for (const text of ['1w', '6d', '23h', '59m', '3w'])
      expect(formatDuration(parseDuration(text))).toBe(text)
  })
})

describe('parseKeepCount', () => {
  it.each([
    ['0', 0],
    ['2', 2],
    ['10', 10]
  ])('%s -> %d', (text, n) => expect(parseKeepCount(text)).toBe(n))

  it.each(['', '-1', '1.0', '01', 'ten', ' 3', '1e3'])('%j is a usage error', text => {
    expect(() => parseKeepCount(text, '--keep')).toThrow(
      new ArtifactLfsError('usage', `--keep: ${JSON.stringify(text)} is not a number of archives`)
    )
  })
})
