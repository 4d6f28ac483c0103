/**
 * Removes credentials from text before it is logged or thrown: the user:password part of
 * URLs (`https://x-access-token:ghs_...@github.com/...`), HTTP Authorization values, and
 * GitHub token shapes wherever they appear. Runner-side masking (core.setSecret) only knows
 * secrets it was told about; this catches tokens that git echoes back in its messages.
 */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi
const AUTHORIZATION = /(authorization:\s*(?:basic|bearer|token)\s+)[^\s'"]+/gi
const GITHUB_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g

export function redactSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(AUTHORIZATION, '$1***')
    .replace(GITHUB_TOKEN, '***')
}
