// The folder half of a "resource kind" (architecture.md, "Growing from views to the whole
// experience"): what the sync engine needs to know about each kind of thing a folder declares —
// its identity, content hash, dependencies by name, and wire form with names resolved to ids —
// as pure functions. The remote half lives in the sync engine, which cannot be imported from
// here (layers look down only). For the engine round, per kind, in src/sync/:
//
//   interface RemoteKind<C, W, R> extends FolderKind<C, W, R> {
//     list(client, appId): Promise<(R & { id: string; lastUpdated?: string })[]>;
//     create(client, appId, body: W): Promise<R & { id: string }>;
//     update(client, appId, id: string, body: W): Promise<R & { id: string }>;
//     remove(client, appId, id: string): Promise<void>;
//   }
//
// - Remote records: fromWire(r, names) with names from the listed pages and groups, then
//   alignRemote(content, local) before hashing or writing; isManaged(r) says whether a fresh
//   checkout may delete it. Pair local and remote by identity(); when nothing pairs, pair by
//   hashWithoutIdentity() (a renamed group, a re-routed endpoint without a key) before planning
//   a delete + create. State keeps, per kind and identity: id, hash, lastUpdated.
// - Requests: toWire(content, { ids, secret }) with ids of the target (pages from the view
//   list, groups created earlier in the same run); UnresolvedNameError = refuse before writing.
// - Order: dependencies() by name → dependsOn keys of the plan (parent group before child,
//   pages and groups before endpoints, pages before settings); deletes in reverse.
// - Slugs and domains: create only (toWire puts them at develop); never update their version;
//   delete only with --prune (never the slug equal to the application id). Certificates: send on
//   create, and again when a digest of the referenced text differs from the one in state.
// - Pull: write-files.ts edits the files in place; `renamed` maps the new identity of a
//   renamed resource to the identity the file has, so its entry is edited where it is.
import type { ValidationIssue } from '../issues.js';

/** Every kind of resource an experience folder declares. */
export type ResourceKindName = 'view' | 'endpoint' | 'group' | 'settings' | 'slug' | 'domain';

/** The kinds besides views (declared in endpoints.yaml, groups.yaml and experience.yaml). */
export type ResourceKind = Exclude<ResourceKindName, 'view'>;

/** Every kind besides views, in dependency order: groups before the endpoints that name them… */
export const RESOURCE_KINDS: readonly ResourceKind[] = ['group', 'endpoint', 'settings', 'slug', 'domain'];

/** What a record needs to exist first, by name (never by id): resolved by the engine. */
export type Dependency =
  | { kind: 'view'; viewType: 'page' | 'layout' | 'component'; name: string }
  | { kind: 'group'; name: string };

/** One resource as the folder declares it. */
export interface FolderRecord<C> {
  kind: ResourceKindName;
  /** Unique within its kind in one application: what state, plan and output key it by. */
  identity: string;
  content: C;
  /** The file that declares it (relative to the experience folder) and the 1-based line of its entry. */
  file: string;
  line: number;
}

/** Names → ids of the target application, for the wire form. Undefined: no such resource (yet). */
export interface IdResolver {
  pageId(name: string): string | undefined;
  groupId(name: string): string | undefined;
}

/** A certificate or key kept outside the folder: an environment variable or a file. */
export type SecretRef = { env: string } | { file: string };

/** What building a request body needs besides the content. */
export interface WireContext {
  ids: IdResolver;
  /** The text a secret reference points at (read by the engine, never logged or stored). */
  secret(ref: SecretRef): string;
}

/**
 * A rewrite of the names a record references (pages, groups). The engine compares records with
 * every reference replaced by the id it stands for, so a renamed page or group (same id) is not
 * a change of the records that name it.
 */
export interface NameMap {
  page(name: string): string;
  group(name: string): string;
}

/** Ids → names of the target application, to read a remote resource as folder content. */
export interface NameResolver {
  pageName(id: string): string | undefined;
  groupName(id: string): string | undefined;
}

/** A name the wire form needed and the resolver did not know: the engine refuses to send it. */
export class UnresolvedNameError extends Error {
  constructor(
    readonly what: 'page' | 'group',
    readonly missing: string,
  ) {
    super(`no ${what} named "${missing}" on the target`);
  }
}

/** The remote copy of a record, read back as folder content, with the ids it named but nobody knows. */
export interface FromWire<C> {
  content: C;
  /** Ids (pages, groups) the remote names that the resolver does not know, as "page:<id>". */
  unresolved: string[];
}

/**
 * The folder half of a kind. `W` is the request body (create and update share it: every
 * writable field is always sent, so an update sets exactly what the folder says), `R` the
 * API's answer for one resource.
 */
export interface FolderKind<C, W, R> {
  kind: ResourceKindName;
  /** The file that declares records of this kind. */
  file: string;
  /** Human label for output ("endpoint GET /devices/{id}"). */
  label(content: C): string;
  identity(content: C): string;
  /** sha256 of the canonical content: equal hashes = nothing to do. */
  hash(content: C): string;
  /** Hash without what identifies it (name, route…): equal = one resource renamed, paired by the engine. */
  hashWithoutIdentity(content: C): string;
  dependencies(content: C): Dependency[];
  /** The content with every page and group name it references passed through `map` (pure). */
  mapNames(content: C, map: NameMap): C;
  /** The request body, names resolved to ids; throws UnresolvedNameError for an unknown name. */
  toWire(content: C, ctx: WireContext): W;
  /** A remote resource as folder content. */
  fromWire(remote: R, names: NameResolver): FromWire<C>;
  /**
   * Whether lxp created or last updated this remote resource (a reserved tag it carries): a
   * fresh checkout deletes managed resources the folder no longer declares, and leaves the
   * others (made by hand in the UI) alone unless --prune. Its identity is
   * identity(fromWire(remote).content): lxp records a key given in the folder on the remote.
   */
  isManaged(remote: R): boolean;
  /**
   * The remote content as the folder sees it: fields the folder leaves alone (a group's
   * deviceIds when the file does not name them) take the folder's value, so they never show
   * as a difference and pull never writes them. `local` is undefined for a remote-only resource.
   */
  alignRemote(remote: C, local: C | undefined): C;
  /**
   * Kinds whose folder may leave some fields alone (a group's deviceIds when the file does not
   * name them). `by(local)`: whether this folder content (undefined: none) leaves them alone —
   * alignRemote() then clears them on the remote side. `afterPush(local, remote)`: develop's
   * content once `local` is pushed over `remote` (undefined: created), what the folder leaves
   * alone kept as develop had it (a new resource: the platform's default). The sync record keeps
   * a hash with and one without those fields, and compares with the one the folder's content
   * matches at the time: starting or stopping to name them is the folder's change alone.
   */
  leavesAlone?: {
    by(local: C | undefined): boolean;
    afterPush(local: C, remote: C | undefined): C;
  };
}

/** What reading one of the experience files gives. */
export interface ReadResult<C> {
  records: FolderRecord<C>[];
  issues: ValidationIssue[];
}
