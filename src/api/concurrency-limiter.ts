// How many requests the API client keeps in flight, and when it may send at all. Every request
// of the client goes through one of these (src/api/client.ts), so deploy, pull, watch and
// release share it. Fixed (--concurrency N) it only honours Retry-After; adaptive
// (`"concurrency": "auto"`) it is a latency-gradient limiter in the manner of TCP Vegas and
// Netflix's concurrency-limits, with AIMD's reaction to refusals, and it paces requests by rate
// once a 429 has shown a rate limit. No npm library implements this and is kept, so this is ours:
// small, pure, and unit-tested with a fake clock (test/api/concurrency-limiter.test.ts, which also
// simulates token-bucket servers: test/api/token-bucket-sim.ts).
//
// Concurrency:
// - Retry-After (on a 429 or 503) holds every request, not only the refused one, until it passes.
// - Answers are judged in windows of about one round: a window is judged once it holds as many
//   OK answers as the limit (at least MIN_WINDOW); a new one starts when the limiter is made,
//   at every judgement — whether it changed the limit or not — and at every decrease. A window
//   counts only answers to requests sent since it started: one sent earlier went out in another
//   round, under what the limit was then. (Refusals and timeouts decrease instead of counting;
//   other failures count for nothing; the limit a 429 cut, restored once the rate is measured,
//   starts no window.)
// - The floor is the lowest window median seen: what an answer costs when nothing queues.
// - A window whose median stays near the floor, in which the limit was reached (more requests
//   were waiting to go, and not for pacing), grows the limit: ×1.5 at first ("slow start"), +1
//   per window once anything made it shrink — but past twice its start only while it stays
//   within an eighth of the OK answers so far (EVIDENCE_RATIO, see below).
// - A window whose median has climbed well above the floor shrinks it at once, in proportion
//   (×1.5·floor/median, at least halving… at most ×0.9), but never below where it started:
//   latency also climbs when this machine is busy with other work, and fewer requests in flight
//   cannot cure that — they only leave the link idle (measured: a loaded 2-core machine drove
//   a latency-only limiter down to 1–3 and made a deploy 1.5× slower than a fixed 8).
// - A 429 or 503, or a request that timed out, halves it at once — once per episode: answers to
//   requests sent before the last decrease say nothing about the new limit. Once a 429 has
//   measured the rate (below), the cut is undone: the pace keeps the server at its rate from
//   then on, and fewer in flight would only slow the burst the Retry-After hold banked.
// - Always within [min, max].
//
// Rate limits, from first principles. Most APIs limit requests by a token bucket: capacity B
// (the burst), refilled at r per second; a request takes a token or is refused (429, with a
// Retry-After of at least the time to the next token — whole seconds, so usually 1 s or more).
// Latency says nothing about it: answers are just as fast until the bucket is empty. So:
// - Time. Over a run of N requests the server lets through at most B + r·T by time T, so no
//   client finishes before (N − B)/r; it finishes then exactly when it never leaves tokens
//   unused — the bucket never sits full, and is empty at the end. A Retry-After hold does not
//   cost time by itself (the bucket refills meanwhile, as long as r·hold ≤ B); a hold near the
//   end does, because what it refilled is left unused. Refusals after the first are therefore
//   the thing to avoid; a client that sends slower than r wastes time as surely.
// - Refusals. When the bucket runs dry, every request already in flight that gets no token is
//   refused: about (requests in flight) − r·RTT. Nothing warns of the first time (no signal
//   before it), so its cost is the limit then: hence the evidence rule above — the limit grows
//   past 2× its start only to OK answers / 8, so a first dry bucket costs at most
//   max(16, what it let through / 8) refusals, and a server that never refuses still sees 64 in
//   flight after ~512 answers.
// - Measuring. After a 429 the bucket is empty, and the requests still in flight arrive faster
//   than tokens (or there would have been no 429): each token is taken as soon as it is made.
//   So from the first 429 (less than one token left) to an OK answer let through while the
//   bucket was empty (sent before the latest 429, answered after it: it took the token just
//   made) every token the server made came through as an OK answer: that count (less half a
//   token for the one it may have held) over that time is r — within a token in a round at the
//   first episode, exactly over the long span to a later one. Fewer than MIN_RATE_SAMPLE OK
//   answers measure nothing (r·RTT below 2: the next episode does). r is never taken above what
//   came through from the first answer to the first 429 over that time (B ≥ 0): a client whose
//   answers arrive in clumps (a busy machine) sees tiny spans. The burst: at any time τ the
//   bucket holds at most B, so the OK answers to requests sent from τ until the first 429 came
//   are at most B + r·(that time); each OK answer's sending gives a τ, and the largest of these
//   bounds is B's measure (never above B if r is right). The largest is where the client began
//   to send faster than the bucket refills: before it (a list, planning) tokens only overflowed
//   a full bucket, so counting from the first answer would undercount B by r times that start
//   (measured: B 79, 70, 68, 46… for a true 100). An r measured too high gives a B too low: the
//   two errors offset over that time — but not over the hold that follows, which banks
//   min(B, r · hold): a few per cent off in r (a few tokens measured, spread by jitter) left
//   5–15 of the 100 tokens a 1 s hold banked unused (the benchmark's case, simulated: 1.13× the
//   best fixed concurrency).
// - Three measures, one median. At the first episode r is measured three ways that fail
//   differently: on the answer axis (above; too high when answers arrive in clumps on a busy
//   client — replayed from 69 real deploys at load 3–10: up to 2.6× the true rate), on the send
//   axis (the OK answers among the requests sent from the first 429's sending until it was seen,
//   over the span of their sending: they reach the server in that order, a latency later; off
//   when the network jitters by a good part of that span), and as the rate at which the burst
//   measured equals one hold's refill (below; exact for such a bucket, off for others). The
//   median of the three is taken: it is right whenever two are (replayed: the tokens left unused
//   at the hold's end, median 27 → 5 of 100).
// - A bucket of one hold. A rate limit of "r requests a second" is most often a bucket of one
//   second's worth (B = r · 1 s), and Retry-After is in whole seconds: B = r · hold. The burst
//   measured falls as the r it is measured at rises, and r · hold rises, so one r makes them
//   equal; when it lies within ONE_HOLD_AGREEMENT of the r measured (the first episode's
//   error), the limiter takes that r and that B — exact for such a bucket whatever the few
//   tokens said — and refills its copy at the full rate during the hold (the bucket then holds
//   B = r · hold at its end; the pace's margin would leave a tenth of it unused), and paces at
//   ONE_HOLD_MARGIN of it (that r rests on the whole burst, not on a few tokens). Further apart,
//   the bucket is larger or smaller than one hold and the measured r and B stand: taking the
//   agreeing pair there would overrun the server after the hold (simulated, 20 % off: a second
//   hold, up to 1.4× the time).
// - A few tokens off. At r·RTT ≈ 2–3 (100/s at 25 ms) the answer and send axes rest on the same
//   two or three tokens, and two answers seen 20–30 ms apart instead of 10 (a shared machine)
//   read 47–80/s for a true 100: the median is then low, the one-hold rate (~97/s) lies further
//   than ONE_HOLD_AGREEMENT above it, and the tail was paced at 60–75/s (about one real run in
//   five took 2.6–3.2 s instead of 2.2). A bucket 1.2–1.5 holds large with r measured right looks
//   the same to the client then, so the hold still banks at the measured pace; but when the
//   measure rests on FEW_TOKENS or fewer and the one-hold rate lies within the one token they
//   can be off by ((n + 1)/(n − ½) times the measure), the copy catches up with the one-hold
//   bucket once that burst has gone: the one-hold pace (ONE_HOLD_MARGIN of its rate), and the
//   tokens that bucket would have banked beyond the copy's paid in on top at CATCH_UP of it.
//   Paced, not in a burst: if the bucket was larger than one hold after all, the server runs
//   dry with a few requests in flight (a short episode), the pace goes back to the measured one,
//   the answers in flight measure r over the long span since the first 429, and the probe then
//   stops at that rate (it rests on a hundred tokens and more: probing past it only ran the
//   bucket dry once more near the end).
// - Pacing. From then on the limiter keeps a copy of the server's bucket — the measured B,
//   refilled at PACING_MARGIN of the measured r (the full r during the hold of a bucket of one
//   hold), emptied at every 429 (the server's is empty then), charged for every
//   request sent and for every OK let through while the server's was empty —, and a request
//   goes only with a token from it (acquire()). After a Retry-After hold the copy has refilled
//   as the server's has, so the burst that follows uses what the hold banked, then the pace
//   holds the server at its rate without emptying its bucket again: one refusal episode per
//   run instead of one per burst. The requests refused are sent again as soon as the hold ends
//   (src/api/client.ts adds no wait of its own to a Retry-After: a deploy's changes waiting to
//   retry keep their slots, and a random extra wait left the banked burst unused meanwhile).
//   Time spent paced raises the rate by PACING_PROBE a second, so an underestimate does not
//   last; if that (or an overestimate) empties the bucket again, the pace drops by the margin at
//   once, and the answers still in flight measure it afresh over the long span when there are
//   enough of them (at r·RTT near 1 there are none, and the probe would empty the bucket again
//   and again: one hold each, measured). A pause without requests longer than a
//   Retry-After (PAUSE_MS at least) lets the server's bucket fill — tokens made then were never
//   taken — so the measurement starts afresh after it.
// - 503 is not a rate limit (overload): it halves the limit and its Retry-After holds, but it
//   is not used to measure a rate — a rate measured while this client was the bottleneck would
//   only lock in its own pace.

export type LimitOutcome =
  /** An answer that says nothing about overload (2xx, most 4xx). Its latency is a sample. */
  | 'ok'
  /** 429: the server refuses because of a rate limit (see "Pacing" above). Also a refusal. */
  | 'throttled'
  /** 503: the server refuses because of load. */
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
/**
 * Evidence before growth: the limit grows past twice its start only while it stays within
 * this share of the answers had so far (limit ≤ OK answers / EVIDENCE_RATIO), so the requests
 * in flight when a rate limit first runs dry — its first refusals — stay a small share of
 * what the limit let through.
 */
export const EVIDENCE_RATIO = 8;
/** Pacing keeps this share of the measured rate: the margin for error. */
export const PACING_MARGIN = 0.9;
/**
 * "A bucket of one hold" (see Measuring): the rate at which the burst measured before the first
 * 429 equals what that rate refills in one Retry-After hold is taken instead of the measured
 * rate when the two lie within this share of each other (a rate measured from a few tokens is
 * off by about that much). Wider, a bucket somewhat larger or smaller than one hold would be
 * overrun after the hold (simulated: a second hold, up to 1.4× the time).
 */
export const ONE_HOLD_AGREEMENT = 0.1;
/**
 * The pace's margin below a rate found that way: it rests on the whole burst (some hundred
 * answers), not on the few let through after the 429, and errs low by the burst's own error (the
 * last round before the 429 is not counted: a few per cent), so half the usual margin.
 */
export const ONE_HOLD_MARGIN = 0.95;
/**
 * A bucket of one hold, found only within a few tokens' error (see Measuring): after the hold,
 * the copy gets the tokens the one-hold bucket would have banked beyond what the measured pace
 * banked, at this share of the one-hold pace on top of it — spread, so that if the bucket was
 * not one hold's worth after all, the server runs dry with a few requests in flight, not a burst.
 */
export const CATCH_UP = 0.5;
/** A rate measured from at most this many tokens let through may be a token off (see CATCH_UP). */
export const FEW_TOKENS = 3;
/** Fewest OK answers let through after the first 429 for a rate to be measured from them. */
export const MIN_RATE_SAMPLE = 2;
/** While paced, the rate rises by this share per second (an underestimate is not kept for ever). */
export const PACING_PROBE = 0.05;
/** Send times of OK answers kept for the burst's measurement (the latest; older ones only make it lower). */
export const MAX_OK_SENT = 4096;
/** A pause without requests longer than this (or than the longest Retry-After) starts a new measurement. */
export const PAUSE_MS = 1000;

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
  /** When the current window started (the last judgement or decrease): answers to requests sent before it are not counted in it. */
  #windowStart: number;
  #lastDecrease = -Infinity;
  #samples: number[] = [];
  #saturated = false;
  #floor = Infinity;
  #decreases = 0;
  #pausedUntil = -Infinity;
  /** OK answers so far. */
  #oks = 0;
  /**
   * When the server's bucket was last taken to be full (the first answer, or the end of a pause
   * long enough to fill it), and OK answers by then: where a measurement starts.
   */
  #originAt: number | undefined;
  #originOks = 0;
  /** When the requests answered OK since the origin, before the first 429, were sent. */
  #okSent: number[] = [];
  /** The limit a 429 cut (restored once the rate is measured: the pace keeps the rate then); 0: none. */
  #limitBeforeThrottle = 0;
  /** The first 429 since the origin: when, and OK answers by then. */
  #firstThrottleAt: number | undefined;
  #oksBeforeThrottle = 0;
  /** When a request last went, and the longest Retry-After seen. */
  #lastSentAt = -Infinity;
  #longestHold = 0;
  /** The latest 429: when (the server's bucket was empty then). */
  #lastThrottleAt = -Infinity;
  /** The server's rate (requests/ms) and burst, as measured; undefined: not paced. */
  #rate: number | undefined;
  #burst = 0;
  /** The client's copy of the server's bucket: tokens at #tokensAt. */
  #tokens = 0;
  #tokensAt = 0;
  /** A request waited for a token since the window began (the limit was not what held it back). */
  #paced = false;
  /**
   * The first hold after the measurement refills the copy at the full rate, not the pace's
   * margin below it: the measurement found a bucket of one hold (see Measuring).
   */
  #oneHold = false;
  /** The first 429's sending; of the requests sent from then until it was seen: OK answers, the latest sending and whether it was OK. */
  #firstThrottleSent = 0;
  #episodeOks = 0;
  #episodeLastSent = 0;
  #episodeLastOk = false;
  /**
   * A bucket of one hold within a few tokens' error: the rate (requests/ms) and burst it says,
   * taken up when the hold ends (#refill); undefined: none pending.
   */
  #catchUp: { rate: number; burst: number } | undefined;
  /** Tokens still owed to the copy by a catch-up. */
  #owed = 0;
  /** The catch-up's pace, taken up once the copy is empty after the hold. */
  #catchUpRate: number | undefined;
  /** The pace last measured (requests/ms): a 429 after a catch-up goes back to it. */
  #measuredPace = 0;
  /** A catch-up took over after the hold (until a 429 or a pause). */
  #caughtUp = false;
  /** A catch-up ran the server dry: the probe stops at the rate measured over the long span to it (#probeCap). */
  #settled = false;
  /** The probe raises the pace no higher than this (requests/ms): the rate measured over that long span. */
  #probeCap = Infinity;

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

  /** The pace kept under a measured rate limit (requests per second, and the burst allowed). */
  get rateLimit(): { perSecond: number; burst: number } | undefined {
    return this.#rate === undefined ? undefined : { perSecond: this.#rate * 1000, burst: this.#burst };
  }

  /**
   * How long the next request must wait (a Retry-After, or the pace of a measured rate limit),
   * in ms; 0: it may go now, and it is counted as sent (call this right before sending, with
   * nothing awaited in between).
   */
  acquire(): number {
    const hold = this.delayMs();
    if (hold > 0) return hold;
    const now = this.#now();
    // A pause (no request sent, no hold) longer than a Retry-After lets the server's bucket fill:
    // tokens it made then were never taken, so a measurement across it would count too few.
    // Measure afresh from here (the bucket full now, or the burst only underestimated).
    if (this.adaptive && now - Math.max(this.#lastSentAt, this.#pausedUntil) > Math.max(PAUSE_MS, this.#longestHold)) {
      this.#originAt = now;
      this.#originOks = this.#oks;
      this.#okSent = [];
      this.#firstThrottleAt = undefined;
      this.#lastThrottleAt = -Infinity;
      this.#oneHold = false;
      this.#catchUp = undefined;
      this.#catchUpRate = undefined;
      this.#owed = 0;
      this.#caughtUp = false;
      this.#settled = false;
      this.#probeCap = Infinity;
    }
    if (this.#rate !== undefined) {
      this.#refill(now);
      if (this.#tokens < 1) {
        this.#paced = true;
        return Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate));
      }
      this.#tokens -= 1;
    }
    this.#lastSentAt = now;
    return 0;
  }


  #refill(now: number): void {
    if (this.#rate === undefined) return;
    if (this.#catchUp !== undefined && now >= this.#pausedUntil) {
      // The hold is over (the copy refilled at the measured pace meanwhile): once its burst has
      // gone, the one-hold bucket's pace, and the tokens that bucket would have banked beyond
      // what the copy has, paid in on top of it as the catch-up goes. (Not at all when the copy
      // was already drawn on since the last 429 was seen — no hold after it: what the server
      // banked is not known.)
      const catchUp = this.#catchUp;
      this.#catchUp = undefined;
      if (this.#tokensAt > this.#pausedUntil) {
        this.#refillTo(now);
        return;
      }
      this.#refillTo(this.#pausedUntil);
      this.#catchUpRate = catchUp.rate;
      this.#owed = Math.max(0, catchUp.burst - this.#tokens);
      this.#burst = Math.max(1, Math.floor(catchUp.burst));
      this.#caughtUp = true;
    }
    this.#refillTo(now);
  }

  #refillTo(now: number): void {
    if (this.#rate === undefined) return;
    // The burst the hold banked has gone at the measured pace (had the bucket been larger than
    // one hold, a faster pace meanwhile would overrun it at the burst's speed): the catch-up.
    if (this.#catchUpRate !== undefined && this.#tokens < 1) {
      this.#rate = this.#catchUpRate;
      this.#catchUpRate = undefined;
    }
    // Probe: time spent paced (not holding for a Retry-After) raises the rate a little.
    const paced = now - Math.max(this.#tokensAt, this.#pausedUntil);
    if (this.#tokens < 1 && paced > 0) this.#rate = Math.min(this.#probeCap, this.#rate * (1 + (PACING_PROBE * paced) / 1000));
    // During a hold after a bucket of one hold was found, the copy refills at the full rate.
    const held = this.#oneHold ? Math.max(0, Math.min(now, this.#pausedUntil) - this.#tokensAt) : 0;
    let made = held * (this.#rate / ONE_HOLD_MARGIN) + (now - this.#tokensAt - held) * this.#rate;
    // Paid only once the copy is empty (paced): had the bucket been larger or smaller than one
    // hold, the server runs dry with a few requests in flight, not in the burst's full limit.
    if (this.#owed > 0 && this.#catchUpRate === undefined) {
      const paid = Math.min(this.#owed, (now - this.#tokensAt) * this.#rate * CATCH_UP);
      this.#owed -= paid;
      made += paid;
    }
    this.#tokens = Math.min(this.#burst, this.#tokens + made);
    this.#tokensAt = now;
  }

  /**
   * A 429 at `now`: the server's bucket is empty. The first one also fixes the burst the server
   * let through (see Pacing); each resets the copy of the bucket to empty.
   */
  /**
   * r on the send axis: the requests sent from the first 429's sending until it was seen reach the
   * server in that order, a latency later, while its bucket is empty; the OK ones among them took
   * the tokens made over the span of their sending (less half a token when the last was OK, more
   * when it was refused). Clumped answers do not shorten it. undefined below MIN_RATE_SAMPLE.
   */
  #sendAxisRate(): number | undefined {
    const span = this.#episodeLastSent - this.#firstThrottleSent;
    if (this.#episodeOks < MIN_RATE_SAMPLE || span <= 0) return undefined;
    return (this.#episodeOks + (this.#episodeLastOk ? -0.5 : 0.5)) / span;
  }

  #throttled(now: number, sentAt: number): void {
    if (this.#firstThrottleAt === undefined) {
      this.#firstThrottleSent = sentAt;
      this.#episodeOks = 0;
      this.#episodeLastSent = sentAt;
      this.#episodeLastOk = false;
      this.#firstThrottleAt = now;
      this.#oksBeforeThrottle = this.#oks - this.#originOks;
    }
    this.#lastThrottleAt = now;
    this.#tokens = 0;
    this.#tokensAt = now;
  }

  /**
   * An OK answer at `now` to a request sent before the latest 429 and let through after it:
   * the bucket was empty, so this answer took a token as soon as there was one (requests were
   * arriving faster than tokens, or there would have been no 429). See "Measuring" above.
   */
  #letThroughWhileEmpty(now: number): void {
    // The copy of the bucket, reset to empty at the 429, never counted this request.
    this.#tokens -= 1;
    // From the first 429 (the bucket empty then: less than one token) to this answer (empty
    // again: it took the token just made) every token made came through as an OK answer.
    const span = now - this.#firstThrottleAt!;
    const through = this.#oks - this.#originOks - this.#oksBeforeThrottle;
    if (through < MIN_RATE_SAMPLE || span <= 0) return;
    // Never above what came through from the start to the first 429 (the burst is not negative).
    const before = this.#firstThrottleAt! - (this.#originAt ?? this.#firstThrottleAt!);
    // The bucket held up to one token at the 429: count it half.
    const measured = (through - 0.5) / span;
    let rate = before > 0 ? Math.min(measured, this.#oksBeforeThrottle / before) : measured;
    const firstEpisode = this.#lastThrottleAt < this.#firstThrottleAt! + this.#longestHold;
    if (firstEpisode) {
      // Three measures of r that fail differently (see "Measuring"): the median.
      const sent = this.#sendAxisRate();
      const oneHoldAt = this.#crossing(rate / 3, rate * 3, before);
      if (sent !== undefined && oneHoldAt !== undefined) rate = [rate, sent, oneHoldAt].sort((a, b) => a - b)[1];
    }
    // At the first episode (the answers still in flight at its first 429), see whether the
    // burst before it says the bucket holds one hold's refill.
    const oneHold = firstEpisode ? this.#oneHoldRate(rate, before) : undefined;
    this.#oneHold = oneHold !== undefined;
    this.#rate = oneHold !== undefined ? oneHold * ONE_HOLD_MARGIN : rate * PACING_MARGIN;
    if (this.#settled && !firstEpisode) this.#probeCap = rate;
    this.#burst = Math.max(1, Math.floor(this.#burstAt(oneHold ?? rate, before)));
    // Further above than ONE_HOLD_AGREEMENT, but within a token of what the answer axis rests
    // on (see Measuring): a bucket of one hold is likely still, and the copy catches up with it
    // after the hold, spread (CATCH_UP).
    this.#catchUp = undefined;
    if (firstEpisode && oneHold === undefined && through <= FEW_TOKENS) {
      const withinAToken = this.#crossing(rate * (1 + ONE_HOLD_AGREEMENT), (rate * (through + 1)) / (through - 0.5), before);
      if (withinAToken !== undefined) this.#catchUp = { rate: withinAToken * ONE_HOLD_MARGIN, burst: withinAToken * this.#longestHold };
    }
    this.#measuredPace = this.#rate;
    // The pace keeps the server at its rate from now on: the cut this 429 made to the limit
    // (for requests in flight, with no measure of the rate yet) would only slow the burst the
    // hold banks. Back to where it was.
    if (this.#limitBeforeThrottle > this.#limit) this.#set(this.#limitBeforeThrottle);
    this.#limitBeforeThrottle = 0;
  }

  /**
   * The rate r at which the burst measured at r (#burstAt) is what r refills in one hold
   * (r · longest Retry-After), when one lies within ONE_HOLD_AGREEMENT of the measured rate;
   * undefined when none does. The burst measured falls as r rises and the
   * hold's refill rises, so there is at most one, found by bisection.
   */
  #oneHoldRate(measured: number, before: number): number | undefined {
    return this.#crossing(measured * (1 - ONE_HOLD_AGREEMENT), measured * (1 + ONE_HOLD_AGREEMENT), before);
  }

  /** The r in [lo, hi] at which the burst measured at r is r · the longest hold; undefined when none is. */
  #crossing(lo: number, hi: number, before: number): number | undefined {
    const hold = this.#longestHold;
    if (!(hold > 0)) return undefined;
    const over = (r: number) => this.#burstAt(r, before) - r * hold;
    if (over(lo) < 0 || over(hi) > 0) return undefined;
    // 30 halvings: well under a thousandth of a request per second.
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      if (over(mid) >= 0) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The burst at rate r: the bucket holds at most B tokens at any time τ, and makes r·t more in
   * t, so the OK answers to requests sent from τ on, until the first 429 came, are at most
   * B + r·(first 429 − τ). Each OK answer's sending gives a τ; the largest bound wins, which is
   * where the client began to send faster than the bucket refills (a slow start — lists, planning —
   * before that only overflowed a full bucket). Also what came through from the first answer
   * (the bucket full then, at the start of a run). If r is right these are never above B.
   */
  #burstAt(rate: number, before: number): number {
    let burst = this.#oksBeforeThrottle - rate * before;
    const sent = [...this.#okSent].sort((a, b) => a - b);
    const t1 = this.#firstThrottleAt!;
    for (let i = 0; i < sent.length; i++) burst = Math.max(burst, sent.length - i - rate * (t1 - sent[i]));
    return burst;
  }

  /** One answer (or none): adjusts the limit and takes note of a Retry-After. */
  record(s: LimitSample): void {
    if (s.retryAfterMs !== undefined && s.retryAfterMs > 0) {
      this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + s.retryAfterMs);
      this.#longestHold = Math.max(this.#longestHold, s.retryAfterMs);
    }
    if (!this.adaptive || s.outcome === 'neutral') return;
    this.#originAt ??= this.#now();
    // Sent after the first 429 was sent and before it was seen: the send axis's sample.
    if (this.#firstThrottleAt !== undefined && s.sentAt > this.#firstThrottleSent && s.sentAt <= this.#firstThrottleAt && (s.outcome === 'ok' || s.outcome === 'throttled')) {
      if (s.outcome === 'ok') this.#episodeOks++;
      if (s.sentAt >= this.#episodeLastSent) {
        this.#episodeLastSent = s.sentAt;
        this.#episodeLastOk = s.outcome === 'ok';
      }
    }
    if (s.outcome === 'ok') {
      this.#oks++;
      if (this.#firstThrottleAt === undefined) {
        this.#okSent.push(s.sentAt);
        if (this.#okSent.length > MAX_OK_SENT) this.#okSent.splice(0, MAX_OK_SENT / 2);
      }
      if (s.sentAt < this.#lastThrottleAt) this.#letThroughWhileEmpty(this.#now());
    }
    if (s.outcome === 'throttled') {
      if (s.sentAt >= this.#lastDecrease) {
        // The first 429 of an episode: the limit before it cuts it (see below). Paced already,
        // the pace (or the burst after a hold) was too much: slow it, unless the answers still
        // in flight measure it afresh (few do when few tokens are made in a round).
        this.#limitBeforeThrottle = this.#limit;
        if (this.#rate !== undefined) this.#rate *= PACING_MARGIN;
        // After a catch-up the bucket was not one hold's worth after all: the measured pace.
        if (this.#caughtUp && this.#rate !== undefined) this.#rate = Math.min(this.#rate, this.#measuredPace);
        if (this.#caughtUp) this.#settled = true;
        this.#caughtUp = false;
        this.#oneHold = false;
        this.#catchUp = undefined;
        this.#catchUpRate = undefined;
        this.#owed = 0;
      }
      this.#throttled(this.#now(), s.sentAt);
    }
    if (s.outcome === 'refused' || s.outcome === 'throttled' || s.outcome === 'timeout') {
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
    if (this.#saturated && !this.#paced && median <= floor * NEAR_RATIO + NEAR_SLACK_MS) {
      const next = this.#slowStart ? Math.ceil(this.#limit * SLOW_START_GROWTH) : this.#limit + 1;
      const allowed = Math.max(this.#limit, 2 * this.#initial, Math.floor(this.#oks / EVIDENCE_RATIO));
      this.#set(Math.min(next, allowed));
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
    this.#paced = false;
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
