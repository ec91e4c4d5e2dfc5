// Applies a deploy plan: exactly one request per create/update/rename/delete/mark, none for
// record/forget. The sync record of each view is saved as soon as its request succeeds, so an
// interrupted deploy resumes where it stopped.
import type { ExperienceClient } from '../api/types.js';
import { hashContent } from '../project/view.js';
import { runChanges } from './executor.js';
import { sendsRequest, type Plan, type PlannedChange } from './plan.js';
import { managedTags, toApiPatch, toApiPost } from './remote.js';
import { resultOf, settleWithoutRequest, unexpected, type ApplyEvents, type ChangeResult } from './results.js';
import type { StateStore } from './state.js';

export interface ApplyDeployOptions {
  client: ExperienceClient;
  store: StateStore;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  events?: ApplyEvents;
}

export async function applyDeploy(plan: Plan, opts: ApplyDeployOptions): Promise<ChangeResult[]> {
  if (plan.direction !== 'deploy') throw new Error('applyDeploy needs a deploy plan');
  const { client, store } = opts;
  // Layout name → id, kept current as layouts are created and renamed, for the pages after them.
  const layoutIds = new Map(Object.entries(plan.layoutIds));

  const record = (c: PlannedChange, id: string, lastUpdated: string) => {
    const content = c.local ?? c.remote!;
    if (c.synced && c.synced.id !== id) store.remove(c.synced.id);
    store.set({ id, viewType: c.viewType, name: content.name, file: c.file, hash: hashContent(content), lastUpdated });
  };

  const run = async (c: PlannedChange): Promise<ChangeResult> => {
    switch (c.action) {
      case 'create': {
        const created = await client.createView(toApiPost(c.local!, layoutIds));
        if (c.viewType === 'layout') layoutIds.set(c.name, created.id);
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

  try {
    return await runChanges(plan.changes, run, {
      concurrency: opts.concurrency,
      events: opts.events,
      needsSlot: sendsRequest,
    });
  } finally {
    await store.flush();
  }
}
