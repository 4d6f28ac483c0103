import { createHmac, randomBytes, randomUUID } from 'node:crypto'

/** The run and job the token is scoped to (the backend ids the artifact client sends back). */
export interface RuntimeTokenScope {
  runBackendId: string
  jobBackendId: string
}

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url')
}

/**
 * A runner-style ACTIONS_RUNTIME_TOKEN: an HS256 JWT whose space-separated `scp` claim holds
 * `Actions.Results:<runBackendId>:<jobBackendId>` among other scopes. @actions/artifact only
 * decodes it (it never checks the signature); the stand-in checks the whole bearer token.
 */
export function makeRuntimeToken(
  scope: RuntimeTokenScope = { runBackendId: randomUUID(), jobBackendId: randomUUID() }
): { token: string; scope: RuntimeTokenScope } {
  const now = Math.floor(Date.now() / 1000)
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = base64url(
    JSON.stringify({
      scp: `Actions.GenericRead:${scope.runBackendId} Actions.Results:${scope.runBackendId}:${scope.jobBackendId}`,
      iss: 'results-service-stand-in',
      nbf: now - 60,
      iat: now,
      exp: now + 3600
    })
  )
  const signature = base64url(
    createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest()
  )
  return { token: `${header}.${payload}.${signature}`, scope }
}
