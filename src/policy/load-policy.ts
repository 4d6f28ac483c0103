import { parsePolicyYaml, type PolicyEntry } from './parse-policy-yaml.js'
import { defaultPolicy, DEFAULT_POLICY_FILE, POLICY_KEYS, type Policy } from './policy.js'
import { PolicySource, policyRefusal } from './policy-source.js'
import { readPolicyFile } from './read-policy-file.js'
import { checkSessionDirOnDisk } from './session-artifact-dir.js'
import { validatePolicyValues } from './validate-policy-values.js'

export interface LoadedPolicy {
  policy: Policy
  /** Absolute path of the policy file (whether or not it exists). */
  source: string
  /** False when there is no policy file and `policy` is the defaults (say so at info level). */
  exists: boolean
  /** Non-fatal findings, one line each, e.g. unknown keys with a "did you mean". */
  warnings: string[]
}

/**
 * Loads and validates `<repoRoot>/<policyFile>`. Every problem is an
 * ArtifactLfsError('policy', '<file>:<line>:<col>: <key>: <what is wrong>', { hint }); problems
 * with the file as a whole (outside the repo, too large, a symlink out) have no line:col.
 */
export async function loadPolicy(
  repoRoot: string,
  policyFile = DEFAULT_POLICY_FILE
): Promise<LoadedPolicy> {
  const file = await readPolicyFile(repoRoot, policyFile)
  let policy = defaultPolicy()
  let warnings: string[] = []
  let entries: PolicyEntry[] = []
  let source: PolicySource | undefined
  if (file.text !== undefined) {
    source = new PolicySource(file.label, file.text)
    entries = parsePolicyYaml(source)
    ;({ policy, warnings } = validatePolicyValues(source, entries))
    if (entries.length === 0)
      warnings.push(`${file.label}: the policy file is empty; using defaults`)
  }

  const key = POLICY_KEYS.sessionArtifactDir
  const dirProblem = await checkSessionDirOnDisk(repoRoot, policy.sessionArtifactDir)
  if (dirProblem) {
    const entry = entries.find(e => e.key === key)
    throw source && entry
      ? source.refuse(entry.valueOffset, key, dirProblem.problem, dirProblem.hint)
      : policyRefusal(file.label, undefined, key, `(default) ${dirProblem.problem}`, {
          hint: dirProblem.hint
        })
  }
  return { policy, source: file.source, exists: file.text !== undefined, warnings }
}
