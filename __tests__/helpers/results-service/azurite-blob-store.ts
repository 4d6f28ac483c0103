import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters
} from '@azure/storage-blob'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

/** A committed blob as the store holds it. */
export interface StoredBlob {
  content: Buffer
  contentType: string | undefined
}

/** Azure Blob storage on loopback: Azurite (blob service only), in memory, one test file long. */
export interface BlobStore {
  /** `http://127.0.0.1:<port>/<account>` (IP-style URLs carry the account as first segment). */
  endpoint: string
  /** A SAS URL that allows creating and writing exactly this blob, for 10 minutes. */
  signedUploadUrl(container: string, blob: string): string
  createContainer(container: string): Promise<void>
  /** The committed blob, or undefined when there is none (staged blocks do not count). */
  read(container: string, blob: string): Promise<StoredBlob | undefined>
  /** Names of the committed blobs in a container. */
  list(container: string): Promise<string[]>
  stop(): Promise<void>
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url)
  let manifest: string
  try {
    manifest = require.resolve('azurite/package.json')
  } catch {
    throw new Error(
      'azurite is not installed: the upload tests need the devDependency "azurite" (3.37)'
    )
  }
  return path.join(path.dirname(manifest), 'dist', 'src', 'blob', 'main.js')
}

/** Waits for Azurite's "successfully listens on http://127.0.0.1:<port>" line. */
function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /listens on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`Azurite exited (${code}) before listening:\n${output}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise(resolve => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts Azurite's blob service as a child process: in memory, on 127.0.0.1 with a random
 * port, telemetry off, with a one-off account whose key is random (AZURITE_ACCOUNTS), so the
 * SAS URLs handed to the artifact client are really checked.
 */
export async function startAzuriteBlobStore(): Promise<BlobStore> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'alfs-azurite-'))
  const account = 'artifactlfs'
  const key = randomBytes(64).toString('base64')
  const child = spawn(
    process.execPath,
    [
      azuriteBlobMain(),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '256',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--silent'
    ],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', HOME: workDir, AZURITE_ACCOUNTS: `${account}:${key}` },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let port: number
  try {
    port = await waitForPort(child, 60_000)
  } catch (error) {
    process.removeListener('exit', killOnExit)
    rmSync(workDir, { recursive: true, force: true })
    throw error
  }
  const endpoint = `http://127.0.0.1:${port}/${account}`
  const credential = new StorageSharedKeyCredential(account, key)
  const service = new BlobServiceClient(endpoint, credential)

  return {
    endpoint,
    signedUploadUrl(container, blob) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          blobName: blob,
          permissions: BlobSASPermissions.parse('cw'),
          expiresOn: new Date(Date.now() + 10 * 60_000)
        },
        credential
      ).toString()
      return `${service.getContainerClient(container).getBlobClient(blob).url}?${sas}`
    },
    async createContainer(container) {
      await service.getContainerClient(container).createIfNotExists()
    },
    async read(container, blob) {
      const client = service.getContainerClient(container).getBlobClient(blob)
      if (!(await client.exists())) return undefined
      const properties = await client.getProperties()
      return { content: await client.downloadToBuffer(), contentType: properties.contentType }
    },
    async list(container) {
      const names: string[] = []
      for await (const item of service.getContainerClient(container).listBlobsFlat())
        names.push(item.name)
      return names
    },
    async stop() {
      await stopChild(child)
      process.removeListener('exit', killOnExit)
      rmSync(workDir, { recursive: true, force: true })
    }
  }
}
