import { ArtifactLfsError } from '../errors.js'
import { MANIFEST_ENTRY_NAME, parseManifest, type Manifest } from '../manifest/manifest.js'
import { MAX_MANIFEST_BYTES } from './archive-check.js'
import { ZipReader } from './zip-reader.js'

/**
 * An archive's manifest, reading only the manifest entry (its CRC and size checked), not
 * the files: cheap enough for listings and for deciding what an archive vouches for.
 */
export async function readManifest(file: string, displayName: string): Promise<Manifest> {
  const reader = await ZipReader.open(file, { displayName })
  try {
    const entry = reader.entries.find(e => e.name === MANIFEST_ENTRY_NAME && e.kind === 'file')
    if (entry === undefined)
      throw new ArtifactLfsError(
        'archive',
        `${displayName}: has no manifest (${MANIFEST_ENTRY_NAME})`
      )
    const bytes = await reader.readEntry(entry, { maxBytes: MAX_MANIFEST_BYTES })
    return parseManifest(bytes, displayName)
  } finally {
    await reader.close()
  }
}
