// Comparison helpers. Each one works three ways, like Losant's: as a block with {{else}}
// ({{#eq a b}}yes{{else}}no{{/eq}}), inline ({{eq a b}} prints true/false) and as a
// subexpression ((eq a b) feeds a boolean to #if, #unless or another helper).
import { plain, splitArgs, type Helper, type HelperSet } from './types.js';

function comparison(test: (...params: unknown[]) => boolean): Helper {
  return function (this: unknown, ...args: unknown[]) {
    const { params, options } = splitArgs(args);
    const result = test(...params.map(plain));
    if (options && typeof options.fn === 'function') return result ? options.fn(this) : options.inverse(this);
    return result;
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function includesValue(coll: unknown, value: unknown): boolean {
  if (typeof coll === 'string') return value !== undefined && value !== null && coll.includes(String(value));
  if (Array.isArray(coll)) return coll.some((x) => x === value || (Number.isNaN(x) && Number.isNaN(value)));
  if (coll && typeof coll === 'object') return Object.values(coll).includes(value);
  return false;
}

export function comparisonHelpers(): HelperSet {
  return {
    // "equal by shallow comparison": strict equality (NaN equals NaN), no deep compare.
    eq: comparison((a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b))),
    ne: comparison((a, b) => !(a === b || (Number.isNaN(a) && Number.isNaN(b)))),
    gt: comparison((a: any, b: any) => a > b),
    gte: comparison((a: any, b: any) => a >= b),
    lt: comparison((a: any, b: any) => a < b),
    lte: comparison((a: any, b: any) => a <= b),
    match: comparison((str, re) => {
      if (str === undefined || str === null || re === undefined || re === null) return false;
      return (re instanceof RegExp ? re : new RegExp(String(re))).test(String(str));
    }),
    includes: comparison((coll, value) => includesValue(coll, value)),
  };
}
