/**
 * Which entries are worth deflating. Already-compressed formats are stored outright (by name);
 * everything else is deflated only if its first chunk shrinks by at least MIN_DEFLATE_SAVING.
 */

/** Extensions (lower case, with the dot) of formats that are compressed already. */
export const ALREADY_COMPRESSED_EXTENSIONS: readonly string[] = Object.freeze([
  '.zip',
  '.7z',
  '.gz',
  '.tgz',
  '.bz2',
  '.xz',
  '.zst',
  '.lz4',
  '.br',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.avif',
  '.heic',
  '.mp3',
  '.mp4',
  '.m4a',
  '.mov',
  '.mkv',
  '.webm',
  '.ogg',
  '.flac',
  '.pdf',
  '.docx',
  '.xlsx',
  '.pptx',
  '.jar',
  '.whl',
  '.apk'
])

const compressedExtensions = new Set(ALREADY_COMPRESSED_EXTENSIONS)

/** Deflate must save at least this fraction of the sampled bytes, or the entry is stored. */
export const MIN_DEFLATE_SAVING = 0.03

/** True if the archive path ends in an extension of ALREADY_COMPRESSED_EXTENSIONS (any case). */
export function hasCompressedExtension(archivePath: string): boolean {
  const base = archivePath.slice(archivePath.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  if (dot <= 0) return false
  return compressedExtensions.has(base.slice(dot).toLowerCase())
}

/** True if deflating `rawSize` bytes into `deflatedSize` bytes saves enough to be worth it. */
export function deflateSavesEnough(rawSize: number, deflatedSize: number): boolean {
  return rawSize > 0 && deflatedSize <= rawSize * (1 - MIN_DEFLATE_SAVING)
}

/**
 * Whether an entry is stored without even trying deflate: compression level 0, empty data,
 * symlinks (a few bytes of path), and already-compressed formats.
 */
export function storeWithoutSampling(
  entry: { name: string; kind: 'file' | 'symlink' | 'bytes'; size: number },
  compressionLevel: number
): boolean {
  return (
    compressionLevel === 0 ||
    entry.size === 0 ||
    entry.kind === 'symlink' ||
    hasCompressedExtension(entry.name)
  )
}
