/**
 * Recycled fixed-size ArrayBuffers ("slabs"). The writer streams gigabytes through buffers
 * that live for a while (read-ahead, deflate batches), and V8 frees such promoted buffers only
 * on a full collection, which a tiny JS heap rarely triggers: allocating a fresh buffer per
 * chunk let RSS climb past 700 MB on 500 MiB of input. Reusing slabs keeps memory flat.
 *
 * A slab is shared by reference counting: `carve` cuts views out of the current slab, each
 * view holding a reference; `release(view)` drops it; a slab with no references goes back to
 * the free list. Buffers the pool did not make are ignored by `release`.
 */
export class SlabPool {
  private readonly free: ArrayBuffer[] = []
  private readonly references = new Map<ArrayBuffer, number>()
  private current: ArrayBuffer | undefined
  private used = 0

  constructor(
    readonly slabSize: number,
    /** Free slabs kept for reuse, at most; the rest are left to the garbage collector. */
    private readonly keepFree = 16
  ) {}

  /** A view of `size` bytes (at most slabSize) of uninitialised memory. */
  carve(size: number): Buffer {
    if (size > this.slabSize) throw new RangeError(`cannot carve ${size} bytes from a slab`)
    if (this.current === undefined || this.used + size > this.slabSize) {
      if (this.current !== undefined) this.drop(this.current)
      this.current = this.take()
      this.references.set(this.current, 1) // the pool's own reference while it is current
      this.used = 0
    }
    const view = Buffer.from(this.current, this.used, size)
    this.used += size
    this.references.set(this.current, (this.references.get(this.current) ?? 0) + 1)
    return view
  }

  /** A whole slab, off the books: give it back with `recycle` (e.g. after a round trip). */
  take(): ArrayBuffer {
    return this.free.pop() ?? new ArrayBuffer(this.slabSize)
  }

  /** Takes back a slab that came home, e.g. transferred back from a worker. */
  recycle(slab: ArrayBuffer): void {
    if (slab.byteLength === this.slabSize && this.free.length < this.keepFree) this.free.push(slab)
  }

  /** Books `slab` with `count` references (views the caller hands out); 0 recycles it. */
  adopt(slab: ArrayBuffer, count: number): void {
    if (count <= 0) this.recycle(slab)
    else this.references.set(slab, count)
  }

  /** The holder of `view` is done with it. */
  release(view: Buffer): void {
    this.drop(view.buffer as ArrayBuffer)
  }

  private drop(slab: ArrayBuffer): void {
    const count = this.references.get(slab)
    if (count === undefined) return
    if (count > 1) {
      this.references.set(slab, count - 1)
      return
    }
    this.references.delete(slab)
    if (slab === this.current) this.current = undefined
    this.recycle(slab)
  }
}
