import { afterAll, afterEach, beforeAll, beforeEach, jest } from '@jest/globals'
import { startResultsService, type ResultsService } from './artifact-service.js'
import { startAzuriteBlobStore, type BlobStore } from './azurite-blob-store.js'

/** What the artifact client reads from the environment (and what would change its behaviour). */
export const RUNNER_VARIABLES = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS'
] as const

/** The variables a JavaScript action gets from the runner, pointing at `service`. */
export function runnerEnvironment(service: ResultsService): Record<string, string> {
  return { ACTIONS_RUNTIME_TOKEN: service.token, ACTIONS_RESULTS_URL: service.url }
}

/**
 * Registers jest hooks for one test file: Azurite and the results-service stand-in start once
 * (beforeAll) and stop at the end; before each test the service forgets earlier requests, the
 * runner variables point at it, and stdout is muted (@actions/core writes ::debug:: and
 * ::add-mask:: lines straight to it). Returns a getter for the running service.
 */
export function useResultsService(): () => ResultsService {
  let store: BlobStore | undefined
  let service: ResultsService | undefined
  let muted: { mockRestore(): void } | undefined
  const saved = Object.fromEntries(RUNNER_VARIABLES.map(name => [name, process.env[name]]))

  beforeAll(async () => {
    store = await startAzuriteBlobStore()
    service = await startResultsService(store)
  }, 90_000)

  afterAll(async () => {
    await service?.stop()
    await store?.stop()
  })

  beforeEach(() => {
    if (!service) throw new Error('the results-service stand-in did not start')
    service.reset()
    for (const name of RUNNER_VARIABLES) delete process.env[name]
    Object.assign(process.env, runnerEnvironment(service))
    muted = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  })

  afterEach(() => {
    muted?.mockRestore()
    for (const name of RUNNER_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  return () => {
    if (!service) throw new Error('the results-service stand-in did not start')
    return service
  }
}
