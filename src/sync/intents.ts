// Settling the write-ahead intents a killed pull left in the sync state (TargetState.intents).
//
// A pull saves the record it is about to make for a view file (its intent) before it writes the
// file, and the record itself only in the next batch after the write. A kill in between leaves an
// intent and a file that holds either what the pull wrote (the rename happened) or what it held
// before (it did not) — or, since, whatever the user typed. The file tells which: when it holds a
// view whose content hash is the intent's, it is exactly what the pull wrote, so the intent
// becomes its record and the file is in step with develop as it was then (a teammate's later edit
// is "changed remotely", a later delete on develop a delete to pull). Otherwise the intent is
// dropped and the record from before the pull (or none) stands: the old content is then still "in
// sync" as before, and a user's edit a local change. Without this, a file written by a killed pull
// into a fresh checkout had no record at all, and the folder-is-the-truth rule took the stale
// copy for the user's edit (deploy <path> and watch pushed it over develop). The entries of
// endpoints.yaml, groups.yaml and experience.yaml have intents of their own (./resource-intents.ts),
// settled here too.
import { readFolderFile } from '../project/write.js';
import { parseViewFile } from '../project/parse.js';
import { hashContent } from '../project/view.js';
import type { LoadedProject } from '../project/load.js';
import type { StateEntry, StateStore, TargetState } from './state.js';
import { decideResourceIntents } from './resource-intents.js';

export interface SettledIntents {
  /** Intents whose file holds exactly what the pull wrote: they become records. */
  adopt: StateEntry[];
  /** Ids of the intents whose file holds something else (or nothing): dropped. */
  drop: string[];
}

/** The content hash of the view a file holds now, as the plan computes it; undefined when it holds none. */
async function fileHash(dir: string, file: string, loaded: Map<string, LoadedProject['views'][number]>): Promise<string | undefined> {
  const view = loaded.get(file);
  if (view) return hashContent(view);
  // Not among the views read (out of the run's paths, or invalid): read it on its own.
  const text = await readFolderFile(dir, file).catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseViewFile(file, text);
  return parsed.view ? hashContent(parsed.view) : undefined;
}

/** Decides each left-over intent against the folder (nothing is changed). */
export async function decideIntents(dir: string, project: LoadedProject, state: TargetState): Promise<SettledIntents> {
  const out: SettledIntents = { adopt: [], drop: [] };
  const intents = Object.values(state.intents ?? {});
  if (intents.length === 0) return out;
  const loaded = new Map(project.views.map((v) => [v.file, v]));
  for (const intent of intents) {
    if ((await fileHash(dir, intent.file, loaded)) === intent.hash) out.adopt.push(intent);
    else out.drop.push(intent.id);
  }
  return out;
}

/**
 * Settles the left-over intents of the store's target and returns the state to plan with. With
 * `save`, the store is changed and saved; without (status, diff, dry runs: nothing is saved), the
 * store is left alone and a settled copy of its state returned — the next run settles the same way.
 */
export async function settleIntents(dir: string, project: LoadedProject, store: StateStore, opts: { save: boolean }): Promise<TargetState> {
  const state = store.current;
  if (!state.intents && !state.resourceIntents) return state;
  const [{ adopt, drop }, resources] = await Promise.all([decideIntents(dir, project, state), decideResourceIntents(dir, state)]);
  if (!opts.save) {
    const views = { ...state.views };
    for (const e of adopt) views[e.id] = e;
    const kinds = { ...state.resources };
    for (const i of resources.adopt) kinds[i.kind] = { ...kinds[i.kind], [i.entry.id]: i.entry };
    const { intents: _settled, resourceIntents: _settledToo, ...rest } = state;
    return { ...rest, views, ...(resources.adopt.length > 0 ? { resources: kinds } : {}) };
  }
  for (const e of adopt) store.set(e);
  for (const id of drop) store.dropIntent(id);
  for (const i of resources.adopt) store.setResource(i.kind, i.entry);
  for (const key of resources.drop) store.dropResourceIntent(key);
  await store.flush();
  return store.current;
}
