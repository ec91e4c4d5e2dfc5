// String helpers.
import { hashOf, plain, splitArgs, type HelperSet } from './types.js';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(plain(v)));

export function lengthOf(v: unknown): number | undefined {
  v = plain(v);
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

export function stringHelpers(): HelperSet {
  return {
    lower: (...a) => str(splitArgs(a).params[0]).toLowerCase(),
    upper: (...a) => str(splitArgs(a).params[0]).toUpperCase(),
    trim: (...a) => str(splitArgs(a).params[0]).trim(),
    titleCase: (...a) =>
      str(splitArgs(a).params[0])
        .toLowerCase()
        .replace(/(^|[\s\-_/])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
    substring(...a) {
      const { params } = splitArgs(a);
      const end = params[2] === undefined || params[2] === null ? undefined : Number(params[2]);
      return str(params[0]).substring(Number(params[1]) || 0, end);
    },
    defaultTo(...a) {
      const { params } = splitArgs(a);
      const v = plain(params[0]);
      return v === undefined || v === null || v === '' || Number.isNaN(v) ? params[1] : v;
    },
    join(...a) {
      const { params, options } = splitArgs(a);
      const arr = plain(params[0]);
      if (!Array.isArray(arr)) return '';
      const sep = params[1] ?? hashOf(options).sep ?? hashOf(options).separator ?? ',';
      return arr.join(String(sep));
    },
    length: (...a) => lengthOf(splitArgs(a).params[0]),
  };
}
