// What every helper module shares: the environment it is registered in and the clock.
import type HandlebarsNS from 'handlebars';

export type HandlebarsEnv = typeof HandlebarsNS;
export type HelperOptions = HandlebarsNS.HelperOptions & { loc?: { start: { line: number; column: number } } };
export type Helper = (this: unknown, ...args: unknown[]) => unknown;
export type HelperSet = Record<string, Helper>;

export interface HelperDeps {
  hb: HandlebarsEnv;
  /** The render's clock: `currentDateTime`, `formatDateRelative` and `time` read it. */
  now: () => Date;
  application: { id: string; name: string };
}

/** Handlebars passes its options object last: split it from the positional arguments. */
export function splitArgs(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  const options = args[args.length - 1] as HelperOptions;
  return { params: args.slice(0, -1), options };
}

/** Hash arguments (`tz=…`), empty when none. */
export function hashOf(options: HelperOptions): Record<string, unknown> {
  return (options && options.hash) || {};
}

/**
 * The segments of a Losant payload path: dot-separated names, `[…]` for an index or a name with
 * spaces or dots (`data.anArray.[0]`, `data.[a silly name]`); `.` alone is the whole value
 * ("Accessing Payload Data": ". returns the entire example object").
 */
export function payloadPathSegments(path: string): string[] {
  const out: string[] = [];
  const re = /\[([^\]]*)\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] ?? m[2]);
  return out;
}

/** Reads a payload path ("a.b.[0]", "." for the value itself); undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of payloadPathSegments(String(path))) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur !== 'object' && typeof cur !== 'string') return undefined;
    if (!Object.hasOwn(cur as object, part) && !(typeof cur === 'string' && /^\d+$/.test(part))) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Handlebars hands SafeString results of subexpressions around as objects: unwrap them. */
export function plain(v: unknown): unknown {
  if (v && typeof v === 'object' && typeof (v as { toHTML?: unknown }).toHTML === 'function') return String(v);
  return v;
}
