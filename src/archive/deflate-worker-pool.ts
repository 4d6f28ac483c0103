import { Worker } from 'node:worker_threads'
import { ArtifactLfsError } from '../errors.js'
import { CHUNK_SIZE, DICTIONARY_SIZE, type DeflateJob, type Deflater } from './deflate-chunks.js'
import { DEFLATE_WORKER_SOURCE } from './deflate-worker-source.js'
import { SlabPool } from './slab-pool.js'

/** A batch is sent once it holds this many input bytes (or when the event loop turns). */
const BATCH_BYTES = 512 * 1024
/** Input slab: room for the largest job (a chunk and its dictionary). */
const INPUT_SLAB = CHUNK_SIZE + 2 * DICTIONARY_SIZE
/** Output slab: inputs plus deflate's worst-case growth; a rare overflow gets its own buffer. */
const OUTPUT_SLAB = INPUT_SLAB + 64 * 1024
/** Jobs per batch, at most. */
const BATCH_JOBS = 512
/** Batches a worker may hold at once: one running, one waiting, so it never idles. */
const BATCHES_PER_WORKER = 2

interface PendingJob {
  job: DeflateJob
  resolve: (output: Buffer) => void
  reject: (error: unknown) => void
}

interface PoolWorker {
  worker: Worker
  /** Batches sent and not answered, by id. */
  inFlight: Map<number, PendingJob[]>
}

interface BatchAnswer {
  id: number
  input?: ArrayBuffer
  output?: ArrayBuffer
  /** Per job: its length in the output slab (packed in order), or its own buffer. */
  results?: Array<number | ArrayBuffer>
  error?: string
}

/**
 * Deflates chunks on `size` worker threads (started on first use). Jobs are gathered into
 * batches so that thousands of small files cost a few hundred messages, not thousands of
 * thread hand-offs; each worker keeps up to two batches so it never waits for the main thread.
 */
export class DeflateWorkerPool implements Deflater {
  private workers: PoolWorker[] = []
  private queue: PendingJob[] = []
  private queuedBytes = 0
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
    // at most BATCHES_PER_WORKER batches per worker are out at once
    this.inputs = new SlabPool(INPUT_SLAB, BATCHES_PER_WORKER * size)
    this.outputs = new SlabPool(OUTPUT_SLAB, BATCHES_PER_WORKER * size + 2)
  }

  deflate(job: DeflateJob): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.closed) return Promise.reject(new Error('internal: deflate after close'))
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ job, resolve, reject })
      this.queuedBytes += job.data.length + (job.dictionary?.length ?? 0)
      if (this.queuedBytes >= BATCH_BYTES) this.dispatch()
      else this.scheduleDispatch()
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

  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return
    this.dispatchScheduled = true
    setImmediate(() => {
      this.dispatchScheduled = false
      this.dispatch()
    })
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
    if (this.queuedBytes < BATCH_BYTES) return undefined
    return this.workers.find(w => w.inFlight.size < BATCHES_PER_WORKER)
  }

  private takeBatch(): PendingJob[] {
    let bytes = 0
    let count = 0
    while (count < this.queue.length && count < BATCH_JOBS && bytes < BATCH_BYTES) {
      const { job } = this.queue[count]
      const size = job.data.length + (job.dictionary?.length ?? 0)
      if (count > 0 && bytes + size > INPUT_SLAB) break
      bytes += size
      count++
    }
    this.queuedBytes -= bytes
    return this.queue.splice(0, count)
  }

  private send(target: PoolWorker, batch: PendingJob[]): void {
    let total = 0
    for (const { job } of batch) total += (job.dictionary?.length ?? 0) + job.data.length
    // a job larger than a chunk (not made by the writer) gets a buffer of its own
    const input = total <= INPUT_SLAB ? this.inputs.take() : new ArrayBuffer(total)
    const bytes = new Uint8Array(input)
    const jobs: number[] = [] // per job: dictionary length, data length, last (1/0)
    let offset = 0
    for (const { job } of batch) {
      const dictionary = job.dictionary ?? Buffer.alloc(0)
      bytes.set(dictionary, offset)
      bytes.set(job.data, offset + dictionary.length)
      offset += dictionary.length + job.data.length
      jobs.push(dictionary.length, job.data.length, job.last ? 1 : 0)
    }
    const output = this.outputs.take()
    const id = this.nextBatchId++
    target.inFlight.set(id, batch)
    target.worker.postMessage({ id, input, output, jobs }, [input, output])
  }

  private startWorker(): PoolWorker {
    const worker = new Worker(DEFLATE_WORKER_SOURCE, {
      eval: true,
      workerData: { level: this.level }
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
    if (answer.error !== undefined || !input || !output || results?.length !== batch.length) {
      this.fail(`deflate failed: ${answer.error ?? 'malformed answer'}`, undefined)
      return
    }
    this.inputs.recycle(input)
    this.outputs.adopt(output, results.filter(r => typeof r === 'number').length)
    let offset = 0
    batch.forEach((pending, i) => {
      const result = results[i]
      if (typeof result !== 'number') return pending.resolve(Buffer.from(result))
      pending.resolve(Buffer.from(output, offset, result))
      offset += result
    })
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
    this.queuedBytes = 0
  }
}
