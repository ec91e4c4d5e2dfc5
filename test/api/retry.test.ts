import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, exactNameGlob, parseRetryAfter, refusesRequest } from '../../src/api/retry.js';

describe('backoffDelay (full jitter)', () => {
  const opts = { baseMs: 100, maxMs: 2000 };
  it('stays within [0, min(max, base·2^retry))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
        const d = backoffDelay(retry, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(opts.maxMs, opts.baseMs * 2 ** retry));
      }),
    );
  });
  it('grows its ceiling exponentially until the cap', () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, opts, top)).toBe(99);
    expect(backoffDelay(1, opts, top)).toBe(199);
    expect(backoffDelay(3, opts, top)).toBe(799);
    expect(backoffDelay(10, opts, top)).toBe(1999);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(['3'])).toBe(3000);
  });
  it('reads an HTTP date relative to now, a past date as 0', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('refusesRequest', () => {
  it('is true for the answers that refuse the request itself, false for what can pass later (and for the token)', () => {
    for (const status of [400, 404, 409, 413, 422]) expect(refusesRequest(status), String(status)).toBe(true);
    for (const status of [0, 200, 401, 403, 408, 429, 500, 502, 503]) expect(refusesRequest(status), String(status)).toBe(false);
  });
});

describe('classifyStatus', () => {
  it('retries 429 and 5xx, not other 4xx', () => {
    expect(classifyStatus(429)).toBe('throttled');
    expect(classifyStatus(500)).toBe('ambiguous');
    expect(classifyStatus(503)).toBe('ambiguous');
    for (const s of [400, 401, 403, 404, 409, 413]) expect(classifyStatus(s)).toBe('final');
  });
});

/** The documented filter semantics: `*` any run of characters, `?` exactly one, the rest literal. */
function documentedGlob(glob: string): RegExp {
  const src = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${src}$`, 's');
}

describe('exactNameGlob', () => {
  it('matches the name itself, whatever glob characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '[', ']', '\\', ' ', '.'), maxLength: 12 }), (name) => {
        const glob = exactNameGlob(name);
        expect(glob).not.toMatch(/[*\\[\]]/);
        expect(glob.length).toBe(name.length);
        expect(documentedGlob(glob).test(name)).toBe(true);
      }),
    );
  });
  it('has the same length as the name (each special character becomes one `?`)', () => {
    expect(exactNameGlob('a*b?c')).toBe('a?b?c');
    expect(exactNameGlob('plain-name')).toBe('plain-name');
  });
});
