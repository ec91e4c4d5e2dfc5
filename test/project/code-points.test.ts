// codePoints (src/project/limits.ts) counts what the API's length limits count: Unicode code
// points, a lone surrogate counting as one, exactly as the string iterator yields them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePoints } from '../../src/project/limits.js';

/** Strings of ASCII, BMP characters, astral characters and lone surrogate halves, in any order. */
const unit = fc.oneof(
  fc.constantFrom('a', ' ', '\n', 'é', '中', '\uFFFF'),
  fc.constantFrom('😀', '\u{10000}', '\u{10FFFF}'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

describe('codePoints', () => {
  it('equals the count of the string iterator, for any mix of units and lone surrogates', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        expect(codePoints(s)).toBe([...s].length);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a pair as one and each lone half as one', () => {
    expect(codePoints('')).toBe(0);
    expect(codePoints('abc')).toBe(3);
    expect(codePoints('😀😀')).toBe(2);
    expect(codePoints('\uD83D')).toBe(1);
    expect(codePoints('\uDE00\uD83D')).toBe(2);
    expect(codePoints('a\uD83Db')).toBe(3);
  });
});
