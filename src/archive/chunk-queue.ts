import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * The ordered hand-over between the reader (producer) and the archive writer (consumer).
 * It bounds the data in flight: `push` waits while the weight of pushed-but-not-released
 * items is over `budget` bytes or their count over `maxItems` (an item may count as several:
 * a group of small files counts as its files); the consumer calls `release` when an item is
 * written. `fail` wakes both sides with the error, so neither waits forever.
 */
export class ChunkQueue<T> {
  /** Pushed items; those before `head` were shifted and are cleared (not kept alive). */
  private items: Array<T | undefined> = []
  private head = 0
  private inFlightWeight = 0
  private inFlightItems = 0
  private closed = false
  private failure: { error: unknown } | undefined
  private wakeConsumer: (() => void) | undefined
  private wakeProducer: (() => void) | undefined
  private lastYield = performance.now()

  constructor(
    private readonly budget: number,
    private readonly maxItems: number,
    /** The producer yields to the event loop at least this often (ms), so results get handled. */
    private readonly yieldEveryMs = 2
  ) {}

  /** The first error passed to `fail`, if any. */
  get error(): unknown {
    return this.failure?.error
  }

  async push(item: T, weight: number, count = 1): Promise<void> {
    while (!this.failure && this.inFlightItems > 0 && this.isFull(weight, count))
      await new Promise<void>(resolve => (this.wakeProducer = resolve))
    this.throwIfFailed()
    this.items.push(item)
    this.inFlightWeight += weight
    this.inFlightItems += count
    this.wake('consumer')
    if (performance.now() - this.lastYield >= this.yieldEveryMs) {
      await nextTurn()
      this.lastYield = performance.now()
      this.throwIfFailed()
    }
  }

  /** The next item in push order; undefined once closed and drained. */
  async shift(): Promise<T | undefined> {
    while (!this.failure && this.head === this.items.length && !this.closed)
      await new Promise<void>(resolve => (this.wakeConsumer = resolve))
    this.throwIfFailed()
    if (this.head === this.items.length) return undefined
    const item = this.items[this.head] as T
    this.items[this.head++] = undefined
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  /** The consumer is done with an item of this weight and count. */
  release(weight: number, count = 1): void {
    this.inFlightWeight -= weight
    this.inFlightItems -= count
    this.wake('producer')
  }

  /** No more pushes: `shift` returns undefined after the last item. */
  close(): void {
    this.closed = true
    this.wake('consumer')
  }

  /** Abandons the hand-over; both sides throw `error` (the first one given) from now on. */
  fail(error: unknown): void {
    if (!this.failure) this.failure = { error }
    this.wake('consumer')
    this.wake('producer')
  }

  private isFull(weight: number, count: number): boolean {
    return this.inFlightWeight + weight > this.budget || this.inFlightItems + count > this.maxItems
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error
  }

  private wake(side: 'consumer' | 'producer'): void {
    const wake = side === 'consumer' ? this.wakeConsumer : this.wakeProducer
    if (side === 'consumer') this.wakeConsumer = undefined
    else this.wakeProducer = undefined
    wake?.()
  }
}
