// Formatting helpers: numbers through d3-format, dates through moment, objects as JSON.
import { formatLocale } from 'd3-format';
import { DEFAULT_DATE_FORMAT, inZone, toMoment } from './dates.js';
import { hashOf, plain, splitArgs, type HelperDeps, type HelperSet } from './types.js';

/** Losant's default number format: thousands separators, 6 significant digits, zeros trimmed. */
export const DEFAULT_NUMBER_FORMAT = ',.6';

/**
 * d3-format's en-US locale with the ASCII hyphen-minus for negative numbers. d3-format 2 and
 * later write U+2212 "−" by default; 1.x wrote "-". Losant does not say which it runs, but its
 * documented JSON templates build JSON numbers with {{format}}, which only an ASCII minus keeps
 * valid (docs/experience-runtime.md, rendering choices).
 */
const d3format = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' }).format;

function fmtArg(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function formatHelpers(deps: HelperDeps): HelperSet {
  return {
    format(...args) {
      const { params } = splitArgs(args);
      const val = plain(params[0]);
      const fmt = fmtArg(params[1]);
      if (typeof val === 'number') return d3format(fmt ?? DEFAULT_NUMBER_FORMAT)(val);
      if (val instanceof Date) return inZone(toMoment(val), undefined, undefined).format(fmt ?? DEFAULT_DATE_FORMAT);
      if (val !== null && typeof val === 'object') return JSON.stringify(val);
      // "For all other formats, val is returned as a string without mutation."
      return val === undefined || val === null ? val : String(val);
    },
    formatDate(...args) {
      const { params, options } = splitArgs(args);
      const hash = hashOf(options);
      return inZone(toMoment(plain(params[0])), hash.tz, hash.locale).format(fmtArg(params[1]) ?? DEFAULT_DATE_FORMAT);
    },
    formatDateRelative(...args) {
      const { params, options } = splitArgs(args);
      const hash = hashOf(options);
      const date = toMoment(plain(params[0]));
      if (typeof hash.locale === 'string' && hash.locale) date.locale(hash.locale);
      const rel = params[1] === undefined || params[1] === null || params[1] === '' ? toMoment(deps.now()) : toMoment(plain(params[1]));
      return date.from(rel);
    },
    currentDateTime(...args) {
      const { params, options } = splitArgs(args);
      const hash = hashOf(options);
      return inZone(toMoment(deps.now()), hash.tz, hash.locale).format(fmtArg(params[0]) ?? DEFAULT_DATE_FORMAT);
    },
  };
}
