import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { dump } from 'js-yaml'
import { parsePolicyYaml } from '../../src/policy/parse-policy-yaml.js'
import { PolicySource } from '../../src/policy/policy-source.js'
import { normaliseSessionDir } from '../../src/policy/session-artifact-dir.js'
import { validatePolicyValues } from '../../src/policy/validate-policy-values.js'
import { closestKey, editDistance } from '../../src/policy/closest-key.js'
import { KNOWN_POLICY_KEYS } from '../../src/policy/policy.js'

function policyFrom(text: string) {
  const source = new PolicySource('p.yaml', text)
  return validatePolicyValues(source, parsePolicyYaml(source))
}

describe('session_artifact_dir normalisation (property)', () => {
  const segment = fc.constantFrom('a', 'B', '.', '..', '.git', '.Git', '', 'x y', '[x]', 'é')
  const rawDir = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('/', '\\'))
    .map(([parts, sep]) => parts.join(sep))

  it('returns a clean relative path inside the repo, or a problem', () => {
    fc.assert(
      fc.property(rawDir, raw => {
        const result = normaliseSessionDir(raw)
        if (typeof result !== 'string') {
          expect(result.problem.length).toBeGreaterThan(0)
          return
        }
        const parts = result.split('/')
        expect(parts.every(p => p !== '' && p !== '.' && p !== '..')).toBe(true)
        expect(parts.some(p => p.toLowerCase() === '.git')).toBe(false)
        expect(path.posix.resolve('/repo', result).startsWith('/repo/')).toBe(true)
        // normalising again changes nothing
        expect(normaliseSessionDir(result)).toBe(result)
      }),
      { numRuns: 300 }
    )
  })
})

describe('binary_extensions normalisation (property)', () => {
  const extension = fc
    .array(fc.constantFrom('a', 'B', 'z', 'Q', '7', '_', '-'), { minLength: 1, maxLength: 4 })
    .chain(chars =>
      fc.tuple(fc.constant(chars.join('')), fc.boolean(), fc.boolean(), fc.constantFrom('', '.gz'))
    )
    .map(([body, dot, upper, tail]) => {
      const text = (dot ? '.' : '') + body + tail
      return upper ? text.toUpperCase() : text
    })

  it('lower-cases, adds the dot, drops repeats and keeps the first-seen order', () => {
    fc.assert(
      fc.property(fc.array(extension, { maxLength: 8 }), fc.boolean(), (list, asString) => {
        const yaml = asString
          ? `binary_extensions: ${JSON.stringify(list.join(' '))}\n`
          : dump({ binary_extensions: list })
        const { policy } = policyFrom(yaml)
        const expected: string[] = []
        for (const item of list) {
          const normal = (item.startsWith('.') ? item : `.${item}`).toLowerCase()
          if (!expected.includes(normal)) expected.push(normal)
        }
        expect(policy.binaryExtensions).toEqual(expected)
      }),
      { numRuns: 200 }
    )
  })
})

describe('closestKey', () => {
  it('suggests a known key for typos and fragments, nothing for unrelated words', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(closestKey('enable_auto_lfs', KNOWN_POLICY_KEYS)).toBe('enable_autolfs')
    expect(closestKey('session-artifact-dir', KNOWN_POLICY_KEYS)).toBe('session_artifact_dir')
    expect(closestKey('extensions', KNOWN_POLICY_KEYS)).toBe('binary_extensions')
    expect(closestKey('colour', KNOWN_POLICY_KEYS)).toBeUndefined()
  })
})
