// The client's concurrency limiter, driven by a fake clock: every rule of "auto" (grow near the
// latency floor, shrink on 429/503, timeouts and latency climbs, the cap) and Retry-After.
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, EVIDENCE_RATIO, MIN_RATE_SAMPLE, MIN_WINDOW, ONE_HOLD_MARGIN, PACING_MARGIN, PACING_PROBE, type LimitOutcome } from '../../src/api/concurrency-limiter.js';
import { simulate } from './token-bucket-sim.js';

function setup(opts: { initial?: number; max?: number; adaptive?: boolean } = {}) {
  let now = 0;
  const limiter = new ConcurrencyLimiter({ initial: opts.initial ?? 8, max: opts.max ?? 64, adaptive: opts.adaptive ?? true, now: () => now });
  const clock = {
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
  };
  /**
   * One round: `count` requests (default: the limit) sent now with `inflight` in flight (default:
   * the limit, i.e. the limit was reached), all answered after `rttMs`.
   */
  const round = (rttMs: number, o: { count?: number; inflight?: number; outcome?: LimitOutcome; retryAfterMs?: number } = {}) => {
    const sentAt = now;
    const count = o.count ?? Math.max(MIN_WINDOW, limiter.limit);
    const inflight = o.inflight ?? limiter.limit;
    clock.advance(rttMs);
    for (let i = 0; i < count; i++) limiter.record({ sentAt, rttMs, inflight, outcome: o.outcome ?? 'ok', retryAfterMs: o.retryAfterMs });
  };
  return { limiter, clock, round };
}

describe('ConcurrencyLimiter (auto)', () => {
  it('starts at 8 and grows, round after round, while latency stays at its floor and the limit is reached', () => {
    const { limiter, round } = setup();
    expect(limiter.limit).toBe(8);
    const seen = [limiter.limit];
    for (let i = 0; i < 4; i++) {
      round(25);
      seen.push(limiter.limit);
    }
    // ×1.5 a round, up to twice the start…
    expect(seen).toEqual([8, 12, 16, 16, 16]);
    expect(limiter.floorMs).toBe(25);
  });

  it('grows past twice its start only as the OK answers so far allow (an eighth of them), so a first dry rate limit costs few 429s', () => {
    const { limiter, round } = setup();
    let oks = 0;
    const seen = [limiter.limit];
    for (let i = 0; i < 20; i++) {
      const before = limiter.limit;
      round(25);
      oks += Math.max(MIN_WINDOW, before);
      expect(limiter.limit).toBeLessThanOrEqual(Math.max(16, Math.floor(oks / EVIDENCE_RATIO)));
      seen.push(limiter.limit);
    }
    expect(seen).toEqual([8, 12, 16, 16, 16, 16, 16, 16, 16, 16, 18, 20, 23, 26, 29, 33, 37, 41, 46, 52, 59]);
  });

  it('does not grow when fewer requests than the limit were waiting (nothing shows the limit was too low)', () => {
    const { limiter, round } = setup();
    for (let i = 0; i < 5; i++) round(25, { count: 8, inflight: 3 });
    expect(limiter.limit).toBe(8);
  });

  it('never grows above its cap', () => {
    const { limiter, round } = setup({ max: 64 });
    for (let i = 0; i < 30; i++) round(25);
    expect(limiter.limit).toBe(64);
    expect(limiter.peak).toBe(64);
  });

  it('halves at once on a 429 or a 503, once per episode, and never goes below 1', () => {
    const { limiter, clock, round } = setup();
    round(25);
    round(25);
    expect(limiter.limit).toBe(16);
    // A burst of refusals of requests sent before the cut: one cut, not one per refusal.
    const sentAt = clock.now;
    clock.advance(25);
    for (let i = 0; i < 10; i++) limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'throttled' });
    expect(limiter.limit).toBe(8);
    // A 503 of a request sent after the cut cuts again.
    round(25, { count: 1, outcome: 'refused' });
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 10; i++) round(25, { count: 1, outcome: 'refused' });
    expect(limiter.limit).toBe(1);
    expect(limiter.lowest).toBe(1);
    expect(limiter.peak).toBe(16);
  });

  it('halves when a request times out', () => {
    const { limiter, round } = setup({ initial: 16 });
    round(30_000, { count: 1, outcome: 'timeout' });
    expect(limiter.limit).toBe(8);
  });

  it('after a cut, grows by one per round instead of half again', () => {
    const { limiter, round } = setup({ initial: 16 });
    round(25);
    expect(limiter.limit).toBe(24);
    round(25, { count: 1, outcome: 'throttled' });
    expect(limiter.limit).toBe(12);
    round(25);
    round(25);
    expect(limiter.limit).toBe(14);
  });

  it('shrinks at once when latency climbs well above its floor, in proportion to the climb, never below where it started', () => {
    const { limiter, round } = setup();
    for (let i = 0; i < 20; i++) round(25); // floor 25 ms: 8 → 12 → 16 … → 59
    expect(limiter.limit).toBe(59);
    round(75); // 3× the floor: the limit is at least halved
    expect(limiter.limit).toBe(29);
    round(40); // 1.6× the floor: between near and climbed, hold
    expect(limiter.limit).toBe(29);
    round(60); // 2.4×: × (1.5 · 25 / 60) = × 0.625
    expect(limiter.limit).toBe(18);
    round(60);
    expect(limiter.limit).toBe(11);
    round(60);
    expect(limiter.limit).toBe(8);
    expect(limiter.decreases).toBe(4);
    // Latency alone never takes it below the start (a busy machine is not cured by fewer requests)…
    for (let i = 0; i < 5; i++) round(300);
    expect(limiter.limit).toBe(8);
    expect(limiter.decreases).toBe(4);
    // …a refusal does.
    round(300, { count: 1, outcome: 'refused' });
    expect(limiter.limit).toBe(4);
  });

  it('judges a window by its median: one slow answer among fast ones is not a climb', () => {
    const { limiter, clock } = setup();
    const sentAt = clock.now;
    clock.advance(25);
    for (let i = 0; i < 7; i++) limiter.record({ sentAt, rttMs: 25, inflight: 8, outcome: 'ok' });
    limiter.record({ sentAt, rttMs: 900, inflight: 8, outcome: 'ok' });
    expect(limiter.limit).toBe(12);
  });

  it('ignores answers to requests sent before the limit last changed, and failures that say nothing about load', () => {
    const { limiter, clock, round } = setup();
    const before = clock.now;
    round(25); // grows to 12
    expect(limiter.limit).toBe(12);
    // Very slow answers, but to requests sent under the old limit.
    for (let i = 0; i < 20; i++) limiter.record({ sentAt: before, rttMs: 500, inflight: 8, outcome: 'ok' });
    expect(limiter.limit).toBe(12);
    round(25, { count: 20, outcome: 'neutral' }); // 500s, 502s, resets
    expect(limiter.limit).toBe(12);
  });

  it('tolerates jitter of a few milliseconds at loopback latencies', () => {
    const { limiter, round } = setup();
    round(1);
    expect(limiter.limit).toBe(12);
    round(3); // 3× a 1 ms floor, but within the absolute slack: still "near"
    expect(limiter.limit).toBe(16);
  });
});

describe('ConcurrencyLimiter and Retry-After', () => {
  it('holds every request until a Retry-After has passed', () => {
    const { limiter, clock, round } = setup();
    expect(limiter.delayMs()).toBe(0);
    round(25, { count: 1, outcome: 'refused', retryAfterMs: 1000 });
    expect(limiter.delayMs()).toBe(1000);
    clock.advance(600);
    expect(limiter.delayMs()).toBe(400);
    // A shorter Retry-After arriving later does not shorten the wait.
    round(10, { count: 1, outcome: 'refused', retryAfterMs: 100 });
    expect(limiter.delayMs()).toBe(390);
    clock.advance(390);
    expect(limiter.delayMs()).toBe(0);
  });

  it('honours Retry-After with a fixed concurrency too, which never changes', () => {
    const { limiter, clock, round } = setup({ adaptive: false, initial: 4 });
    round(25, { count: 3, outcome: 'refused', retryAfterMs: 2000 });
    expect(limiter.limit).toBe(4);
    expect(limiter.delayMs()).toBe(2000);
    for (let i = 0; i < 10; i++) round(1);
    expect(limiter.limit).toBe(4);
    clock.advance(2000);
    expect(limiter.delayMs()).toBe(0);
  });
});

describe('ConcurrencyLimiter pacing under a rate limit (429)', () => {
  /** A 429 episode by hand: `inflight` requests sent at 0, the bucket empty at 30 ms, OKs let through every `everyMs` after. */
  function episode(opts: { oksBefore: number; beforeMs: number; everyMs: number; lettered: number }) {
    const { limiter, clock } = setup();
    // The start: oksBefore answers over beforeMs (the burst and what the rate added meanwhile).
    for (let i = 0; i < opts.oksBefore; i++) {
      const sentAt = clock.now;
      clock.advance(opts.beforeMs / opts.oksBefore);
      limiter.record({ sentAt, rttMs: 25, inflight: 4, outcome: 'ok' });
    }
    const sentAt = clock.now - 1;
    limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'throttled', retryAfterMs: 1000 });
    for (let i = 0; i < opts.lettered; i++) {
      clock.advance(opts.everyMs / 2);
      limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'throttled', retryAfterMs: 1000 });
      clock.advance(opts.everyMs / 2);
      limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'ok' });
    }
    return { limiter, clock };
  }

  it('measures the rate from the OK answers let through while the bucket was empty, and the burst from what came before', () => {
    // 150 OKs in the first 500 ms (burst 100 + 100/s), then one OK every 10 ms while refused.
    const { limiter } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 10, lettered: 4 });
    const rate = limiter.rateLimit!;
    // 4 OKs in the 40 ms after the 429: 100/s, within the one token the bucket may have held then.
    expect(rate.perSecond).toBeGreaterThanOrEqual(75 * PACING_MARGIN);
    expect(rate.perSecond).toBeLessThanOrEqual(100 * PACING_MARGIN);
    // 150 − 100/s · 0.5 s = 100; an r measured a little low gives a B a little high: the two
    // add up to the 150 that came through in those 0.5 s.
    expect(rate.burst).toBeGreaterThanOrEqual(100);
    expect(rate.burst).toBeLessThanOrEqual(115);
    expect(rate.burst + (rate.perSecond / PACING_MARGIN) * 0.5).toBeGreaterThan(148);
    expect(rate.burst + (rate.perSecond / PACING_MARGIN) * 0.5).toBeLessThanOrEqual(150);
  });

  it('measures the burst from where the client began to send faster than the bucket refills: a slow start does not lower it', () => {
    const { limiter, clock } = setup();
    // 10 answers 50 ms apart (a list, planning: 20/s, the bucket full and overflowing), then 150
    // in 500 ms (burst 100 + 100/s), then the bucket is dry; one OK every 10 ms after.
    const answer = (gapMs: number, outcome: LimitOutcome = 'ok', sentAt = clock.now) => {
      clock.advance(gapMs);
      limiter.record({ sentAt, rttMs: 25, inflight: 4, outcome, retryAfterMs: outcome === 'throttled' ? 1000 : undefined });
    };
    for (let i = 0; i < 10; i++) answer(50);
    for (let i = 0; i < 150; i++) answer(500 / 150);
    const sentAt = clock.now - 1;
    answer(0, 'throttled', sentAt);
    for (let i = 0; i < 4; i++) {
      answer(5, 'throttled', sentAt);
      answer(5, 'ok', sentAt);
    }
    const { perSecond, burst } = limiter.rateLimit!;
    const rate = perSecond / PACING_MARGIN;
    expect(rate).toBeGreaterThanOrEqual(75);
    expect(rate).toBeLessThanOrEqual(100);
    // Counted from the first answer it would be 160 − r · 1 s ≈ 60–85.
    expect(burst).toBeGreaterThanOrEqual(95);
    expect(burst + rate * 0.5).toBeLessThanOrEqual(151);
  });

  it('a 429 halves the limit; once the rate is measured the pace keeps the server at it, and the limit is back where it was', () => {
    const { limiter, clock } = setup();
    // 150 OK answers at 8 in flight (the limit reached): the limit grows.
    for (let i = 0; i < 150; i++) {
      clock.advance(500 / 150);
      limiter.record({ sentAt: clock.now - 25, rttMs: 25, inflight: limiter.limit, outcome: 'ok' });
    }
    const before = limiter.limit;
    expect(before).toBeGreaterThan(8);
    const at = clock.now - 1;
    limiter.record({ sentAt: at, rttMs: 25, inflight: before, outcome: 'throttled', retryAfterMs: 1000 });
    expect(limiter.limit).toBe(Math.floor(before / 2));
    for (let i = 0; i < MIN_RATE_SAMPLE; i++) {
      clock.advance(10);
      limiter.record({ sentAt: at, rttMs: 25, inflight: before, outcome: 'ok' });
    }
    expect(limiter.rateLimit).toBeDefined();
    expect(limiter.limit).toBe(before);
  });

  it('needs at least MIN_RATE_SAMPLE OK answers let through to measure; until then only the Retry-After holds', () => {
    const { limiter } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 10, lettered: MIN_RATE_SAMPLE - 1 });
    expect(limiter.rateLimit).toBeUndefined();
    expect(limiter.delayMs()).toBeGreaterThan(0);
  });

  it('after the hold, lets the banked burst go at once, then one request per 1/rate', () => {
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 10, lettered: 4 });
    expect(limiter.acquire()).toBeGreaterThan(900); // the Retry-After first
    clock.advance(limiter.delayMs());
    const { perSecond, burst } = limiter.rateLimit!;
    let went = 0;
    while (limiter.acquire() === 0) went++;
    // The copy of the bucket refilled during the 1 s hold: min(burst, rate · 1 s), less the 3 it
    // was charged for OKs let through after the 429.
    expect(went).toBeGreaterThanOrEqual(Math.min(burst, Math.floor(perSecond)) - 4);
    expect(went).toBeLessThanOrEqual(Math.min(burst, Math.ceil(perSecond)));
    const wait = limiter.acquire();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(Math.ceil(1000 / perSecond));
    clock.advance(wait);
    expect(limiter.acquire()).toBe(0);
  });

  it('a pause longer than a Retry-After starts a new measurement (the bucket filled meanwhile: tokens made then were never taken)', () => {
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 10, lettered: 4 });
    expect(limiter.rateLimit!.perSecond).toBeGreaterThan(60);
    // Nothing sent for 20 s (a watch session between saves), then a push runs the bucket dry
    // again and the server now lets one through every 20 ms (50/s).
    clock.advance(20_000);
    expect(limiter.acquire()).toBe(0);
    for (let i = 0; i < 60; i++) {
      const sentAt = clock.now;
      clock.advance(5);
      limiter.record({ sentAt, rttMs: 5, inflight: 8, outcome: 'ok' });
    }
    const sentAt = clock.now - 1;
    limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'throttled', retryAfterMs: 1000 });
    for (let i = 0; i < 5; i++) {
      clock.advance(20);
      limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'ok' });
    }
    // Measured across the pause it would be ~65 OKs over 20 s: ~3/s.
    expect(limiter.rateLimit!.perSecond).toBeGreaterThan(40 * PACING_MARGIN);
    expect(limiter.rateLimit!.perSecond).toBeLessThanOrEqual(50 * PACING_MARGIN);
  });

  it('a 503 (overload, not a rate limit) never paces, however many answers come between them', () => {
    const { limiter, clock } = setup();
    for (let i = 0; i < 50; i++) {
      const sentAt = clock.now;
      clock.advance(5);
      limiter.record({ sentAt, rttMs: 5, inflight: 8, outcome: i % 5 === 0 ? 'refused' : 'ok' });
    }
    expect(limiter.rateLimit).toBeUndefined();
    expect(limiter.acquire()).toBe(0);
  });

  it('a fixed concurrency never paces', () => {
    const { limiter } = setup({ adaptive: false, initial: 4 });
    expect(limiter.rateLimit).toBeUndefined();
  });

  /** After the hold: how many requests the copy of the bucket lets go at once. */
  function burstAfterHold(limiter: ConcurrencyLimiter, clock: { advance(ms: number): void }): number {
    clock.advance(limiter.delayMs());
    let went = 0;
    while (limiter.acquire() === 0 && went < 1000) went++;
    return went;
  }

  it('a bucket of one hold: when the burst before the 429 and one hold of the rate agree within the rate\'s error, the hold banks all of it', () => {
    // B 100, r 100/s (a per-second limit, Retry-After 1 s): 150 OKs in 500 ms, then one let
    // through every 8 ms — the rate measured from them (3.5 tokens in 32 ms: ~109/s) is high,
    // as it often is from a few answers, and at that rate the burst comes out ~95.
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 8, lettered: 4 });
    const { perSecond, burst } = limiter.rateLimit!;
    // Where burst and one hold's refill agree: 150 − r · 0.5 s = r · 1 s, r = 100/s, B = 100.
    expect(burst).toBeGreaterThanOrEqual(99);
    expect(burst).toBeLessThanOrEqual(100);
    // The pace keeps its (smaller) margin below that rate.
    expect(perSecond).toBeGreaterThanOrEqual(99 * ONE_HOLD_MARGIN);
    expect(perSecond).toBeLessThanOrEqual(101 * ONE_HOLD_MARGIN);
    // The hold (1 s) refilled the server's bucket to 100: the copy, refilled at the full rate
    // during it, lets all of it go (less the 4 let through after the 429), not 90 % of it.
    expect(burstAfterHold(limiter, clock)).toBeGreaterThanOrEqual(96);
  });

  it('answers seen in a clump (a busy client) do not make the rate: the median of the answer axis, the send axis and one hold is taken', () => {
    const { limiter, clock } = setup();
    // B 100, r 100/s: 150 OKs in 500 ms; then the first 429 (sent at t) and ten more requests sent
    // 2.4 ms apart while it was on its way; the server let one through about every 10 ms (the 4th
    // and the 8th). All eleven answers are seen within 2 ms of each other.
    for (let i = 0; i < 150; i++) {
      const sentAt = clock.now;
      clock.advance(500 / 150);
      limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'ok' });
    }
    const t = clock.now;
    clock.advance(25);
    limiter.record({ sentAt: t, rttMs: 25, inflight: 16, outcome: 'throttled', retryAfterMs: 1000 });
    for (let j = 1; j <= 10; j++) {
      clock.advance(0.2);
      const outcome: LimitOutcome = j % 4 === 0 ? 'ok' : 'throttled';
      limiter.record({ sentAt: t + j * 2.4, rttMs: 25, inflight: 16, outcome, retryAfterMs: outcome === 'throttled' ? 1000 : undefined });
    }
    // On the answer axis alone: 1.5 tokens in under 2 ms, capped at 150 in ~525 ms: ~290/s, and
    // a burst of nearly nothing.
    const { perSecond, burst } = limiter.rateLimit!;
    expect(perSecond).toBeLessThanOrEqual(101 * ONE_HOLD_MARGIN);
    expect(perSecond).toBeGreaterThanOrEqual(90 * ONE_HOLD_MARGIN);
    expect(burst).toBeGreaterThanOrEqual(95);
  });

  it('a bucket of one hold refills at the full rate during its own hold only: a later 429 (paced) holds at the pace', () => {
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 8, lettered: 4 });
    burstAfterHold(limiter, clock);
    // Paced for a while, then refused again (the pace was too much): a second hold.
    for (let i = 0; i < 20; i++) {
      const wait = limiter.acquire();
      clock.advance(Math.max(wait, 1));
    }
    const sentAt = clock.now - 1;
    limiter.record({ sentAt, rttMs: 25, inflight: 16, outcome: 'throttled', retryAfterMs: 1000 });
    const { perSecond } = limiter.rateLimit!;
    // The copy refills at the pace now, not the full rate: at most the pace's 1 s worth.
    expect(burstAfterHold(limiter, clock)).toBeLessThanOrEqual(Math.ceil(perSecond));
  });

  it('a rate read from two tokens far below one hold\'s: the burst goes at the measured pace, then the copy catches up with a bucket of one hold, paced', () => {
    // B 100, r 100/s: 150 OKs in 500 ms, then two let through 12 ms apart (a busy machine saw
    // them late): (2 − ½) tokens in 24 ms reads ~62/s, and the burst at that rate ~120 — the one-
    // hold rate (~100/s) is 60 % above it, further than ONE_HOLD_AGREEMENT, but within the one
    // token two tokens can be off by.
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 12, lettered: 2 });
    const measured = limiter.rateLimit!.perSecond;
    expect(measured).toBeLessThan(60);
    // The hold banks at the measured pace (had the bucket been larger than one hold, more now
    // would overrun it in a burst)…
    const burst = burstAfterHold(limiter, clock);
    expect(burst).toBeLessThanOrEqual(Math.ceil(measured));
    // …then the pace is one hold's (~95 % of 100/s), and the tokens that bucket would have
    // banked beyond it are paid in on top, spread over the next second or so.
    let went = 0;
    for (let t = 0; t < 1000; ) {
      const wait = limiter.acquire();
      if (wait === 0) went++;
      else {
        clock.advance(wait);
        t += wait;
      }
    }
    expect(limiter.rateLimit!.perSecond).toBeGreaterThanOrEqual(99 * ONE_HOLD_MARGIN);
    // (and the probe's PACING_PROBE a second on top, paced for the second)
    expect(limiter.rateLimit!.perSecond).toBeLessThanOrEqual(101 * ONE_HOLD_MARGIN * (1 + 1.1 * PACING_PROBE));
    // The server allowed 100 (the hold) + 100 (this second), less the two let through: the copy
    // stays within it, and uses nearly all of it (main's pace of ~56/s used ~115).
    expect(burst + went).toBeLessThanOrEqual(198);
    expect(burst + went).toBeGreaterThanOrEqual(180);
  });

  it('a catch-up that runs the server dry: back to the measured pace, and the probe stops at the rate measured over the long span', () => {
    const { limiter, clock } = episode({ oksBefore: 150, beforeMs: 500, everyMs: 12, lettered: 2 });
    const measured = limiter.rateLimit!.perSecond;
    burstAfterHold(limiter, clock);
    for (let i = 0; i < 30; i++) clock.advance(Math.max(1, limiter.acquire()));
    // The bucket was larger than one hold after all, and its rate lower: refused while paced.
    const sentAt = clock.now - 1;
    limiter.record({ sentAt, rttMs: 25, inflight: 4, outcome: 'throttled', retryAfterMs: 1000 });
    expect(limiter.rateLimit!.perSecond).toBeLessThanOrEqual(measured);
    // Two OKs let through after it measure the rate over the long span from the first 429.
    for (let i = 0; i < 2; i++) {
      clock.advance(10);
      limiter.record({ sentAt, rttMs: 25, inflight: 4, outcome: 'ok' });
    }
    const paced = limiter.rateLimit!.perSecond;
    const longSpan = paced / PACING_MARGIN;
    // Paced for 10 s: the probe (PACING_PROBE a second) raises the pace up to that rate, not past it.
    clock.advance(limiter.delayMs());
    for (let t = 0; t < 10_000; ) {
      const wait = Math.max(1, limiter.acquire());
      clock.advance(wait);
      t += wait;
    }
    expect(limiter.rateLimit!.perSecond).toBeGreaterThan(paced);
    expect(limiter.rateLimit!.perSecond).toBeLessThanOrEqual(longSpan * 1.0001);
  });

  it('a bucket larger than one hold (burst and hold disagree): the hold banks only the margin below the rate', () => {
    // B 200, r 100/s: 250 OKs in 500 ms, then one every 10 ms. The burst (~206) is twice what
    // the rate refills in a 1 s hold, so the server has only ~100 after it: the copy must not
    // count on its burst, and keeps the pace's margin during the hold.
    const { limiter, clock } = episode({ oksBefore: 250, beforeMs: 500, everyMs: 10, lettered: 4 });
    const { perSecond, burst } = limiter.rateLimit!;
    expect(burst).toBeGreaterThan(190);
    expect(burstAfterHold(limiter, clock)).toBeLessThanOrEqual(Math.ceil(perSecond));
  });
});

describe('ConcurrencyLimiter against simulated servers (test/api/token-bucket-sim.ts)', () => {
  // Token buckets of different capacity B and rate r, at different latencies: the rule is not
  // fitted to one. Each asserts, on the simulation's clock: one episode of refusals that costs
  // no more than the evidence rule allows, later episodes (if any) of a few refusals, a pace
  // near r, and a finish near the optimum (N − B)/r plus one Retry-After hold.
  const buckets = [
    { bucket: 100, rate: 100, latencyMs: 25 },
    { bucket: 50, rate: 50, latencyMs: 25 },
    { bucket: 100, rate: 100, latencyMs: 5 },
    { bucket: 200, rate: 100, latencyMs: 50 },
    { bucket: 100, rate: 300, latencyMs: 25 },
    { bucket: 300, rate: 200, latencyMs: 10 },
    // A bucket of half a hold, a slow and a fast rate. (Buckets of 1.2 and 1.5 holds: below.)
    { bucket: 50, rate: 100, latencyMs: 25 },
    { bucket: 40, rate: 20, latencyMs: 25 },
    { bucket: 500, rate: 500, latencyMs: 25 },
  ];
  // Clients: a plain one (1 ms of CPU a request); one like the benchmark's deploy (2 ms, and
  // 100 ms of planning between its list and its writes: the bucket overflows meanwhile); a busy
  // one (blocked 15 ms in every 50: answers seen in clumps) with a few ms of network jitter.
  const clients = [
    { name: 'plain', clientCpuMs: 1 },
    { name: 'slow start', clientCpuMs: 2, planMs: 100 },
    { name: 'busy', clientCpuMs: 1.5, planMs: 100, stallEveryMs: 50, stallMs: 15, jitterMs: 5 },
    // Answers seen up to 15 ms late at random (a shared machine's scheduler): the few let
    // through after a 429 read a rate far off.
    { name: 'clumped', clientCpuMs: 2, planMs: 100, jitterMs: 3, answerJitterMs: 15 },
  ];
  for (const server of buckets) {
    for (const requests of [300, 1000]) for (const { name, jitterMs, answerJitterMs, ...client } of clients) {
      it(`B ${server.bucket}, r ${server.rate}/s, ${server.latencyMs} ms, ${requests} requests, ${name} client`, () => {
        const sv = { ...server, jitterMs, answerJitterMs };
        const sim = simulate(sv, { concurrency: 'auto', requests, ...client });
        const burstOnly = simulate(sv, { concurrency: 32, requests, ...client });
        // The first dry bucket: at most what was in flight, which the evidence rule keeps to
        // max(2 × 8, an eighth of what the bucket let through) — B plus r times the time it took.
        const letThrough = server.bucket + (server.rate * (sim.refusedAt[0] ?? 0)) / 1000;
        const firstBound = Math.max(16, letThrough / EVIDENCE_RATIO) + 1;
        // When fewer than three tokens are made in one round (r·RTT < 3) the first episode cannot
        // measure the rate and a second one may cost as much; after that (pacing) only the
        // pace's own errors, a few refusals each.
        const big = sim.episodes.filter((n) => n > Math.max(3, (server.rate * server.latencyMs) / 1000 + 2));
        expect(big.length).toBeLessThanOrEqual((server.rate * server.latencyMs) / 1000 < MIN_RATE_SAMPLE ? 2 : 1);
        for (const n of big) expect(n).toBeLessThanOrEqual(firstBound);
        expect(sim.refusals).toBeLessThan(Math.max(1, burstOnly.refusals));
        const pace = sim.limiter.rateLimit;
        if (sim.episodes.length > 1 || requests > server.bucket * 3) {
          expect(pace).toBeDefined();
          expect(pace!.perSecond).toBeGreaterThan(server.rate * 0.75);
          expect(pace!.perSecond).toBeLessThan(server.rate * 1.25);
        }
        const optimum = (Math.max(0, requests + 1 - server.bucket) / server.rate) * 1000;
        expect(sim.ms).toBeLessThan(optimum * 1.1 + 1000 + 200);
      });
    }
  }

  it("the benchmark's case (B 100, r 100/s, 25 ms, 300 writes after a list and 100 ms of planning): within 10 % of the best fixed concurrency", () => {
    // The hold after the first dry bucket banks r × 1 s = B tokens: it costs nothing if the
    // retries go when it ends, at the limit before the 429, and the burst is not undercounted.
    const server = { bucket: 100, rate: 100, latencyMs: 25, serverCpuMs: 0.4 };
    const client = { requests: 300, clientCpuMs: 2, planMs: 100 };
    const auto = simulate(server, { concurrency: 'auto', ...client });
    const fixed = Math.min(...[2, 4, 8, 16, 32].map((c) => simulate(server, { concurrency: c, ...client }).ms));
    expect(auto.refusals).toBeLessThanOrEqual(20);
    expect(auto.episodes.length).toBe(1);
    expect(auto.limiter.rateLimit!.burst).toBeGreaterThanOrEqual(90);
    expect(auto.ms).toBeLessThanOrEqual(fixed * 1.1);
  });

  it("the benchmark's case with a few ms of network jitter: the median run within 5 % of the best fixed concurrency", () => {
    // Jitter spreads the few answers let through after the first 429, so the rate measured from
    // them is off by several per cent either way; a bucket of one hold (B = r · 1 s, as `lxp server
    // --throttle` has) is then found from the burst, and the hold banks all of it.
    const server = { bucket: 100, rate: 100, latencyMs: 25, serverCpuMs: 0.4, jitterMs: 3 };
    const ratios: number[] = [];
    for (let seed = 1; seed <= 7; seed++) {
      const client = { requests: 300, clientCpuMs: 2, planMs: 100, seed };
      const auto = simulate(server, { concurrency: 'auto', ...client });
      const fixed = Math.min(...[4, 8, 16].map((c) => simulate(server, { concurrency: c, ...client }).ms));
      expect(auto.refusals).toBeLessThanOrEqual(20);
      ratios.push(auto.ms / fixed);
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[3]).toBeLessThanOrEqual(1.05);
  });

  it("the benchmark's case with network jitter: no run is an outlier (a rate read from two or three late answers no longer paces the tail at 60–80 %)", () => {
    // 3 and 8 ms of jitter, 20 seeds each: main's limiter read the rate 15–25 % low from the
    // 2–3 tokens let through after the first 429 in about one run in seven, and those runs took
    // 1.09–1.19× the best fixed concurrency (the bimodal outliers of the real benchmark).
    for (const jitterMs of [3, 8]) {
      const server = { bucket: 100, rate: 100, latencyMs: 25, serverCpuMs: 0.4, jitterMs };
      for (let seed = 1; seed <= 20; seed++) {
        const client = { requests: 300, clientCpuMs: 2, planMs: 100, seed };
        const auto = simulate(server, { concurrency: 'auto', ...client });
        const fixed = Math.min(...[4, 8, 16].map((c) => simulate(server, { concurrency: c, ...client }).ms));
        expect(auto.refusals).toBeLessThanOrEqual(20);
        expect(auto.episodes.length).toBe(1);
        expect(auto.ms).toBeLessThanOrEqual(fixed * 1.02);
      }
    }
  });

  it('buckets of 1.2 and 1.5 holds, read from a few tokens as one hold: the catch-up runs them dry once more with a few requests in flight, then the pace stays at their rate', () => {
    for (const bucket of [120, 150]) {
      const sim = simulate({ bucket, rate: 100, latencyMs: 25 }, { concurrency: 'auto', requests: 1000, clientCpuMs: 1 });
      expect(sim.episodes.length).toBeLessThanOrEqual(2);
      if (sim.episodes.length === 2) expect(sim.episodes[1]).toBeLessThanOrEqual(4);
      const pace = sim.limiter.rateLimit!.perSecond;
      expect(pace).toBeGreaterThanOrEqual(90);
      expect(pace).toBeLessThanOrEqual(100.5);
      expect(sim.ms).toBeLessThanOrEqual(((1001 - bucket) / 100) * 1000 * 1.05);
    }
  });

  it('a plain fast server: never refused, never paced, 64 in flight — far ahead of a fixed 8', () => {
    const server = { latencyMs: 25 };
    const auto = simulate(server, { concurrency: 'auto', requests: 2000, clientCpuMs: 0.3 });
    const fixed8 = simulate(server, { concurrency: 8, requests: 2000, clientCpuMs: 0.3 });
    expect(auto.refusals).toBe(0);
    expect(auto.limiter.rateLimit).toBeUndefined();
    expect(auto.peak).toBe(64);
    expect(auto.ms).toBeLessThan(fixed8.ms / 3);
    const small = simulate(server, { concurrency: 'auto', requests: 100, clientCpuMs: 0.3 });
    const small8 = simulate(server, { concurrency: 8, requests: 100, clientCpuMs: 0.3 });
    expect(small.ms).toBeLessThan(small8.ms * 0.75);
  });
});
