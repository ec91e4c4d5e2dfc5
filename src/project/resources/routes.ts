// Route rules for endpoints.yaml: is a route one Losant accepts, and which routes Losant treats
// as the same. Losant's routes are hapi paths; the rule is hapi's own router (@hapi/call),
// wrapped by src/routing/ — the same code the local server uses to refuse what Losant refuses,
// so the folder and the server can never disagree.
import { conflicts, routeProblem as problem, type RouteEntry } from '../../routing/index.js';

export type { RouteEntry };

/** Why Losant would refuse `route`, or undefined when it accepts it. */
export function routeProblem(route: string): string | undefined {
  return problem(route);
}

/** Every pair of entries Losant would refuse side by side (same method, routes it treats as one), [earlier, later]. */
export function routeConflicts<T extends RouteEntry>(entries: readonly T[]): Array<[T, T]> {
  return conflicts(entries);
}
