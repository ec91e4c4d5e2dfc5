// Fault injection for tests and benchmarks, all off by default: latency on every response,
// a share of requests failing with 500/502/503 before doing anything, a request-rate ceiling
// answered with 429 + Retry-After, and a share of writes committed but never answered.
// With a seed every random choice comes from one seeded generator, in request order, so a
// run with the same seed and the same sequence of requests injects the same faults.

export interface FaultOptions {
  latencyMs?: number;
  failRate?: number;
  dropRate?: number;
  /** Requests per second. */
  throttle?: number;
  seed?: number;
}

const FAIL_STATUSES = [500, 502, 503] as const;

/** mulberry32: a small, well-known 32-bit seeded generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  private tokens: number;
  private lastRefill = Date.now();

  constructor(private readonly opts: FaultOptions) {
    this.random = opts.seed === undefined ? Math.random : seededRandom(opts.seed);
    this.tokens = this.capacity;
  }

  get latencyMs(): number {
    return this.opts.latencyMs ?? 0;
  }

  /** Whether any write may go unanswered (--drop-rate above 0). */
  get dropsWrites(): boolean {
    return (this.opts.dropRate ?? 0) > 0;
  }

  /** A token bucket holding one second of requests (at least one). */
  private get capacity(): number {
    return Math.max(1, this.opts.throttle ?? 0);
  }

  /** Seconds the client should wait when the request is over the rate; null when it may pass. */
  throttle(now = Date.now()): number | null {
    const rate = this.opts.throttle;
    if (!rate) return null;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / rate));
  }

  /** The status to fail this request with, or null. */
  failure(): number | null {
    const rate = this.opts.failRate ?? 0;
    if (rate <= 0) return null;
    if (this.random() >= rate) return null;
    return FAIL_STATUSES[Math.floor(this.random() * FAIL_STATUSES.length)];
  }

  /** Whether a write's response is to be dropped (decided before the write runs). */
  drop(method: string): boolean {
    const rate = this.opts.dropRate ?? 0;
    if (rate <= 0 || !isWrite(method)) return false;
    return this.random() < rate;
  }
}

export function isWrite(method: string): boolean {
  return method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE';
}
