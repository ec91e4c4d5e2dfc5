// "did you mean …?" for a name a user typed that is not one we know: the closest known name by
// edit distance (fastest-levenshtein), when it is close enough to be a typo rather than a
// different word. Shared by lxp.config.json keys, component names and helper names.
import { distance } from 'fastest-levenshtein';

/** The known name closest to `name`, or undefined when none is plausibly what was meant. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  // A typo changes about a third of a word at most; short names allow one edit, and names of
  // one or two characters only a difference of case (any other edit makes a different word).
  const limit = name.length <= 2 ? 0.5 : Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ' (did you mean "x"?)' or '' — ready to append to a message. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = closestName(name, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
