// What a deploy checks once develop is listed and before the first write: every page and group
// an endpoint, group or setting it sends names exists on the target or is created by the same
// deploy, every certificate and key it must send can be read, and no endpoint it sends takes the
// route of one of develop's that it leaves alone (Losant keeps one endpoint per route: the write
// would fail half way through the deploy). Each problem names the file and line of the entry; a
// certificate's text never appears, only where it should come from.
import type { ValidationIssue } from '../project/issues.js';
import { routesConflict } from '../routing/index.js';
import type { ResourceKind } from '../project/resources/index.js';
import type { Plan, PlannedChange } from './change.js';
import { FOLDER_KINDS } from './kinds.js';
import { swappedViewNames, type SwapWording } from './name-swaps.js';
import { parkedWhere, routeCycles } from './route-swaps.js';
import { readSecret, type SecretSource } from './secrets.js';

const SENDS_CONTENT = new Set(['create', 'update', 'rename', 'mark']);

class SecretProblem extends Error {}

/** `secrets` undefined: every check but the certificates' (status and diff, which send nothing). */
export function unsendableIssues(plan: Plan, secrets: SecretSource | undefined, wording: SwapWording = {}): ValidationIssue[] {
  const pages = new Set(Object.keys(plan.pageIds));
  const groups = new Set(Object.keys(plan.groupIds));
  for (const c of plan.changes) {
    if (c.action !== 'create') continue;
    if (c.resource === 'view' && c.viewType === 'page') pages.add(c.name);
    if (c.resource === 'group') groups.add(c.name);
  }
  const issues: ValidationIssue[] = [];
  for (const c of plan.changes) {
    if (c.resource === 'view' || !SENDS_CONTENT.has(c.action) || c.item?.local === undefined) continue;
    const k = FOLDER_KINDS[c.resource as ResourceKind];
    const at = { file: c.file, ...(c.item.line !== undefined ? { line: c.item.line } : {}) };
    for (const dep of k.dependencies(c.item.local)) {
      const known = dep.kind === 'view' ? pages.has(dep.name) : groups.has(dep.name);
      const what = dep.kind === 'view' ? 'page' : 'group';
      if (!known) issues.push({ ...at, message: `${k.label(c.item.local)} names the ${what} "${dep.name}", which the target does not have and this deploy does not create` });
    }
    if (secrets === undefined) continue;
    try {
      // The wire form reads every certificate and key it sends; names were checked above.
      k.toWire(c.item.local, {
        ids: { pageId: () => 'checked', groupId: () => 'checked' },
        secret: (ref) => {
          const r = readSecret(ref, secrets);
          if ('problem' in r) throw new SecretProblem(r.problem);
          return 'checked';
        },
      });
    } catch (err) {
      if (!(err instanceof SecretProblem)) throw err;
      issues.push({ ...at, message: `${k.label(c.item.local)}: its certificate or key cannot be sent: ${err.message}` });
    }
  }
  issues.push(...takenRoutes(plan), ...swappedRoutes(plan), ...swappedViewNames(plan, wording));
  return issues;
}

type Route = { method: string; route: string };

/**
 * Endpoints this deploy creates or moves onto a route that Losant sees as the route of an
 * endpoint of develop's that the deploy leaves alone (one made in the UI, not from this folder):
 * Losant refuses the write, after the deploy's other changes were applied.
 */
function takenRoutes(plan: Plan): ValidationIssue[] {
  const endpoints = plan.changes.filter((c) => c.resource === 'endpoint');
  const staying = endpoints.filter((c) => c.action === 'skip' && c.item?.remote !== undefined);
  if (staying.length === 0) return [];
  const issues: ValidationIssue[] = [];
  for (const c of endpoints) {
    if (!['create', 'update', 'rename'].includes(c.action) || c.item?.local === undefined) continue;
    const mine = c.item.local as Route;
    const before = c.item.remote as Route | undefined;
    if (before && before.method.toLowerCase() === mine.method.toLowerCase() && before.route === mine.route) continue;
    for (const o of staying) {
      if (o === c || o.id === c.id || !routesConflict(mine, o.item!.remote as Route)) continue;
      const theirs = o.item!.remote as Route;
      // One wording wherever the message names it.
      const developsEndpoint = `develop's endpoint ${theirs.method.toUpperCase()} ${theirs.route}${o.id ? ` (id ${o.id})` : ''}`;
      // A parked endpoint (a swap a deploy did not finish): the one holding its route either moved
      // there in that swap (a pull takes it only once the swap is finished) or is not the swap's at all.
      const swapped = c.parkedAt !== undefined && o.kind === 'changed-remote';
      const why = swapped ? 'changed remotely: moved there while a deploy swapping routes has not finished, so a pull does not take it yet' : (o.reason ?? 'not from this folder');
      issues.push({
        file: c.file,
        ...(c.item.line !== undefined ? { line: c.item.line } : {}),
        message: `${FOLDER_KINDS.endpoint.label(c.item.local)} takes the route of ${developsEndpoint}, which this deploy leaves alone (${why}); Losant keeps one endpoint per route: ${
          c.parkedAt === undefined
            ? "change or remove this entry, or delete develop's"
            : swapped
              ? `it waits ${parkedWhere(c.parkedAt)}: a deploy of a folder that holds the swapped routes (endpoints.yaml) finishes the move; pull after it`
              : `it waits ${parkedWhere(c.parkedAt)}, and no deploy finishes the move while ${developsEndpoint}, not one of the swapped endpoints, holds that route: move or delete that endpoint first, then deploy`
        }`,
      });
    }
  }
  return issues;
}

/**
 * Endpoints this deploy moves in a cycle of routes that the plan could not stage through a
 * temporary route (see ./route-swaps.ts: no endpoint with a `key`, or a temporary route
 * another endpoint of develop holds): each takes a route another still holds, so whichever goes
 * first Losant refuses (one endpoint per route). Refused before any write, with the two-step way.
 */
function swappedRoutes(plan: Plan): ValidationIssue[] {
  const cycles = routeCycles(plan.changes);
  const label = (c: PlannedChange) => FOLDER_KINDS.endpoint.label(c.item!.local);
  return [...cycles].map(([c, waits]) => {
    const other = waits.find((w) => cycles.has(w)) ?? waits[0];
    const theirs = other.item!.remote as Route;
    return {
      file: c.file,
      ...(c.item!.line !== undefined ? { line: c.item!.line } : {}),
      message: `${label(c)} takes the route ${theirs.method.toUpperCase()} ${theirs.route} that ${label(other)} leaves, while that one (or another in the cycle) takes this one's: Losant keeps one endpoint per route, and none of them can wait at a temporary route (none has a key, or their temporary routes are taken), so routes that swap cannot move in one deploy. Move one of them to a free route first, deploy, then finish the swap (the endpoints keep their ids)`,
    };
  });
}
