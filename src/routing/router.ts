// Matching a request to an endpoint, as Losant does: hapi's router over the version's routes,
// one table per method. The most specific route wins — a literal segment before a mixed one
// ("file.{ext}") before a parameter before a wildcard — whatever order the endpoints were
// created in. HEAD requests are answered by the GET route, as hapi does.
import { createHapiRouter, type HapiRouter } from './hapi-call.js';
import type { RouteEntry } from './conflicts.js';

export type RouteMatch<T> =
  | { kind: 'match'; endpoint: T; params: Record<string, string> }
  /** No route of that method matches. */
  | { kind: 'notFound' }
  /** A parameter's %-escapes do not decode (hapi answers 400 "Invalid request path"). */
  | { kind: 'badPath' };

export class EndpointRouter<T extends RouteEntry> {
  private readonly hapi: HapiRouter<T> = createHapiRouter<T>();
  /** Entries the router could not hold: invalid routes, or routes conflicting with earlier ones. */
  readonly skipped: T[] = [];

  constructor(entries: Iterable<T>) {
    for (const entry of entries) {
      try {
        this.hapi.add({ method: entry.method.toLowerCase(), path: entry.route }, entry);
      } catch {
        this.skipped.push(entry);
      }
    }
  }

  /**
   * `path` is the request path without its query string, as received (%-escapes included).
   * A trailing slash is dropped before matching ("/devices/" reaches "/devices"), as the
   * endpoints documentation says of "/devices/"; only when that finds nothing is the path
   * tried as it came (so a route written with a trailing slash stays reachable).
   */
  match(method: string, path: string): RouteMatch<T> {
    const normalized = this.hapi.normalize(path.startsWith('/') ? path : `/${path}`);
    const m = method.toLowerCase();
    const stripped = normalized.length > 1 ? normalized.replace(/\/+$/, '') || '/' : normalized;
    let found = this.hapi.route(m, stripped);
    if (found instanceof Error && found.output?.statusCode === 404 && stripped !== normalized) found = this.hapi.route(m, normalized);
    if (found instanceof Error) return found.output?.statusCode === 400 ? { kind: 'badPath' } : { kind: 'notFound' };
    return { kind: 'match', endpoint: found.route, params: { ...found.params } };
  }
}
