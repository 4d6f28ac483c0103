import { describe, expect, it } from '@jest/globals'
import { nothingRequested, parseCliArgs } from '../../src/cli/parse-args.js'
import { ArtifactLfsError } from '../../src/errors.js'

function usageError(argv: string[]): ArtifactLfsError {
  try {
    parseCliArgs(argv)
  } catch (error) {
    return error as ArtifactLfsError
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`)
}

describe('parseCliArgs', () => {
  it('reads the documented flags', () => {
    const o = parseCliArgs([
      '--package',
      '--commit',
      '--sync-gitattributes',
      '--tmp-dir',
      'out',
      '--compression-level',
      '0'
    ])
    expect(o).toMatchObject({
      package: true,
      commit: true,
      syncGitattributes: true,
      tmpDir: 'out',
      compressionLevel: 0
    })
    expect(nothingRequested(o)).toBe(false)
    expect(nothingRequested(parseCliArgs([]))).toBe(true)
  })

  it('takes an optional ARCHIVE after --recover, latest by default', () => {
    expect(parseCliArgs(['--recover']).recoverArchive).toBe('latest')
    expect(parseCliArgs(['--recover', 'abc123:codex_sessions/x.zip']).recoverArchive).toBe(
      'abc123:codex_sessions/x.zip'
    )
  })

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--compression-level', '12'], /0 to 9/],
    [['--compression-level', 'x'], /0 to 9/],
    [['--push-attempts', '0'], /1 to 20/],
    [['--check'], /--check goes with --sync-gitattributes/],
    [['--recover', '--package'], /cannot be combined/],
    [['stray'], /unexpected argument "stray"/],
    [['--message', ' '], /must not be empty/]
  ])('refuses %j with exit code 2', (argv, pattern) => {
    const error = usageError(argv as string[])
    expect(error.message).toMatch(pattern)
    expect(error.exitCode).toBe(2)
  })
})
