// Endpoints whose routes swap in one deploy (two exchanging routes, or a cycle A → B → C → A).
// Losant keeps one endpoint per route, so whichever of them goes first is refused, and no order
// helps. One endpoint of each cycle therefore moves in two steps: first to a temporary route of
// its own (`/lxp-swap-<its id>`), which frees its route for the next one, and last from there to
// its new route. The endpoints keep their ids.
//
// Between the steps (and after a run stopped there, kill -9 included) develop itself says what is
// going on: an endpoint whose route is `/lxp-swap-<its own id>` is "parked", a deploy's unfinished
// step, whichever folder looks at it. No sync record is needed to see it, so every folder reads it
// the same way: its plan compares the endpoint as if it were at the folder's route (that route is
// the move still to make, not a change of develop's), status says so, pull never writes the
// temporary route into endpoints.yaml (it keeps the folder's route), and any folder's deploy
// moves it to the route its endpoints.yaml gives — the swap's own folder (or any checkout of its
// commit) so finishes the swap. Only endpoints with a `key` are parked: their key finds them in
// any folder, whatever their route. Nothing is created or deleted, so no endpoint is lost or
// made twice. A route under `/lxp-swap-` that is not an endpoint's own is not parked: it is an
// ordinary endpoint of develop, which endpoints.yaml refuses (a pull writes it as develop has it
// and warns, as for any value develop holds that lxp refuses: see names-lacking.ts). PURE.
import { SWAP_ROUTE_PREFIX } from '../project/resources/index.js';
import { routesConflict } from '../routing/index.js';
import type { ChangeAction, ChangeKind, Direction, PlannedChange } from './change.js';
import type { RemoteResource } from './remote-resources.js';
import type { Decision } from './three-way.js';

export type EndpointRoute = { method: string; route: string };
type Route = EndpointRoute;

/** Where an endpoint waits during a swap: a route endpoints.yaml refuses, unique by its id. */
export function swapRoute(id: string): string {
  return `${SWAP_ROUTE_PREFIX}${id}`;
}

/** The temporary route an endpoint of develop is parked at (a swap's unfinished step), if it is. */
export function parkedAt(remote: RemoteResource<unknown>): string | undefined {
  const at = swapRoute(remote.id);
  return (remote.content as Partial<Route>).route === at ? at : undefined;
}

/** A parked endpoint as if it were at the folder's route: what plans compare, and what a pull writes. */
export function atFolderRoute(remote: RemoteResource<unknown>, folder: Route): RemoteResource<unknown> {
  const move = (c: unknown) => ({ ...(c as object), method: folder.method, route: folder.route });
  return { ...remote, content: move(remote.content), idContent: move(remote.idContent) };
}

/** Where a parked endpoint is and why, as every message about it says. */
export function parkedWhere(at: string): string {
  return `at its temporary route ${at}, where a deploy swapping routes that did not finish left it`;
}

const FINISHES = 'a deploy of any folder that holds the swapped routes (endpoints.yaml) finishes the move';

/**
 * The change for a parked endpoint (see the top of this file), or undefined when the plan's own is
 * right (the folder has no entry for it: a deploy leaves it alone or deletes it as any other, a
 * pull skips it here). Deploy: moved to the folder's route — also when the folder and develop
 * otherwise agree — unless develop changed it meanwhile (a conflict when the folder changed it too,
 * as the folder that started the swap did: pull --force takes develop's change and keeps the
 * folder's route; a plain pull takes it when only develop changed it). Pull: never writes the
 * temporary route.
 */
export function parkedChange(
  at: string,
  direction: Direction,
  d: Decision,
  folder: Route | undefined,
  mk: (action: ChangeAction, extra?: Partial<PlannedChange>, changeKind?: ChangeKind) => PlannedChange,
  withHash: Partial<PlannedChange>,
): PlannedChange | undefined {
  // endpoints.yaml refuses routes under the prefix, so no valid folder names it; one that did would
  // want the endpoint where it is: nothing to finish.
  if (folder?.route === at) return undefined;
  const parked = { parkedAt: at };
  const where = parkedWhere(at);
  if (direction === 'deploy') {
    if (folder === undefined) return undefined;
    const to = `${folder.method.toUpperCase()} ${folder.route}`;
    if (d.do === 'conflict') return mk('conflict', { ...parked, reason: `${d.reason}; ${where}` });
    if (d.do === 'skip') return mk('conflict', { ...parked, reason: `changed on develop while ${where}: pull takes develop's change (keeping the folder's route), then deploy moves it to ${to}` }, 'conflict');
    return mk('update', { ...parked, swap: 'back', reason: `${where}: ${FINISHES}; this deploy moves it to ${to}` }, 'changed-local');
  }
  if (folder === undefined) return mk('skip', { ...parked, reason: `${where}: not pulled, as only the folder holding the swapped routes knows where it goes (${FINISHES}; pull again after it)` });
  const kept = `the folder's route ${folder.method.toUpperCase()} ${folder.route} kept (${where}; ${FINISHES})`;
  if (d.do === 'take') return mk('write', { ...withHash, ...parked, reason: `develop's other changes taken, ${kept}` });
  if (d.do === 'conflict') return mk('conflict', { ...parked, reason: `${d.reason}; ${kept}, by pull --force too` });
  return mk('skip', { ...parked, reason: d.do === 'skip' ? `${d.reason}; ${kept}` : kept }, 'changed-local');
}

/**
 * Pull: an endpoint whose route on develop is the route a parked endpoint keeps in the folder (the
 * other half of the unfinished swap, or one made there meanwhile) is not written yet — the file
 * would hold two endpoints at one route. Its line says what develop did: moved it there, made it
 * there, or nothing (the folder moved it away, a change a pull keeps, with or without --force).
 */
export function holdMovesOntoParked(changes: PlannedChange[]): void {
  const kept = changes.filter((c) => c.parkedAt !== undefined && c.item?.local !== undefined);
  for (const c of changes) {
    const keptHere = c.action === 'skip' && c.kind === 'changed-local' && c.item?.local !== undefined;
    if ((c.action !== 'write' && !keptHere) || c.parkedAt !== undefined || c.item?.remote === undefined) continue;
    const p = kept.find((k) => k.id !== c.id && routesConflict(c.item!.remote as Route, k.item!.local as Route));
    if (!p) continue;
    const to = c.item.remote as Route;
    const at = `${to.method.toUpperCase()} ${to.route}`;
    const keeps = `the route ${JSON.stringify(p.name)} keeps in this folder while a deploy swapping routes has not finished`;
    c.action = 'skip';
    if (c.kind === 'changed-local') {
      const mine = c.item.local as Route;
      c.reason = `changed locally (to ${mine.method.toUpperCase()} ${mine.route}): kept, with or without --force; develop still has it at ${at}, ${keeps} (a deploy of this folder moves it)`;
    } else {
      const what = c.kind === 'new-remote' ? `develop made it at ${at}` : `develop moved it to ${at}`;
      c.reason = `${what}, ${keeps}: not pulled yet (${FINISHES}; pull again after it)`;
    }
  }
}

/**
 * Deploy (after the collisions are refused): a parked endpoint whose route in the folder another
 * endpoint still holds on develop, one this deploy cannot move (a conflict): no deploy finishes
 * the move until that conflict is resolved, and its line says so instead of the usual words.
 */
export function sayParkedBlocked(changes: PlannedChange[]): void {
  for (const c of changes) {
    if (c.parkedAt === undefined || c.swap !== 'back' || c.action !== 'update' || c.item?.local === undefined) continue;
    const to = c.item.local as Route;
    const holders = changes.filter((o) => o.id !== c.id && o.action === 'conflict' && o.item?.remote !== undefined && routesConflict(o.item.remote as Route, to));
    if (holders.length === 0) continue;
    const names = holders.map((o) => JSON.stringify(o.name)).join(', ');
    c.reason = `${parkedWhere(c.parkedAt)}: it moves to ${to.method.toUpperCase()} ${to.route} once ${names} leaves that route, and ${names} is a conflict here (see its line): no deploy finishes the move until that is resolved`;
  }
}

/** The route a change takes the endpoint to. */
const routeAfter = (c: PlannedChange): Route => c.item!.local as Route;
/** The route a change moves the endpoint from (as planned: the swap's first step has not happened yet). */
const routeBefore = (c: PlannedChange): Route => (c.swap === 'back' && c.parkedAt === undefined ? { ...(c.item!.remote as Route), route: swapRoute(c.id!) } : (c.item!.remote as Route));

/**
 * An update or rename that moves one of develop's endpoints to another route (its method or its
 * path): what Losant checks against the other endpoints' routes, whether the folder names the
 * endpoint by `key` or by "METHOD route" (a swap's last step moves it from its temporary route).
 */
export function movesRoute(c: PlannedChange): boolean {
  if (c.resource !== 'endpoint' || !['update', 'rename'].includes(c.action) || c.item?.local === undefined || c.item.remote === undefined) return false;
  const [mine, before] = [routeAfter(c), routeBefore(c)];
  return mine.method.toLowerCase() !== before.method.toLowerCase() || mine.route !== before.route;
}

/**
 * The moving endpoints that are in a cycle of routes, each with the ones it waits for (those
 * leaving the route it takes). Empty when every move can go in some order.
 */
export function routeCycles(changes: readonly PlannedChange[]): Map<PlannedChange, PlannedChange[]> {
  const all = changes.filter(movesRoute);
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
 * endpoint with a `key` is moved so (its key finds it at the temporary route from any folder),
 * and only while no other endpoint of develop holds the temporary route; a cycle left is refused
 * by the deploy checks as before. `developRoutes`: every endpoint of develop, by id. Runs after
 * the dependencies are added (a chain of moves is ordered there).
 */
export function stageRouteSwaps(changes: PlannedChange[], developRoutes: ReadonlyMap<string, Route>): void {
  for (;;) {
    const cycles = routeCycles(changes);
    const candidates = [...cycles.keys()]
      .filter((c) => c.id !== undefined && typeof (c.item!.local as { key?: unknown }).key === 'string' && c.swap === undefined)
      .filter((c) => ![...developRoutes].some(([id, r]) => id !== c.id && routesConflict(r, { method: routeAfter(c).method, route: swapRoute(c.id!) })))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const x = candidates[0];
    if (!x) return;
    const waits = cycles.get(x)!;
    const takers = [...cycles].filter(([, w]) => w.includes(x)).map(([c]) => c);
    const cycleKeys = new Set([...cycles.keys()].map((c) => c.key));
    const temp = swapRoute(x.id!);
    const left = [...new Set(waits.map((w) => routeBefore(w).route))].join(', ');
    const away: PlannedChange = {
      ...x,
      key: `${x.key}:swap`,
      // A step of the endpoint's move, not a difference of its own: status, diff and the counts of
      // differences show the endpoint once (its `back` change); the plan lists both updates.
      kind: 'in-sync',
      action: 'update',
      swap: 'away',
      item: { ...x.item!, local: { ...(x.item!.local as object), route: temp } },
      reason: `first to its temporary route ${temp}, so that its route ${(x.item!.remote as Route).route} is free for ${takers.map((w) => JSON.stringify(w.name)).join(', ')} (routes that swap); then to ${routeAfter(x).route}`,
      // What it names must exist first, as for the move itself; never what the cycle waits on.
      dependsOn: x.dependsOn.filter((k) => !cycleKeys.has(k)),
    };
    delete away.fromName;
    x.swap = 'back';
    x.reason = `then from its temporary route ${temp}, once ${waits.map((w) => JSON.stringify(w.name)).join(', ')} left ${left} (routes that swap)`;
    // Whoever takes x's route waits for x's first step, not its last (else the cycle stays).
    for (const c of takers) c.dependsOn = [...c.dependsOn.filter((k) => k !== x.key), away.key];
    x.dependsOn = [...x.dependsOn, away.key];
    changes.splice(changes.indexOf(x), 0, away);
  }
}
