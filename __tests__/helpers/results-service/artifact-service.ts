import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BlobStore } from './azurite-blob-store.js'
import { makeRuntimeToken, type RuntimeTokenScope } from './runtime-token.js'

const SERVICE_PATH = '/twirp/github.actions.results.api.v1.ArtifactService/'
const CONTAINER = 'actions-results'

/** CreateArtifact as received (proto field names, as the JSON client sends them). */
export interface CreateArtifactCall {
  workflow_run_backend_id: string
  workflow_job_run_backend_id: string
  name: string
  version?: number
  mime_type?: string
  /** RFC 3339; absent when no retention was asked for. */
  expires_at?: string
}

export interface FinalizeArtifactCall {
  workflow_run_backend_id: string
  workflow_job_run_backend_id: string
  name: string
  /** int64 as a JSON string. */
  size: string
  /** `sha256:<hex>` */
  hash?: string
}

/** One artifact the stand-in finalized, with the zip the client uploaded to the blob store. */
export interface FinalizedArtifact {
  id: number
  create: CreateArtifactCall
  finalize: FinalizeArtifactCall
  zip: Buffer
  contentType: string | undefined
}

/** Every request that reached the service, in order. */
export interface ServiceRequest {
  method: string
  status: number
}

export interface ResultsService {
  /** ACTIONS_RESULTS_URL */
  url: string
  /** ACTIONS_RUNTIME_TOKEN */
  token: string
  scope: RuntimeTokenScope
  requests: ServiceRequest[]
  artifacts: FinalizedArtifact[]
  /** Answer CreateArtifact with this HTTP status (a Twirp error body) until set to undefined. */
  failCreateArtifact(status: number | undefined): void
  /** Forget requests and artifacts (between tests). */
  reset(): void
  stop(): Promise<void>
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('error', reject)
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new Error('not an object')
        resolve(value as Record<string, unknown>)
      } catch (error) {
        reject(new TwirpError(400, 'malformed', `request body is not a JSON object: ${error}`))
      }
    })
  })
}

/**
 * A stand-in for the Actions results service at the HTTP level: the Twirp JSON endpoints
 * @actions/artifact calls to upload (CreateArtifact, FinalizeArtifact) on 127.0.0.1 with a
 * random port. CreateArtifact answers with a SAS URL into `blobStore`; FinalizeArtifact reads
 * the committed blob back, so `artifacts` holds exactly what reached storage.
 */
export async function startResultsService(blobStore: BlobStore): Promise<ResultsService> {
  const { token, scope } = makeRuntimeToken()
  await blobStore.createContainer(CONTAINER)
  const requests: ServiceRequest[] = []
  const artifacts: FinalizedArtifact[] = []
  const pending = new Map<string, { create: CreateArtifactCall; blob: string }>()
  let createFailure: number | undefined
  let blobCount = 0
  let lastId = 1000

  function checkIds(body: Record<string, unknown>): void {
    if (
      body.workflow_run_backend_id !== scope.runBackendId ||
      body.workflow_job_run_backend_id !== scope.jobBackendId
    )
      throw new TwirpError(400, 'invalid_argument', 'backend ids do not match the token')
    if (typeof body.name !== 'string' || body.name === '')
      throw new TwirpError(400, 'invalid_argument', 'name is required')
  }

  async function createArtifact(body: Record<string, unknown>): Promise<object> {
    if (createFailure !== undefined)
      throw new TwirpError(createFailure, 'internal', 'stand-in: CreateArtifact failure injected')
    checkIds(body)
    const create = body as unknown as CreateArtifactCall
    if (artifacts.some(artifact => artifact.create.name === create.name))
      throw new TwirpError(
        409,
        'already_exists',
        'an artifact with this name already exists on the workflow run'
      )
    const blob = `${scope.jobBackendId}/artifact-${++blobCount}.zip`
    pending.set(create.name, { create, blob })
    return { ok: true, signed_upload_url: blobStore.signedUploadUrl(CONTAINER, blob) }
  }

  async function finalizeArtifact(body: Record<string, unknown>): Promise<object> {
    checkIds(body)
    const finalize = body as unknown as FinalizeArtifactCall
    const created = pending.get(finalize.name)
    if (!created) throw new TwirpError(404, 'not_found', `no artifact ${finalize.name} was created`)
    const stored = await blobStore.read(CONTAINER, created.blob)
    if (!stored)
      throw new TwirpError(400, 'failed_precondition', `nothing was committed to ${created.blob}`)
    pending.delete(finalize.name)
    const id = ++lastId
    artifacts.push({ id, create: created.create, finalize, zip: stored.content, ...stored })
    return { ok: true, artifact_id: String(id) }
  }

  async function handle(request: http.IncomingMessage): Promise<object> {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    if (request.method !== 'POST' || !url.pathname.startsWith(SERVICE_PATH))
      throw new TwirpError(404, 'bad_route', `no route ${request.method} ${url.pathname}`)
    if (request.headers.authorization !== `Bearer ${token}`)
      throw new TwirpError(401, 'unauthenticated', 'missing or wrong bearer token')
    if (!request.headers['content-type']?.startsWith('application/json'))
      throw new TwirpError(415, 'malformed', 'only the JSON protocol is served')
    const body = await readJson(request)
    const method = url.pathname.slice(SERVICE_PATH.length)
    if (method === 'CreateArtifact') return createArtifact(body)
    if (method === 'FinalizeArtifact') return finalizeArtifact(body)
    throw new TwirpError(404, 'bad_route', `method ${method} is not served by the stand-in`)
  }

  const server = http.createServer((request, response) => {
    const method = (request.url ?? '').split('/').pop() ?? ''
    const answer = (status: number, body: object) => {
      requests.push({ method, status })
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    handle(request).then(
      body => answer(200, body),
      (error: unknown) => {
        if (error instanceof TwirpError)
          answer(error.status, { code: error.code, msg: error.message })
        else answer(500, { code: 'internal', msg: String(error) })
      }
    )
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    scope,
    requests,
    artifacts,
    failCreateArtifact(status) {
      createFailure = status
    },
    reset() {
      requests.length = 0
      artifacts.length = 0
      pending.clear()
      createFailure = undefined
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
