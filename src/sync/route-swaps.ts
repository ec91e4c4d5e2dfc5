// Endpoints whose routes swap in one deploy (two exchanging routes, or a cycle A → B → C → A).
// Losant keeps one endpoint per route, so whichever of them goes first is refused, and no order
// helps. One endpoint of each cycle therefore moves in two steps: first to a temporary route of
// its own (`/lxp-swap-<its id>`), which frees its route for the next one, and last from there to
// its new route. The endpoints keep their ids.
//
// A run killed between the steps (kill -9 included) must leave something the next run finishes:
// before the first step is sent, the endpoint's sync record notes the content it will have at
// the temporary route (ResourceEntry.swapHash) and is saved. The next run's planner reads an
// endpoint found exactly there as still as synced (so the folder's entry is "changed locally",
// not a conflict), and the deploy moves it on, now without a cycle. Nothing is created or
// deleted, so no endpoint is left over or lost. PURE.
import { routesConflict } from '../routing/index.js';
import type { PlannedChange } from './change.js';

type Route = { method: string; route: string };

/** Where an endpoint waits during a swap: a route no person writes, unique by its id. */
export function swapRoute(id: string): string {
  return `/lxp-swap-${id}`;
}

/** The route a change takes the endpoint to. */
const routeAfter = (c: PlannedChange): Route => c.item!.local as Route;
/** The route a change moves the endpoint from (the temporary route, for a swap's last step). */
const routeBefore = (c: PlannedChange): Route => (c.swap === 'back' ? { ...(c.item!.remote as Route), route: swapRoute(c.id!) } : (c.item!.remote as Route));

/** Endpoint changes that move an endpoint to another route (update or rename of one develop has). */
function moving(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter((c) => {
    if (c.resource !== 'endpoint' || !['update', 'rename'].includes(c.action) || c.item?.local === undefined || c.item.remote === undefined) return false;
    const [mine, before] = [routeAfter(c), routeBefore(c)];
    return mine.method.toLowerCase() !== before.method.toLowerCase() || mine.route !== before.route;
  });
}

/**
 * The moving endpoints that are in a cycle of routes, each with the ones it waits for (those
 * leaving the route it takes). Empty when every move can go in some order.
 */
export function routeCycles(changes: readonly PlannedChange[]): Map<PlannedChange, PlannedChange[]> {
  const all = moving(changes);
  const waitsFor = new Map(all.map((c) => [c, all.filter((o) => o.id !== c.id && routesConflict(routeAfter(c), routeBefore(o)))]));
  const inCycle = (start: PlannedChange): boolean => {
    const seen = new Set<PlannedChange>();
    const todo = [...waitsFor.get(start)!];
    while (todo.length > 0) {
      const c = todo.pop()!;
      if (c === start) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      todo.push(...waitsFor.get(c)!);
    }
    return false;
  };
  return new Map([...waitsFor].filter(([c]) => inCycle(c)));
}

/**
 * Deploy: breaks each cycle of routes by moving one endpoint through its temporary route — a
 * change `swap: 'away'` (to the temporary route) added before the others of the cycle, and its
 * own change made `swap: 'back'` (from there, after the endpoint leaving its new route). Only an
 * endpoint with a sync record is moved so (the record is what a killed run resumes from), and
 * only while no other endpoint of develop holds the temporary route; a cycle left is refused by
 * the deploy checks as before. `developRoutes`: every endpoint of develop, by id.
 */
export function stageRouteSwaps(changes: PlannedChange[], developRoutes: ReadonlyMap<string, Route>): void {
  for (;;) {
    const cycles = routeCycles(changes);
    const candidates = [...cycles.keys()]
      .filter((c) => c.id !== undefined && c.item!.synced !== undefined && c.swap === undefined)
      .filter((c) => ![...developRoutes].some(([id, r]) => id !== c.id && routesConflict(r, { method: routeAfter(c).method, route: swapRoute(c.id!) })))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const x = candidates[0];
    if (!x) return orderRouteMoves(changes);
    const waits = cycles.get(x)!;
    const takers = [...cycles].filter(([, w]) => w.includes(x)).map(([c]) => c);
    const cycleKeys = new Set([...cycles.keys()].map((c) => c.key));
    const temp = swapRoute(x.id!);
    const away: PlannedChange = {
      ...x,
      key: `${x.key}:swap`,
      // A step of the endpoint's move, not a difference of its own: status, diff and the counts of
      // differences show the endpoint once (its `back` change); the plan lists both updates.
      kind: 'in-sync',
      action: 'update',
      swap: 'away',
      item: { ...x.item!, local: { ...(x.item!.local as object), route: temp } },
      reason: `to the temporary route ${temp} first, so that its route ${(x.item!.remote as Route).route} is free for ${takers.map((w) => JSON.stringify(w.name)).join(', ')} (routes that swap); then to ${routeAfter(x).route}`,
      // What it names must exist first, as for the move itself; never what the cycle waits on.
      dependsOn: x.dependsOn.filter((k) => !cycleKeys.has(k)),
    };
    delete away.fromName;
    x.swap = 'back';
    x.reason = `from the temporary route ${temp}, once ${waits.map((w) => JSON.stringify(w.name)).join(', ')} left ${routeAfter(x).route} (routes that swap)`;
    // Whoever takes x's route waits for x's first step, not its last (else the cycle stays).
    for (const c of cycles.keys()) if (c !== x) c.dependsOn = c.dependsOn.filter((k) => k !== x.key);
    x.dependsOn = [...x.dependsOn, away.key];
    changes.splice(changes.indexOf(x), 0, away);
  }
}

/**
 * Every endpoint taking a route waits for the endpoints leaving it (Losant keeps one endpoint per
 * route): a chain of moves by key (A to B's route, B to a free one) goes in order, as a swap's
 * steps do. Moves left in a cycle are refused by the deploy checks before any write.
 */
function orderRouteMoves(changes: PlannedChange[]): void {
  const all = moving(changes);
  for (const c of all) {
    for (const o of all) if (o.id !== c.id && routesConflict(routeAfter(c), routeBefore(o)) && !c.dependsOn.includes(o.key)) c.dependsOn.push(o.key);
  }
}
