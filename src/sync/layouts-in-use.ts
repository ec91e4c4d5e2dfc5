// A deploy (or a watch push) that deletes a layout must not leave pages rendering with it: Losant
// answers 500 for a page whose layout is gone. Its users are counted here, once, for both
// commands: the folder's pages that name it in `layout:` (valid or not: a page the folder keeps
// will be pushed naming it), and develop's pages that name it and that the run leaves as they
// are — made in Losant, out of the run's scope, or held. `lxp deploy` refuses such a delete
// before any write; `lxp watch` holds it (a `skip` saying why) until no page uses the layout.
//
// Develop's pages come from the plan's own list when the run listed develop whole (no request);
// a watch push, which reads only its files' views, lists develop's pages once — only when it
// deletes a layout.
import type { ApiView, ExperienceClient } from '../api/types.js';
import type { ValidationIssue } from '../project/issues.js';
import type { LocalView } from '../project/view.js';
import { viewDeletes, type Plan, type PlannedChange } from './change.js';
import type { RemoteView } from './remote.js';
import type { StateEntry } from './state.js';
import { pluralWord } from '../project/plural.js';

/** A layout `plan` deletes that pages still use. */
export interface LayoutInUse {
  /** The layout's remote id. */
  id: string;
  name: string;
  file: string;
  /** The folder's pages using it, by file, sorted: naming it in `layout:`, or (not read by a narrowed run) on develop as last synced. */
  folder: string[];
  /** Develop's pages naming it that the run leaves as they are (not the folder's copy of a page above), by name, sorted. */
  develop: string[];
}

export interface LayoutUsersInput {
  /** Every view of the folder (not narrowed to the run's paths). */
  local: readonly LocalView[];
  /** Develop's views as the plan had them, when the run listed develop whole; else develop's pages are listed. */
  remote?: readonly RemoteView[];
  /** The sync records by remote id: a page of develop recorded is the folder's (its file, even when the run did not read it). */
  synced: Readonly<Record<string, StateEntry>>;
  /** Page deletes of the plan that are not made after all (held): those pages stay, and count. */
  kept?: ReadonlySet<string>;
}

/** The actions that send the folder's copy of a page over develop's (whose layout then no longer counts). */
const SENDS_LOCAL = new Set<PlannedChange['action']>(['create', 'update', 'rename']);

/** The layouts `plan` deletes that a page of the folder or of develop still uses. */
export async function layoutsInUse(client: ExperienceClient, plan: Plan, input: LayoutUsersInput): Promise<LayoutInUse[]> {
  const deletes = viewDeletes(plan, 'layout').filter((c) => c.remote !== undefined);
  if (deletes.length === 0) return [];
  const byName = new Map(deletes.map((d) => [d.remote!.name, d]));
  const byId = new Map(deletes.map((d) => [d.id!, d]));

  const folder = new Map<string, Set<string>>();
  const folderNames = new Map<string, Set<string>>();
  const add = <T>(m: Map<string, Set<T>>, k: string, v: T) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
  for (const v of input.local) {
    if (v.viewType !== 'page' || v.layout === null || !byName.has(v.layout)) continue;
    add(folder, v.layout, v.file);
    add(folderNames, v.layout, v.name);
  }

  // Develop's pages: id, name and which deleted layout they name (if any).
  const pages: Array<{ id: string; name: string; layout: PlannedChange | undefined }> = input.remote
    ? input.remote.filter((r) => r.content.viewType === 'page').map((r) => ({ id: r.id, name: r.content.name, layout: r.content.layout === null ? undefined : byName.get(r.content.layout) }))
    : (await client.listViews({ viewType: 'page' })).map((v: ApiView) => ({ id: v.id, name: v.name, layout: v.layoutId ? byId.get(v.layoutId) : undefined }));
  const changes = new Map(plan.changes.filter((c) => c.resource === 'view' && c.viewType === 'page' && c.id !== undefined).map((c) => [c.id!, c]));
  const develop = new Map<string, Set<string>>();
  for (const p of pages) {
    if (!p.layout) continue;
    const c = changes.get(p.id);
    if (c?.action === 'delete' && !input.kept?.has(p.id)) continue;
    // The folder's copy replaces develop's: its own `layout:` counts (above).
    if (c?.local && SENDS_LOCAL.has(c.action)) continue;
    const name = p.layout.remote!.name;
    // The folder's page of that name already counts (in sync, or its copy on develop not replaced yet).
    if (folderNames.get(name)?.has(p.name)) continue;
    // A page the folder deployed, as develop has it: the folder's (a narrowed run did not read its file).
    const entry = input.synced[p.id];
    if (entry?.viewType === 'page') add(folder, name, entry.file);
    else add(develop, name, p.name);
  }

  const found: LayoutInUse[] = [];
  for (const d of deletes) {
    const name = d.remote!.name;
    const f = [...(folder.get(name) ?? [])].sort();
    const r = [...(develop.get(name) ?? [])].sort();
    if (f.length + r.length > 0) found.push({ id: d.id!, name, file: d.file, folder: f, develop: r });
  }
  return found;
}

const listed = (items: readonly string[], quote: boolean): string => {
  const named = items.slice(0, 10).map((i) => (quote ? JSON.stringify(i) : i));
  return named.join(', ') + (items.length > 10 ? ` and ${items.length - 10} more` : '');
};

/** Watch: why the delete is held (a `skip`'s reason). */
export function layoutInUseReason(l: LayoutInUse): string {
  const users = [
    ...(l.folder.length ? [listed(l.folder, false)] : []),
    ...(l.develop.length ? [`${pluralWord(l.develop.length, 'page', 'pages')} ${listed(l.develop, true)} on develop, not from this folder`] : []),
  ].join('; and by ');
  const way = l.develop.length ? ` (give ${pluralWord(l.develop.length, 'that page', 'those pages')} another layout on develop, or delete ${pluralWord(l.develop.length, 'it', 'them')} there)` : '';
  return `still used by ${users}: not deleted until no page names it in layout:${way}`;
}

/** Deploy: the refusal, one issue per layout, at the layout's file. */
export function layoutInUseIssues(found: readonly LayoutInUse[]): ValidationIssue[] {
  return found.map((l) => {
    const parts: string[] = [];
    if (l.folder.length) {
      const them = pluralWord(l.folder.length, 'it', 'them');
      parts.push(
        `layout "${l.name}" is still used by this folder's ${pluralWord(l.folder.length, 'page', 'pages')} ${listed(l.folder, false)}: deleting the layout would break ${them} on develop (Losant answers 500). Give ${them} another layout, or keep ${l.file}`,
      );
    }
    if (l.develop.length) {
      const n = l.develop.length;
      const them = pluralWord(n, 'it', 'them');
      parts.push(
        `${l.folder.length ? 'it is also' : `layout "${l.name}" is still`} used on develop by ${pluralWord(n, 'page', 'pages')} ${listed(l.develop, true)}, not from this folder (left alone by deploy): ` +
          `deleting the layout would break ${them} (Losant answers 500). Give ${them} another layout on develop, or delete ${them} there (deploy --prune deletes views the folder does not have), first`,
      );
    }
    return { file: l.file, message: parts.join('; ') };
  });
}
