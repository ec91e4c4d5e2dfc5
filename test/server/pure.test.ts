// The server's pure parts: glob translation, the monotonic clock, the seeded fault decisions,
// the Handlebars check of bodies.
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, test } from 'vitest';
import { globToLike, globToRegExp } from '../../src/server/glob.js';
import { MonotonicClock, iso } from '../../src/server/clock.js';
import { FaultInjector, seededRandom } from '../../src/server/faults.js';
import { assertHandlebars } from '../../src/server/validate.js';
import { WireCache } from '../../src/server/store/wire-cache.js';

describe('glob', () => {
  test('* and ? become LIKE wildcards; LIKE wildcards in the glob stay literal', () => {
    expect(globToLike('a*b?c')).toBe('a%b_c');
    expect(globToLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
  test('regular expression form matches whole values, ignoring case, regex characters literal', () => {
    const re = globToRegExp('Item-(1).*');
    expect(re.test('item-(1).html')).toBe(true);
    expect(re.test('item-11.html')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('abbc')).toBe(false);
  });
});

describe('MonotonicClock', () => {
  test('stamps strictly increase even when the wall clock does not move or is behind the floor', () => {
    const future = Date.now() + 60_000;
    const clock = new MonotonicClock(future);
    const stamps = Array.from({ length: 100 }, () => clock.next());
    expect(stamps[0]).toBe(future + 1);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBe(stamps[i - 1] + 1);
  });
});

describe('faults', () => {
  test('the seeded generator repeats for a seed and differs between seeds', () => {
    const a = seededRandom(5), b = seededRandom(5), c = seededRandom(6);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const x of sa) expect(x >= 0 && x < 1).toBe(true);
  });

  test('throttle: a bucket of one second of requests, refilled at the rate', () => {
    const f = new FaultInjector({ throttle: 2 });
    const t0 = Date.now();
    expect(f.throttle(t0)).toBeNull();
    expect(f.throttle(t0)).toBeNull();
    expect(f.throttle(t0)).toBe(1);
    expect(f.throttle(t0 + 500)).toBeNull();
    expect(f.throttle(t0 + 500)).toBe(1);
  });

  test('drops only ever apply to writes; no knob set means no fault', () => {
    const f = new FaultInjector({ dropRate: 1, seed: 3 });
    expect(f.drop('GET')).toBe(false);
    expect(f.drop('POST')).toBe(true);
    const none = new FaultInjector({});
    expect([none.failure(), none.throttle(), none.drop('POST')]).toEqual([null, null, false]);
  });
});

describe('iso (the dates of answers)', () => {
  test('is exactly Date#toISOString, for stamps in and out of order and at the edges', () => {
    const stamps = fc.oneof(
      fc.integer({ min: 0, max: 253402300799999 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
      fc.constantFrom(0, 59_999, 60_000, 999, 1000, 253402300799999, 253402300800000, 8.64e15, -1, -86_400_000, 1.5),
    );
    fc.assert(
      fc.property(fc.array(stamps, { minLength: 1, maxLength: 20 }), (ms) => {
        for (const m of ms) expect(iso(m)).toBe(new Date(m).toISOString());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the Handlebars check of view bodies', () => {
  const verdict = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch {
      return 'refused';
    }
  };

  test('a body without "{{" is refused exactly when Handlebars refuses it (NUL), though it is not parsed', () => {
    const chars = fc.constantFrom('a', '}', '{', '\\', '\0', '\n', ' ', '<', '>', '~', '!', '#', '/');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }).map((a) => a.join('')), (body) => {
        fc.pre(!body.includes('{{'));
        expect(verdict(() => assertHandlebars('b', body))).toBe(verdict(() => Handlebars.parse(body)));
      }),
      { numRuns: 500 },
    );
  });

  test('bodies with mustaches are parsed (and remembered only when they parse)', () => {
    expect(verdict(() => assertHandlebars('b', '{{#if a}}x{{/if}}'))).toBe('ok');
    expect(verdict(() => assertHandlebars('b', '{{#if a}}x{{/each}}'))).toBe('refused');
    expect(verdict(() => assertHandlebars('b', '{{#if a}}x{{/each}}'))).toBe('refused');
    expect(() => assertHandlebars('experienceView.body', 'a {{ b')).toThrow(/experienceView\.body is not a valid Handlebars template/);
  });
});

describe('the in-memory view JSON (WireCache)', () => {
  const json = (s: string) => Buffer.from(s);
  test('answers only for the stamp it was given, per version', () => {
    const c = new WireCache();
    c.set('app', 'dev', 'v1', 10, json('{"a":1}'));
    expect(c.get('app', 'dev', 'v1', 10)?.toString()).toBe('{"a":1}');
    expect(c.get('app', 'dev', 'v1', 11)).toBeUndefined(); // the row was written again since
    expect(c.get('app', 'v1-version', 'v1', 10)).toBeUndefined(); // another version's row
    c.set('app', 'dev', 'v1', 11, json('{"a":2}'));
    expect(c.get('app', 'dev', 'v1', 10)).toBeUndefined();
    expect(c.get('app', 'dev', 'v1', 11)?.toString()).toBe('{"a":2}');
  });

  test('forgets deleted rows and versions, and starts over beyond its size', () => {
    const c = new WireCache(20);
    c.set('app', 'dev', 'a', 1, json('0123456789'));
    c.set('app', 'old', 'b', 1, json('01234'));
    c.delete('app', 'dev', 'a');
    expect(c.get('app', 'dev', 'a', 1)).toBeUndefined();
    c.deleteVersion('app', 'old');
    expect(c.get('app', 'old', 'b', 1)).toBeUndefined();
    c.set('app', 'dev', 'c', 1, json('0123456789'));
    c.set('app', 'dev', 'd', 1, json('0123456789'));
    expect(c.get('app', 'dev', 'c', 1)).toBeDefined();
    c.set('app', 'dev', 'e', 1, json('0123456789')); // 30 bytes > 20: starts over
    expect(c.get('app', 'dev', 'c', 1)).toBeUndefined();
    expect(c.get('app', 'dev', 'e', 1)).toBeDefined();
  });
});
