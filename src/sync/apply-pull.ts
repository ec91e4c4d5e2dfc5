// Applies a pull plan: writes the files of views new or changed remotely, removes the files of
// views deleted remotely, edits endpoints.yaml, groups.yaml and experience.yaml
// (./apply-pull-resources.ts), and records each in the sync state. All file changes go through
// src/project/write.ts, which refuses any path that would leave the folder.
import { parseViewFile } from '../project/parse.js';
import { hashContent } from '../project/view.js';
import { FolderFiles, removeViewFile, writePulledView } from '../project/write.js';
import { resourcePuller } from './apply-pull-resources.js';
import { runChanges } from './executor.js';
import type { Plan, PlannedChange } from './plan.js';
import { replacedOf } from './page-repoints.js';
import { resultOf, settleWithoutRequest, unexpected, type ApplyEvents, type ChangeResult } from './results.js';
import type { StateStore } from './state.js';

export interface ApplyPullOptions {
  dir: string;
  store: StateStore;
  /** Files written at once. Default 16. */
  concurrency?: number;
  events?: ApplyEvents;
  /** Whether applying ends by saving what it recorded (default true); see ApplyDeployOptions.flush. */
  flush?: boolean;
}

export async function applyPull(plan: Plan, opts: ApplyPullOptions): Promise<ChangeResult[]> {
  if (plan.direction !== 'pull') throw new Error('applyPull needs a pull plan');
  const { dir, store } = opts;

  const runResource = resourcePuller(plan, dir, store);
  // One checker of the folder for the whole pull; views are written without an fsync each (docs/internals.md).
  const files = new FolderFiles(dir);
  const runView = async (c: PlannedChange): Promise<ChangeResult> => {
    switch (c.action) {
      case 'write': {
        const v = c.remote!;
        const entry = { id: c.id!, viewType: v.viewType, name: v.name, file: c.file, hash: hashContent(v), lastUpdated: c.remoteLastUpdated!, ...replacedOf(c) };
        // Write-ahead: the record-to-be is in the journal before the file changes, so a kill
        // between the two leaves an intent the next run settles against the file (./intents.ts).
        await store.intend(entry);
        let text: string;
        try {
          // Only what changed is rewritten: comments and style of the file's front matter survive.
          text = await writePulledView(files, c.file, v);
        } catch (err) {
          store.dropIntent(entry.id);
          throw err;
        }
        // The file must read back as the very view it holds, or the next status would see a change.
        const back = parseViewFile(c.file, text);
        const roundTrips = back.view !== undefined && back.issues.length === 0 && hashContent(back.view) === entry.hash;
        if (c.synced && c.synced.id !== c.id) store.remove(c.synced.id);
        store.set(entry);
        return resultOf(c, 'done', roundTrips ? {} : { warning: 'the file does not read back exactly as the remote view (check it)' });
      }
      case 'remove':
        await removeViewFile(files, c.file);
        if (c.synced) store.remove(c.synced.id);
        return resultOf(c, 'done');
      case 'record': {
        const v = c.remote!;
        store.set({ id: c.id!, viewType: v.viewType, name: v.name, file: c.file, hash: hashContent(v), lastUpdated: c.remoteLastUpdated!, ...replacedOf(c) });
        return resultOf(c, 'done');
      }
      default:
        return settleWithoutRequest(c, store) ?? unexpected('pull', c);
    }
  };

  try {
    return await runChanges(plan.changes, (c) => (c.resource === 'view' ? runView(c) : runResource(c)), {
      concurrency: opts.concurrency ?? 16,
      events: opts.events,
      needsSlot: (c) => c.action === 'write' || c.action === 'remove',
    });
  } finally {
    if (opts.flush !== false) await store.flush();
  }
}
