import { ArtifactLfsError } from '../errors.js'

/**
 * How many archives to keep, as users write it (`10`, `0`): a whole number, no sign, no
 * decimals. `label` names the setting in the error (e.g. `--keep`).
 */
export function parseKeepCount(value: string, label = 'keep'): number {
  const count = /^(0|[1-9][0-9]{0,8})$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(count))
    throw new ArtifactLfsError(
      'usage',
      `${label}: ${JSON.stringify(value)} is not a number of archives`,
      { hint: 'write a whole number of archives to keep, e.g. 10 (0 keeps none)' }
    )
  return count
}
