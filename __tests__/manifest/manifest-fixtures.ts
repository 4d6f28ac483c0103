import fc from 'fast-check'
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestFile
} from '../../src/manifest/manifest.js'

/** A manifest of `files` with a fixed header (tool version as given). */
export function manifestOf(files: ManifestFile[], toolVersion: string): Manifest {
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: { name: 'artifact-lfs', version: toolVersion },
    createdAt: '2026-11-24T00:00:00.000Z',
    files
  }
}

/** Any manifest file: any path and target text, one of `mtimes`, the given sha256. */
export function manifestFileArbitrary(
  sha256: string,
  mtimes: string[]
): fc.Arbitrary<ManifestFile> {
  return fc.record(
    {
      path: fc.string({ minLength: 1, unit: 'binary' }),
      type: fc.constantFrom<'file' | 'symlink'>('file', 'symlink'),
      size: fc.nat(),
      mode: fc.integer({ min: 0, max: 0o777 }),
      mtime: fc.constantFrom(...mtimes),
      sha256: fc.constant(sha256),
      target: fc.string({ unit: 'binary' })
    },
    { requiredKeys: ['path', 'type', 'size', 'mode', 'mtime', 'sha256'] }
  )
}
