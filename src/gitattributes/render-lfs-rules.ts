import { type Policy } from '../policy/policy.js'
import {
  archiveDirPattern,
  caseInsensitiveGlob,
  lfsRule,
  patternOf
} from './gitattributes-pattern.js'

/**
 * The lines of the managed block, in order: the policy's template lines, the rule for session
 * archives (`<session_artifact_dir>/*.zip`), then one rule per binary extension. A line whose
 * pattern already appeared is dropped (first occurrence wins); comment lines are dropped only
 * when repeated exactly. Same policy, same lines.
 */
export function renderLfsRules(policy: Policy): string[] {
  const candidates = [
    ...policy.gitattributesTemplate,
    lfsRule(archiveDirPattern(policy.sessionArtifactDir)),
    ...policy.binaryExtensions.map(extension => lfsRule(caseInsensitiveGlob(extension)))
  ]
  const seen = new Set<string>()
  const lines: string[] = []
  for (const line of candidates) {
    const pattern = patternOf(line)
    const key = pattern === undefined ? `line:${line}` : `pattern:${pattern}`
    if (seen.has(key)) continue
    seen.add(key)
    lines.push(line)
  }
  return lines
}
