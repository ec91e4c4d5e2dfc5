// Keys for the endpoints an experience workflow replies to. Workflows trigger on an endpoint's
// id, and without a `key` an endpoint whose route and another field change in one deploy (or
// whose route changes in a fresh checkout alongside another endpoint's) is replaced, new id and
// all, leaving its workflow behind (docs/experience-files.md: "give a key to every endpoint a
// workflow depends on"). The import knows which endpoints those are, so it gives them one.
//
// A key is the name lxp dev already gives the endpoint's reply file (endpointKey: the method and
// the route's words, "POST /login" → "postLogin", Losant's own export naming), so the file keeps
// its name; two alike ("/a-b" and "/a/b") or one equal to an existing key (in any case) get "-2", "-3"… in
// METHOD-route order, so the same export always gives the same keys. Always a valid key: letters
// and digits starting with a letter, a "-" and digits added, at most 255 characters. PURE.
import type { EndpointContent } from '../project/resources/endpoint.js';
import { endpointKey } from '../routing/index.js';

/** The longest key endpoints.yaml accepts. */
const MAX_KEY = 255;

/** An endpoint as workflows' triggers name it: "METHOD route". */
export const endpointName = (e: Pick<EndpointContent, 'method' | 'route'>): string => `${e.method.toUpperCase()} ${e.route}`;

export interface Keyed {
  /** The endpoints, each one named in `repliedTo` with a key (its own, or one given here). */
  endpoints: EndpointContent[];
  /** The key of each endpoint named in `repliedTo`, by "METHOD route". */
  keys: Map<string, string>;
  /** Those given a key here (they had none). */
  given: Set<string>;
}

export function keyRepliedTo(endpoints: readonly EndpointContent[], repliedTo: ReadonlySet<string>): Keyed {
  // Compared without case: a key names a reply file, and two that differ in case only are one file on macOS and Windows.
  const taken = new Set(endpoints.flatMap((e) => (e.key !== null ? [e.key.toLowerCase()] : [])));
  const keys = new Map<string, string>();
  const needing = endpoints.filter((e) => repliedTo.has(endpointName(e)) && e.key === null).sort((a, b) => cmp(endpointName(a), endpointName(b)));
  for (const e of needing) {
    const key = freeKey(endpointKey(e), taken);
    taken.add(key.toLowerCase());
    keys.set(endpointName(e), key);
  }
  const given = new Set(keys.keys());
  for (const e of endpoints) if (e.key !== null && repliedTo.has(endpointName(e))) keys.set(endpointName(e), e.key);
  return { endpoints: endpoints.map((e) => (e.key === null && given.has(endpointName(e)) ? { ...e, key: keys.get(endpointName(e))! } : e)), keys, given };
}

/** `base` (cut to fit), else `base-2`, `base-3`…: the first no other endpoint has. */
function freeKey(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const key = base.slice(0, MAX_KEY - suffix.length) + suffix;
    if (!taken.has(key.toLowerCase())) return key;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
