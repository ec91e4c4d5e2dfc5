// Develop's views that a push narrowed to a few files can be about, read one by one instead of
// listing all of develop — so a save in `lxp watch` costs the same at 100 views and at 5000.
//
// The plan of a narrowed run only looks at pairs whose file is in scope (plan.ts: `inScope(fileNow)`),
// and pairs views by id (state entries), by name (viewKey) and by content (state entries, for
// renames). It gets the same pairs and the same three-way answers as with the whole list when
// develop's part of the input holds every view that any in-scope pair can involve:
//   - by id: every state entry a view in scope can pair with — its file in scope, its name that of
//     a view in scope, or linked to no file of the folder at all (a rename's source, a deleted file);
//   - by name: the views in scope, those entries, the default name of each file in scope (a view
//     only on develop whose file would be that one), and the layouts pages in scope name (their ids
//     go into the requests).
// A view another person renamed, re-created or deleted is found by its id or by its name, as the
// whole list would have found it; all reads go out at once, so a push waits one round trip.
import type { ApiView, ExperienceClient } from '../api/types.js';
import { ApiError } from '../api/errors.js';
import { defaultNameForFile, viewTypeForFile } from '../project/naming.js';
import { viewKey, type LocalView, type ViewType } from '../project/view.js';
import type { TargetState } from './state.js';

/** What to read: ids (GET /views/:id) and names (a list filtered to that exact name). */
export interface ViewReads {
  ids: Set<string>;
  names: Map<string, { viewType: ViewType; name: string }>;
}

/** Pure: which views of develop a run narrowed to `files` needs (see the comment at the top). */
export function viewReadsFor(files: Iterable<string>, local: readonly LocalView[], state: TargetState): ViewReads {
  const scope = new Set(files);
  const ids = new Set<string>();
  const names = new Map<string, { viewType: ViewType; name: string }>();
  const addName = (viewType: ViewType, name: string) => names.set(viewKey({ viewType, name }), { viewType, name });

  const inScope = local.filter((l) => scope.has(l.file));
  const scopedKeys = new Set(inScope.map(viewKey));
  const localFiles = new Set(local.map((l) => l.file));
  const localKeys = new Set(local.map(viewKey));
  for (const l of inScope) {
    addName(l.viewType, l.name);
    if (l.viewType === 'page' && l.layout !== null) addName('layout', l.layout);
  }
  for (const file of scope) {
    const viewType = viewTypeForFile(file);
    if (viewType) addName(viewType, defaultNameForFile(file));
  }
  for (const e of Object.values(state.views)) {
    const unlinked = !localFiles.has(e.file) && !localKeys.has(viewKey(e));
    if (scope.has(e.file) || scopedKeys.has(viewKey(e)) || unlinked) {
      ids.add(e.id);
      addName(e.viewType, e.name);
    }
  }
  return { ids, names };
}

/** Reads them all at once; a view gone (404) is simply not there. Each view once, by id. */
export async function readViews(client: ExperienceClient, reads: ViewReads): Promise<ApiView[]> {
  const byId = new Map<string, ApiView>();
  const gone = (err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  };
  const found = await Promise.all([
    ...[...reads.ids].map((id) => client.getView(id).catch(gone)),
    ...[...reads.names.values()].map((n) => client.findView(n.viewType, n.name)),
  ]);
  for (const v of found) if (v) byId.set(v.id, v);
  return [...byId.values()];
}
