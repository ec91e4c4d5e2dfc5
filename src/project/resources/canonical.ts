// Canonical JSON and hashes of folder records: object keys sorted at every depth, so that two
// records that say the same thing hash the same whatever order the file or the API gave.
// A number a double cannot hold (an ExactNumber) is written as its value, exactly: never equal to
// the double it rounds to.
import { createHash } from 'node:crypto';
import { canonicalNumberText, ExactNumber, jsonTextOf } from '../exact-number.js';

export function canonicalJson(value: unknown): string {
  const exact = { found: false };
  const sorted = sortKeys(value, exact);
  return exact.found ? jsonTextOf(sorted, canonicalNumberText) : JSON.stringify(sorted);
}

function sortKeys(value: unknown, exact: { found: boolean }): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, exact));
  if (value instanceof ExactNumber) {
    exact.found = true;
    return value;
  }
  if (value !== null && typeof value === 'object') {
    // No prototype: a key called __proto__ (develop's tags or JSON may hold one) is a key like any
    // other, not one that vanishes from the hash (review 10b, F4).
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k], exact);
    return out;
  }
  return value;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Sorted copy of a list of strings: lists whose order carries no meaning. */
export function sortedSet(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}

/** The top-level fields whose values differ between two records (sorted): what a change changes. */
export function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null)).sort();
}
