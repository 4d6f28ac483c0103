/**
 * Which policy extension a file name ends with, case-insensitively; the longest wins, so
 * `logs.tar.gz` matches `.tar.gz` before `.gz`. Extensions are like '.db' or '.tar.gz'.
 */
export function matchBinaryExtension(
  filePath: string,
  extensions: readonly string[]
): string | undefined {
  const base = filePath.slice(filePath.lastIndexOf('/') + 1).toLowerCase()
  let best: string | undefined
  for (const raw of extensions) {
    const ext = raw.toLowerCase()
    if (ext.length <= 1 || !base.endsWith(ext)) continue
    if (best === undefined || ext.length > best.length) best = ext
  }
  return best
}
