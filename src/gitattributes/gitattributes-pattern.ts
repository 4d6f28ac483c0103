/**
 * Building `.gitattributes` patterns that git matches exactly as intended. Git reads a pattern
 * up to the first whitespace unless the line starts with `"`, in which case the pattern is a
 * C-style quoted string; either way the result is a wildmatch glob in which `\` escapes the
 * next character. So: escape glob characters first, then quote when whitespace or quotes
 * would otherwise end or change the pattern.
 */

/** The attributes that route a path through Git LFS (what `git lfs track` writes). */
export const LFS_ATTRIBUTES = 'filter=lfs diff=lfs merge=lfs -text'

const GLOB_SPECIAL = /[*?[\]\\]/

/** `<pattern> filter=lfs diff=lfs merge=lfs -text`. */
export function lfsRule(pattern: string): string {
  return `${pattern} ${LFS_ATTRIBUTES}`
}

/** `path` as a glob that matches only itself (`[x]` becomes `\[x\]`, a leading `!`/`#` too). */
export function escapeGlob(text: string): string {
  let out = ''
  for (const char of text) out += GLOB_SPECIAL.test(char) ? `\\${char}` : char
  // a leading ! would make the line a (forbidden) negative pattern, a leading # a comment
  return /^[!#]/.test(out) ? `\\${out}` : out
}

/**
 * Quotes a finished glob when git would otherwise cut it at whitespace or misread it:
 * `my sessions/*.zip` becomes `"my sessions/*.zip"`. Inside quotes `\` and `"` are escaped
 * and control characters use C escapes, which git's unquoting reverses before globbing.
 */
export function quotePatternIfNeeded(glob: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\s"\u0000-\u001f\u007f]/.test(glob)) return glob
  let out = '"'
  for (const char of glob) {
    const code = char.codePointAt(0)!
    if (char === '\\' || char === '"') out += `\\${char}`
    else if (char === '\t') out += '\\t'
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`
    else out += char
  }
  return `${out}"`
}

/** The pattern for zip archives directly inside `dir` (a '/'-separated repo-relative path). */
export function archiveDirPattern(dir: string): string {
  return quotePatternIfNeeded(`${escapeGlob(dir)}/*.zip`)
}

/**
 * A glob for files ending in `extension` in any letter case: `.db` -> `*.[dD][bB]`,
 * `.tar.gz` -> `*.[tT][aA][rR].[gG][zZ]`, `.7z` -> `*.7[zZ]`. Only ASCII letters get a
 * bracket: git compares bytes, so a bracket cannot hold a multi-byte character; other
 * characters match literally.
 */
export function caseInsensitiveGlob(extension: string): string {
  let out = '*'
  for (const char of extension) {
    if (/[a-zA-Z]/.test(char)) out += `[${char.toLowerCase()}${char.toUpperCase()}]`
    else out += GLOB_SPECIAL.test(char) ? `\\${char}` : char
  }
  return quotePatternIfNeeded(out)
}

/**
 * The pattern part of a `.gitattributes` line (its first field; a quoted one whole), or
 * undefined for blank lines and comments. Used to spot duplicate rules.
 */
export function patternOf(line: string): string | undefined {
  const text = line.trimStart()
  if (text === '' || text.startsWith('#')) return undefined
  if (text.startsWith('"')) {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i += 1
      else if (text[i] === '"') return text.slice(0, i + 1)
    }
    return text
  }
  return text.split(/\s/, 1)[0]
}
