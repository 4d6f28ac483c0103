import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/**
 * A small Git LFS server for tests: the batch API (basic transfer) plus PUT/GET of objects and
 * an empty /locks/verify, with HTTP Basic auth, on 127.0.0.1. Objects are stored like a bare
 * repo's LFS store: `<dir>/aa/bb/<oid>`, written under a temp name and renamed only after the
 * sha256 and size were checked. `fault` makes it misbehave on purpose (see LfsFault).
 */
export type LfsFault =
  | { kind: 'none' }
  /** Read `afterBytes` of an upload, then destroy the connection (no response). */
  | { kind: 'drop-upload'; afterBytes: number }
  /** Answer every batch request with this status (and a JSON message unless `bare`). */
  | { kind: 'batch-status'; status: number; bare?: boolean }
  /** Answer the first `times` batch requests with 429 and Retry-After: `retryAfterSeconds`. */
  | { kind: 'rate-limit'; times: number; retryAfterSeconds: number }
  /** Accept batch requests and never answer. */
  | { kind: 'hang' }

export interface LfsServerOptions {
  /** Where objects are kept. */
  dir: string
  user: string
  password: string
}

export interface LfsRequestLog {
  method: string
  path: string
  status: number
  authorized: boolean
}

export class LfsTestServer {
  fault: LfsFault = { kind: 'none' }
  readonly requests: LfsRequestLog[] = []
  private readonly server: http.Server
  private readonly hanging = new Set<http.ServerResponse>()
  private rateLimited = 0

  private constructor(private readonly options: LfsServerOptions) {
    mkdirSync(options.dir, { recursive: true })
    this.server = http.createServer((req, res) => this.handle(req, res))
  }

  static async start(options: LfsServerOptions): Promise<LfsTestServer> {
    const server = new LfsTestServer(options)
    await new Promise<void>(resolve => server.server.listen(0, '127.0.0.1', resolve))
    return server
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  /** The LFS endpoint to put in `lfs.url` (no credentials in it). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/repo.git/info/lfs`
  }

  objectPath(oid: string): string {
    return path.join(this.options.dir, oid.slice(0, 2), oid.slice(2, 4), oid)
  }

  hasObject(oid: string): boolean {
    return existsSync(this.objectPath(oid))
  }

  /** Requests of `method` whose path ends with `suffix` (and had `status`, when given). */
  count(method: string, suffix: string, status?: number): number {
    return this.requests.filter(
      r =>
        r.method === method &&
        r.path.endsWith(suffix) &&
        (status === undefined || r.status === status)
    ).length
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private authorized(req: http.IncomingMessage): boolean {
    const expected = Buffer.from(`${this.options.user}:${this.options.password}`).toString('base64')
    return req.headers.authorization === `Basic ${expected}`
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const authorized = this.authorized(req)
    const log: LfsRequestLog = {
      method: req.method ?? '',
      path: url.pathname,
      status: 0,
      authorized
    }
    this.requests.push(log)
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      log.status = status
      res.writeHead(status, { 'Content-Type': 'application/vnd.git-lfs+json', ...headers })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }
    if (!authorized) {
      req.resume()
      reply(401, { message: 'credentials needed' }, { 'LFS-Authenticate': 'Basic realm="test"' })
      return
    }
    const objectMatch = /\/objects\/([0-9a-f]{64})$/.exec(url.pathname)
    if (req.method === 'POST' && url.pathname.endsWith('/objects/batch'))
      this.batch(req, res, reply)
    else if (req.method === 'POST' && url.pathname.endsWith('/locks/verify')) {
      req.resume()
      reply(200, { ours: [], theirs: [] })
    } else if (req.method === 'PUT' && objectMatch) this.upload(objectMatch[1]!, req, res, log)
    else if (req.method === 'GET' && objectMatch) {
      const file = this.objectPath(objectMatch[1]!)
      if (!existsSync(file)) return reply(404, { message: 'no such object' })
      log.status = 200
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      res.end(readFileSync(file))
    } else {
      req.resume()
      reply(404, { message: `no route for ${req.method} ${url.pathname}` })
    }
  }

  private batch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    reply: (status: number, body?: unknown, headers?: Record<string, string>) => void
  ): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const fault = this.fault
      if (fault.kind === 'hang') {
        this.hanging.add(res)
        return
      }
      if (fault.kind === 'batch-status')
        return reply(fault.status, fault.bare ? undefined : { message: 'injected failure' })
      if (fault.kind === 'rate-limit' && this.rateLimited < fault.times) {
        this.rateLimited += 1
        return reply(
          429,
          { message: 'slow down' },
          { 'Retry-After': String(fault.retryAfterSeconds) }
        )
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        operation: 'upload' | 'download'
        objects: { oid: string; size: number }[]
      }
      const base = `http://127.0.0.1:${this.port}/repo.git/info/lfs/objects`
      const objects = body.objects.map(({ oid, size }) => {
        const present = this.hasObject(oid)
        if (body.operation === 'upload')
          return present
            ? { oid, size }
            : { oid, size, actions: { upload: { href: `${base}/${oid}`, expires_in: 3600 } } }
        return present
          ? { oid, size, actions: { download: { href: `${base}/${oid}`, expires_in: 3600 } } }
          : { oid, size, error: { code: 404, message: 'object not found' } }
      })
      reply(200, { transfer: 'basic', objects, hash_algo: 'sha256' })
    })
  }

  private upload(
    oid: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    log: LfsRequestLog
  ): void {
    const final = this.objectPath(oid)
    mkdirSync(path.dirname(final), { recursive: true })
    const temp = `${final}.${process.pid}.${Math.random().toString(16).slice(2)}.upload`
    const out = createWriteStream(temp)
    out.on('error', () => undefined) // destroyed on purpose when dropping the upload
    const hash = createHash('sha256')
    const fault = this.fault
    let received = 0
    let dropped = false
    req.on('data', (chunk: Buffer) => {
      if (dropped) return
      received += chunk.length
      hash.update(chunk)
      out.write(chunk)
      if (fault.kind === 'drop-upload' && received >= fault.afterBytes) {
        dropped = true
        log.status = -1
        req.socket.destroy()
        out.destroy()
        rmSync(temp, { force: true })
      }
    })
    req.on('end', () => {
      if (dropped) return
      out.end(() => {
        if (hash.digest('hex') !== oid) {
          rmSync(temp, { force: true })
          log.status = 422
          res.writeHead(422).end()
          return
        }
        renameSync(temp, final)
        log.status = 200
        res.writeHead(200).end()
      })
    })
  }
}
