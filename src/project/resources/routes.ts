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

/**
 * Where lxp parks an endpoint for a moment when routes swap in one deploy: `/lxp-swap-<its id>`
 * (src/sync/route-swaps.ts). An endpoint a person puts under it could be taken for a parked one
 * (or hold the route one must be parked at), so endpoints.yaml refuses it, though Losant accepts it.
 */
export const SWAP_ROUTE_PREFIX = '/lxp-swap-';

/** Why endpoints.yaml refuses a route Losant accepts (it is lxp's own), or undefined. */
export function reservedRouteProblem(route: string): string | undefined {
  if (!route.startsWith(SWAP_ROUTE_PREFIX)) return undefined;
  return `routes starting "${SWAP_ROUTE_PREFIX}" are lxp's own: a deploy that swaps routes parks an endpoint at ${SWAP_ROUTE_PREFIX}<its id> for a moment, and any endpoint there would be taken for one (choose another route)`;
}

/** Every pair of entries Losant would refuse side by side (same method, routes it treats as one), [earlier, later]. */
export function routeConflicts<T extends RouteEntry>(entries: readonly T[]): Array<[T, T]> {
  return conflicts(entries);
}
