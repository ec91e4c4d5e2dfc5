// "1 view", "3 views": a count and the word in the number it takes, for every message lxp
// prints. One helper in the lowest layer, so every layer that words a count says it the same way.

/** `n` and the word for it: `one` when n is 1, else `many` (by default `one` + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${pluralWord(n, one, many)}`;
}

/** The word alone, in the number `n` takes ("it"/"them", "that page"/"those pages"). */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** `a`, `a and b`, `a, b and c` ('' for none). */
export function listAnd(parts: readonly string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}
