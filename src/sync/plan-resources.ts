// The planner's half for the kinds besides views (endpoints, groups, develop's settings, slugs,
// domains): one loop for all of them, driven by each kind's pure functions (src/project/resources)
// and its policy (./kinds.ts). PURE.
//
// Pairing, per kind: the last sync record and the remote resource by id; the folder's record by
// identity (the record's, then the remote's: lxp records an endpoint's key on it); then, for
// kinds that rename (groups, endpoints), a folder record that paired with nothing and a remote
// one the folder lost, when everything but the identity is equal and the match is unambiguous —
// a renamed group, an endpoint whose route or method changed — so its id (users, workflows)
// stays; and, for a deploy, a keyed entry no record knows with develop's untagged endpoint on its
// route (./adopt-at-route.ts).
//
// Comparing: each side is hashed with every page and group it names replaced by that resource's
// id (the folder's names through the pairings of this plan, the remote's as listed). Renaming a
// page or a group therefore changes nothing that names it: no request for a child group or an
// endpoint, only the rename itself. A pull still rewrites the names in the folder.
import { adoptAtRoute, adoptedReason } from './adopt-at-route.js';
import { soleOrManaged } from './sole-managed.js';
import { atFolderRoute, holdMovesOntoParked, movesRoute, parkedAt, parkedChange, parkedWhere, sayParkedBlocked, type EndpointRoute } from './route-swaps.js';
import type { FolderRecord, NameMap, ResourceKind } from '../project/resources/index.js';
import { conflicts as routeConflicts, routesConflict } from '../routing/index.js';
import type { ChangeAction, ChangeKind, Direction, PlannedChange } from './change.js';
import { FOLDER_KINDS, KIND_POLICY, RESOURCE_KINDS, type AnyFolderKind, type KindPolicy } from './kinds.js';
import type { RemoteResource, RemoteResources } from './remote-resources.js';
import type { RecordHashes, ResourceEntry, TargetState } from './state.js';
import { classify, decide, neverSynced, type Decision } from './three-way.js';

export interface ResourcePlanInput {
  direction: Direction;
  force: boolean;
  prune: boolean;
  /** The folder completed a whole-folder sync with this target (TargetState.fullSync). */
  fullSync: boolean;
  state: TargetState;
  /**
   * The folder's records per kind. A kind that is absent is not declared by the folder (its
   * file, or its part of experience.yaml, is missing): deploy leaves it alone, pull writes it
   * when the remote has any.
   */
  local: Partial<Record<ResourceKind, readonly FolderRecord<unknown>[]>>;
  /** The remote's records of the kinds this run covers (a kind not listed is not covered). */
  remote: RemoteResources;
  /** The folder's page names → remote ids (from the views' pairing). */
  pageIds: ReadonlyMap<string, string>;
  /**
   * The folder's pages develop no longer has → the ids of their sync records. Only for comparing:
   * an entry naming such a page compares as it was synced (its side unchanged; develop's
   * deletion is develop's change), but nothing is ever sent naming a page that is gone.
   */
  recordedPageIds?: ReadonlyMap<string, string>;
  /** Pull: page id → the page's name in the folder once the pull is applied. */
  pageNamesAfter?: ReadonlyMap<string, string>;
  /**
   * Pull narrowed to files (paths): a kind the folder does not declare is asked for by its file —
   * develop's are new to the folder, develop's settings too (`lxp pull experience.yaml` takes
   * them into a file that declares none, as its template says; a whole pull leaves them alone).
   */
  narrowed?: boolean;
  /** Group names → ids on the target, for a run that names groups without covering them (groups.yaml out of scope or absent). */
  groupIds?: ReadonlyMap<string, string>;
  /** Pull: group id → the folder's name for it, for a pull that writes endpoints.yaml without covering groups.yaml. */
  groupNames?: ReadonlyMap<string, string>;
  /** Deploy: group deletes to hold, by remote id → why (develop's endpoints the run leaves alone list the group: ./groups-in-use.ts). */
  groupsInUse?: ReadonlyMap<string, string>;
}

export interface ResourcePlan {
  changes: PlannedChange[];
  inSync: number;
  /** The folder's group names → remote ids. */
  groupIds: Map<string, string>;
}

interface Trio {
  local?: FolderRecord<unknown>;
  remote?: RemoteResource;
  entry?: ResourceEntry;
  /**
   * A folder record that no id ties to a remote resource, while develop has several of its
   * identity (Losant lets two groups share a name) that lxp did not make: which one the folder
   * means cannot be told, so nothing is paired, adopted or created for it.
   */
  twins?: RemoteResource[];
  /** A remote-only twin: whether the one it twins is the folder's (else another remote-only one). */
  twinOfFolder?: boolean;
  /** Deploy: develop's endpoint made in Losant, taken by the keyed entry at its route (./adopt-at-route.ts). */
  adopted?: true;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A name the target does not have (yet): distinct from every id, equal for equal names. */
const unknownName = (what: string, name: string) => `?${what}:${name}`;

export function planResources(input: ResourcePlanInput): ResourcePlan {
  const changes: PlannedChange[] = [];
  let inSync = 0;
  let groupIds = new Map<string, string>(input.groupIds ?? []);
  /** Pull: group id → the name the folder gives it once this pull is applied. */
  let groupNamesAfter = new Map<string, string>(input.groupNames ?? []);
  const recordedGroups = recordedGroupIds(input);
  for (const kind of RESOURCE_KINDS) {
    const remote = input.remote[kind];
    if (remote === undefined) continue; // not covered by this run
    let local = input.local[kind];
    if (local === undefined) {
      if (input.direction === 'deploy') continue; // the folder does not declare it: left alone
      local = [];
    }
    const k = FOLDER_KINDS[kind];
    const entries = Object.values(input.state.resources?.[kind] ?? {});
    const folderIds = (trios: Trio[]): NameMap => {
      const groups = kind === 'group' ? folderGroupIds(k, trios) : groupIds;
      return {
        page: (n) => input.pageIds.get(n) ?? input.recordedPageIds?.get(n) ?? unknownName('page', n),
        group: (n) => groups.get(n) ?? recordedGroups.get(n) ?? unknownName('group', n),
      };
    };
    const trios = pairKind(kind, local, remote, entries, folderIds, input.direction);
    if (kind === 'group') groupIds = folderGroupIds(k, trios);
    const names = folderIds(trios);
    // Per kind (docs/commands.md, "the one rule"). A kind that always exists (develop's settings)
    // has no record until a run syncs it: a pull of develop's defaults records the kind but no
    // settings, and the folder then declaring settings has not met develop's — never synced.
    const fresh = !input.fullSync || input.state.resources?.[kind] === undefined || (KIND_POLICY[kind].single && entries.length === 0);
    // Pull, the kind's file (or key) absent: develop's are new to the folder, whatever an earlier
    // sync recorded (see KindPolicy.absentIsNew) — for settings, in a pull narrowed to their file.
    const undeclared = input.direction === 'pull' && input.local[kind] === undefined && (KIND_POLICY[kind].absentIsNew === true || input.narrowed === true);
    const drafts = trios.map((t) => draftOf(kind, t, names, fresh, input, undeclared));
    if (kind === 'group' && input.direction === 'pull') groupNamesAfter = namesAfterPull(k, drafts);
    const namesAfter: NameMap = {
      page: (id) => input.pageNamesAfter?.get(id) ?? id,
      group: (id) => groupNamesAfter.get(id) ?? id,
    };
    const made = drafts.map((draft) => ({ t: draft.t, change: sayParked(draft, changeOf(kind, draft, input, namesAfter)) }));
    // (Before the collisions: a move of develop's it holds back is not written, so claims nothing new.)
    if (kind === 'endpoint' && input.direction === 'pull') holdMovesOntoParked(made.flatMap((m) => (m.change === 'in-sync' ? [] : [m.change])));
    if (KIND_POLICY[kind].renames) refuseCollisions(kind, made, input.direction);
    if (kind === 'endpoint' && input.direction === 'deploy') sayParkedBlocked(made.flatMap((m) => (m.change === 'in-sync' ? [] : [m.change])));
    if (kind === 'group' && input.direction === 'pull') sayLifted(made);
    if (kind === 'group' && input.direction === 'deploy') sayMovedUp(made);
    for (const { change } of made) {
      if (change === 'in-sync') inSync++;
      else {
        if (change.kind === 'in-sync' && change.action !== 'forget') inSync++;
        changes.push(change);
      }
    }
  }
  return { changes, inSync, groupIds };
}

/** One pairing, classified and decided; the change it makes is built by changeOf(). */
interface Draft {
  t: Trio;
  /** The remote resource read with the target's current names, aligned with the folder. */
  R?: unknown;
  /** The folder's names → ids (as compared). */
  names: NameMap;
  lHash?: string;
  rHash?: string;
  /** hashWithoutIdentity of each side (by id): equal = only the identity differs. */
  lShape?: string;
  rShape?: string;
  ck: ChangeKind | 'stale';
  d?: Decision;
  /** An endpoint at its own temporary route (a swap's unfinished step): that route… */
  parked?: string;
  /** …and the remote as compared and pulled: at the folder's route (the remote itself when the folder has no entry). */
  seen?: RemoteResource<unknown>;
}

function draftOf(kind: ResourceKind, t: Trio, names: NameMap, fresh: boolean, input: ResourcePlanInput, undeclared: boolean): Draft {
  const k = FOLDER_KINDS[kind];
  const L = t.local?.content;
  const lById = L === undefined ? undefined : k.mapNames(L, names);
  // An endpoint a deploy left at its temporary route (routes that swap) is compared as if it were at
  // the folder's route: that route is the move still to make, never a change of develop's (route-swaps.ts).
  const parked = kind === 'endpoint' && t.remote ? parkedAt(t.remote) : undefined;
  const seen = parked !== undefined && L !== undefined ? atFolderRoute(t.remote!, L as EndpointRoute) : t.remote;
  const rById = seen ? k.alignRemote(seen.idContent, L) : undefined;
  const lHash = lById === undefined ? undefined : k.hash(lById);
  const rHash = rById === undefined ? undefined : k.hash(rById);
  const synced = undeclared && t.remote ? undefined : syncedHash(k, t.entry, L, seen?.idContent);
  const ck = classify({ local: lHash, remote: rHash, synced, managed: t.remote?.managed ?? false }, fresh, input.direction);
  const draft: Draft = { t, names, lHash, rHash, ck, ...(parked !== undefined ? { parked, seen } : {}) };
  if (lById !== undefined && rById !== undefined) {
    draft.lShape = k.hashWithoutIdentity(lById);
    draft.rShape = k.hashWithoutIdentity(rById);
  }
  if (t.remote) draft.R = k.alignRemote(t.remote.content, L);
  if (ck !== 'stale') draft.d = decide(ck, input.direction, { force: input.force, prune: input.prune, hasLocal: L !== undefined, hasSync: t.entry !== undefined });
  return draft;
}

/**
 * The groups develop no longer has → the ids of their sync records, as recordedPageIds for pages:
 * only for comparing, so an endpoint or child group naming a group deleted in Losant compares as
 * it was synced (develop's deletion is develop's change, which pull takes), never for sending.
 */
function recordedGroupIds(input: ResourcePlanInput): Map<string, string> {
  const live = new Set(input.remote.group?.map((r) => r.id) ?? input.groupIds?.values() ?? []);
  const out = new Map<string, string>();
  for (const e of Object.values(input.state.resources?.group ?? {})) if (e && !live.has(e.id)) out.set(e.identity, e.id);
  return out;
}

/** Pull: each remote group's name in the folder once the pull is applied (the remote's, unless the folder keeps its own). */
function namesAfterPull(k: AnyFolderKind, drafts: Draft[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { t, d } of drafts) {
    if (!t.remote) continue;
    const keepsLocal = t.local !== undefined && d !== undefined && d.do !== 'take';
    out.set(t.remote.id, keepsLocal ? t.local!.identity : k.identity(t.remote.content));
  }
  return out;
}

/** The folder's group names → ids: groups paired with a remote one, and remote groups the folder does not name otherwise. */
function folderGroupIds(k: AnyFolderKind, trios: Trio[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const t of trios) if (t.local && t.remote) ids.set(t.local.identity, t.remote.id);
  for (const t of trios) {
    if (t.local || !t.remote) continue;
    const name = k.identity(t.remote.content);
    if (!ids.has(name)) ids.set(name, t.remote.id);
  }
  return ids;
}

function pairKind(kind: ResourceKind, locals: readonly FolderRecord<unknown>[], remotes: readonly RemoteResource[], entries: readonly ResourceEntry[], folderIds: (trios: Trio[]) => NameMap, direction: Direction): Trio[] {
  const k = FOLDER_KINDS[kind];
  const remoteById = new Map(remotes.map((r) => [r.id, r]));
  const trios: Trio[] = [...entries].sort((a, b) => byText(a.identity, b.identity) || byText(a.id, b.id)).map((entry) => ({ entry, remote: remoteById.get(entry.id) }));
  const claimed = new Set(trios.flatMap((t) => (t.remote ? [t.remote.id] : [])));
  const remoteIdentity = (r: RemoteResource) => k.identity(r.content);
  const unclaimedByIdentity = (identity: string) => remotes.find((r) => !claimed.has(r.id) && remoteIdentity(r) === identity);
  // Several unclaimed remote resources of one identity: the one lxp manages if exactly one is; none when that is ambiguous.
  const candidates = (identity: string): { pick?: RemoteResource; twins?: RemoteResource[] } => {
    const all = remotes.filter((r) => !claimed.has(r.id) && remoteIdentity(r) === identity);
    const pick = soleOrManaged(all, (r) => r.managed);
    return pick || all.length === 0 ? { pick } : { twins: all };
  };

  const left: FolderRecord<unknown>[] = [];
  for (const l of [...locals].sort((a, b) => byText(a.identity, b.identity))) {
    const t = trios.find((x) => !x.local && x.entry?.identity === l.identity);
    if (t) {
      t.local = l;
      continue;
    }
    const { pick: r, twins } = candidates(l.identity);
    if (r) {
      claimed.add(r.id);
      trios.push({ local: l, remote: r });
    } else if (twins) {
      for (const x of twins) claimed.add(x.id);
      trios.push({ local: l, twins });
    } else left.push(l);
  }
  // A recorded resource whose id is gone but whose identity is back (re-created remotely): the same one.
  for (const t of trios) {
    if (t.remote) continue;
    for (const identity of [t.local?.identity, t.entry?.identity]) {
      const r = identity === undefined ? undefined : unclaimedByIdentity(identity);
      if (r) {
        claimed.add(r.id);
        t.remote = r;
        break;
      }
    }
  }
  for (const r of remotes) {
    if (claimed.has(r.id)) continue;
    claimed.add(r.id);
    trios.push({ remote: r });
  }
  markDuplicateIdentities(k, trios);
  if (KIND_POLICY[kind].renames) pairRenames(k, KIND_POLICY[kind], trios, left, folderIds);
  if (kind === 'endpoint' && direction === 'deploy') adoptAtRoute(trios, left);
  for (const l of left) trios.push({ local: l });
  return trios;
}

/**
 * Remote resources only develop has, whose identity another resource of the folder's file
 * already holds (a group named like one the folder has, or two such twins): one file cannot
 * hold two groups of one name, so a pull must not write them (it would overwrite the folder's
 * entry with another group). Marked as twins of that one; the first by id of twins the folder
 * has none of is the one kept.
 */
function markDuplicateIdentities(k: AnyFolderKind, trios: Trio[]): void {
  const holder = new Map<string, { remote?: RemoteResource; folders: boolean }>();
  for (const t of trios) {
    const identity = t.local?.identity ?? t.entry?.identity;
    if (identity !== undefined) holder.set(identity, { remote: t.remote, folders: true });
  }
  const remoteOnly = trios.filter((t) => !t.local && !t.entry && t.remote).sort((a, b) => byText(a.remote!.id, b.remote!.id));
  for (const t of remoteOnly) {
    const identity = k.identity(t.remote!.content);
    const other = holder.get(identity);
    if (!other) {
      holder.set(identity, { remote: t.remote, folders: false });
      continue;
    }
    t.twins = other.remote ? [other.remote] : [];
    t.twinOfFolder = other.folders;
  }
}

/**
 * Folder records that paired with nothing, and remote resources the folder lost that lxp knows
 * (managed, or recorded): the same resource renamed when all but the identity is equal, and only
 * one of each matches. Repeated, since a renamed parent group lets its renamed child match.
 */
function pairRenames(k: AnyFolderKind, policy: KindPolicy, trios: Trio[], left: FolderRecord<unknown>[], folderIds: (trios: Trio[]) => NameMap): void {
  for (;;) {
    const names = folderIds(trios);
    const open = trios.filter((t) => !t.local && t.remote && (t.remote.managed || t.entry));
    const may = (t: Trio, l: FolderRecord<unknown>) => policy.renamedFrom?.(t.remote!.idContent, l.content, t.entry !== undefined) ?? true;
    const key = (l: FolderRecord<unknown>) => k.hashWithoutIdentity(k.mapNames(l.content, names));
    const remoteKey = (t: Trio, l: FolderRecord<unknown>) => k.hashWithoutIdentity(k.alignRemote(t.remote!.idContent, l.content));
    const matches = new Map<FolderRecord<unknown>, Trio[]>();
    const matchedBy = new Map<Trio, number>();
    for (const l of left) {
      const lk = key(l);
      const found = open.filter((t) => remoteKey(t, l) === lk && may(t, l));
      matches.set(l, found);
      for (const t of found) matchedBy.set(t, (matchedBy.get(t) ?? 0) + 1);
    }
    let paired = 0;
    for (const [l, found] of matches) {
      if (found.length !== 1 || matchedBy.get(found[0]) !== 1) continue;
      found[0].local = l;
      left.splice(left.indexOf(l), 1);
      paired++;
    }
    if (paired === 0) return;
  }
}

/**
 * The record's hash as this comparison needs it: for a kind whose folder may leave fields alone,
 * the one hashed the way the folder's content now leaves them (or not) — the record was perhaps
 * made while the file named them differently.
 */
function syncedHash(k: AnyFolderKind, e: ResourceEntry | undefined, local: unknown, remoteById: unknown): string | undefined {
  if (!e || !k.leavesAlone) return e?.hash;
  if (e.hashes) return k.leavesAlone.by(local) ? e.hashes.leaving : e.hashes.owning;
  // A record of an earlier lxp has one hash, made the way the file named the fields then: develop's
  // content hashed either way equal to it means develop has not changed since.
  const now = remoteById === undefined ? undefined : recordHashes(k, remoteById);
  if (now && (e.hash === now.owning || e.hash === now.leaving)) return k.hash(k.alignRemote(remoteById, local));
  return e.hash;
}

/** A record's two hashes of develop's content `develop` (names as ids), for a kind whose folder may leave fields alone. */
export function recordHashes(k: AnyFolderKind, develop: unknown): RecordHashes | undefined {
  return k.leavesAlone ? { owning: k.hash(develop), leaving: k.hash(k.alignRemote(develop, undefined)) } : undefined;
}

function needsRecord(e: ResourceEntry | undefined, id: string, hash: string, hashes: RecordHashes | undefined, identity: string, lastUpdated: string): boolean {
  // A record of an earlier lxp (one hash) that still matches is kept: syncedHash() reads it as it is.
  const sameHashes = hashes === undefined || e?.hashes === undefined || (e.hashes.owning === hashes.owning && e.hashes.leaving === hashes.leaving);
  return !e || e.id !== id || e.hash !== hash || !sameHashes || e.identity !== identity || e.lastUpdated !== lastUpdated;
}

/**
 * The page a deploy --force re-created in place of the page id `id`, when develop has it under
 * its new id and the folder has its file: its record keeps `id` among the ids it replaced
 * (StateEntry.replaced), or still has it as its own id (the create landed, its record did not).
 * ./page-repoints.ts then points what names `id` at it on deploy --force.
 */
function recreatedPage(input: ResourcePlanInput, id: string): { name: string; from: string } | undefined {
  const e = Object.values(input.state.views ?? {}).find((v) => v.viewType === 'page' && (v.replaced?.includes(id) || v.id === id));
  const now = e && input.pageIds.get(e.name);
  return e && now !== undefined && now !== id ? { name: e.name, from: id } : undefined;
}

/** A parked endpoint's change the plan made as for any other (the folder has no entry for it) still says where it is. */
function sayParked(draft: Draft, change: PlannedChange | 'in-sync'): PlannedChange | 'in-sync' {
  if (draft.parked === undefined || change === 'in-sync' || change.parkedAt !== undefined) return change;
  const where = parkedWhere(draft.parked);
  return { ...change, parkedAt: draft.parked, reason: change.reason ? `${change.reason}; ${where}` : where };
}

/** The change a draft makes; 'in-sync' when nothing at all is needed. */
function changeOf(kind: ResourceKind, draft: Draft, input: ResourcePlanInput, namesAfter: NameMap): PlannedChange | 'in-sync' {
  const k = FOLDER_KINDS[kind];
  const policy = KIND_POLICY[kind];
  const { t, ck, d, R, rHash } = draft;
  const { direction, prune } = input;
  const L = t.local?.content;
  const lIdentity = t.local?.identity;
  const rIdentity = R === undefined ? undefined : k.identity(R);
  const name = (direction === 'deploy' ? (lIdentity ?? rIdentity) : (rIdentity ?? lIdentity)) ?? t.entry!.identity;
  // What a pull writes: the remote's content, with the names the folder has once the pull is applied.
  const pulled = direction === 'pull' && t.remote ? k.alignRemote(k.mapNames((draft.seen ?? t.remote).idContent, namesAfter), L) : undefined;
  const base: PlannedChange = {
    key: `${kind}:${t.remote?.id ?? t.entry?.id ?? `new:${lIdentity}`}`,
    kind: 'in-sync',
    action: 'record',
    resource: kind,
    name,
    file: t.local?.file ?? k.file,
    item: {
      ...(L !== undefined ? { local: L } : {}),
      ...(pulled !== undefined ? { remote: pulled } : R !== undefined ? { remote: R } : {}),
      ...(t.entry ? { synced: t.entry } : {}),
      ...(t.local ? { line: t.local.line } : {}),
      ...(t.remote && k.leavesAlone ? { develop: t.remote.idContent } : {}),
    },
    dependsOn: [],
  };
  const id = t.remote?.id ?? t.entry?.id;
  if (id !== undefined) base.id = id;
  if (t.remote) base.remoteLastUpdated = t.remote.lastUpdated;

  if (ck === 'stale' || d === undefined) return { ...base, action: 'forget' };
  const unsynced = neverSynced(ck, t.entry !== undefined) ? { neverSynced: true as const } : {};
  const mk = (action: ChangeAction, extra: Partial<PlannedChange> = {}, changeKind: ChangeKind = ck): PlannedChange => ({
    ...base,
    kind: changeKind,
    action,
    ...(changeKind === ck ? unsynced : {}),
    ...extra,
  });
  if (t.twins) return twinsChange(kind, t, mk, input);
  const hashes = t.remote ? recordHashes(k, (draft.seen ?? t.remote).idContent) : undefined;
  const withHash = { item: { ...base.item, hash: rHash, ...(hashes ? { hashes } : {}) } };
  if (draft.parked !== undefined && d !== undefined) {
    const moving = parkedChange(draft.parked, direction, d, L as EndpointRoute | undefined, mk, withHash);
    if (moving) return moving;
  }
  const identityFrom = (before: string | undefined, after: string | undefined) => (before !== undefined && after !== undefined && before !== after ? { fromName: before } : {});

  if (direction === 'deploy') {
    switch (d.do) {
      case 'in-sync':
        if (policy.mustResend?.(L, R)) return mk('update', { reason: "develop does not serve the folder's certificate" }, 'changed-local');
        if (policy.marks && !t.remote!.managed) return mk('mark', { reason: 'marks it as managed by lxp' });
        if (needsRecord(t.entry, t.remote!.id, rHash!, hashes, lIdentity!, t.remote!.lastUpdated)) return mk('record', withHash);
        return 'in-sync';
      case 'push': {
        if (!t.remote) return policy.single ? mk('skip', { reason: 'develop was not found' }) : mk('create');
        if (t.adopted) return mk('update', { adopted: true, reason: adoptedReason(t.remote, d.reason) });
        const onlyIdentity = lIdentity !== rIdentity && draft.lShape !== undefined && draft.lShape === draft.rShape;
        return mk(onlyIdentity ? 'rename' : 'update', { ...identityFrom(rIdentity, lIdentity), ...(d.reason ? { reason: d.reason } : {}) });
      }
      case 'delete':
        if (policy.single) return mk('skip', { reason: 'develop keeps its settings' });
        if (t.remote?.serves) return mk('skip', { reason: t.remote.serves });
        if (policy.deleteNeedsPrune && !prune) return mk('skip', { reason: `not declared in ${k.file}: deploy --prune deletes it` });
        if (t.remote?.keep && !prune) return mk('skip', { reason: t.remote.keep });
        {
          const inUse = kind === 'group' && t.remote ? input.groupsInUse?.get(t.remote.id) : undefined;
          if (inUse !== undefined) return mk('skip', { held: 'group-in-use', reason: inUse });
        }
        return mk('delete', t.remote?.losing ? { reason: t.remote.losing } : {});
      case 'skip':
        return mk('skip', t.adopted ? { adopted: true, reason: adoptedReason(t.remote!, d.reason) } : { reason: d.reason });
      case 'conflict':
        return mk('conflict', t.adopted ? { adopted: true, reason: adoptedReason(t.remote!, d.reason) } : { reason: d.reason });
      default:
        throw new Error(`a deploy cannot ${d.do}`);
    }
  }
  // Develop's entry names a page (or group) no view or group has, and no record gives its name: a
  // pull never writes an id as a name (the folder would name a page it cannot have).
  const gone = (t.remote?.unresolved ?? []).filter((u) => {
    const [what, id] = u.split(':') as ['page' | 'group', string];
    return (what === 'page' ? namesAfter.page(id) : namesAfter.group(id)) === id;
  });
  if (gone.length > 0 && d.do !== 'conflict') {
    // A page a deploy --force re-created: develop still names it by its old id (the repoint did not
    // land). Said as status says it, with the way out that works whether or not the folder has an entry.
    const recreated = gone.flatMap((u) => (u.startsWith('page:') ? (recreatedPage(input, u.slice(5)) ?? []) : []));
    if (recreated.length === gone.length) {
      const what = recreated.map((p) => `page "${p.name}" by an id develop no longer has (${p.from})`).join(', and ');
      return mk('skip', {
        reason: `develop's ${kind} names ${what}, so its reply fails there, and no file can say that: it is not pulled — deploy --force points it at the page (re-created under a new id), or point it at a page in Losant; pull after it`,
      });
    }
    const ids = gone.map((u) => u.replace(':', ' id ')).join(', ');
    // Only an entry of the folder's is something deploy --force can send in its place.
    const way = t.local ? "give it another on develop, or deploy --force the folder's entry" : 'give it another on develop';
    return mk('skip', { reason: `develop's ${kind} names a ${ids} that no longer exists (deleted in Losant): no file can say that, so it is not pulled — ${way}` });
  }
  switch (d.do) {
    case 'in-sync':
      // Equal by id, but a page or group it names is renamed in the folder by this pull: the folder takes the names.
      if (k.hash(L) !== k.hash(pulled)) return mk('write', { reason: 'names a page or group renamed on develop', ...withHash }, 'changed-remote');
      if (needsRecord(t.entry, t.remote!.id, rHash!, hashes, rIdentity!, t.remote!.lastUpdated)) return mk('record', withHash);
      return 'in-sync';
    case 'take':
      if (!t.remote) return mk('remove');
      return mk('write', { ...identityFrom(lIdentity, rIdentity), ...withHash });
    case 'remove':
      return mk('remove');
    case 'skip': {
      // A kept local edit naming a page or group this pull renames: the entry keeps the edit and takes
      // the new name (the same id: the rename is develop's, the edit the folder's), else the folder
      // would name what it no longer has. Recorded as it was synced: the edit stays "changed locally".
      const renamed = t.entry && t.local && t.remote ? k.mapNames(L, renamedByPull(draft.names, namesAfter)) : undefined;
      if (renamed !== undefined && k.hash(renamed) !== k.hash(L)) {
        return mk('write', { name: lIdentity!, reason: `${d.reason}, with the names of pages and groups renamed on develop`, item: { ...base.item, remote: renamed, hash: t.entry!.hash, ...(t.entry!.hashes ? { hashes: t.entry!.hashes } : {}) } });
      }
      return mk('skip', { reason: d.reason });
    }
    case 'conflict':
      return mk('conflict', { reason: d.reason });
    default:
      throw new Error(`a pull cannot ${d.do}`);
  }
}

/**
 * What is done about a resource whose identity develop has more than once (see Trio.twins): a
 * folder record is a conflict no --force resolves (lxp cannot tell which one it means); a
 * remote-only twin is left out of a pull (the file holds one per name), and left alone by a
 * deploy unless --prune (then deleted, as any resource not from the folder).
 */
function twinsChange(
  kind: ResourceKind,
  t: Trio,
  mk: (action: ChangeAction, extra?: Partial<PlannedChange>, changeKind?: ChangeKind) => PlannedChange,
  input: ResourcePlanInput,
): PlannedChange {
  const file = FOLDER_KINDS[kind].file;
  if (t.local) {
    const ids = t.twins!.map((r) => r.id);
    return mk(
      'conflict',
      {
        twins: ids,
        reason: `develop has ${ids.length} ${kind}s ${JSON.stringify(t.local.identity)} that lxp did not make (ids ${ids.join(', ')}), and ${file} names one: rename or delete all but one in Losant (or tag the one to keep lxp-managed: true), then run again`,
      },
      'conflict',
    );
  }
  const other = t.twins![0];
  const identity = FOLDER_KINDS[kind].identity(t.remote!.content);
  const what = `a second ${kind} ${JSON.stringify(identity)} (id ${t.remote!.id})${other ? ` besides the one ${t.twinOfFolder ? 'of this folder' : 'listed first'} (id ${other.id})` : ''}`;
  const twins = other ? [other.id] : [];
  if (input.direction === 'pull') return mk('skip', { twins, reason: `${what}: ${file} holds one per name, so it is not pulled (rename or delete it in Losant)` });
  if (input.prune && !t.remote!.keep) return mk('delete', { twins });
  return mk('skip', { twins, reason: `${what}, not from this folder: left alone (deploy --prune deletes it)` });
}

/** Pull: the folder's names → the names of the same pages and groups once the pull is applied (a name no id gives stays). */
function renamedByPull(names: NameMap, namesAfter: NameMap): NameMap {
  const after = (n: string, id: string, name: string) => (name === id ? n : name);
  return { page: (n) => after(n, names.page(n), namesAfter.page(names.page(n))), group: (n) => after(n, names.group(n), namesAfter.group(names.group(n))) };
}

/**
 * The content a resource has once the run is applied — in the folder for a pull, on develop for
 * a deploy — or undefined when it is not there (deleted, removed, not written, or refused
 * anyway). A remote-only twin is reported by twinsChange already.
 */
function contentAfter(t: Trio, c: PlannedChange | 'in-sync', direction: Direction): { content: unknown; local: boolean } | undefined {
  if (c !== 'in-sync' && (c.action === 'conflict' || c.twins)) return undefined;
  const action = c === 'in-sync' ? 'in-sync' : c.action;
  const local = t.local ? { content: t.local.content, local: true } : undefined;
  const remote = t.remote ? { content: t.remote.content, local: false } : undefined;
  if (direction === 'deploy') {
    if (action === 'create' || action === 'update' || action === 'rename' || action === 'mark') return local;
    return action === 'delete' ? undefined : remote;
  }
  if (action === 'write') return remote;
  if (action === 'remove') return undefined;
  return local;
}

/** The identity a resource has once the run is applied (see contentAfter), or undefined. */
function identityAfter(kind: ResourceKind, t: Trio, c: PlannedChange | 'in-sync', direction: Direction): string | undefined {
  const after = contentAfter(t, c, direction);
  if (after === undefined) return undefined;
  return after.local ? t.local!.identity : FOLDER_KINDS[kind].identity(after.content);
}

type Made = { t: Trio; change: PlannedChange | 'in-sync' };

/**
 * Two resources of one kind that would share an identity once the run is applied: a group
 * renamed in Losant onto the name of an entry the folder added or renamed (or an endpoint
 * re-routed onto one), seen from either side — and two endpoints whose routes Losant sees as one
 * (`/a/{x}` and `/a/{y}`: a teammate's new endpoint against an entry the folder added). A pull
 * would write the file with one entry for both (losing the folder's), or a file that every command
 * refuses; a deploy would make develop hold the name twice, or be refused by Losant half way.
 * Refused: each is a conflict naming the others, and nothing is written until one is renamed.
 */
function refuseCollisions(kind: ResourceKind, made: Made[], direction: Direction): void {
  const k = FOLDER_KINDS[kind];
  const byIdentity = new Map<string, Made[]>();
  for (const m of made) {
    const identity = identityAfter(kind, m.t, m.change, direction);
    if (identity !== undefined) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), m]);
  }
  const describe = ({ t, change }: Made, withRoute: boolean): string => {
    const remote = t.remote ? k.identity(t.remote.content) : undefined;
    // An entry whose route after the run is develop's, not the file's: that route is what clashes.
    if (withRoute && t.local && t.remote && contentAfter(t, change, direction)?.local === false && routeOf(t.remote.content) !== routeOf(t.local.content)) {
      const kindOf = change === 'in-sync' ? 'in-sync' : change.kind;
      return `develop's ${JSON.stringify(t.local.identity)} (id ${t.remote.id}), ${kindOf === 'changed-remote' ? 'moved to' : 'at'} ${routeOf(t.remote.content)} in Losant`;
    }
    const at = t.local ? `${t.local.file}:${t.local.line}${withRoute ? ` (${routeOf(t.local.content)})` : ''}` : k.file;
    const renamedHere = t.local && t.entry && t.entry.identity !== t.local.identity;
    if (t.local && remote !== undefined && remote !== t.local.identity && !renamedHere) return `develop's ${JSON.stringify(t.local.identity)} (id ${t.remote!.id}), renamed ${JSON.stringify(remote)} in Losant`;
    if (renamedHere) return `the entry at ${at}, renamed here from ${JSON.stringify(t.entry!.identity)}`;
    if (t.local && !t.remote) return `the entry at ${at}, not deployed yet`;
    if (t.local) return `the entry at ${at}`;
    return `develop's ${JSON.stringify(remote)} (id ${t.remote!.id})${withRoute && remote !== routeOf(t.remote!.content) ? ` at ${routeOf(t.remote!.content)}` : ''}`;
  };
  const refuse = (claimants: Made[], what: string, fix: string, withRoute: boolean) => {
    const where = direction === 'pull' ? `${k.file} would hold` : 'develop would have';
    // Described as the run would leave them, before any is made a conflict below.
    const said = new Map(claimants.map((m) => [m, describe(m, withRoute)]));
    for (const m of claimants) {
      const c = m.change === 'in-sync' ? undefined : m.change;
      if (!c) continue; // an in-sync claimant is named by the others' reasons
      // …and so is develop's own that a deploy leaves alone: one clash is one conflict, not two.
      if (direction === 'deploy' && !m.t.local && c.action === 'skip') continue;
      const others = claimants.filter((o) => o !== m).map((o) => said.get(o)!);
      m.change = {
        ...c,
        kind: 'conflict',
        action: 'conflict',
        collision: true,
        reason: `${where} ${what} after this ${direction}: ${said.get(m)!}, and ${others.join(', and ')}. ${fix}, then run again`,
      };
      delete m.change.neverSynced;
    }
  };
  const rename = `Rename one of them (in ${k.file} or in Losant)`;
  for (const [identity, claimants] of byIdentity) {
    if (claimants.length >= 2) refuse(claimants, `two ${kind}s ${JSON.stringify(identity)}`, rename, false);
  }
  if (kind === 'endpoint') refuseRouteClashes(made, direction, (pair, what) => refuse(pair, what, 'Change the route of one of them (in endpoints.yaml or in Losant), or delete one', true));
}

const routeOf = (content: unknown): string => {
  const r = content as EndpointRoute;
  return `${r.method.toUpperCase()} ${r.route}`;
};

/**
 * Endpoints: two that Losant would see on one route once the run is applied (hapi's rules:
 * `/a/{x}` and `/a/{y}` are one route), other than the same identity (refused above). Only a
 * change can make one — develop holds no two such, and the folder's file refuses them — so a
 * run that changes no endpoint skips the router.
 */
function refuseRouteClashes(made: Made[], direction: Direction, refuse: (pair: Made[], what: string) => void): void {
  if (!made.some((m) => m.change !== 'in-sync' && m.change.kind !== 'in-sync')) return;
  const after = made.flatMap((m) => {
    // A parked endpoint (a swap a deploy did not finish) is route-swaps.ts's to plan: its routes are the swap's.
    if (m.t.remote && parkedAt(m.t.remote) !== undefined) return [];
    const a = contentAfter(m.t, m.change, direction);
    return a === undefined ? [] : [{ ...(a.content as EndpointRoute), identity: identityAfter('endpoint', m.t, m.change, direction), folders: a.local, m }];
  });
  for (const pair of routeConflicts(after)) {
    // The folder's entry first, in every message about the pair.
    const [a, b] = pair[1].folders && !pair[0].folders ? [pair[1], pair[0]] : pair;
    if (a.identity === b.identity) continue; // refused above, as one identity
    const same = a.route === b.route ? `two endpoints ${routeOf(a)}` : `two endpoints whose routes Losant sees as one (${routeOf(a)} and ${routeOf(b)}; it keeps one endpoint per route)`;
    refuse([a.m, b.m], same);
  }
}

/**
 * Pull: an entry the folder keeps (not deployed yet, or a kept edit) nested under a group this
 * pull removes from groups.yaml (deleted on develop) goes to the top level of the file — the
 * writer does that; the plan line says so. (Develop's own children of the deleted group are
 * pulled where develop moved them: Losant documents no rule; the local server, under the deleted
 * group's own parent.)
 */
function sayLifted(made: Made[]): void {
  const after = new Set<string>();
  for (const m of made) {
    const identity = identityAfter('group', m.t, m.change, 'pull');
    if (identity !== undefined) after.add(identity);
  }
  const removedBy = new Map<string, PlannedChange>();
  for (const m of made) {
    if (m.change === 'in-sync') continue;
    if (m.change.action === 'remove' && m.t.local) removedBy.set(m.t.local.identity, m.change);
    // A parent renamed by this pull: the writer nests the entry under the new name.
    if (m.change.action === 'write' && m.change.fromName !== undefined) after.add(m.change.fromName);
  }
  for (const m of made) {
    const c = m.change;
    if (c === 'in-sync' || c.action === 'write' || c.action === 'remove' || c.action === 'conflict' || !m.t.local) continue;
    const parent = FOLDER_KINDS.group.dependencies(m.t.local.content).find((d) => d.kind === 'group')?.name;
    if (parent === undefined || after.has(parent)) continue;
    const gone = removedBy.get(parent);
    const why = gone?.kind === 'deleted-remote' ? 'deleted on develop' : 'removed by this pull';
    c.parentGone = parent;
    c.reason = `${c.reason ?? 'kept'}; moved to the top level of ${m.t.local.file}, as its parent ${JSON.stringify(parent)} is ${why}`;
  }
}

/**
 * Deploy: a group the deploy keeps on develop though the folder dropped it (it has users: deleted
 * only with --prune) whose parent the same deploy deletes. Develop moves it up when its parent
 * goes (the local server: under the deleted group's own parent, Losant documents no rule), which
 * is this deploy's doing, not an edit in Losant: the plan line says where it goes, and once the
 * deletes are done applyDeploy records develop's group as it then is (./moved-up.ts), so the
 * next run sees it deleted locally and kept, not changed on both sides.
 */
function sayMovedUp(made: Made[]): void {
  const parentOf = new Map<string, string | undefined>();
  const deletedBy = new Map<string, PlannedChange>();
  for (const m of made) {
    if (!m.t.remote) continue;
    const name = FOLDER_KINDS.group.identity(m.t.remote.content);
    parentOf.set(name, FOLDER_KINDS.group.dependencies(m.t.remote.content).find((d) => d.kind === 'group')?.name);
    if (m.change !== 'in-sync' && m.change.action === 'delete') deletedBy.set(name, m.change);
  }
  for (const m of made) {
    const c = m.change;
    if (c === 'in-sync' || c.action !== 'skip' || !m.t.remote || m.t.local) continue;
    const parent = parentOf.get(FOLDER_KINDS.group.identity(m.t.remote.content));
    if (parent === undefined || !deletedBy.has(parent)) continue;
    const gone: PlannedChange[] = [];
    let under: string | undefined = parent;
    for (let d = deletedBy.get(under); d !== undefined && !gone.includes(d); d = under === undefined ? undefined : deletedBy.get(under)) {
      gone.push(d);
      under = parentOf.get(under!);
    }
    c.movedUp = { parentGone: parent, under: under ?? null, after: gone.map((d) => d.key) };
    c.reason = `${c.reason ?? 'kept'}; its parent ${JSON.stringify(parent)} is deleted, so develop moves it up, ${under === undefined ? 'to the top level' : `under ${JSON.stringify(under)}`}`;
  }
}

/** Actions after which a resource exists remotely under the folder's name. */
const PUTS = new Set<ChangeAction>(['create', 'update', 'rename', 'mark']);
/** Actions that change what a remote resource names, or remove it. */
const MOVES = new Set<ChangeAction>(['update', 'rename', 'delete', 'mark']);

/**
 * Deploy order as dependencies (views' own are added by the planner): a resource waits for the
 * pages and groups it names (created or changed in the same plan), a child group for its parent;
 * deletes go the other way — a page or group is deleted once the endpoints, settings and child
 * groups that named it have moved off it; whoever takes an identity (or a route Losant would see
 * as the same) waits for whoever gives it up. Everything else runs concurrently.
 */
export function addResourceDependencies(changes: PlannedChange[]): void {
  const pagePuts = new Map<string, PlannedChange>();
  const groupPuts = new Map<string, PlannedChange>();
  for (const c of changes) {
    if (!PUTS.has(c.action)) continue;
    if (c.resource === 'view' && c.viewType === 'page') pagePuts.set(c.name, c);
    if (c.resource === 'group') groupPuts.set(c.name, c);
  }
  const resourceChanges = changes.filter((c) => c.resource !== 'view');
  for (const c of resourceChanges) {
    if (!PUTS.has(c.action) || c.item?.local === undefined) continue;
    for (const dep of FOLDER_KINDS[c.resource as ResourceKind].dependencies(c.item.local)) {
      const d = dep.kind === 'view' ? pagePuts.get(dep.name) : groupPuts.get(dep.name);
      if (d && d !== c) c.dependsOn.push(d.key);
    }
  }
  // Deletes in reverse: what named the page or group moves off it first.
  for (const c of changes) {
    if (c.action !== 'delete') continue;
    const isPage = c.resource === 'view' && c.viewType === 'page' && c.remote;
    const isGroup = c.resource === 'group' && c.item?.remote !== undefined;
    if (!isPage && !isGroup) continue;
    const name = isPage ? c.remote!.name : FOLDER_KINDS.group.identity(c.item!.remote);
    for (const o of resourceChanges) {
      if (o === c || !MOVES.has(o.action) || o.item?.remote === undefined) continue;
      const named = FOLDER_KINDS[o.resource as ResourceKind].dependencies(o.item.remote);
      if (named.some((d) => d.name === name && (isPage ? d.kind === 'view' : d.kind === 'group'))) c.dependsOn.push(o.key);
    }
  }
  // Identities are unique per kind: whoever takes one waits for whoever gives it up.
  const freedBy = new Map<string, PlannedChange>();
  for (const c of resourceChanges) {
    if (c.item?.remote === undefined) continue;
    if (c.action === 'delete' || ((c.action === 'update' || c.action === 'rename') && c.fromName !== undefined)) {
      freedBy.set(`${c.resource}:${FOLDER_KINDS[c.resource as ResourceKind].identity(c.item.remote)}`, c);
    }
  }
  for (const c of resourceChanges) {
    if (!(c.action === 'create' || ((c.action === 'update' || c.action === 'rename') && c.fromName !== undefined))) continue;
    const d = freedBy.get(`${c.resource}:${c.name}`);
    if (d && d !== c) c.dependsOn.push(d.key);
  }
  // Routes: an endpoint taking a route waits for the endpoints leaving one Losant sees as the same
  // — created, or moved (by key or by "METHOD route"), after those deleted or moved off it. A
  // chain (A to B's route, B to C's, C to a free one) so goes C, B, A; a cycle is refused before
  // any write (deploy-checks.ts). Changes that share no route stay concurrent.
  const endpoints = resourceChanges.filter((c) => c.resource === 'endpoint');
  const leaving = endpoints.filter((c) => (c.action === 'delete' && c.item?.remote !== undefined) || movesRoute(c));
  if (leaving.length === 0) return;
  for (const c of endpoints) {
    if (!((c.action === 'create' && c.item?.local !== undefined) || movesRoute(c))) continue;
    for (const o of leaving) {
      if (o !== c && routesConflict(c.item!.local as EndpointRoute, o.item!.remote as EndpointRoute)) c.dependsOn.push(o.key);
    }
  }
}


/** Display and apply order of the other kinds: after views; puts in dependency order of kinds, deletes in reverse. */
export function resourceOrder(c: PlannedChange): number {
  const i = RESOURCE_KINDS.indexOf(c.resource as ResourceKind);
  if (i < 0) return -1;
  return c.action === 'delete' || c.action === 'remove' ? 20 - i : i;
}
