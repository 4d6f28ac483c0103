import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { checkArtifactName } from '../../src/action/artifact-name.js'
import { resolveUploadFiles } from '../../src/action/upload-file-list.js'
import { ArtifactLfsError } from '../../src/errors.js'
import { silentLogger, type Logger } from '../../src/progress/progress.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

function tree(files: string[]): string {
  const root = makeTempDir('alfs-upload-list-')
  for (const file of files) writeFile(path.join(root, file), `content of ${file}\n`)
  return root
}

async function refusal(promise: Promise<unknown>): Promise<ArtifactLfsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ArtifactLfsError)
  return error as ArtifactLfsError
}

describe('checkArtifactName', () => {
  it('accepts names the service accepts, unicode and spaces included', () => {
    for (const name of ['recovered', 'session 2024-05-01 ü', 'a.b_c-d', '日本語'])
      expect(() => checkArtifactName(name)).not.toThrow()
  })

  it('refuses each forbidden character and an empty name, naming the input', () => {
    const names = ['', '  ', ...'":<>|*?\r\n\\/'.split('').map(c => `x${c}y`)]
    for (const name of names) {
      let caught: unknown
      try {
        checkArtifactName(name)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(ArtifactLfsError)
      expect((caught as ArtifactLfsError).kind).toBe('usage')
      expect((caught as ArtifactLfsError).message).toContain('input upload-artifact')
    }
  })
})

describe('resolveUploadFiles', () => {
  it('returns absolute paths in the given order, each once', async () => {
    const root = tree(['b.txt', 'dir/a.txt', 'dir/sub/c.txt'])
    const list = await resolveUploadFiles(
      root,
      ['dir/sub/c.txt', 'b.txt', './b.txt', 'dir/a.txt'],
      silentLogger
    )
    expect(list.rootDir).toBe(root)
    expect(list.files).toEqual([
      path.join(root, 'dir/sub/c.txt'),
      path.join(root, 'b.txt'),
      path.join(root, 'dir/a.txt')
    ])
    expect(list.skippedSymlinks).toEqual([])
  })

  it('refuses paths that are absolute, empty or leave the root', async () => {
    const root = tree(['a.txt'])
    for (const bad of ['', '/etc/passwd', '../a.txt', 'dir/../../a.txt', '.']) {
      const error = await refusal(resolveUploadFiles(root, [bad], silentLogger))
      expect(error.message).toContain('not a path inside')
    }
  })

  it('accepts a name that merely starts with two dots', async () => {
    const root = tree(['..notes'])
    const list = await resolveUploadFiles(root, ['..notes'], silentLogger)
    expect(list.files).toEqual([path.join(root, '..notes')])
  })

  it('refuses a missing file, a folder and a path with a character the service rejects', async () => {
    const root = tree(['a.txt', 'folder/x.txt', 'what?.txt'])
    expect((await refusal(resolveUploadFiles(root, ['gone.txt'], silentLogger))).message).toMatch(
      /gone\.txt: it is missing/
    )
    expect((await refusal(resolveUploadFiles(root, ['folder'], silentLogger))).message).toMatch(
      /folder: it is not a regular file/
    )
    expect((await refusal(resolveUploadFiles(root, ['what?.txt'], silentLogger))).message).toMatch(
      /what\?\.txt: its path contains a question mark/
    )
  })

  it('skips a symlink with a warning, and refuses a file reached through a folder link leaving the root', async () => {
    const outside = tree(['secret.txt'])
    const root = tree(['a.txt'])
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'))
    symlinkSync(outside, path.join(root, 'out'))
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warn: message => warnings.push(message) }

    const list = await resolveUploadFiles(root, ['a.txt', 'link.txt'], logger)
    expect(list.files).toEqual([path.join(root, 'a.txt')])
    expect(list.skippedSymlinks).toEqual(['link.txt'])
    expect(warnings).toEqual([expect.stringContaining('link.txt')])

    const error = await refusal(resolveUploadFiles(root, ['out/secret.txt'], logger))
    expect(error.message).toContain('symlinked folder')
  })

  it('refuses a root that is not a folder', async () => {
    const root = tree(['a.txt'])
    mkdirSync(path.join(root, 'empty'))
    const error = await refusal(resolveUploadFiles(path.join(root, 'a.txt'), ['x'], silentLogger))
    expect(error.message).toContain('is not a folder')
    const none = await resolveUploadFiles(path.join(root, 'empty'), [], silentLogger)
    expect(none.files).toEqual([])
  })
})
