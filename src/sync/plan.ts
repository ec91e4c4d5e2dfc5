// plan(): the folder, the remote and the last sync in, a list of changes out — for every kind at
// once (views; endpoints, groups, develop's settings, slugs and domains). PURE: no disk, no
// network, no clock. Every command is a view of its result: status lists the differences, diff
// shows them, deploy and pull apply the actions of their direction.
//
// The three-way rule is one for all kinds (./three-way.ts); this file pairs views (by file, by
// name, by content for renames) and ./plan-resources.ts pairs the other kinds (by identity, by
// id, by content for renames). Dependencies between changes (a page after its layout, an
// endpoint after the page and groups it names, deletes in reverse) order the apply; everything
// else runs concurrently.
import {
  contentOf,
  hashContent,
  rememberHash,
  viewKey,
  type LocalView,
  type ViewType,
} from '../project/view.js';
import { fileKey } from '../project/naming.js';
import { listAnd, pluralWord } from '../project/plural.js';
import type { FolderRecord } from '../project/resources/kind.js';
import { FOLDER_KINDS, RESOURCE_KINDS, type ResourceKind } from './kinds.js';
import { addResourceDependencies, planResources, resourceOrder } from './plan-resources.js';
import { stageRouteSwaps } from './route-swaps.js';
import { planRepoints } from './page-repoints.js';
import { markDanglingReplies } from './dangling-replies.js';
import { missingLayoutId, type RemoteView } from './remote.js';
import type { RemoteResource, RemoteResources } from './remote-resources.js';
import type { StateEntry, TargetState } from './state.js';
import { classify, decide, neverSynced } from './three-way.js';
import { REQUEST_ACTIONS, type ChangeAction, type ChangeKind, type Direction, type Plan, type PlannedChange } from './change.js';

export type { ChangeAction, ChangeKind, Direction, HoldReason, Plan, PlannedChange, ResourceItem } from './change.js';
export { REQUEST_ACTIONS, WRITE_ACTIONS, isWrite, sendsRequest, subjectOf } from './change.js';

export interface PlanInput {
  direction: Direction;
  /** Views read from the folder (already narrowed to the paths, if any). */
  local: LocalView[];
  remote: RemoteView[];
  state: TargetState;
  /** Narrowing: is this file (relative, posix) part of the run? Default: every file. */
  inScope?: (file: string) => boolean;
  /**
   * Narrowing: the views of the folder's files out of scope (not ignored). Never planned, but
   * paired as a whole run pairs them: a file in scope never takes the sync record (and so the
   * develop view) of a file out of scope, and what those files keep is looked at for names a
   * change claims (review 9b, F11 and F12).
   */
  outside?: readonly LocalView[];
  /**
   * .lxpignore: views whose file (present, last synced, or would-be) is ignored are left out
   * entirely, on both sides. Unlike `inScope` this does not make the plan "scoped": ignoring a
   * draft does not stop a whole-folder run from being one.
   */
  ignored?: (file: string) => boolean;
  /**
   * Files that do not validate: their views are left out, as if out of scope, and the plan is
   * partial (`scoped`: not a whole-folder run). Deploy refuses an invalid folder before
   * planning; watch pushes the rest. Give it only when some file is invalid.
   */
  invalid?: (file: string) => boolean;
  /** Deploy: deletes to hold back — each becomes a `skip` with `held` and a reason saying why. */
  hold?: {
    /**
     * The folder has no view file at all (more likely a wrong folder than a wish to delete
     * everything): when the plan deletes a view, every delete of the plan is held — views,
     * endpoints, groups, slugs, domains — as `lxp deploy` refuses such a run whole.
     */
    emptyFolder?: boolean;
    /**
     * Hold every delete, as for `emptyFolder`, whether or not this plan deletes a view: watch, in
     * the batches after its whole-folder sync found the folder empty (a batch narrowed to
     * endpoints.yaml has no view delete to tell).
     */
    everyDelete?: boolean;
    /**
     * Layout deletes to hold, by the layout's remote id → why (a page of the folder, valid or not,
     * or of develop still uses it: ./layouts-in-use.ts). Watch holds them; deploy refuses.
     */
    layoutsInUse?: ReadonlyMap<string, string>;
    /**
     * Page deletes to hold, by the page's remote id → why (something on develop the folder leaves
     * alone still replies with the page: ./pages-in-use.ts). Watch holds them; deploy refuses.
     */
    pagesInUse?: ReadonlyMap<string, string>;
    /**
     * Group deletes to hold, by the group's remote id → why (develop's endpoints the run leaves
     * alone list it in their access: ./groups-in-use.ts). Watch holds them; deploy refuses.
     */
    groupsInUse?: ReadonlyMap<string, string>;
  };
  force?: boolean;
  prune?: boolean;
  /** Every file present in the folder (relative, posix): pull never reuses one for a new view. */
  takenFiles?: Iterable<string>;
  /** Safe file name for a view (src/project/naming.ts fileForView). */
  fileFor: (viewType: ViewType, name: string, taken: Set<string>) => string;
  /**
   * The kinds besides views. `local`: the folder's records per kind — a kind absent is not
   * declared by the folder (deploy leaves it alone, pull writes it when develop has any).
   * `remote`: develop's records of the kinds this run covers — a kind absent is not covered.
   * A kind whose file is out of scope, ignored or invalid is left out entirely.
   */
  resources?: {
    local: Partial<Record<ResourceKind, readonly FolderRecord<unknown>[]>>;
    remote: RemoteResources;
    /** The target's group names → ids, for endpoints when the run does not cover groups. */
    groupIds?: ReadonlyMap<string, string>;
    /** Pull: group id → the folder's name for it (planResources' groupNames). */
    groupNames?: ReadonlyMap<string, string>;
    /**
     * develop's endpoints and settings of the kinds `remote` lacks (the run does not cover them:
     * experience.yaml declares no settings, no endpoints.yaml, a narrowed run), listed only for
     * the pages deleted in Losant they still name (./pages-still-named.ts): never planned.
     */
    namers?: RemoteResources;
  };
}

interface Pair {
  local?: LocalView;
  remote?: RemoteView;
  entry?: StateEntry;
  /** hashContent(remote.content), once classifyViews has it. */
  remoteHash?: string;
}

/**
 * String#localeCompare's order (the default locale's collation), from one collator: localeCompare
 * builds its comparison anew on every call, ~3× the cost when sorting 5000 records. Made on the
 * first comparison, not when this module loads: the first collator of a process loads ICU's
 * collation data (~14 ms of CPU), which a run that plans nothing (a no-op check, --version) skips.
 */
let collatorCompare: ((a: string, b: string) => number) | undefined;
const byLocale = (a: string, b: string): number => (collatorCompare ??= new Intl.Collator().compare)(a, b);

/**
 * Makes the planner's collator now rather than at the first comparison: a run calls it while it
 * waits for develop's lists (idle time), so the ICU load is not paid between the last list's
 * answer and the first write. Only for a state that has view records: without any, pairing
 * needs no order (see pairingNeedsOrder) and the collator is never made.
 */
export function warmPlanner(state: TargetState): void {
  if (Object.keys(state.views).length > 0) collatorCompare ??= new Intl.Collator().compare;
}

/**
 * Whether the order in which pairViews takes the folder's views can change what it pairs: only
 * when two of them can compete for one partner — a sync record (same file, same name, same
 * content: any record at all), or a remote view by name (two folder views of one name). A first
 * deploy or status of a folder with no records and unique names pairs alike in every order, and
 * is spared the locale order's collator (~14 ms of ICU loading between develop's list and the
 * first write). What the plan shows and sends is ordered afterwards by code points either way.
 */
export function pairingNeedsOrder(local: readonly LocalView[], entries: number): boolean {
  if (entries > 0) return true;
  const keys = new Set<string>();
  for (const l of local) {
    const k = viewKey(l);
    if (keys.has(k)) return true;
    keys.add(k);
  }
  return false;
}

/** Records by file, then id, each compared in locale order: a total order (ids are unique). */
const entryInLocale = (a: StateEntry, b: StateEntry): number => byLocale(a.file, b.file) || byLocale(a.id, b.id);
const entryByCodePoints = (a: StateEntry, b: StateEntry): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The records in locale order (entryInLocale), cheaply when it is also their code-point order —
 * the usual case: lowercase ASCII names. Sorted by code points (a few ns a comparison), then
 * each neighbour is checked with the collator (n − 1 comparisons instead of n log n, ~0.3 µs
 * each): in a strict total order, a sequence whose every neighbour is in order is the one sorted
 * sequence. When any neighbour is not (capitals, `_`, accents, a locale's own rules), or two
 * records compare equal, the records are sorted in locale order as they came.
 */
export function recordsInLocaleOrder(records: StateEntry[]): StateEntry[] {
  const sorted = [...records].sort(entryByCodePoints);
  for (let i = 1; i < sorted.length; i++) if (entryInLocale(sorted[i - 1], sorted[i]) >= 0) return records.sort(entryInLocale);
  return sorted;
}

/** Pairs folder, remote and state records that are the same view. */
function pairViews(local: LocalView[], remote: RemoteView[], state: TargetState): Pair[] {
  const entries = recordsInLocaleOrder(Object.values(state.views));
  const remoteById = new Map(remote.map((r) => [r.id, r]));
  // By name, made when first asked for: a run whose every record and folder view found its
  // partner by id and file (every run without a move) never asks.
  let byKey: Map<string, RemoteView> | undefined;
  const remoteByKey = () => (byKey ??= new Map(remote.map((r) => [viewKey(r.content), r])));
  const linked = new Map<string, LocalView>(); // entry id → local

  // 1. Same file (a `name:` change in place is still the same view). In any order: no two folder
  // views share a file, so none can take another's record here.
  const entryByFile = new Map(entries.map((e) => [e.file, e]));
  let left = local.filter((l) => {
    const e = entryByFile.get(l.file);
    if (e && e.viewType === l.viewType && !linked.has(e.id)) {
      linked.set(e.id, l);
      return false;
    }
    return true;
  });
  // From here on two folder views may compete for a record or a remote view: in locale order
  // (what is left sorts as it would have within the whole folder sorted; a sort is stable). A
  // folder whose views all kept their files (every run without a move) sorts nothing.
  if (left.length > 1 && pairingNeedsOrder(local, entries.length)) left.sort((a, b) => byLocale(a.file, b.file));
  // 2. Same name (the file moved, its front matter keeps the name).
  const entryByKey = left.length > 0 ? new Map(entries.map((e) => [viewKey(e), e])) : new Map<string, StateEntry>();
  left = left.filter((l) => {
    const e = entryByKey.get(viewKey(l));
    if (e && !linked.has(e.id)) {
      linked.set(e.id, l);
      return false;
    }
    return true;
  });
  // 3. Same content under another name: a rename (file moved or `name:` changed). Layouts
  // first, so a page that moved AND follows a renamed layout is still recognised.
  const renameLink = (l: LocalView, layoutRenamedFrom: Map<string, string>) => {
    const layout = l.viewType === 'page' && l.layout !== null ? (layoutRenamedFrom.get(l.layout) ?? l.layout) : l.layout;
    const e = entries.find(
      (x) => !linked.has(x.id) && x.viewType === l.viewType && hashContent({ ...l, name: x.name, layout }) === x.hash,
    );
    if (e) linked.set(e.id, l);
    return !e;
  };
  left = left.filter((l) => l.viewType !== 'layout' || renameLink(l, new Map()));
  const layoutRenamedFrom = new Map<string, string>(); // new name → old name
  for (const e of entries) {
    const l = linked.get(e.id);
    if (e.viewType === 'layout' && l && l.name !== e.name) layoutRenamedFrom.set(l.name, e.name);
  }
  left = left.filter((l) => l.viewType === 'layout' || renameLink(l, layoutRenamedFrom));

  const claimed = new Set<string>();
  const pairs: Pair[] = [];
  const byEntry = new Map<string, Pair>();
  for (const e of entries) {
    const r = remoteById.get(e.id);
    if (r) claimed.add(r.id);
    const p: Pair = { entry: e, local: linked.get(e.id), remote: r };
    pairs.push(p);
    byEntry.set(e.id, p);
  }
  // A recorded view whose id is gone but whose name is back (re-created remotely): the same view.
  for (const p of pairs) {
    if (p.remote) continue;
    for (const k of [p.local && viewKey(p.local), p.entry && viewKey(p.entry)]) {
      const r = k ? remoteByKey().get(k) : undefined;
      if (r && !claimed.has(r.id)) {
        p.remote = r;
        claimed.add(r.id);
        break;
      }
    }
  }
  for (const l of left) {
    const r = remoteByKey().get(viewKey(l));
    if (r && !claimed.has(r.id)) {
      claimed.add(r.id);
      pairs.push({ local: l, remote: r });
    } else {
      pairs.push({ local: l });
    }
  }
  for (const r of remote) if (!claimed.has(r.id)) pairs.push({ remote: r });
  return pairs;
}

/**
 * The remote view's content hash without hashing it, when the record proves it: the remote view is
 * the one recorded (same id) and untouched since (same lastUpdated: every change to a view moves
 * it), and the folder's side still has the recorded content — so the record's layout name is the
 * file's, and the one thing about a remote page that can change without touching it, the name of
 * the layout its layoutId points at, is compared directly. Anything else is hashed (see
 * docs/internals.md, "Skipping unchanged files").
 */
function recordedRemoteHash(p: Pair, localHash: string | undefined): string | undefined {
  const { remote: R, entry: S, local: L } = p;
  if (!R || !S || !L || localHash !== S.hash || R.id !== S.id || R.lastUpdated !== S.lastUpdated) return undefined;
  return R.content.layout === (L.viewType === 'page' ? L.layout : null) ? S.hash : undefined;
}

function classifyViews(p: Pair, fresh: boolean, direction: Direction): ChangeKind | 'stale' {
  const local = p.local && hashContent(p.local);
  // Folder views are never changed in place: the hash holds for this object from now on.
  if (p.local && local !== undefined) rememberHash(p.local, local);
  if (p.remote) p.remoteHash = recordedRemoteHash(p, local) ?? hashContent(p.remote.content);
  return classify({ local, remote: p.remoteHash, synced: p.entry?.hash, managed: p.remote?.managed ?? false }, fresh, direction);
}

/** Whether an in-sync pair's record must be (re)written: it is missing or says something else than the remote now. */
function needsRecord(e: StateEntry | undefined, p: Pair, file: string): boolean {
  const R = p.remote!;
  // (A record with ids the page replaced is looked at again: ./page-repoints.ts drops those nothing names any more.)
  return !e || e.id !== R.id || e.hash !== (p.remoteHash ?? hashContent(R.content)) || e.file !== file || e.name !== R.content.name || e.lastUpdated !== R.lastUpdated || e.replaced !== undefined;
}

/** What every planned change of a view pair carries, whatever its kind and action. */
function viewChangeBase(p: Pair): Base {
  const { local: L, remote: R, entry: S } = p;
  return {
    key: R?.id ?? S?.id ?? `new:${viewKey(L!)}`,
    resource: 'view' as const,
    viewType: (L ?? R?.content ?? S)!.viewType,
    id: R?.id ?? S?.id,
    local: L ? contentOf(L) : undefined,
    remote: R?.content,
    remoteLastUpdated: R?.lastUpdated,
    synced: S,
    dependsOn: [] as string[],
  };
}

export function plan(input: PlanInput): Plan {
  const { direction } = input;
  const force = input.force ?? false;
  const prune = input.prune ?? false;
  const fresh = !input.state.fullSync;
  const inScope = input.inScope ?? (() => true);
  const pairs = pairViews(input.outside?.length ? [...input.local, ...input.outside] : input.local, input.remote, input.state);

  // Layouts develop's pages still name by an id no layout has (deleted in Losant): a pull keeps their files.
  const danglingLayouts = new Set<string>();
  for (const r of input.remote) {
    const id = r.content.viewType === 'page' ? missingLayoutId(r.content.layout) : undefined;
    if (id !== undefined) danglingLayouts.add(id);
  }
  const danglingPages = pagesStillNamed(input.resources?.remote, input.resources?.namers);

  // Files a pulled view must not take (only a pull names new files). A status or deploy plan
  // shows a view new on develop at the file a pull would give it, so it needs them too, once
  // there is such a view (review 9, L7: it showed the path of another local file).
  const taken = new Set<string>();
  let takenFilled = false;
  const fillTaken = () => {
    if (takenFilled) return taken;
    takenFilled = true;
    for (const f of input.takenFiles ?? []) taken.add(fileKey(f));
    for (const l of input.local) taken.add(fileKey(l.file));
    for (const l of input.outside ?? []) taken.add(fileKey(l.file));
    for (const e of Object.values(input.state.views)) taken.add(fileKey(e.file));
    return taken;
  };
  if (direction === 'pull') fillTaken();
  const defaultFile = (vt: ViewType, name: string) => input.fileFor(vt, name, new Set());
  /** A deploy-direction plan's file for a view only develop has: where a pull would write it. */
  const pullsTo = (vt: ViewType, name: string) => {
    const f = input.fileFor(vt, name, fillTaken());
    taken.add(fileKey(f));
    return f;
  };

  let changes: PlannedChange[] = [];
  let inSync = 0;
  /** Pairs this plan leaves as they are (in sync; out of its scope): they keep their names (see refuseViewCollisions). */
  const quiet: Pair[] = [];
  const untouched: Pair[] = [];
  /** The untouched pairs a narrowed run leaves out (by their file, not .lxpignore nor invalid). */
  const outOfScope = new Set<Pair>();
  // Remote-only views get their files in a stable order, so names that clash get the same files every time.
  // Each pair's sort key built once (not twice per comparison: 5000 views make ~120 000 comparisons).
  const ordered = pairs
    .map((p) => ({ p, k: p.local ? `0${p.local.file}` : p.entry ? `1${p.entry.file}` : `2${viewKey(p.remote!.content)}` }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.p);
  for (const p of ordered) {
    const { local: L, remote: R, entry: S } = p;
    let fileNow = L?.file ?? S?.file ?? defaultFile(R!.content.viewType, R!.content.name);
    if (!inScope(fileNow)) {
      if (S && L && S.file !== L.file && inScope(S.file) && !input.ignored?.(L.file)) {
        // Moved out of the run's paths (a whole run moves it): the path names it, nothing is done.
        const kind = classifyViews(p, fresh, direction);
        const name = (direction === 'deploy' ? (R?.content.name ?? S.name) : (L.name));
        changes.push({
          ...viewChangeBase(p),
          kind: kind === 'stale' ? 'in-sync' : kind,
          action: 'skip',
          name,
          file: S.file,
          reason: `its file moved to ${L.file}, which this narrowed run leaves out: ${direction} ${L.file} too, or the whole folder`,
        });
        continue;
      }
      untouched.push(p);
      outOfScope.add(p);
      continue;
    }
    if (input.ignored && anyFile(L?.file, S?.file, fileNow, input.ignored)) {
      untouched.push(p);
      continue;
    }
    // A file that does not parse has no view: its record must not read as "deleted locally".
    if (input.invalid && anyFile(L?.file, S?.file, fileNow, input.invalid)) {
      untouched.push(p);
      continue;
    }
    if (direction === 'deploy' && !L && !S) fileNow = pullsTo(R!.content.viewType, R!.content.name);
    const kind = classifyViews(p, fresh, direction);
    // In sync, managed and recorded as it is: no change in either direction (most of a no-op, built no further).
    if (kind === 'in-sync' && R!.managed && !needsRecord(S, p, fileNow)) {
      inSync++;
      quiet.push(p);
      continue;
    }
    const base = viewChangeBase(p);
    if (kind === 'stale') {
      changes.push({ ...base, kind: 'in-sync', action: 'forget', name: S!.name, file: S!.file });
      continue;
    }
    if (kind === 'in-sync') inSync++;
    if (direction === 'deploy') {
      changes.push(...deployChange(base, kind, p, fileNow, force, prune, danglingLayouts, danglingPages).map((c) => holdDelete(c, input.hold)));
    } else {
      changes.push(...pullChange(base, kind, p, fileNow, force, prune, taken, input.fileFor, danglingLayouts, danglingPages));
    }
  }
  if (changes.some((c) => c.kind !== 'in-sync')) {
    // What the plan leaves alone keeps its name where the run applies: develop's for a deploy, the folder's for a pull.
    const kept = (p: Pair) => (direction === 'deploy' ? p.remote?.content.name : p.local && !input.ignored?.(p.local.file) ? p.local.name : undefined);
    // A pair out of scope renamed on this run's side only (in the folder for a deploy, on develop for
    // a pull): with its file in the run, its rename would move it off the name. Said in the reason.
    const renamedAway = (p: Pair) => {
      const [mine, theirs] = direction === 'deploy' ? [p.local?.name, p.remote?.content.name] : [p.remote?.content.name, p.local?.name];
      return p.entry !== undefined && mine !== undefined && mine !== p.entry.name && theirs === p.entry.name;
    };
    // With its file in the run, such a pair would end under this name (the folder's for a deploy, develop's for a pull).
    const renamedTo = (p: Pair) => (direction === 'deploy' ? p.local!.name : p.remote!.content.name);
    refuseViewCollisions(
      changes,
      [...quiet.map((p) => ({ p, name: p.remote!.content.name })), ...untouched.map((p) => ({ p, name: kept(p), ...(outOfScope.has(p) && renamedAway(p) ? { renamedTo: renamedTo(p) } : {}) }))],
      direction,
    );
  }
  // No prototype: a layout may be called __proto__ or constructor (any name Losant allows).
  const layoutIds = Object.create(null) as Record<string, string>;
  for (const r of input.remote) if (r.content.viewType === 'layout') layoutIds[r.content.name] = r.id;
  const pages = folderPages(input.remote, changes, direction);

  // The other kinds, those whose file this run covers.
  const covered = (file: string) => inScope(file) && !input.ignored?.(file) && !input.invalid?.(file);
  const kinds = RESOURCE_KINDS.filter((k) => input.resources?.remote[k] !== undefined && covered(FOLDER_KINDS[k].file));
  const resources = planResources({
    direction,
    force,
    prune,
    fullSync: input.state.fullSync,
    state: input.state,
    local: Object.fromEntries(kinds.flatMap((k) => (input.resources!.local[k] ? [[k, input.resources!.local[k]]] : []))),
    remote: Object.fromEntries(kinds.map((k) => [k, input.resources!.remote[k]])),
    pageIds: pages.ids,
    recordedPageIds: pages.recorded,
    pageNamesAfter: pages.namesAfter,
    groupIds: input.resources?.groupIds,
    groupNames: input.resources?.groupNames,
    groupsInUse: input.hold?.groupsInUse,
    narrowed: input.inScope !== undefined,
  });
  changes.push(...(settingsLeftAlone(input) ? resources.changes.filter((c) => c.resource !== 'settings' || c.kind === 'new-remote' || c.action === 'forget') : resources.changes));
  inSync += resources.inSync;
  // What develop's endpoints and settings the run does not write name by a re-created page's old id: pointed at it (deploy --force), or said.
  const namers = input.resources && { endpoint: input.resources.remote.endpoint ?? input.resources.namers?.endpoint, settings: input.resources.remote.settings ?? input.resources.namers?.settings };
  if (namers) changes = planRepoints(changes, namers, { direction, force, inFolder: (kind, r) => hasEntryFor(input, kind, r) });
  if (direction === 'deploy') changes = markDanglingReplies(changes, input.resources?.remote.endpoint);
  // An empty folder holds every delete, of every kind, once it would delete a view (before the
  // dependencies: a held delete frees nothing and waits on nothing).
  const hold = input.hold;
  if (hold?.everyDelete || (hold?.emptyFolder && changes.some((c) => c.action === 'delete' && c.resource === 'view'))) {
    for (let i = 0; i < changes.length; i++) changes[i] = holdForEmptyFolder(changes[i]);
  }
  // After a pull that did not finish, what the folder lacks may be what the pull had not written
  // yet: nothing is deleted from develop until a pull finishes (--force or not). `lxp deploy` refuses
  // such a whole-folder run outright; this covers paths and watch.
  if (direction === 'deploy' && input.state.unfinishedPull) {
    for (let i = 0; i < changes.length; i++) changes[i] = holdForUnfinishedPull(changes[i]);
  }

  if (direction === 'deploy') {
    addDeployDependencies(changes);
    addResourceDependencies(changes);
    // Routes that swap: one endpoint of each cycle moves through a temporary route (after the dependencies it takes on).
    stageRouteSwaps(changes, new Map((input.resources?.remote?.endpoint ?? []).map((r) => [r.id, r.content as { method: string; route: string }])));
  }
  breakCycles(changes);
  const sorted = sortForApply(changes);
  return {
    direction,
    force,
    prune,
    fresh,
    scoped: input.inScope !== undefined || input.invalid !== undefined,
    ...(input.state.unfinishedPull ? { unfinishedPull: true } : {}),
    changes: sorted,
    inSync,
    conflicts: sorted.filter((c) => c.action === 'conflict').length,
    layoutIds,
    pageIds: Object.fromEntries(pages.ids),
    groupIds: Object.fromEntries(resources.groupIds),
    kinds,
  };
}

/**
 * Pages develop's endpoints and settings still name by an id no view has (deleted in Losant) →
 * what names each (`endpoint "rp"`, `settings "develop"`), for the reason a pull keeps its file.
 */
/**
 * The folder holds an entry for develop's endpoint or settings `r` (in or out of this run): its
 * kind's file declares it, by identity or by its sync record. Else the kind's file is only where
 * it would go, and output says it is not there.
 */
function hasEntryFor(input: PlanInput, kind: 'endpoint' | 'settings', r: RemoteResource): boolean {
  const local = input.resources?.local[kind];
  if (local === undefined) return false;
  if (kind === 'settings') return true;
  const recorded = input.state.resources?.[kind]?.[r.id]?.identity;
  const identity = FOLDER_KINDS[kind].identity(r.content);
  return local.some((l) => l.identity === identity || l.identity === recorded);
}

function pagesStillNamed(remote: RemoteResources | undefined, namers: RemoteResources | undefined): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const kind of ['endpoint', 'settings'] as const) {
    for (const r of remote?.[kind] ?? namers?.[kind] ?? []) {
      for (const u of r.unresolved) {
        if (!u.startsWith('page:')) continue;
        const id = u.slice('page:'.length);
        const list = users.get(id) ?? [];
        list.push(`${kind} ${JSON.stringify(FOLDER_KINDS[kind].identity(r.content))}`);
        users.set(id, list);
      }
    }
  }
  return new Map([...users].map(([id, list]) => [id, list.sort().join(', ')]));
}

/**
 * The folder's page names → remote ids (what an endpoint's reply names, once the views of this
 * plan are applied), and, for pull, each remote page's name in the folder once the pull is applied.
 */
function folderPages(remote: RemoteView[], changes: PlannedChange[], direction: Direction): { ids: Map<string, string>; recorded: Map<string, string>; namesAfter: Map<string, string> } {
  const ids = new Map<string, string>();
  const namesAfter = new Map<string, string>();
  // Pages develop no longer has, by their sync records: the id an entry naming them was synced with.
  const recorded = new Map<string, string>();
  for (const r of remote) {
    if (r.content.viewType !== 'page') continue;
    ids.set(r.content.name, r.id);
    namesAfter.set(r.id, r.content.name);
  }
  for (const c of changes) {
    if (c.viewType !== 'page' || c.id === undefined || !c.local || !c.remote) continue;
    // The folder's name for this page, where it is not the remote's.
    if (c.local.name !== c.remote.name) {
      if (ids.get(c.remote.name) === c.id) ids.delete(c.remote.name);
      ids.set(c.local.name, c.id);
    }
    if (direction === 'pull' && c.action !== 'write') namesAfter.set(c.id, c.local.name);
  }
  for (const c of changes) {
    if (c.viewType !== 'page' || c.remote || !c.synced) continue;
    // A page this deploy re-creates (deploy --force) gets a new id: what names it moves to that one.
    if (c.local && !ids.has(c.local.name) && c.action !== 'create') recorded.set(c.local.name, c.synced.id);
    // Pull: an entry of develop naming the deleted page by its id is written with the page's last name, never the id.
    if (direction === 'pull' && !namesAfter.has(c.synced.id)) namesAfter.set(c.synced.id, c.synced.name);
  }
  return { ids, recorded, namesAfter };
}

/**
 * A folder that declares no settings leaves develop's alone — status and deploy do not cover them
 * — and a whole pull agrees: settings an earlier pull wrote and the file dropped since are not
 * reported as deleted locally, nor a conflict when develop changed them meanwhile. Develop's
 * settings the folder never had are still written (a pull brings what develop has); `pull --force`
 * takes develop's, and so does a pull narrowed to experience.yaml (planResources' `narrowed`: the
 * template's way to take them into the file).
 */
function settingsLeftAlone(input: PlanInput): boolean {
  return input.direction === 'pull' && !input.force && input.inScope === undefined && input.resources !== undefined && input.resources.local.settings === undefined;
}

/** Whether `test` holds for any of a pair's files (each distinct one tested once: usually all three are the same). */
function anyFile(local: string | undefined, synced: string | undefined, now: string, test: (file: string) => boolean): boolean {
  if (local !== undefined && test(local)) return true;
  if (synced !== undefined && synced !== local && test(synced)) return true;
  return now !== local && now !== synced && test(now);
}

/** A delete the empty-folder hold keeps back becomes a skip saying why; anything else is unchanged. */
function holdForEmptyFolder(c: PlannedChange): PlannedChange {
  if (c.action !== 'delete') return c;
  return { ...c, action: 'skip', held: 'empty-folder', reason: 'the folder has no view files: not deleted (check the folder; lxp deploy --force deletes it)' };
}

const NOT_PULLED_YET = 'not pulled yet: a pull into this folder did not finish (lxp pull brings it in)';

/** A view, endpoint or group develop has and the folder lacks, while a pull into the folder is unfinished: what the pull may not have written yet. */
export function notPulledYet(c: PlannedChange, unfinishedPull: boolean | undefined): boolean {
  return unfinishedPull === true && c.kind === 'new-remote' && c.action === 'skip' && !c.twins;
}

/** A delete held while a pull is unfinished (TargetState.unfinishedPull) becomes a skip saying why. */
function holdForUnfinishedPull(c: PlannedChange): PlannedChange {
  if (c.action === 'delete') return { ...c, action: 'skip', held: 'unfinished-pull', reason: 'a pull into this folder did not finish: not deleted (lxp pull finishes it)' };
  // What develop has and the folder lacks may be what the pull had not written yet — a view made
  // in Losant (no lxp tag: every --bootstrap, most --from) as much as one lxp deployed — not
  // something "not from this folder" (review 10b, F13). (Two views sharing a name keep their own reason.)
  // Not `held`: nothing is held back (deploy leaves such a view alone anyway); only what it is called changes.
  if (notPulledYet(c, true)) return { ...c, reason: NOT_PULLED_YET };
  // endpoints.yaml, groups.yaml and experience.yaml are written whole before their records are
  // saved; their write-ahead intents (./resource-intents.ts) settle what a pull stopped in between
  // wrote, but a file the pull had not reached yet is half a checkout all the same. Not pushed until a pull finishes.
  // (A repoint sends nothing of those files: only a re-created page's new id, to what the folder does not write.)
  if (c.resource !== 'view' && REQUEST_ACTIONS.has(c.action) && c.action !== 'repoint') {
    return { ...c, action: 'skip', held: 'unfinished-pull-file', reason: `a pull into this folder did not finish: ${c.file} is not pushed until it has (lxp pull finishes it)` };
  }
  return c;
}

/** A layout or page delete that an in-use hold keeps back (./layouts-in-use.ts, ./pages-in-use.ts) becomes a skip saying why; anything else is unchanged. */
function holdDelete(c: PlannedChange, hold: PlanInput['hold']): PlannedChange {
  if (c.action !== 'delete' || !hold || c.resource !== 'view' || c.id === undefined) return c;
  const layoutInUse = c.viewType === 'layout' ? hold.layoutsInUse?.get(c.id) : undefined;
  if (layoutInUse !== undefined) return { ...c, action: 'skip', held: 'layout-in-use', reason: layoutInUse };
  const pageInUse = c.viewType === 'page' ? hold.pagesInUse?.get(c.id) : undefined;
  if (pageInUse !== undefined) return { ...c, action: 'skip', held: 'page-in-use', reason: pageInUse };
  return c;
}

type Base = Omit<PlannedChange, 'kind' | 'action' | 'name' | 'file'>;

/** What pull and deploy --force do with a page deleted in Losant that develop still names (status, pull and deploy say it alike; ./page-repoints.ts). */
const KEPT_WHILE_NAMED = "pull keeps the file, deploy --force re-creates it and points at it what names it (the folder's entries, and develop's endpoints and settings the folder leaves alone)";
/** The same for a layout: the folder's pages follow it; a page made in the UI keeps naming the deleted one. */
const LAYOUT_KEPT_WHILE_NAMED = "pull keeps the file, deploy --force re-creates it and points the folder's pages at it (a page made in the UI and not in the folder keeps naming the deleted one)";

function deployChange(
  base: Base,
  kind: ChangeKind,
  p: Pair,
  file: string,
  force: boolean,
  prune: boolean,
  danglingLayouts: ReadonlySet<string>,
  danglingPages: ReadonlyMap<string, string>,
): PlannedChange[] {
  const { local: L, remote: R, entry: S } = p;
  const name = L?.name ?? R?.content.name ?? S!.name;
  const unsynced = neverSynced(kind, S !== undefined) ? { neverSynced: true as const } : {};
  const mk = (action: ChangeAction, extra: Partial<PlannedChange> = {}): PlannedChange[] => [
    { ...base, kind, action, name, file, ...unsynced, ...extra },
  ];
  const d = decide(kind, 'deploy', { force, prune, hasLocal: L !== undefined, hasSync: S !== undefined });
  switch (d.do) {
    case 'in-sync':
      if (!R!.managed) return mk('mark', { reason: 'marks the view as managed by lxp' });
      return needsRecord(S, p, file) ? mk('record') : [];
    case 'push': {
      // Write the local side over the remote one (update, rename, or create when the remote is gone).
      if (!R) return mk('create');
      const why = d.reason ? { reason: d.reason } : {};
      if (L!.name !== R.content.name) {
        const onlyName = hashContent({ ...L!, name: R.content.name }) === hashContent(R.content);
        return mk(onlyName ? 'rename' : 'update', { fromName: R.content.name, ...why });
      }
      return mk('update', why);
    }
    case 'delete':
      return mk('delete');
    case 'skip': {
      // A layout deleted in Losant while develop's pages still name it: a pull keeps the files, so only deploy --force mends it.
      const gone = R?.content.viewType === 'page' ? missingLayoutId(R.content.layout) : undefined;
      if (gone !== undefined) return mk('skip', { reason: `develop's page names a layout that no longer exists (id ${gone}, deleted in Losant; it fails to render there): deploy --force puts the folder's back, or give it a layout on develop` });
      // Status shows these reasons too (stillNamedBy): the same words as the pull's, which keeps the file.
      if (!R && S?.viewType === 'layout' && danglingLayouts.has(S.id)) return mk('skip', { stillNamedBy: 'pages', reason: `deleted on develop while develop's pages still name it (they fail to render there): ${LAYOUT_KEPT_WHILE_NAMED}` });
      const namedBy = !R && S?.viewType === 'page' ? danglingPages.get(S.id) : undefined;
      if (namedBy) return mk('skip', { stillNamedBy: namedBy, reason: `deleted on develop while develop's ${namedBy} still names it (its reply fails there): ${KEPT_WHILE_NAMED}` });
      return mk('skip', { reason: d.reason });
    }
    case 'conflict':
      return mk('conflict', { reason: d.reason });
    default:
      throw new Error(`a deploy cannot ${d.do}`);
  }
}

function pullChange(
  base: Base,
  kind: ChangeKind,
  p: Pair,
  fileNow: string,
  force: boolean,
  prune: boolean,
  taken: Set<string>,
  fileFor: PlanInput['fileFor'],
  danglingLayouts: ReadonlySet<string>,
  danglingPages: ReadonlyMap<string, string>,
): PlannedChange[] {
  const { local: L, remote: R, entry: S } = p;
  const name = R?.content.name ?? L?.name ?? S!.name;
  const unsynced = neverSynced(kind, S !== undefined) ? { neverSynced: true as const } : {};
  const mk = (action: ChangeAction, extra: Partial<PlannedChange> = {}): PlannedChange[] => [
    { ...base, kind, action, name, file: fileNow, ...unsynced, ...extra },
  ];
  // A file for a view that has none: its recorded file (no other file can hold it, or that file
  // would have been paired with the record), else a new safe name that no file uses.
  const newFile = (): string => {
    if (S) return S.file;
    const f = fileFor(R!.content.viewType, R!.content.name, taken);
    taken.add(fileKey(f));
    return f;
  };
  const d = decide(kind, 'pull', { force, prune, hasLocal: L !== undefined, hasSync: S !== undefined });
  switch (d.do) {
    case 'in-sync':
      return needsRecord(S, p, fileNow) ? mk('record') : [];
    case 'take': {
      if (!R && S?.viewType === 'layout' && danglingLayouts.has(S.id)) {
        // Its pages on develop still name it (and fail to render): the file is what deploy --force puts back.
        return mk('skip', { stillNamedBy: 'pages', reason: `deleted on develop, but develop's pages still name it (they fail to render there): kept, so that deploy --force puts it back (or give those pages another layout on develop)` });
      }
      const namedBy = !R && S?.viewType === 'page' ? danglingPages.get(S.id) : undefined;
      if (namedBy) {
        // Removing the file (and its record) would leave the folder naming a page it lacks, and develop's entry an id no file can name.
        return mk('skip', { stillNamedBy: namedBy, reason: `deleted on develop, but develop's ${namedBy} still names it (its reply fails there): kept, so that deploy --force puts it back (or change what names it on develop)` });
      }
      if (!R) return mk('remove');
      const gone = R.content.viewType === 'page' ? missingLayoutId(R.content.layout) : undefined;
      if (gone !== undefined) {
        // No file can say what develop holds (a layout that does not exist): keep the folder's, say why.
        return mk('skip', {
          reason: `develop's page names a layout that no longer exists (id ${gone}, deleted in Losant): it fails to render there (Losant answers 500), and no file can say that. Not pulled — give it a layout on develop, or deploy --force the folder's file`,
        });
      }
      const extra: Partial<PlannedChange> = L && L.name !== R.content.name ? { fromName: L.name } : {};
      return L ? mk('write', extra) : mk('write', { file: newFile() });
    }
    case 'remove':
      return mk('remove');
    case 'skip':
      return mk('skip', { reason: d.reason });
    case 'conflict':
      return mk('conflict', { reason: d.reason });
    default:
      throw new Error(`a pull cannot ${d.do}`);
  }
}

/** The name a view has once the run is applied — in the folder for a pull, on develop for a deploy — or undefined when it has none there. */
function nameAfter(c: PlannedChange, direction: Direction): string | undefined {
  if (c.action === 'conflict' || c.action === 'forget') return undefined;
  if (direction === 'deploy') {
    if (c.action === 'create' || c.action === 'update' || c.action === 'rename' || c.action === 'mark') return c.local?.name;
    return c.action === 'delete' ? undefined : c.remote?.name;
  }
  if (c.action === 'write') return c.remote?.name;
  return c.action === 'remove' ? undefined : c.local?.name;
}

/**
 * Two views of one type that would share a name once the run is applied: a view renamed in
 * Losant onto the name of a file the folder added (or renamed) and has not deployed, seen from
 * either side — as groups and endpoints (plan-resources.ts, refuseCollisions). A pull would leave
 * two files naming the view (a folder every command refuses), a deploy would be refused by
 * Losant (names are unique per view type) after its other changes. Refused: each is a conflict
 * naming the other, and nothing is written until one of them is renamed. Only a change can make
 * one (develop and the folder each hold a name once): plan() calls this only for a plan with one.
 */
function refuseViewCollisions(changes: PlannedChange[], kept: ReadonlyArray<{ p: Pair; name: string | undefined; renamedTo?: string }>, direction: Direction): void {
  const byName = new Map<string, Array<PlannedChange | Pair>>();
  /** Pairs out of a narrowed run's scope renamed on its side: the name their own (left-out) change gives them. */
  const renamedTo = new Map(kept.flatMap((k) => (k.renamedTo !== undefined ? [[k.p, k.renamedTo] as const] : [])));
  const claim = (key: string, who: PlannedChange | Pair) => byName.set(key, [...(byName.get(key) ?? []), who]);
  for (const c of changes) {
    const name = nameAfter(c, direction);
    if (name !== undefined && c.viewType !== undefined) claim(viewKey({ viewType: c.viewType, name }), c);
  }
  const claimedByChanges = new Set(byName.keys());
  const typeOf = (p: Pair) => (p.local ?? p.remote?.content ?? p.entry)!.viewType;
  const fileOf = (p: Pair) => (p.local?.file ?? p.entry?.file)!;
  /** Every name a pair the plan leaves alone holds → those pairs. */
  const holders = new Map<string, Pair[]>();
  for (const { p, name } of kept) if (name !== undefined) holders.set(viewKey({ viewType: typeOf(p), name }), [...(holders.get(viewKey({ viewType: typeOf(p), name })) ?? []), p]);
  /**
   * The files out of the run that a whole run would rename off `key`, so that no more than one
   * claimant keeps it: each such pair, and the pairs holding the name it moves to, in turn (a
   * rename chain), each renamed away on the run's side. undefined when a whole run meets the clash
   * too — two claimants staying, or a chain ending on a name something keeps or a change takes.
   */
  const freedBy = (claimants: Array<PlannedChange | Pair>): string[] | undefined => {
    const moving = claimants.filter((o): o is Pair => !('resource' in o) && renamedTo.has(o));
    if (moving.length === 0 || claimants.length - moving.length > 1) return undefined;
    const files: string[] = [];
    const seen = new Set<Pair>();
    const frees = (o: Pair): boolean => {
      if (seen.has(o)) return true; // a cycle of renames: each frees the next one's name
      seen.add(o);
      files.push(fileOf(o));
      const next = viewKey({ viewType: typeOf(o), name: renamedTo.get(o)! });
      if (claimedByChanges.has(next)) return false;
      return (holders.get(next) ?? []).every((h) => h === o || (renamedTo.has(h) && frees(h)));
    };
    return moving.every(frees) ? files : undefined;
  };
  /**
   * Deploy: the files out of the run that, with `c`, rename views in a cycle (each taking the name
   * the next gives up, back to the one `c` gives up) — which a whole deploy refuses too, before its
   * first write (./name-swaps.ts): Losant keeps one view per name, so one of them must go through a
   * free name first. undefined when `c`'s renames end on a free name or on one something keeps.
   * Read before the loop below turns the clashing changes into conflicts.
   */
  const movers = new Map<string, { takes: string; file?: string }>();
  if (direction === 'deploy') {
    for (const c of changes) {
      if (c.resource !== 'view' || c.viewType === undefined || c.fromName === undefined || c.fromName === c.name || !['rename', 'update'].includes(c.action)) continue;
      movers.set(viewKey({ viewType: c.viewType, name: c.fromName }), { takes: viewKey({ viewType: c.viewType, name: c.name }) });
    }
    for (const { p, name } of kept) {
      const to = renamedTo.get(p);
      if (name !== undefined && to !== undefined) movers.set(viewKey({ viewType: typeOf(p), name }), { takes: viewKey({ viewType: typeOf(p), name: to }), file: fileOf(p) });
    }
  }
  const cycleOutOfRun = (c: PlannedChange): string[] | undefined => {
    if (c.viewType === undefined || c.fromName === undefined || !movers.has(viewKey({ viewType: c.viewType, name: c.fromName }))) return undefined;
    const start = viewKey({ viewType: c.viewType, name: c.fromName });
    const files: string[] = [];
    const seen = new Set<string>();
    for (let at = viewKey({ viewType: c.viewType, name: c.name }); !seen.has(at); ) {
      if (at === start) return files.length > 0 ? files : undefined; // a cycle within the run: ./name-swaps.ts refuses it
      seen.add(at);
      const m = movers.get(at);
      if (m === undefined) return undefined;
      if (m.file !== undefined) files.push(m.file);
      at = m.takes;
    }
    return undefined;
  };
  // What the plan leaves as it is can only meet a name a change claims (develop and the folder each hold a name once).
  const names = new Set([...byName.keys()].map((k) => k.slice(k.indexOf(':') + 1)));
  for (const { p, name } of kept) {
    if (name !== undefined && names.has(name)) claim(viewKey({ viewType: typeOf(p), name }), p);
  }
  const describe = (who: PlannedChange | Pair): string => {
    const [L, R, S] = 'resource' in who ? [who.local, who.remote, who.synced] : [who.local, who.remote?.content, who.entry];
    const file = 'resource' in who ? who.file : (who.local?.file ?? who.entry?.file);
    const id = 'resource' in who ? who.id : who.remote?.id;
    const type = (L ?? R ?? S)!.viewType;
    if (R && S && R.name !== S.name && (!L || L.name === S.name)) return `develop's ${type} ${JSON.stringify(S.name)} (id ${id}, the file ${file}), renamed ${JSON.stringify(R.name)} in Losant`;
    if (L && S && L.name !== S.name) return `the file ${file}, renamed here from ${JSON.stringify(S.name)}`;
    if (L && !R && !S) return `the file ${file}, not deployed yet`;
    if (L) return `the file ${file}`;
    return `develop's ${type} ${JSON.stringify(R!.name)} (id ${id})`;
  };
  const where = direction === 'pull' ? 'the folder would hold' : 'develop would have';
  for (const [key, claimants] of byName) {
    if (claimants.length < 2) continue;
    const [viewType, ...rest] = key.split(':');
    const name = rest.join(':');
    // A narrowed run that leaves out the files whose own renames settle it: a whole run has no such
    // clash — unless, with this run's renames, they go round in a cycle, which a whole deploy refuses.
    const cycles = new Map(claimants.flatMap((c) => ('resource' in c ? [[c, cycleOutOfRun(c)] as const] : [])));
    const freeing = [...cycles.values()].some((f) => f !== undefined) ? undefined : freedBy(claimants);
    for (const c of claimants) {
      if (!('resource' in c)) continue; // a pair in sync is named by the others' reasons
      const others = claimants.filter((o) => o !== c).map(describe);
      const clash = `${where} two ${viewType}s ${JSON.stringify(name)} after this ${direction}: ${describe(c)}, and ${others.join(', and ')}`;
      const cycle = cycles.get(c);
      const reason = cycle
        ? `${clash}. ${listAnd(cycle)} ${pluralWord(cycle.length, 'is', 'are')} out of this narrowed run, and with ${pluralWord(cycle.length, 'its', 'their')} own ${pluralWord(cycle.length, 'rename', 'renames')} the ${viewType}s take each other's names in a cycle, which a whole lxp deploy refuses too: Losant keeps one ${viewType} per name. ` +
          `Rename one of them to a free name first (e.g. "${c.fromName}-old"), deploy, then finish the renames and deploy again (the views keep their ids)`
        : freeing
          ? `${clash}. ${listAnd(freeing)} ${pluralWord(freeing.length, 'is', 'are')} out of this narrowed run, and ${pluralWord(freeing.length, 'its own rename frees', 'their own renames free')} the name: a whole lxp ${direction} has no such clash (or ${direction} ${pluralWord(freeing.length, 'that file', 'those files')} too)`
          : `${clash}. Rename one of them (the file, or the view in Losant), then run again`;
      Object.assign(c, { kind: 'conflict', action: 'conflict', collision: true, reason }, freeing ? { narrowedOnly: true } : {});
      delete c.neverSynced;
      delete c.held;
    }
  }
}

/** Changes that can move a page off a layout (a mark only tags it). */
const MOVES_PAGE = new Set<ChangeAction>(['create', 'update', 'rename', 'delete']);

/**
 * Deploy ordering as dependencies, so that everything else runs concurrently:
 * - a page waits for the create/update/rename of the layout it names;
 * - a layout delete waits for the changes of the pages that use it now;
 * - a create or rename to a name waits for the delete or rename that frees that name;
 * - a page whose only difference is that its layout was renamed needs no request: it is
 *   recorded once the layout rename succeeded.
 */
function addDeployDependencies(changes: PlannedChange[]): void {
  const layoutChangeByNewName = new Map<string, PlannedChange>();
  const renamedLayouts = new Map<string, string>(); // old name → new name
  for (const c of changes) {
    if (c.viewType !== 'layout' || !['create', 'update', 'rename'].includes(c.action)) continue;
    layoutChangeByNewName.set(c.name, c);
    if (c.fromName !== undefined) renamedLayouts.set(c.fromName, c.name);
  }
  for (const c of changes) {
    if (c.viewType !== 'page' || !c.local) continue;
    if (!['create', 'update', 'rename', 'record', 'mark'].includes(c.action)) continue;
    if (c.local.layout !== null) {
      const dep = layoutChangeByNewName.get(c.local.layout);
      if (dep) c.dependsOn.push(dep.key);
    }
    // Only the layout's name moved under this page: the layout rename already did it.
    if ((c.action === 'update' || c.action === 'rename') && c.remote && c.remote.layout !== null) {
      const renamedTo = renamedLayouts.get(c.remote.layout);
      if (renamedTo !== undefined && hashContent({ ...c.remote, layout: renamedTo }) === hashContent(c.local)) {
        c.action = 'record';
        c.reason = `follows the rename of layout "${c.remote.layout}" to "${renamedTo}"`;
      }
    }
  }
  for (const c of changes) {
    if (c.viewType !== 'layout' || c.action !== 'delete' || !c.remote) continue;
    const layoutName = c.remote.name;
    for (const p of changes) {
      if (p.viewType === 'page' && p.remote?.layout === layoutName && MOVES_PAGE.has(p.action)) c.dependsOn.push(p.key);
    }
  }
  // Names are unique per view type: whoever takes a name waits for whoever gives it up.
  const freedBy = new Map<string, PlannedChange>();
  for (const c of changes) {
    if (!c.remote) continue;
    if (c.action === 'delete' || ((c.action === 'rename' || c.action === 'update') && c.fromName !== undefined)) {
      freedBy.set(viewKey(c.remote), c);
    }
  }
  for (const c of changes) {
    if (c.viewType === undefined || !(c.action === 'create' || ((c.action === 'rename' || c.action === 'update') && c.fromName !== undefined))) continue;
    const dep = freedBy.get(viewKey({ viewType: c.viewType, name: c.name }));
    if (dep && dep !== c) c.dependsOn.push(dep.key);
  }
}

/** Drops dependency edges that close a cycle (e.g. two views swapping names), so apply never deadlocks. */
function breakCycles(changes: PlannedChange[]): void {
  const byKey = new Map(changes.map((c) => [c.key, c]));
  const mark = new Map<string, 1 | 2>();
  const visit = (c: PlannedChange) => {
    mark.set(c.key, 1);
    c.dependsOn = c.dependsOn.filter((k) => {
      const d = byKey.get(k);
      if (!d) return false;
      const m = mark.get(k);
      if (m === 1) return false;
      if (m === undefined) visit(d);
      return true;
    });
    mark.set(c.key, 2);
  };
  for (const c of changes) if (!mark.has(c.key)) visit(c);
  for (const c of changes) c.dependsOn = [...new Set(c.dependsOn)];
}

const TYPE_ORDER: Record<ViewType, number> = { layout: 0, component: 1, page: 2 };

/**
 * Display and apply order: layouts being created or changed, then pages and components, then
 * layout deletes; then the other kinds (groups, endpoints, settings, slugs, domains), their
 * deletes last in reverse.
 */
function sortForApply(changes: PlannedChange[]): PlannedChange[] {
  const phase = (c: PlannedChange) =>
    c.resource !== 'view' ? 3 + resourceOrder(c) : c.viewType === 'layout' ? (c.action === 'delete' || c.action === 'remove' ? 2 : 0) : 1;
  const typeOrder = (c: PlannedChange) => (c.viewType ? TYPE_ORDER[c.viewType] : 0);
  return [...changes].sort(
    (a, b) =>
      phase(a) - phase(b) ||
      typeOrder(a) - typeOrder(b) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      // A swap's first step before its last (routes that swap).
      (a.swap === 'away' ? 0 : 1) - (b.swap === 'away' ? 0 : 1) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Changes that are real differences (what status lists and --exit-code counts). */
export function differences(p: Plan): PlannedChange[] {
  return p.changes.filter((c) => c.kind !== 'in-sync');
}

/**
 * What a plan's counts count, in every summary of it (status's last line, --exit-code's message,
 * watch's status event): "view" when it covers views only, else "resource" (endpoints, groups,
 * settings… too).
 */
export function countUnit(p: Pick<Plan, 'kinds' | 'changes'>): 'view' | 'resource' {
  // A run that covers views alone still lists develop's endpoints or settings naming a re-created page (repoints).
  return p.kinds.length > 0 || p.changes.some((c) => c.resource !== 'view' && c.kind !== 'in-sync') ? 'resource' : 'view';
}

/** True when applying this plan leaves the two sides equal (what `lxp release` needs before freezing develop). */
export function leavesInSync(p: Plan): boolean {
  return p.changes.every((c) => c.action !== 'skip' && c.action !== 'conflict');
}

/**
 * Deletes a whole-folder plan would send although the folder has no view file at all: more
 * likely a wrong --dir than a wish to delete everything, so deploy and watch refuse them.
 * 0 when the folder has view files or the plan is narrowed to some paths.
 */
export function deletesFromEmptyFolder(p: Plan, viewFiles: number): number {
  if (p.scoped || viewFiles > 0) return 0;
  return p.changes.filter((c) => c.action === 'delete' && c.resource === 'view').length;
}
