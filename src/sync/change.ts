// What a plan is made of: one PlannedChange per resource that is not in sync (plus bookkeeping),
// whatever its kind — a view, an endpoint, a group, develop's settings, a slug or a domain. The
// planner (./plan.ts) makes them, the executors apply them, every output renders them.
import type { ViewContent, ViewType } from '../project/view.js';
import type { ResourceKind, ResourceKindName } from '../project/resources/kind.js';
import type { RecordHashes, ResourceEntry, StateEntry } from './state.js';

export type Direction = 'deploy' | 'pull';

export type { ResourceKind, ResourceKindName };

/** How a resource differs, independent of direction. */
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
 * What a deploy or pull does about a resource. create/update/rename/delete/mark/repoint send one
 * request each (deploy; repoint: develop's endpoint or settings the folder does not write, pointed
 * at a page the deploy re-created — ./page-repoints.ts); write/remove change one file each for views, one entry of its file for the
 * other kinds (pull); record/forget only touch the sync state; skip leaves a difference alone
 * (reason says why); conflict refuses the whole run.
 */
export type ChangeAction =
  | 'create'
  | 'update'
  | 'rename'
  | 'delete'
  | 'mark'
  | 'repoint'
  | 'write'
  | 'remove'
  | 'record'
  | 'forget'
  | 'skip'
  | 'conflict';

/**
 * Why a change is held back: see PlanInput.hold. While a pull is unfinished, `unfinished-pull` is a
 * held delete (a file the pull may not have written yet) and `unfinished-pull-file` a held push of
 * an experience file (endpoints.yaml…, whose records the pull may not have saved).
 */
export type HoldReason = 'empty-folder' | 'layout-in-use' | 'page-in-use' | 'group-in-use' | 'unfinished-pull' | 'unfinished-pull-file';

/** A change of an endpoint, group, settings, slug or domain: the two sides as folder content. */
export interface ResourceItem {
  /** What the folder holds (the kind's content, names as the folder spells them). */
  local?: unknown;
  /** What the remote holds, read as folder content (names resolved, aligned with the folder). */
  remote?: unknown;
  /** The sync record of the last sync, if any. */
  synced?: ResourceEntry;
  /** The hash to record when the change leaves both sides equal without a request (record, pull). */
  hash?: string;
  /** With it, for a kind whose folder may leave fields alone: the record's two hashes (ResourceEntry.hashes). */
  hashes?: RecordHashes;
  /**
   * A kind whose folder may leave fields alone: develop's content as read (names as ids, not
   * aligned), so a push records what it leaves of develop's (FolderKind.leavesAlone.afterPush).
   */
  develop?: unknown;
  /** The line of the entry in its file (1-based), when the folder has it. */
  line?: number;
}

export interface PlannedChange {
  /** Unique within the plan; what dependsOn refers to. */
  key: string;
  kind: ChangeKind;
  action: ChangeAction;
  /** Which kind of resource: a view, an endpoint, a group, develop's settings, a slug, a domain. */
  resource: ResourceKindName;
  /** Views: layout, page or component. */
  viewType?: ViewType;
  /**
   * The name after the change (the folder's for deploy, the remote's for pull). For the other
   * kinds, the identity: an endpoint's key or `METHOD route`, a group's name, `develop`, the slug,
   * the domain name.
   */
  name: string;
  /** The file of the resource (after the change, for pull): the view's file, or endpoints.yaml… */
  file: string;
  /** Renames: the name before. */
  fromName?: string;
  /** The remote resource's id, when it has one. */
  id?: string;
  /** Views: what the folder holds (absent when no file). */
  local?: ViewContent;
  /** Views: what the remote holds (absent when no remote view). */
  remote?: ViewContent;
  /** The other kinds: both sides and their record. */
  item?: ResourceItem;
  remoteLastUpdated?: string;
  /** Views: the record of the last sync, if any. */
  synced?: StateEntry;
  /** Why a resource is skipped, refused, or handled without a request. */
  reason?: string;
  /**
   * Views whose file a pull cannot write (a symbolic link…), where the change offers `pull
   * --force` (./unwritable-offers.ts): what must happen first (`once … is a plain file (…)`).
   */
  unwritable?: string;
  /**
   * `changed-local` with no sync record (the folder is fresh for this target): the sides differ
   * and nothing says which one changed. Deploy pushes the folder's side; people see "never synced".
   */
  neverSynced?: true;
  /** A delete held back by a PlanInput.hold policy (the action is then `skip`). */
  held?: HoldReason;
  /**
   * Endpoints, groups: develop has this identity more than once (ids of the others). A conflict
   * with twins is not one --force resolves; a remote-only twin is skipped.
   */
  twins?: string[];
  /**
   * Endpoints, groups: a conflict because another resource of the kind would take the same
   * identity in this run (a rename in Losant onto an entry the folder added or renamed); the
   * reason names both. Renaming one resolves it.
   */
  collision?: true;
  /** Endpoints (deploy): develop's endpoint made in Losant, taken by a keyed entry on its route (../sync/adopt-at-route.ts); the reason says so. */
  adopted?: true;
  /**
   * Views: a collision only because the run is narrowed — files it leaves out hold renames that
   * free the name (the reason names them): a whole run has no such clash, so nothing needs renaming.
   */
  narrowedOnly?: true;
  /**
   * Views: a layout or page deleted on develop while develop's pages (a layout), endpoints or
   * settings (a page) still name it — what names it (`pages`, `endpoint "rp"`, `settings "develop"`).
   * Pull keeps its file and record; the reason says so, and status shows it.
   */
  stillNamedBy?: string;
  /**
   * Groups (pull): the entry's parent, which this pull removes from groups.yaml (deleted on
   * develop): the entry the folder keeps moves to the top level of the file; the reason says so.
   */
  parentGone?: string;
  /**
   * Groups (deploy): a group kept on develop (it has users) whose parent this deploy deletes —
   * develop moves it up, `under` the nearest group the deploy keeps (null: the top level), once the
   * deletes (`after`: their keys) are done; the deploy then records it as develop holds it.
   */
  movedUp?: { parentGone: string; under: string | null; after: string[] };
  /**
   * Endpoints whose routes swap (see ./route-swaps.ts): `away` is the added first step, to the
   * endpoint's temporary route (kind `in-sync`: a step, not a difference of its own); `back` its
   * own change, from there to the folder's route.
   */
  swap?: 'away' | 'back';
  /**
   * An endpoint of develop at its own temporary route (`/lxp-swap-<id>`): a deploy swapping routes
   * left it there and has not finished (route-swaps.ts). That route.
   */
  parkedAt?: string;
  /**
   * Pages: the ids this page had before a deploy re-created it that develop's endpoints or
   * settings may still name (saved with its record, StateEntry.replaced; ./page-repoints.ts).
   */
  replaced?: string[];
  /** Action `repoint` (or a skip saying why not): the reply fields of develop's endpoint or settings that name a deleted page's id. */
  repoint?: Repoint;
  /**
   * An endpoint made in the UI (a new-remote skip) whose reply names page ids develop has no page
   * for, deleted in Losant (not re-created by a deploy: that is `repoint`). ./dangling-replies.ts.
   */
  pageGone?: string[];
  /**
   * develop's endpoint or settings that no entry of the folder holds (made in the UI; settings
   * experience.yaml leaves alone): `file` is only where its kind would go. Output says "not in" it.
   */
  notInFolder?: true;
  /** Keys of changes that must succeed before this one runs. */
  dependsOn: string[];
}

/** One reply field of develop's endpoint or settings naming, by its old id, a page that a deploy re-created. */
export interface RepointReply {
  field: 'staticReply' | 'unauthorizedReply' | 'notFoundReply';
  /** The page's name (the folder's): its id once this run created it. */
  page: string;
  /** The page's id when develop has it already. */
  pageId?: string;
  /** The id it names, which develop no longer has. */
  from: string;
  status: number | null;
}

export interface Repoint {
  replies: RepointReply[];
}

export interface Plan {
  direction: Direction;
  force: boolean;
  prune: boolean;
  /** No whole-folder sync with this target yet: the folder is the truth for managed resources. */
  fresh: boolean;
  /** Narrowed to some paths. */
  scoped: boolean;
  /** A whole-folder pull into this folder started and did not finish (TargetState.unfinishedPull). */
  unfinishedPull?: boolean;
  /** Every resource that is not in sync, plus in-sync ones needing a state or tag update; in apply order. */
  changes: PlannedChange[];
  /** Resources in sync (included or not in changes). */
  inSync: number;
  /** Changes refused as conflicts (the run writes nothing while this is > 0). */
  conflicts: number;
  /** Remote layout name → id, as listed. */
  layoutIds: Record<string, string>;
  /** The folder's page names → remote ids (a page the folder renamed under its new name). */
  pageIds: Record<string, string>;
  /** The folder's group names → remote ids (a group the folder renamed under its new name). */
  groupIds: Record<string, string>;
  /** The kinds besides views this plan covers (their file is in scope, and listed). */
  kinds: ResourceKind[];
}

/** The actions that send a request (deploy): one request each. */
export const REQUEST_ACTIONS: ReadonlySet<ChangeAction> = new Set(['create', 'update', 'rename', 'delete', 'mark', 'repoint']);

/** Actions that send a request (deploy) or change a file (pull). */
export const WRITE_ACTIONS: ReadonlySet<ChangeAction> = new Set([...REQUEST_ACTIONS, 'write', 'remove']);

export function isWrite(c: { action: ChangeAction }): boolean {
  return WRITE_ACTIONS.has(c.action);
}

/** True for a change that sends a request (deploy). */
export function sendsRequest(c: { action: ChangeAction }): boolean {
  return REQUEST_ACTIONS.has(c.action);
}

/** What a change is about, for people: the view type (page, layout, component) or the kind (endpoint, group…). */
export function subjectOf(c: { resource?: ResourceKindName; viewType?: ViewType }): string {
  return c.viewType ?? c.resource ?? 'view';
}

/** The view deletes of `viewType` in a plan that have a remote id (a deploy's deletes of develop's views). */
export function viewDeletes(plan: Plan, viewType: ViewType): PlannedChange[] {
  return plan.changes.filter((c) => c.resource === 'view' && c.viewType === viewType && c.action === 'delete' && c.id !== undefined);
}
