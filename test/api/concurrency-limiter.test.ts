// The client's concurrency limiter, driven by a fake clock: every rule of "auto" (grow near the
// latency floor, shrink on 429/503, timeouts and latency climbs, the cap) and Retry-After.
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, EVIDENCE_RATIO, MIN_WINDOW, type LimitOutcome } from '../../src/api/concurrency-limiter.js';

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
