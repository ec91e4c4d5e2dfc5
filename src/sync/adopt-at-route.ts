// Deploy: develop's endpoint made in Losant at the route of a keyed entry the folder never synced
// (review 11 R22, R23). PURE.
//
// The template's `GET /` (key: home) against develop's `GET /` of Losant's starter experience, or
// an imported export's `POST /login` (key: postLogin) against the endpoint Losant's own import
// made for the workflow triggered by it: Losant keeps one endpoint per route, so develop's is the
// entry's endpoint. It is taken (updated in place: same id, so workflows triggered by it keep
// working, and tagged with the key) instead of refused as two endpoints on one route — which
// no --force could resolve, and whose advice ("or delete one") would break the workflow.
//
// Only when that is the one reading: the entry has a key that no sync record and no tag on
// develop carries (it paired with nothing), develop's endpoint carries no lxp tag (neither
// lxp-managed nor lxp-key: lxp did not make it, and no folder recorded it), it is the only one of
// develop's such endpoints on that route as Losant compares routes (`/a/{x}` and `/a/{y}` are one),
// and no other unpaired entry of the folder is on that route. Pull never adopts (develop's has no
// key to write: the folder's entry would lose it).
import type { FolderRecord } from '../project/resources/index.js';
import { routesConflict } from '../routing/index.js';
import type { RemoteResource } from './remote-resources.js';
import { parkedAt, type EndpointRoute } from './route-swaps.js';

export interface AdoptTrio {
  local?: FolderRecord<unknown>;
  remote?: RemoteResource;
  entry?: unknown;
  twins?: unknown;
  /** Develop's endpoint taken by a keyed entry at its route (see above). */
  adopted?: true;
}

type Keyed = EndpointRoute & { key: string | null };

/** Pairs each keyed entry of `left` with develop's untagged endpoint at its route, where that is the one reading; paired entries leave `left`. */
export function adoptAtRoute(trios: AdoptTrio[], left: FolderRecord<unknown>[]): void {
  const open = trios.filter((t) => !t.local && !t.entry && !t.twins && t.remote && !t.remote.managed && parkedAt(t.remote) === undefined);
  for (const l of [...left]) {
    if ((l.content as Keyed).key === null) continue;
    const found = open.filter((t) => routesConflict(route(l.content), route(t.remote!.content)));
    if (found.length !== 1) continue;
    const rivals = left.filter((o) => routesConflict(route(o.content), route(found[0].remote!.content)));
    if (rivals.length !== 1) continue;
    found[0].local = l;
    found[0].adopted = true;
    left.splice(left.indexOf(l), 1);
    open.splice(open.indexOf(found[0]), 1);
  }
}

/** The plan line's reason for an adopted endpoint (`also`: what else the plan says of it). */
export function adoptedReason(remote: RemoteResource, also: string | undefined): string {
  const c = route(remote.content);
  const taken = `takes develop's endpoint ${c.method.toUpperCase()} ${c.route} made in Losant (id ${remote.id}): the same route, so the same endpoint — updated in place, keeping its id (workflows triggered by it keep working), and tagged with the key`;
  return also ? `${taken}; ${also}` : taken;
}

const route = (x: unknown) => x as EndpointRoute;
