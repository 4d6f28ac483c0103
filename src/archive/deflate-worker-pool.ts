import { Worker } from 'node:worker_threads'
import { ArtifactLfsError } from '../errors.js'
import {
  CHUNK_SIZE,
  DICTIONARY_SIZE,
  type DeflateJob,
  type Deflater,
  type SmallFileRequest,
  type SmallFileResult,
  type SmallFilesContent
} from './deflate-chunks.js'
import { DEFLATE_WORKER_SOURCE } from './deflate-worker-source.js'
import { problemError, type ReadProblem } from './read-problems.js'
import { SlabPool } from './slab-pool.js'

/** A batch is sent once its jobs weigh this much (or when the event loop turns). */
const BATCH_BYTES = 512 * 1024
/** Input slab: room for the largest chunk job (a chunk and its dictionary). */
const INPUT_SLAB = CHUNK_SIZE + 2 * DICTIONARY_SIZE
/** Output slab: a batch's results; a rare overflow gets a buffer of its own. */
const OUTPUT_SLAB = INPUT_SLAB + 64 * 1024
/** Jobs per batch, at most. */
const BATCH_JOBS = 512
/** V8 young generation of a worker thread, MB. */
const WORKER_YOUNG_GENERATION_MB = 8
/** Batches a worker may hold at once: one running, one waiting, so it never idles. */
const BATCHES_PER_WORKER = 2

type PendingJob = {
  reject: (error: unknown) => void
  /** Bytes of input (chunk jobs) or of expected results (small files: raw plus deflated). */
  weight: number
} & (
  | { kind: 'chunk'; job: DeflateJob; resolve: (output: Buffer) => void }
  | {
      kind: 'files'
      requests: SmallFileRequest[]
      resolve: (content: SmallFilesContent) => void
    }
)

interface PoolWorker {
  worker: Worker
  /** Batches sent and not answered, by id. */
  inFlight: Map<number, PendingJob[]>
}

/** Where a result lies: its length in the output slab (packed in order), or its own buffer. */
type Placed = number | ArrayBuffer
type FileResult = { raw: Placed; deflated: Placed | null; crc32: number; sha256: string }

interface BatchAnswer {
  id: number
  input?: ArrayBuffer
  output?: ArrayBuffer
  results?: Array<Placed | FileResult | ReadProblem>
  error?: string
}

/**
 * Deflates chunks, and reads small files, on `size` worker threads (started on first use).
 * Jobs are gathered into batches so that thousands of small files cost a few hundred messages,
 * not thousands of thread hand-offs; each worker keeps up to two batches so it never waits for
 * the main thread. Inputs and outputs travel in recycled slabs (see SlabPool).
 */
export class DeflateWorkerPool implements Deflater {
  private workers: PoolWorker[] = []
  private queue: PendingJob[] = []
  private queuedWeight = 0
  private nextBatchId = 1
  private dispatchScheduled = false
  private failure: ArtifactLfsError | undefined
  private closed = false
  private readonly inputs: SlabPool
  private readonly outputs: SlabPool

  constructor(
    private readonly level: number,
    private readonly size: number
  ) {
    this.inputs = new SlabPool(INPUT_SLAB, BATCHES_PER_WORKER * size)
    this.outputs = new SlabPool(OUTPUT_SLAB, BATCHES_PER_WORKER * size + 2)
  }

  deflate(job: DeflateJob): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const weight = job.data.length + (job.dictionary?.length ?? 0)
      this.enqueue({ kind: 'chunk', job, resolve, reject, weight })
    })
  }

  readSmallFiles(requests: SmallFileRequest[]): Promise<SmallFilesContent> {
    return new Promise<SmallFilesContent>((resolve, reject) => {
      let weight = 0
      for (const request of requests)
        weight += request.expectedSize * (request.deflate ? 2 : 1) + 64
      this.enqueue({ kind: 'files', requests, resolve, reject, weight })
    })
  }

  release(output: Buffer): void {
    this.outputs.release(output)
  }

  async close(): Promise<void> {
    this.closed = true
    this.failAll(new ArtifactLfsError('archive', 'deflate was cancelled'))
    const workers = this.workers
    this.workers = []
    await Promise.all(workers.map(w => w.worker.terminate()))
  }

  private enqueue(pending: PendingJob): void {
    if (this.failure) return pending.reject(this.failure)
    if (this.closed) return pending.reject(new Error('internal: deflate after close'))
    this.queue.push(pending)
    this.queuedWeight += pending.weight
    if (this.queuedWeight >= BATCH_BYTES) this.dispatch()
    else if (!this.dispatchScheduled) {
      this.dispatchScheduled = true
      setImmediate(() => {
        this.dispatchScheduled = false
        this.dispatch()
      })
    }
  }

  /**
   * Sends batches: an idle worker gets whatever is queued; a busy one (one batch running) gets
   * a second batch only once a full one is queued, so batches stay large while work flows.
   */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.failure && !this.closed) {
      const target = this.pickWorker()
      if (!target) return
      this.send(target, this.takeBatch())
    }
  }

  private pickWorker(): PoolWorker | undefined {
    const idle = this.workers.find(w => w.inFlight.size === 0)
    if (idle) return idle
    if (this.workers.length < this.size) return this.startWorker()
    if (this.queuedWeight < BATCH_BYTES) return undefined
    return this.workers.find(w => w.inFlight.size < BATCHES_PER_WORKER)
  }

  private takeBatch(): PendingJob[] {
    let weight = 0
    let count = 0
    while (count < this.queue.length && count < BATCH_JOBS && weight < BATCH_BYTES) {
      const next = this.queue[count].weight
      if (count > 0 && weight + next > INPUT_SLAB) break
      weight += next
      count++
    }
    this.queuedWeight -= weight
    return this.queue.splice(0, count)
  }

  private send(target: PoolWorker, batch: PendingJob[]): void {
    let total = 0
    for (const p of batch) if (p.kind === 'chunk') total += p.weight
    // a job larger than a chunk (not made by the writer) gets a buffer of its own
    const input = total <= INPUT_SLAB ? this.inputs.take() : new ArrayBuffer(total)
    const bytes = new Uint8Array(input)
    const jobs: number[] = [] // triples, see DEFLATE_WORKER_SOURCE
    const files: string[] = []
    const times: number[] = [] // listed mtime and ctime of each file, NaN when not listed
    let offset = 0
    for (const p of batch) {
      if (p.kind === 'files') {
        for (const request of p.requests) {
          jobs.push(-1, request.expectedSize, request.deflate ? 1 : 0)
          files.push(request.path)
          times.push(request.expectedMtimeMs ?? Number.NaN, request.expectedCtimeMs ?? Number.NaN)
        }
        continue
      }
      const dictionary = p.job.dictionary ?? Buffer.alloc(0)
      bytes.set(dictionary, offset)
      bytes.set(p.job.data, offset + dictionary.length)
      offset += dictionary.length + p.job.data.length
      jobs.push(dictionary.length, p.job.data.length, p.job.last ? 1 : 0)
    }
    const output = this.outputs.take()
    const id = this.nextBatchId++
    target.inFlight.set(id, batch)
    target.worker.postMessage({ id, input, output, jobs, files, times }, [input, output])
  }

  private startWorker(): PoolWorker {
    const worker = new Worker(DEFLATE_WORKER_SOURCE, {
      eval: true,
      workerData: { level: this.level },
      // a worker's garbage is short-lived (stats, deflate outputs): a small young generation
      // holds it as well and keeps ~30 MB less resident with two workers (70,000 files)
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
    })
    const entry: PoolWorker = { worker, inFlight: new Map() }
    worker.on('message', (answer: BatchAnswer) => this.onAnswer(entry, answer))
    worker.on('error', error => this.fail(`a deflate worker failed: ${error.message}`, error))
    worker.on('exit', code => {
      if (!this.closed) this.fail(`a deflate worker exited early (code ${code})`, undefined)
    })
    this.workers.push(entry)
    return entry
  }

  private onAnswer(from: PoolWorker, answer: BatchAnswer): void {
    const batch = from.inFlight.get(answer.id)
    if (!batch) return
    from.inFlight.delete(answer.id)
    const { input, output, results } = answer
    const expected = batch.reduce((n, p) => n + (p.kind === 'files' ? p.requests.length : 1), 0)
    if (answer.error !== undefined || !input || !output || results?.length !== expected) {
      this.fail(`deflate failed: ${answer.error ?? 'malformed answer'}`, undefined)
      return
    }
    this.inputs.recycle(input)
    let offset = 0
    let views = 0
    let next = 0
    const view = (placed: Placed): Buffer => {
      if (typeof placed !== 'number') return Buffer.from(placed)
      views++
      offset += placed
      return Buffer.from(output, offset - placed, placed)
    }
    /** Like view, but not booked: for bytes copied out at once. */
    const copySource = (placed: Placed): Buffer => {
      if (typeof placed !== 'number') return Buffer.from(placed)
      offset += placed
      return Buffer.from(output, offset - placed, placed)
    }
    const skipPlacements = (result: FileResult): void => {
      if (typeof result.raw === 'number') offset += result.raw
      if (typeof result.deflated === 'number') offset += result.deflated
    }
    const settle: Array<() => void> = []
    for (const pending of batch) {
      if (pending.kind === 'chunk') {
        const deflated = view(results[next++] as Placed)
        settle.push(() => pending.resolve(deflated))
        continue
      }
      const answers = results.slice(next, (next += pending.requests.length))
      const problemAt = answers.findIndex(result => 'problem' in (result as object))
      if (problemAt >= 0) {
        // the placements of the files before it are skipped: they stay in the slab unused
        for (const result of answers.slice(0, problemAt)) skipPlacements(result as FileResult)
        const path = pending.requests[problemAt]!.path
        const error = problemError(path, answers[problemAt] as ReadProblem)
        settle.push(() => pending.reject(error))
        // later files of a failed group were not placed either (the worker reported them)
        for (const result of answers.slice(problemAt + 1))
          if (!('problem' in (result as object))) skipPlacements(result as FileResult)
        continue
      }
      const content = groupContent(answers as FileResult[], view, copySource)
      settle.push(() => pending.resolve(content))
    }
    this.outputs.adopt(output, views) // book every view before anyone can release one
    for (const done of settle) done()
    this.dispatch()
  }

  private fail(message: string, cause: unknown): void {
    if (!this.failure)
      this.failure = new ArtifactLfsError('archive', message, {
        hint: 'run again; if it keeps failing, compression level 0 packs without deflate',
        cause
      })
    this.failAll(this.failure)
  }

  private failAll(error: unknown): void {
    for (const w of this.workers) {
      for (const batch of w.inFlight.values()) for (const p of batch) p.reject(error)
      w.inFlight.clear()
    }
    for (const p of this.queue.splice(0)) p.reject(error)
    this.queuedWeight = 0
  }
}

/**
 * One buffer with each file's raw bytes then deflated bytes: a single view of the output slab
 * when every piece landed there (the usual case: pieces are placed back to back in job order),
 * else a copy of the pieces (a result too big for the slab got a buffer of its own).
 */
function groupContent(
  answers: FileResult[],
  view: (placed: Placed) => Buffer,
  copySource: (placed: Placed) => Buffer
): SmallFilesContent {
  const files: SmallFileResult[] = []
  const pieces: Placed[] = []
  let inSlab = true
  for (const { raw, deflated, crc32, sha256 } of answers) {
    const size = placedLength(raw)
    files.push({
      size,
      deflatedSize: deflated === null ? -1 : placedLength(deflated),
      crc32,
      sha256
    })
    pieces.push(raw)
    if (deflated !== null) pieces.push(deflated)
    if (typeof raw !== 'number' || (deflated !== null && typeof deflated !== 'number'))
      inSlab = false
  }
  if (inSlab) {
    const total = (pieces as number[]).reduce((sum, length) => sum + length, 0)
    return { bytes: view(total), files }
  }
  return { bytes: Buffer.concat(pieces.map(copySource)), files }
}

function placedLength(placed: Placed): number {
  return typeof placed === 'number' ? placed : placed.byteLength
}
