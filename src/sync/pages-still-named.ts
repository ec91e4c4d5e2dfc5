// A page deleted in Losant that develop's endpoints or settings still name is kept by pull, and
// status, diff and deploy say so under its line (PlannedChange.stillNamedBy, the pull's words). A
// run that does not cover those kinds — experience.yaml declaring no settings, a folder without
// endpoints.yaml, a run narrowed to some files — has not listed them, and would call the page
// plainly "deleted remotely: pull to delete the file" while pull keeps it. They are listed here,
// only when the plan has such a page (no other run pays for it), and read for nothing else: the
// plan never compares or writes them.
import type { ApiView, ExperienceClient } from '../api/types.js';
import type { Plan, PlannedChange } from './change.js';
import type { ResourceKind } from './kinds.js';
import { toRemoteResources, type RemoteResources } from './remote-resources.js';
import { listRemote } from './resource-requests.js';

/** The kinds that can name a page. */
const NAMERS = ['endpoint', 'settings'] as const satisfies readonly ResourceKind[];

/** A page deleted in Losant whose file the plan keeps (deploy) or would remove (pull), by its sync record. */
const pageDeletedRemotely = (c: PlannedChange): boolean =>
  c.resource === 'view' && c.viewType === 'page' && c.kind === 'deleted-remote' && c.synced !== undefined && (c.action === 'skip' || c.action === 'remove');

/**
 * A page whose record says develop may still name it by an id it had before (re-created by this
 * deploy --force, or by an earlier one whose repoints did not all land — ./page-repoints.ts).
 */
const pageReplacing = (c: PlannedChange): boolean =>
  c.resource === 'view' && c.viewType === 'page' && c.synced !== undefined && (c.action === 'create' || c.synced.replaced !== undefined || (c.remote !== undefined && c.id !== c.synced.id));

/** The kinds that can still name a page this plan sees deleted in Losant (or re-created) and that the run did not list. */
export function namersToList(plan: Plan): ResourceKind[] {
  const missing = NAMERS.filter((k) => !plan.kinds.includes(k));
  return missing.length > 0 && plan.changes.some((c) => pageDeletedRemotely(c) || pageReplacing(c)) ? missing : [];
}

/**
 * develop's records of `kinds` (as of `version` when the run plans against one), read against the
 * views the run listed: what each names by an id no view has (RemoteResource.unresolved).
 */
export async function listNamers(client: ExperienceClient, kinds: readonly ResourceKind[], views: readonly ApiView[], version?: string): Promise<RemoteResources> {
  // Without develop's groups: they name no page, and what an endpoint names by group id (its
  // access) is nothing the plan reads here (it reads only the pages they name).
  const lists = await listRemote(client, new Set(kinds), () => Promise.resolve(views), version, { groups: false });
  const namers = toRemoteResources(lists);
  return Object.fromEntries(kinds.map((k) => [k, namers[k] ?? []]));
}
