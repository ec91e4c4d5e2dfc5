// Reused output buffers for large answers (lists of up to 1000 views, ~2 MB). Allocating a fresh
// buffer of that size costs more than building the answer: it is new memory each time, and on
// this project's virtual machines its page faults cost ~6 ms of CPU per list (measured with a
// bare node:http server: 1.4 ms per 2 MB answer from a reused buffer, 7–8 ms from a fresh one).
// A buffer goes back to the pool only once its response is closed: until then the socket may
// still be sending from it.

/** Buffers kept for reuse; more answers at once than this allocate (and are then kept). */
const KEEP = 4;
/** Buffers larger than this are not kept (a one-off huge answer should not pin its memory). */
const KEEP_MAX_BYTES = 16 * 1024 * 1024;

export class OutputBuffers {
  private readonly free: Buffer[] = [];

  /** A buffer of at least `size` bytes; give it back with release() when the response closed. */
  acquire(size: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= size);
    if (i >= 0) return this.free.splice(i, 1)[0];
    // Room to grow: the next list is usually a little longer than this one.
    return Buffer.allocUnsafeSlow(Math.max(64 * 1024, Math.ceil(size * 1.25)));
  }

  release(buf: Buffer): void {
    if (buf.length > KEEP_MAX_BYTES) return;
    this.free.push(buf);
    if (this.free.length > KEEP) {
      // Keep the largest: they fit every answer the smaller ones fit.
      this.free.sort((a, b) => b.length - a.length);
      this.free.length = KEEP;
    }
  }
}
