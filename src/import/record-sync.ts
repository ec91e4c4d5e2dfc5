// An official-CLI workspace imported with --target read develop's views and matched each file to
// one: where the file written holds exactly develop's view, the pair is recorded in the folder's
// sync state (.lxp/, as a pull of that file records it), so that a teammate's edit in Losant
// after the import shows as "changed remotely" and no deploy or watch sends the folder's older
// copy over it without --force (review 10, F16). A file whose body differs from develop's (edited
// since the download, or develop changed since) is not recorded: nothing says which side changed,
// so it stays "never synced", as before.
import { parseViewFile } from '../project/parse.js';
import { hashContent } from '../project/view.js';
import { StateStore, type StateEntry } from '../sync/state.js';
import type { PlannedFile } from './folder-files.js';
import type { ImportedView } from './imported.js';

/** The target the views were read from, as the connection resolved it. */
export interface ReadFrom {
  target: string;
  applicationId: string;
}

/** The records to make: each view file written that holds exactly the develop view it was matched to. */
export function syncRecords(views: readonly ImportedView[], planned: readonly PlannedFile[]): StateEntry[] {
  const bySource = new Map(views.map((v) => [v.from.file, v]));
  const out: StateEntry[] = [];
  for (const f of planned) {
    const v = f.source === undefined ? undefined : bySource.get(f.source);
    if (!v?.develop) continue;
    // What the next status reads from the file, not what the import meant to write.
    const back = parseViewFile(f.file, f.text).view;
    if (back === undefined || hashContent(back) !== v.develop.hash) continue;
    out.push({ id: v.develop.id, viewType: back.viewType, name: back.name, file: f.file, hash: v.develop.hash, lastUpdated: v.develop.lastUpdated });
  }
  return out;
}

/**
 * Opened before the first file is written: a state file that cannot be read (corrupt, a newer
 * format) refuses the import then, with nothing written, not after.
 */
export async function openSyncState(dir: string, from: ReadFrom): Promise<StateStore> {
  return StateStore.open(dir, from.target, from.applicationId, { debounceMs: -1 });
}

/** Records the entries and saves the state (under the folder's state lock, atomically). */
export async function recordSync(store: StateStore, entries: readonly StateEntry[]): Promise<void> {
  for (const e of entries) {
    // Another record of the same file (an older view there) would make two views claim one file.
    for (const old of Object.values(store.current.views)) if (old.file === e.file && old.id !== e.id) store.remove(old.id);
    store.set(e);
  }
  await store.compact();
}
