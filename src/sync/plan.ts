// plan(): the folder, the remote views and the last sync in, a list of changes out. PURE: no
// disk, no network, no clock. Every command is a view of its result: status lists the
// differences, diff shows them, deploy and pull apply the actions of their direction.
//
// Three-way classification of each view (L = folder, R = remote, S = last sync record):
//
//   L R S   L==R → in sync; both differ from S → conflict; else changed locally / remotely
//   L R -   L==R → in sync; fresh folder → changed locally (the folder is the truth); else conflict
//   L - S   L==S → deleted remotely; else conflict
//   L - -   new locally
//   - R S   R==S → deleted locally; else conflict
//   - R -   managed by lxp and the folder is fresh (deploy/status) → deleted locally; else new remotely
//   - - S   stale record → forgotten
//
// "Fresh" means this folder never completed a whole-folder sync with this target (e.g. a CI
// checkout without .lxp/): views lxp manages (view tag) that have no file are deleted by deploy,
// while views made by hand in the UI (no tag) are never deleted without --prune.
import {
  hashContent,
  viewKey,
  type LocalView,
  type ViewContent,
  type ViewType,
} from '../project/view.js';
import { fileKey } from '../project/naming.js';
import type { RemoteView } from './remote.js';
import type { StateEntry, TargetState } from './state.js';

export type Direction = 'deploy' | 'pull';

/** How a view differs, independent of direction. */
export type ChangeKind =
  | 'in-sync'
  | 'new-local'
  | 'changed-local'
  | 'deleted-local'
  | 'new-remote'
  | 'changed-remote'
  | 'deleted-remote'
  | 'conflict';

/**
 * What a deploy or pull does about a view. create/update/rename/delete/mark send one request
 * each (deploy); write/remove change one file each (pull); record/forget only touch the sync
 * state; skip leaves a difference alone (reason says why); conflict refuses the whole run.
 */
export type ChangeAction =
  | 'create'
  | 'update'
  | 'rename'
  | 'delete'
  | 'mark'
  | 'write'
  | 'remove'
  | 'record'
  | 'forget'
  | 'skip'
  | 'conflict';

export interface PlannedChange {
  /** Unique within the plan; what dependsOn refers to. */
  key: string;
  kind: ChangeKind;
  action: ChangeAction;
  viewType: ViewType;
  /** The name after the change (the folder's for deploy, the remote's for pull). */
  name: string;
  /** The file of the view (after the change, for pull). */
  file: string;
  /** Renames: the name before. */
  fromName?: string;
  /** The remote view's id, when it has one. */
  id?: string;
  /** What the folder holds (absent when no file). */
  local?: ViewContent;
  /** What the remote holds (absent when no remote view). */
  remote?: ViewContent;
  remoteLastUpdated?: string;
  /** The record of the last sync, if any. */
  synced?: StateEntry;
  /** Why a view is skipped, refused, or handled without a request. */
  reason?: string;
  /** A delete held back by a PlanInput.hold policy (the action is then `skip`). */
  held?: HoldReason;
  /** Keys of changes that must succeed before this one runs. */
  dependsOn: string[];
}

export interface Plan {
  direction: Direction;
  force: boolean;
  prune: boolean;
  /** No whole-folder sync with this target yet: the folder is the truth for managed views. */
  fresh: boolean;
  /** Narrowed to some paths. */
  scoped: boolean;
  /** Every view that is not in sync, plus in-sync views needing a state or tag update; in apply order. */
  changes: PlannedChange[];
  /** Views in sync (included or not in changes). */
  inSync: number;
  /** Changes refused as conflicts (the run writes nothing while this is > 0). */
  conflicts: number;
  /** Remote layout name → id, as listed. */
  layoutIds: Record<string, string>;
}

/** Why a delete is held back: see PlanInput.hold. */
export type HoldReason = 'empty-folder' | 'layout-in-use';

export interface PlanInput {
  direction: Direction;
  /** Views read from the folder (already narrowed to the paths, if any). */
  local: LocalView[];
  remote: RemoteView[];
  state: TargetState;
  /** Narrowing: is this file (relative, posix) part of the run? Default: every file. */
  inScope?: (file: string) => boolean;
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
    /** The folder has no view file at all (more likely a wrong folder than a wish to delete everything). */
    emptyFolder?: boolean;
    /** The delete of a layout that a page of the folder (valid or not) still names in `layout:`. */
    layoutsInUse?: boolean;
  };
  force?: boolean;
  prune?: boolean;
  /** Every file present in the folder (relative, posix): pull never reuses one for a new view. */
  takenFiles?: Iterable<string>;
  /** Safe file name for a view (src/project/naming.ts fileForView). */
  fileFor: (viewType: ViewType, name: string, taken: Set<string>) => string;
}

interface Pair {
  local?: LocalView;
  remote?: RemoteView;
  entry?: StateEntry;
}

/** The actions that send a request (deploy): one request each. */
export const REQUEST_ACTIONS: ReadonlySet<ChangeAction> = new Set(['create', 'update', 'rename', 'delete', 'mark']);

/** Actions that send a request (deploy) or change a file (pull). */
export const WRITE_ACTIONS: ReadonlySet<ChangeAction> = new Set([...REQUEST_ACTIONS, 'write', 'remove']);

export function isWrite(c: { action: ChangeAction }): boolean {
  return WRITE_ACTIONS.has(c.action);
}

/** True for a change that sends a request (deploy). */
export function sendsRequest(c: { action: ChangeAction }): boolean {
  return REQUEST_ACTIONS.has(c.action);
}

/** Pairs folder, remote and state records that are the same view. */
function pairViews(local: LocalView[], remote: RemoteView[], state: TargetState): Pair[] {
  const entries = Object.values(state.views).sort((a, b) => a.file.localeCompare(b.file) || a.id.localeCompare(b.id));
  const remoteById = new Map(remote.map((r) => [r.id, r]));
  const remoteByKey = new Map(remote.map((r) => [viewKey(r.content), r]));
  const linked = new Map<string, LocalView>(); // entry id → local
  let left = [...local].sort((a, b) => a.file.localeCompare(b.file));

  // 1. Same file (a `name:` change in place is still the same view).
  const entryByFile = new Map(entries.map((e) => [e.file, e]));
  left = left.filter((l) => {
    const e = entryByFile.get(l.file);
    if (e && e.viewType === l.viewType && !linked.has(e.id)) {
      linked.set(e.id, l);
      return false;
    }
    return true;
  });
  // 2. Same name (the file moved, its front matter keeps the name).
  const entryByKey = new Map(entries.map((e) => [viewKey(e), e]));
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
      const r = k ? remoteByKey.get(k) : undefined;
      if (r && !claimed.has(r.id)) {
        p.remote = r;
        claimed.add(r.id);
        break;
      }
    }
  }
  for (const l of left) {
    const r = remoteByKey.get(viewKey(l));
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

function classify(p: Pair, fresh: boolean, direction: Direction): ChangeKind | 'stale' {
  const l = p.local && hashContent(p.local);
  const r = p.remote && hashContent(p.remote.content);
  const s = p.entry?.hash;
  if (l && r) {
    if (l === r) return 'in-sync';
    if (s === undefined) return fresh ? 'changed-local' : 'conflict';
    if (l !== s && r !== s) return 'conflict';
    return l !== s ? 'changed-local' : 'changed-remote';
  }
  if (l) {
    if (s === undefined) return 'new-local';
    return l === s ? 'deleted-remote' : 'conflict';
  }
  if (r) {
    if (s !== undefined) return r === s ? 'deleted-local' : 'conflict';
    // Pull brings the folder to the remote: a view with no file is new to the folder.
    return fresh && p.remote!.managed && direction === 'deploy' ? 'deleted-local' : 'new-remote';
  }
  return 'stale';
}

const REASONS = {
  changedRemoteDeploy: 'changed remotely: pull it, or deploy --force to overwrite it',
  deletedRemoteDeploy: 'deleted remotely: pull to delete the file, or deploy --force to re-create it',
  newRemoteDeploy: 'not from this folder: left alone (deploy --prune deletes it)',
  conflict: "changed on both sides since the last sync: deploy --force keeps the folder's version, pull --force takes develop's",
  conflictNoState: "on both sides with different content and no sync record: deploy --force keeps the folder's version, pull --force takes develop's",
  newLocalPull: 'not deployed yet: kept (pull --prune deletes the file)',
  changedLocalPull: 'changed locally: kept (pull --force overwrites it)',
  deletedLocalPull: 'deleted locally: not restored (pull --force restores it)',
} as const;

function needsRecord(e: StateEntry | undefined, id: string, c: ViewContent, file: string, lastUpdated: string): boolean {
  return !e || e.id !== id || e.hash !== hashContent(c) || e.file !== file || e.name !== c.name || e.lastUpdated !== lastUpdated;
}

export function plan(input: PlanInput): Plan {
  const { direction } = input;
  const force = input.force ?? false;
  const prune = input.prune ?? false;
  const fresh = !input.state.fullSync;
  const inScope = input.inScope ?? (() => true);
  const pairs = pairViews(input.local, input.remote, input.state);
  /** Page files naming each layout, for holding layout deletes. */
  const layoutUsers = new Map<string, string[]>();
  if (input.hold?.layoutsInUse) {
    for (const v of input.local) if (v.viewType === 'page' && v.layout !== null) layoutUsers.set(v.layout, [...(layoutUsers.get(v.layout) ?? []), v.file].sort());
  }

  const taken = new Set<string>();
  for (const f of input.takenFiles ?? []) taken.add(fileKey(f));
  for (const l of input.local) taken.add(fileKey(l.file));
  for (const e of Object.values(input.state.views)) taken.add(fileKey(e.file));
  const defaultFile = (vt: ViewType, name: string) => input.fileFor(vt, name, new Set());

  const changes: PlannedChange[] = [];
  let inSync = 0;
  // Remote-only views get their files in a stable order, so names that clash get the same files every time.
  const ordered = [...pairs].sort((a, b) => {
    const ka = a.local ? `0${a.local.file}` : a.entry ? `1${a.entry.file}` : `2${viewKey(a.remote!.content)}`;
    const kb = b.local ? `0${b.local.file}` : b.entry ? `1${b.entry.file}` : `2${viewKey(b.remote!.content)}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const p of ordered) {
    const { local: L, remote: R, entry: S } = p;
    const fileNow = L?.file ?? S?.file ?? defaultFile(R!.content.viewType, R!.content.name);
    if (!inScope(fileNow)) continue;
    if (input.ignored && [L?.file, S?.file, fileNow].some((f) => f !== undefined && input.ignored!(f))) continue;
    // A file that does not parse has no view: its record must not read as "deleted locally".
    if (input.invalid && [L?.file, S?.file, fileNow].some((f) => f !== undefined && input.invalid!(f))) continue;
    const kind = classify(p, fresh, direction);
    const viewType = (L ?? R?.content ?? S)!.viewType;
    const key = R?.id ?? S?.id ?? `new:${viewKey(L!)}`;
    const base = {
      key,
      viewType,
      id: R?.id ?? S?.id,
      local: L ? stripFile(L) : undefined,
      remote: R?.content,
      remoteLastUpdated: R?.lastUpdated,
      synced: S,
      dependsOn: [] as string[],
    };
    if (kind === 'stale') {
      changes.push({ ...base, kind: 'in-sync', action: 'forget', name: S!.name, file: S!.file });
      continue;
    }
    if (kind === 'in-sync') inSync++;
    if (direction === 'deploy') {
      changes.push(...deployChange(base, kind, p, fileNow, force, prune).map((c) => holdDelete(c, input.hold, layoutUsers)));
    } else {
      changes.push(...pullChange(base, kind, p, fileNow, force, prune, taken, input.fileFor));
    }
  }
  const layoutIds: Record<string, string> = {};
  for (const r of input.remote) if (r.content.viewType === 'layout') layoutIds[r.content.name] = r.id;
  if (direction === 'deploy') addDeployDependencies(changes);
  const sorted = sortForApply(changes);
  return {
    direction,
    force,
    prune,
    fresh,
    scoped: input.inScope !== undefined || input.invalid !== undefined,
    changes: sorted,
    inSync,
    conflicts: sorted.filter((c) => c.action === 'conflict').length,
    layoutIds,
  };
}

/** A delete that a hold policy keeps back becomes a skip saying why; anything else is unchanged. */
function holdDelete(c: PlannedChange, hold: PlanInput['hold'], layoutUsers: Map<string, string[]>): PlannedChange {
  if (c.action !== 'delete' || !hold) return c;
  if (hold.emptyFolder) {
    return { ...c, action: 'skip', held: 'empty-folder', reason: 'the folder has no view files: not deleted (check the folder; lxp deploy --force deletes it)' };
  }
  const users = c.viewType === 'layout' && c.remote ? layoutUsers.get(c.remote.name) : undefined;
  if (hold.layoutsInUse && users?.length) {
    return { ...c, action: 'skip', held: 'layout-in-use', reason: `still used by ${users.join(', ')}: not deleted until no page names it in layout:` };
  }
  return c;
}

function stripFile(l: LocalView): ViewContent {
  const { file: _file, ...content } = l;
  return content;
}

type Base = Omit<PlannedChange, 'kind' | 'action' | 'name' | 'file'>;

function deployChange(
  base: Base,
  kind: ChangeKind,
  p: Pair,
  file: string,
  force: boolean,
  prune: boolean,
): PlannedChange[] {
  const { local: L, remote: R, entry: S } = p;
  const name = L?.name ?? R?.content.name ?? S!.name;
  const mk = (action: ChangeAction, extra: Partial<PlannedChange> = {}): PlannedChange[] => [
    { ...base, kind, action, name, file, ...extra },
  ];
  // Write the local side over the remote one (update, rename, or create when the remote is gone).
  const push = (): PlannedChange[] => {
    if (!R) return mk('create');
    if (L!.name !== R.content.name) {
      const onlyName = hashContent({ ...L!, name: R.content.name }) === hashContent(R.content);
      return mk(onlyName ? 'rename' : 'update', { fromName: R.content.name });
    }
    return mk('update');
  };
  switch (kind) {
    case 'in-sync':
      if (!R!.managed) return mk('mark', { reason: 'marks the view as managed by lxp' });
      return needsRecord(S, R!.id, R!.content, file, R!.lastUpdated) ? mk('record') : [];
    case 'new-local':
    case 'changed-local':
      return push();
    case 'deleted-local':
      return mk('delete');
    case 'changed-remote':
      return force ? push() : mk('skip', { reason: REASONS.changedRemoteDeploy });
    case 'deleted-remote':
      return force ? mk('create') : mk('skip', { reason: REASONS.deletedRemoteDeploy });
    case 'new-remote':
      return prune ? mk('delete') : mk('skip', { reason: REASONS.newRemoteDeploy });
    case 'conflict':
      if (!force) return mk('conflict', { reason: S ? REASONS.conflict : REASONS.conflictNoState });
      return L ? push() : mk('delete');
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
): PlannedChange[] {
  const { local: L, remote: R, entry: S } = p;
  const name = R?.content.name ?? L?.name ?? S!.name;
  const mk = (action: ChangeAction, extra: Partial<PlannedChange> = {}): PlannedChange[] => [
    { ...base, kind, action, name, file: fileNow, ...extra },
  ];
  // A file for a view that has none: its recorded file (no other file can hold it, or that file
  // would have been paired with the record), else a new safe name that no file uses.
  const newFile = (): string => {
    if (S) return S.file;
    const f = fileFor(R!.content.viewType, R!.content.name, taken);
    taken.add(fileKey(f));
    return f;
  };
  const take = (): PlannedChange[] => {
    if (!R) return mk('remove');
    const extra: Partial<PlannedChange> = L && L.name !== R.content.name ? { fromName: L.name } : {};
    return L ? mk('write', extra) : mk('write', { file: newFile() });
  };
  switch (kind) {
    case 'in-sync':
      return needsRecord(S, R!.id, R!.content, fileNow, R!.lastUpdated) ? mk('record') : [];
    case 'new-remote':
    case 'changed-remote':
    case 'deleted-remote':
      return take();
    case 'new-local':
      return prune ? mk('remove') : mk('skip', { reason: REASONS.newLocalPull });
    case 'changed-local':
      return force ? take() : mk('skip', { reason: REASONS.changedLocalPull });
    case 'deleted-local':
      return force ? take() : mk('skip', { reason: REASONS.deletedLocalPull });
    case 'conflict':
      return force ? take() : mk('conflict', { reason: S ? REASONS.conflict : REASONS.conflictNoState });
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
    if (!(c.action === 'create' || ((c.action === 'rename' || c.action === 'update') && c.fromName !== undefined))) continue;
    const dep = freedBy.get(viewKey({ viewType: c.viewType, name: c.name }));
    if (dep && dep !== c) c.dependsOn.push(dep.key);
  }
  breakCycles(changes);
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

/** Display and apply order: layouts being created or changed, then pages and components, then layout deletes. */
function sortForApply(changes: PlannedChange[]): PlannedChange[] {
  const phase = (c: PlannedChange) =>
    c.viewType === 'layout' ? (c.action === 'delete' || c.action === 'remove' ? 2 : 0) : 1;
  return [...changes].sort(
    (a, b) =>
      phase(a) - phase(b) ||
      TYPE_ORDER[a.viewType] - TYPE_ORDER[b.viewType] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Changes that are real differences (what status lists and --exit-code counts). */
export function differences(p: Plan): PlannedChange[] {
  return p.changes.filter((c) => c.kind !== 'in-sync');
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
  return p.changes.filter((c) => c.action === 'delete').length;
}
