import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateExpression, ExpressionError } from '../../src/render/expression.js';

describe('evaluateExpression', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3', 8],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', 4],
    ['7 % 4', 3],
    ['1 << 3', 8],
    ['"a" + \'b\'', 'ab'],
    ['1 == "1"', true],
    ['1 === "1"', false],
    ['1 != "1"', false],
    ['1 !== "1"', true],
    ['!0 && !!"x"', true],
    // Losant's && and || answer booleans, not an operand (docs: true && 0 → false).
    ['null || "fallback"', true],
    ['true && 0', false],
    ['0 || ""', false],
    ['undefined === undefined', true],
    ['sin(0) + cos(0)', 1],
    ['atan2(1, 1) * 4 === PI', true],
    ['max(1, 5, 3) + min(4, 2)', 7],
    ['round(2.5) + trunc(-1.7) + abs(-3)', 5],
    ['log10(1000)', 3],
    ['length("abc") + length(x)', 5],
    ['includes(x, 2)', true],
    ['E > 2.7 && E < 2.8', true],
    ['1e3 + .5', 1000.5],
  ])('%s → %j', (src, out) => expect(evaluateExpression(src, { x: [1, 2] })).toEqual(out));

  it('reads only the variables it is given, never the prototype chain', () => {
    expect(evaluateExpression('a + 1', { a: 1 })).toBe(2);
    expect(() => evaluateExpression('toString', {})).toThrow(ExpressionError);
    expect(() => evaluateExpression('constructor', {})).toThrow(/unknown name/);
    expect(() => evaluateExpression('hasOwnProperty(1)', {})).toThrow(/unknown function/);
  });

  it('reports syntax errors with a position', () => {
    expect(() => evaluateExpression('1 +', {})).toThrow(/unexpected end/);
    expect(() => evaluateExpression('(1', {})).toThrow(/expected "\)"/);
    expect(() => evaluateExpression('1 2', {})).toThrow(/unexpected "2"/);
    expect(() => evaluateExpression('a.b', { a: {} })).toThrow(/unexpected character/);
    expect(() => evaluateExpression('"open', {})).toThrow(/unterminated string/);
  });

  it('agrees with JavaScript on integer arithmetic and comparisons', () => {
    const op = fc.constantFrom('+', '-', '*', '<', '>', '<=', '>=', '===', '!==');
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), op, fc.integer({ min: -1000, max: 1000 }), (a, o, b) => {
        const js = new Function(`return (${a}) ${o} (${b})`)();
        expect(evaluateExpression(`(${a}) ${o} (${b})`)).toBe(js);
      }),
    );
  });
});
