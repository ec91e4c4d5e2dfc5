// An official-CLI workspace imported with --target read develop's views and matched each file to
// one: the folder's sync state (.lxp/, as a pull of those files records them) gets the records
// worked out by ./sync-fate.ts — a file holding exactly develop's view in sync (review 10, F16), one
// that differs recorded against develop as read now (review 10b, F11) — so that a teammate's edit
// in Losant after the import never goes unnoticed, and the report says what the next deploy does.
import { StateStore, type StateEntry } from '../sync/state.js';

/** The target the views were read from, as the connection resolved it. */
export interface ReadFrom {
  target: string;
  applicationId: string;
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
