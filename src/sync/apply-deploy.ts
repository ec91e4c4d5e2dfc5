// Applies a deploy plan: exactly one request per create/update/rename/delete/mark, none for
// record/forget. The sync record of each resource is saved as soon as its request succeeds, so
// an interrupted deploy resumes where it stopped. Views, endpoints, groups, settings, slugs and
// domains go through one executor, in the order their dependencies set.
import type { ExperienceClient } from '../api/types.js';
import { hashContent } from '../project/view.js';
import type { IdResolver, NameMap, ResourceKind, WireContext } from '../project/resources/index.js';
import { DEFAULT_CONCURRENCY, runChanges } from './executor.js';
import { sendsRequest, type Plan, type PlannedChange } from './plan.js';
import { FOLDER_KINDS } from './kinds.js';
import { recordHashes } from './plan-resources.js';
import { recordMovedUp } from './moved-up.js';
import { managedTags, toApiPatch, toApiPost } from './remote.js';
import { DEVELOP, REQUESTS } from './resource-requests.js';
import { repointBody, replacedOf } from './page-repoints.js';
import { resultOf, settleWithoutRequest, unexpected, type ApplyEvents, type ChangeResult } from './results.js';
import { secretReader, type SecretSource } from './secrets.js';
import type { StateStore } from './state.js';

export interface ApplyDeployOptions {
  client: ExperienceClient;
  store: StateStore;
  /** Changes applied at once. Default: the client's concurrency limit, followed as it adapts. */
  concurrency?: number;
  events?: ApplyEvents;
  /** Where domain certificates and keys are read from (default: process.env and the current folder). */
  secrets?: SecretSource;
  /**
   * Whether applying ends by saving what it recorded (default true). False when the caller's next
   * step saves anyway: deploy() ends with one fold of the state (StateStore.compact), which
   * appends the last batch itself, so a save here would only take the state lock once more.
   */
  flush?: boolean;
}

export async function applyDeploy(plan: Plan, opts: ApplyDeployOptions): Promise<ChangeResult[]> {
  if (plan.direction !== 'deploy') throw new Error('applyDeploy needs a deploy plan');
  const { client, store } = opts;
  // Names → ids, kept current as views and groups are created and renamed, for the changes after them.
  const layoutIds = new Map(Object.entries(plan.layoutIds));
  const pageIds = new Map(Object.entries(plan.pageIds));
  const groupIds = new Map(Object.entries(plan.groupIds));
  const ids: IdResolver = { pageId: (n) => pageIds.get(n), groupId: (n) => groupIds.get(n) };
  const byId: NameMap = { page: (n) => pageIds.get(n) ?? `?page:${n}`, group: (n) => groupIds.get(n) ?? `?group:${n}` };
  const wire: WireContext = { ids, secret: secretReader(opts.secrets ?? { env: process.env, dir: process.cwd() }) };

  const record = (c: PlannedChange, id: string, lastUpdated: string) => {
    const content = c.local ?? c.remote!;
    if (c.synced && c.synced.id !== id) store.remove(c.synced.id);
    store.set({ id, viewType: c.viewType!, name: content.name, file: c.file, hash: hashContent(content), lastUpdated, ...replacedOf(c) });
  };

  const runView = async (c: PlannedChange): Promise<ChangeResult> => {
    switch (c.action) {
      case 'create': {
        const created = await client.createView(toApiPost(c.local!, layoutIds));
        if (c.viewType === 'layout') layoutIds.set(c.name, created.id);
        if (c.viewType === 'page') pageIds.set(c.name, created.id);
        record(c, created.id, created.lastUpdated);
        return resultOf(c, 'done', { id: created.id });
      }
      case 'update':
      case 'rename': {
        const updated = await client.patchView(c.id!, toApiPatch(c.local!, layoutIds));
        if (c.viewType === 'layout') {
          if (c.fromName !== undefined && layoutIds.get(c.fromName) === c.id) layoutIds.delete(c.fromName);
          layoutIds.set(c.name, c.id!);
        }
        record(c, c.id!, updated.lastUpdated);
        return resultOf(c, 'done');
      }
      case 'mark': {
        const updated = await client.patchView(c.id!, { viewTags: managedTags(c.remote!.tags) });
        record(c, c.id!, updated.lastUpdated);
        return resultOf(c, 'done');
      }
      case 'delete': {
        await client.deleteView(c.id!);
        if (c.viewType === 'layout' && c.remote && layoutIds.get(c.remote.name) === c.id) layoutIds.delete(c.remote.name);
        store.remove(c.id!);
        if (c.synced) store.remove(c.synced.id);
        return resultOf(c, 'done');
      }
      case 'record':
        record(c, c.id!, c.remoteLastUpdated!);
        return resultOf(c, 'done');
      default:
        return settleWithoutRequest(c, store) ?? unexpected('deploy', c);
    }
  };

  const runResource = async (c: PlannedChange): Promise<ChangeResult> => {
    const kind = c.resource as ResourceKind;
    const k = FOLDER_KINDS[kind];
    const requests = REQUESTS[kind];
    const item = c.item!;
    // The record of a resource that now holds the folder's content: hashed by id, as the planner compares.
    const recordLocal = (id: string, lastUpdated: string) => {
      if (item.synced && item.synced.id !== id) store.removeResource(kind, item.synced.id);
      const local = k.mapNames(item.local, byId);
      // What develop holds now: the folder's content, and what the folder leaves alone as develop had it.
      const hashes = k.leavesAlone ? recordHashes(k, k.leavesAlone.afterPush(local, item.develop)) : undefined;
      store.setResource(kind, { id, identity: c.name, hash: k.hash(local), ...(hashes ? { hashes } : {}), lastUpdated });
    };
    switch (c.action) {
      case 'create': {
        const created = await requests.create(client, k.toWire(item.local, wire));
        if (kind === 'group') groupIds.set(c.name, created.id);
        recordLocal(created.id, created.lastUpdated);
        return resultOf(c, 'done', { id: created.id });
      }
      case 'update':
      case 'rename':
      case 'mark': {
        const updated = await requests.update(client, c.id!, k.toWire(item.local, wire));
        // A swap's first step records nothing: an endpoint at its own temporary route says on develop
        // itself that a deploy is moving it, and every folder's next plan reads it so (route-swaps.ts).
        if (c.swap !== 'away') recordLocal(c.id!, updated.lastUpdated || (c.remoteLastUpdated ?? ''));
        return resultOf(c, 'done');
      }
      case 'repoint': {
        // Only the reply fields that name the deleted id: the rest is develop's, which the folder leaves alone.
        const body = repointBody(c, pageIds);
        if (kind === 'endpoint') await client.patchEndpoint(c.id!, body);
        else await client.patchVersionSettings(DEVELOP, body);
        return resultOf(c, 'done');
      }
      case 'delete':
        await requests.remove(client, c.id!);
        store.removeResource(kind, c.id!);
        if (item.synced) store.removeResource(kind, item.synced.id);
        return resultOf(c, 'done');
      case 'record':
        if (item.synced && item.synced.id !== c.id) store.removeResource(kind, item.synced.id);
        store.setResource(kind, { id: c.id!, identity: c.name, hash: item.hash!, ...(item.hashes ? { hashes: item.hashes } : {}), lastUpdated: c.remoteLastUpdated ?? '' });
        return resultOf(c, 'done');
      default:
        return settleWithoutRequest(c, store) ?? unexpected('deploy', c);
    }
  };

  try {
    const results = await runChanges(plan.changes, (c) => (c.resource === 'view' ? runView(c) : runResource(c)), {
      concurrency: opts.concurrency ?? (() => client.stats.concurrency?.limit ?? DEFAULT_CONCURRENCY),
      events: opts.events,
      needsSlot: sendsRequest,
    });
    // A failed read leaves the record as it was: the next run shows the move as develop's change, as before.
    await recordMovedUp(plan, results, client, store).catch(() => undefined);
    return results;
  } finally {
    if (opts.flush !== false) await store.flush();
  }
}
