// How many requests the API client keeps in flight, and when it may send at all. Every request
// of the client goes through one of these (src/api/client.ts), so deploy, pull, watch and
// release share it. Fixed (--concurrency N) it only honours Retry-After; adaptive
// (`"concurrency": "auto"`) it is a latency-gradient limiter in the manner of TCP Vegas and
// Netflix's concurrency-limits, with AIMD's reaction to refusals. No npm library implements one
// and is kept, so this is ours: small, pure, and unit-tested with a fake clock
// (test/api/concurrency-limiter.test.ts).
//
// - Retry-After (on a 429 or 503) holds every request, not only the refused one, until it passes.
// - Answers are judged in windows of about one round (as many answers as the limit, at least
//   MIN_WINDOW), counting only requests sent since the last change of the limit.
// - The floor is the lowest window median seen: what an answer costs when nothing queues.
// - A window whose median stays near the floor, in which the limit was reached (more requests
//   were waiting to go), grows the limit: ×1.5 at first ("slow start"), +1 per window once
//   anything made it shrink.
// - A window whose median has climbed well above the floor shrinks it at once, in proportion
//   (×1.5·floor/median, at least halving… at most ×0.9), but never below where it started:
//   latency also climbs when this machine is busy with other work, and fewer requests in flight
//   cannot cure that — they only leave the link idle (measured: a loaded 2-core machine drove
//   a latency-only limiter down to 1–3 and made a deploy 1.5× slower than a fixed 8).
// - A 429 or 503, or a request that timed out, halves it at once — once per episode: answers to
//   requests sent before the last decrease say nothing about the new limit.
// - Always within [min, max].

export type LimitOutcome =
  /** An answer that says nothing about overload (2xx, most 4xx). Its latency is a sample. */
  | 'ok'
  /** 429 or 503: the server refuses because of load. */
  | 'refused'
  /** No answer in time. */
  | 'timeout'
  /** Any other failure (500, 502, a reset connection): neither a sample nor a refusal. */
  | 'neutral';

export interface LimitSample {
  /** When the request was sent, on the limiter's clock (ms). */
  sentAt: number;
  /** How long its answer took (ms). */
  rttMs: number;
  /** Requests in flight when it was sent, itself included. */
  inflight: number;
  outcome: LimitOutcome;
  /** The answer's Retry-After, in ms, when it had one. */
  retryAfterMs?: number;
}

export interface ConcurrencyLimiterOptions {
  /** The limit to start at (adaptive) or the fixed limit. */
  initial: number;
  /** false: the limit stays at `initial` (only Retry-After is honoured). */
  adaptive: boolean;
  /** Highest limit (adaptive). Default: initial. */
  max?: number;
  /** Default 1. */
  min?: number;
  /** The clock sentAt is read on (ms). Default performance.now. */
  now?: () => number;
}

/** Fewest answers a window needs before it is judged. */
export const MIN_WINDOW = 5;
/** "Near the floor": a window median up to this many times the floor, plus NEAR_SLACK_MS. */
export const NEAR_RATIO = 1.25;
/** Absolute slack for tiny latencies (loopback), where a millisecond of jitter is a large ratio. */
export const NEAR_SLACK_MS = 2;
/** "Climbed": a window median above this many times the floor, plus CLIMB_SLACK_MS. */
export const CLIMB_RATIO = 2;
export const CLIMB_SLACK_MS = 5;
/** Factor of a decrease on a refusal or a timeout. */
export const REFUSAL_BACKOFF = 0.5;
/** Growth per window during slow start. */
export const SLOW_START_GROWTH = 1.5;

export class ConcurrencyLimiter {
  readonly adaptive: boolean;
  readonly min: number;
  readonly max: number;
  #limit: number;
  #peak: number;
  #lowest: number;
  #slowStart = true;
  readonly #now: () => number;
  /** Where it started: latency alone never takes the limit below this. */
  readonly #initial: number;
  /** Answers to requests sent before this are not judged against the current limit. */
  #windowStart: number;
  #lastDecrease = -Infinity;
  #samples: number[] = [];
  #saturated = false;
  #floor = Infinity;
  #decreases = 0;
  #pausedUntil = -Infinity;

  constructor(opts: ConcurrencyLimiterOptions) {
    this.adaptive = opts.adaptive;
    this.min = Math.max(1, Math.floor(opts.min ?? 1));
    this.max = Math.max(this.min, Math.floor(opts.max ?? opts.initial));
    this.#now = opts.now ?? (() => performance.now());
    this.#limit = clamp(Math.floor(opts.initial), this.min, this.max);
    this.#initial = this.#limit;
    this.#peak = this.#limit;
    this.#lowest = this.#limit;
    this.#windowStart = this.#now();
  }

  /** Requests that may be in flight now. */
  get limit(): number {
    return Math.floor(this.#limit);
  }

  /** The highest limit reached so far. */
  get peak(): number {
    return this.#peak;
  }

  /** The lowest limit reached so far. */
  get lowest(): number {
    return this.#lowest;
  }

  /** How many times the limit was cut (refusals, timeouts, latency). */
  get decreases(): number {
    return this.#decreases;
  }

  /** The latency floor in ms (Infinity until a window was judged). */
  get floorMs(): number {
    return this.#floor;
  }

  /** How long a request must wait before it is sent (a Retry-After still running), in ms. */
  delayMs(): number {
    return Math.max(0, this.#pausedUntil - this.#now());
  }

  /** One answer (or none): adjusts the limit and takes note of a Retry-After. */
  record(s: LimitSample): void {
    if (s.retryAfterMs !== undefined && s.retryAfterMs > 0) {
      this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + s.retryAfterMs);
    }
    if (!this.adaptive || s.outcome === 'neutral') return;
    if (s.outcome === 'refused' || s.outcome === 'timeout') {
      if (s.sentAt >= this.#lastDecrease) this.#decrease(REFUSAL_BACKOFF);
      return;
    }
    if (s.sentAt < this.#windowStart) return;
    this.#samples.push(s.rttMs);
    if (s.inflight >= this.limit) this.#saturated = true;
    if (this.#samples.length >= Math.max(MIN_WINDOW, this.limit)) this.#judge();
  }

  #judge(): void {
    const median = medianOf(this.#samples);
    this.#floor = Math.min(this.#floor, median);
    const floor = this.#floor;
    if (median > floor * CLIMB_RATIO + CLIMB_SLACK_MS) {
      if (this.#limit > this.#initial) {
        this.#decrease(clamp((1.5 * floor) / median, REFUSAL_BACKOFF, 0.9), this.#initial);
        return;
      }
      this.#newWindow();
      return;
    }
    if (this.#saturated && median <= floor * NEAR_RATIO + NEAR_SLACK_MS) {
      const next = this.#slowStart ? Math.ceil(this.#limit * SLOW_START_GROWTH) : this.#limit + 1;
      this.#set(next);
    }
    this.#newWindow();
  }

  #decrease(factor: number, atLeast = this.min): void {
    this.#slowStart = false;
    this.#decreases++;
    this.#set(Math.max(atLeast, Math.floor(this.#limit * factor)));
    this.#lastDecrease = this.#now();
    this.#newWindow();
  }

  #set(limit: number): void {
    this.#limit = clamp(limit, this.min, this.max);
    this.#peak = Math.max(this.#peak, this.limit);
    this.#lowest = Math.min(this.#lowest, this.limit);
  }

  #newWindow(): void {
    this.#windowStart = this.#now();
    this.#samples = [];
    this.#saturated = false;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
