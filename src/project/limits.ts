// The Experience API's limits on a view, checked before any request so that a bad folder is
// refused whole with every problem listed, instead of failing view by view half-way through a
// deploy. Values from the API's request schemas (experienceViewPost / experienceViewPatch).
export const VIEW_LIMITS = {
  nameMin: 1,
  nameMax: 255,
  descriptionMax: 32767,
  bodyMax: 131072,
  tagKeyPattern: /^[0-9a-zA-Z_-]{1,255}$/,
  tagValueMin: 1,
  tagValueMax: 255,
  contentTypeMin: 1,
  contentTypeMax: 255,
} as const;

/**
 * How far YAML aliases may expand when a file is read (yaml's maxAliasCount: uses of an anchor
 * times the aliases inside it). yaml's default, 100, refuses an endpoints.yaml that shares one
 * unauthorized reply among 101 endpoints — ordinary YAML; 10 000 still stops an alias bomb (each
 * level multiplies) long before it costs anything.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** A high surrogate: the first half of a code point beyond the BMP, or a lone half. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * The length of a string in Unicode code points, as the API counts its limits (JSON Schema's
 * maxLength): a string without a high surrogate has one code point per UTF-16 unit, so its length
 * is the answer (a native scan); only the others are counted code point by code point. Counting
 * every string that way cost the reading of a 300-view folder ~10 % of its CPU (the string
 * iterator, and its garbage, on every body), measured in-process.
 */
export function codePoints(s: string): number {
  if (!HIGH_SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}
