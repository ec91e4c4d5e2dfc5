// Numbers a double cannot hold: 9007199254740993, 12345678901234567890, 3.14159265358979323846,
// 1e400. Losant keeps a global's value and a group's device query as JSON text, so develop can
// hold such a number exactly; JSON.parse (and yaml) would turn it into the nearest double — another
// number — and pull would write it, status call the two "in sync" and the next deploy store the
// rounded one. Where such a number is read (develop's JSON text, the folder's YAML) it becomes an
// ExactNumber instead, carrying its text: pull writes that text as it is, hashes compare it
// exactly, and the folder's checks refuse it ("quote it"), as lxp cannot send it as a number.
import { randomUUID } from 'node:crypto';
import type { ScalarTag, Tags } from 'yaml';

/** A number, as JSON (or YAML) text, whose value a double does not hold. */
export class ExactNumber {
  constructor(readonly text: string) {}
  /** Only for output that is not lxp's (a stray JSON.stringify): the digits, never another number. */
  toJSON(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;
const RADIX = /^0[xo][0-9a-fA-F]+$/;

/**
 * The value a decimal text denotes, spelled one way (`-123e-2`): two texts of the same number
 * (1.50, 1.5, 15e-1) give the same; undefined for what is not a decimal number.
 */
function decimalValue(text: string): string | undefined {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  let digits = (m[2] + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = BigInt(m[4] ?? '0') - BigInt(fraction.length);
  const zeros = /0+$/.exec(digits);
  if (zeros) {
    exp += BigInt(zeros[0].length);
    digits = digits.slice(0, -zeros[0].length);
  }
  return `${m[1] === '-' ? '-' : ''}${digits}e${exp}`;
}

/**
 * Whether a number's text (JSON, or YAML's decimal, 0x and 0o forms) denotes a value the double
 * it reads as does not have: more digits than a double holds, or beyond its range (1e400, 1e-400).
 * 0.1 is held (it reads back as 0.1); 9007199254740993 is not (it reads back as …992).
 */
export function losesValue(text: string): boolean {
  const n = Number(text);
  if (RADIX.test(text)) return !Number.isFinite(n) || BigInt(text) !== BigInt(n);
  const exact = decimalValue(text);
  if (exact === undefined) return false;
  return !Number.isFinite(n) || exact !== decimalValue(String(n));
}

/** The ExactNumber for a text that loses its value as a double (0x/0o forms spelled in decimal, as JSON has them). */
export function exactNumberOf(text: string): ExactNumber {
  return new ExactNumber(RADIX.test(text) ? BigInt(text).toString() : text.replace(/^\+/, ''));
}

/** Whether two ExactNumbers are the same number (1.50 and 1.5). */
export function sameExactNumber(a: ExactNumber, b: ExactNumber): boolean {
  return (decimalValue(a.text) ?? a.text) === (decimalValue(b.text) ?? b.text);
}

// A JSON number token, where a value may start (outside strings).
const JSON_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/**
 * JSON.parse, with every number a double cannot hold read as an ExactNumber. JSON.parse stays
 * the judge of what is JSON (and of duplicate keys: the last wins, as Losant's reader); the
 * numbers are marked as strings first, under a marker no text can guess, then turned back.
 */
export function parseJsonExact(text: string): unknown {
  const marker = `\u0000lxp-number:${randomUUID()}:`;
  let out = '';
  let at = 0;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, its escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    JSON_NUMBER.lastIndex = i;
    const m = JSON_NUMBER.exec(text);
    if (!m) continue;
    if (losesValue(m[0])) {
      out += text.slice(at, i) + JSON.stringify(marker + m[0]);
      at = i + m[0].length;
      found = true;
    }
    i += m[0].length - 1;
  }
  const parsed: unknown = JSON.parse(found ? out + text.slice(at) : text);
  if (!found) return parsed;
  const back = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith(marker) ? new ExactNumber(v.slice(marker.length)) : v;
    if (Array.isArray(v)) return v.map(back);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = back(o[k]);
    }
    return v;
  };
  return back(parsed);
}

/**
 * JSON.stringify that writes an ExactNumber as its number text (`spell`: the text as it is, or
 * one spelling per value for hashes), never as another number or a string.
 */
export function jsonTextOf(value: unknown, spell: (n: ExactNumber) => string = (n) => n.text): string {
  const marker = `\u0000lxp-number:${randomUUID()}:`;
  const numbers: string[] = [];
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof ExactNumber) {
      numbers.push(spell(raw));
      return `${marker}${numbers.length - 1}`;
    }
    return v;
  });
  if (numbers.length === 0) return text;
  const quoted = JSON.stringify(marker).slice(1, -1);
  return text.replace(new RegExp(`"${quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)"`, 'g'), (_, i: string) => numbers[Number(i)]);
}

/** One spelling per value (for hashes): 1.50 and 1.5 hash the same. */
export const canonicalNumberText = (n: ExactNumber): string => decimalValue(n.text) ?? n.text;

/** yaml writes an ExactNumber as its digits, unquoted (a number in the file, exactly develop's). */
export const exactNumberTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: (v) => v instanceof ExactNumber,
  // Never read by this tag (it has no test): yaml's own number tags read numbers.
  resolve: (str) => str,
  stringify: (item) => (item.value as ExactNumber).text,
};

/**
 * yaml's number tags, reading a number a double cannot hold as an ExactNumber (for comparing a
 * file's values with develop's exactly): `customTags` of a parse.
 */
export function exactNumberTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || !('test' in t) || !t.test) return t;
    const number = t.tag === 'tag:yaml.org,2002:int' || (t.tag === 'tag:yaml.org,2002:float' && !/inf|nan/.test(t.test.source));
    if (!number) return t;
    const resolve = t.resolve;
    return { ...t, resolve: (str, onError, opts) => (losesValue(str) ? exactNumberOf(str) : resolve(str, onError, opts)) } satisfies ScalarTag;
  });
}
