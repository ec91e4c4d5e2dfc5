// Which routes Losant refuses side by side. Two endpoints of one method conflict when hapi's
// router cannot hold both: the same literal route, parameters at the same place ("/{a}" and
// "/{b}"), two wildcards on one prefix, an optional last parameter next to the route without
// it ("/a/{b?}" and "/a"), … The rule is hapi's own: each route is added to a real router.
import { ConflictTree } from './hapi-call.js';
import { routeProblem } from './route.js';

export interface RouteEntry {
  method: string;
  route: string;
}

/** hapi's segment trees per method, holding the routes accepted so far. */
class MethodTables<T extends RouteEntry> {
  private readonly tables = new Map<string, ConflictTree>();

  /** Adds the entry; false when it conflicts with one already added. */
  add(entry: T): boolean {
    const method = entry.method.toLowerCase();
    let table = this.tables.get(method);
    if (!table) {
      table = new ConflictTree();
      this.tables.set(method, table);
    }
    try {
      table.add(entry.route);
      return true;
    } catch {
      return false;
    }
  }
}

/** True when Losant would refuse `a` and `b` side by side (same method, overlapping routes). */
export function routesConflict(a: RouteEntry, b: RouteEntry): boolean {
  if (a.method.toLowerCase() !== b.method.toLowerCase()) return false;
  if (routeProblem(a.route) !== undefined || routeProblem(b.route) !== undefined) return false;
  const tables = new MethodTables<RouteEntry>();
  tables.add(a);
  return !tables.add(b);
}

/**
 * Every conflicting pair, each as [earlier, later] in the order given. Entries with an invalid
 * route are left out (routeProblem() reports those). Cost: one router insert per entry, plus a
 * pairwise check only for the entries that do conflict.
 */
export function conflicts<T extends RouteEntry>(entries: readonly T[]): Array<[T, T]> {
  const valid = entries.filter((e) => routeProblem(e.route) === undefined);
  const tables = new MethodTables<T>();
  const pairs: Array<[T, T]> = [];
  valid.forEach((entry, i) => {
    if (tables.add(entry)) return;
    for (const earlier of valid.slice(0, i)) if (routesConflict(earlier, entry)) pairs.push([earlier, entry]);
  });
  return pairs;
}

/**
 * The first of `existing` that `candidate` conflicts with, if any. One router holds the
 * existing routes of the candidate's method; only when the candidate does not fit is each of
 * them tried against it, to name the one in the way.
 */
export function findConflict<T extends RouteEntry>(existing: readonly T[], candidate: RouteEntry): T | undefined {
  if (routeProblem(candidate.route) !== undefined) return undefined;
  const method = candidate.method.toLowerCase();
  const same = existing.filter((e) => e.method.toLowerCase() === method && routeProblem(e.route) === undefined);
  const tables = new MethodTables<RouteEntry>();
  for (const e of same) tables.add(e);
  if (tables.add(candidate)) return undefined;
  return same.find((e) => routesConflict(e, candidate));
}
