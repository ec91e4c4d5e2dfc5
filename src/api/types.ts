// Wire types of the Losant Experience API as lxp's client sees them (a subset of the published
// JSON Schemas: the fields lxp reads or writes). The local server has its own definitions in
// src/server/ on purpose: client and server must not share code that could hide each other's bugs.
import type { ViewType } from '../project/view.js';

export interface ApiView {
  id: string;
  experienceViewId?: string;
  applicationId: string;
  name: string;
  description?: string;
  viewType: ViewType;
  layoutId?: string | null;
  layoutName?: string;
  body?: string;
  viewTags?: Record<string, string>;
  headers?: { 'content-type'?: string };
  creationDate: string;
  lastUpdated: string;
}

export interface ApiViewPost {
  name: string;
  viewType: ViewType;
  description?: string;
  layoutId?: string | null;
  body?: string;
  viewTags?: Record<string, string>;
  headers?: { 'content-type'?: string };
}

export type ApiViewPatch = Partial<Omit<ApiViewPost, 'viewType'>>;

export interface ApiList<T> {
  items: T[];
  count: number;
  totalCount: number;
  perPage?: number;
  page?: number;
}

export interface ApiVersion extends ApiVersionSettings {
  id: string;
  version: string;
  description?: string;
  creationDate: string;
  lastUpdated: string;
  attachedSlugs?: Array<{ id: string; slug: string }>;
  attachedDomains?: Array<{ id: string; domainName: string }>;
}

/** A static reply: a page (by id) or a redirect. */
export interface ApiReply {
  type: 'page' | 'redirect';
  value: string;
  statusCode?: number;
}

/** The settings a version carries besides its views and endpoints (PATCH /versions/develop sets develop's). */
export interface ApiVersionSettings {
  globals?: Array<{ key: string; json: string; description?: string }>;
  endpointDefaultCors?: boolean;
  allowedCorsOrigins?: string[];
  notFoundReply?: ApiReply | null;
  unauthorizedReply?: ApiReply | null;
  responseHeaders?: Record<string, string>;
}

/** POST and PATCH /endpoints: every writable field (an update sets exactly what is sent). */
export interface ApiEndpointBody {
  route: string;
  method: string;
  description?: string;
  enabled?: boolean;
  access?: string;
  deviceIdTemplate?: string;
  endpointTags?: Record<string, string>;
  experienceGroupIds?: string[];
  staticReply?: ApiReply | null;
  unauthorizedReply?: ApiReply | null;
}

/** An endpoint as the API returns it: the writable fields, and what the server adds. */
export interface ApiEndpoint extends ApiEndpointBody {
  id: string;
  experienceGroups?: Array<{ id: string; name?: string }>;
  creationDate?: string;
  lastUpdated: string;
}

export interface ApiGroup {
  id: string;
  name: string;
  description?: string;
  groupTags?: Record<string, string>;
  deviceTags?: Array<{ key?: string; value?: string }>;
  deviceQueryJson?: string | null;
  deviceIds?: string[];
  parentId?: string | null;
  experienceUserIds?: string[];
  experienceEndpointIds?: string[];
  creationDate?: string;
  lastUpdated: string;
}

/**
 * POST and PATCH /groups as lxp sends them: never experienceUserIds or experienceEndpointIds
 * (users and endpoints name their groups), deviceIds only when the folder names them.
 */
export interface ApiGroupBody {
  name: string;
  description?: string;
  groupTags?: Record<string, string>;
  deviceTags?: Array<{ key: string; value?: string }>;
  deviceQueryJson?: string | null;
  parentId?: string | null;
  deviceIds?: string[];
}

/** An experience user as the API answers with it. It never carries a password. */
export interface ApiUser {
  id: string;
  experienceUserId?: string;
  applicationId?: string;
  email: string;
  firstName?: string;
  lastName?: string;
  userTags?: Record<string, string>;
  /** The groups the user is a direct member of. */
  experienceGroups?: Array<{ id: string; name: string; parentId?: string | null }>;
  creationDate?: string;
  lastUpdated?: string;
  lastLogin?: string;
  passwordLastUpdated?: string;
  tokenCutoff?: string;
}

/** POST /experience/users. Losant requires a password (8–2048 characters). */
export interface ApiUserPost {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  userTags?: Record<string, string>;
  experienceGroupIds?: string[];
}

/** PATCH /experience/users/{id}: every field optional; `userTags` and `experienceGroupIds` replace the whole set. */
export type ApiUserPatch = Partial<ApiUserPost>;

export interface ListUsersOptions {
  /** Only users in this group (by id). */
  groupId?: string;
  /**
   * With groupId: also the members of its parent, that parent's parent, and so on
   * (`includeAncestorGroups`): Losant counts them as members of the group.
   */
  includeAncestorGroups?: boolean;
}

export interface ApiSlugPost {
  slug: string;
  version?: string | null;
}

/** Certificates and keys travel only in these bodies: never logged, never stored. */
export interface ApiDomainBody {
  domainName?: string;
  version?: string | null;
  sslCert?: string | null;
  sslKey?: string | null;
  sslBundle?: string | null;
}

/** PATCH /experience/bootstrap: Losant's starter experience. */
export interface ApiBootstrapOptions {
  replaceExisting?: boolean;
  createUsers?: boolean;
  createGroups?: boolean;
  slug?: string;
}

/** What bootstrap made. `password` is the starter user's: lxp never prints or keeps it. */
export interface ApiBootstrapResult {
  resourceSuffix?: string;
  email?: string;
  password?: string;
}

export interface ApiSlug {
  id: string;
  slug: string;
  version: string | null;
  creationDate?: string;
  lastUpdated?: string;
}

export interface ApiDomain {
  id: string;
  domainName: string;
  version: string | null;
  /** The public certificate (the key is never returned). lxp compares it, never shows it. */
  sslCert?: string;
  sslBundle?: string;
  creationDate?: string;
  lastUpdated?: string;
}

export interface ApiVersionPost {
  version: string;
  description?: string;
  slugIds?: string[];
  domainIds?: string[];
}

/** The client's concurrency: how it was set, and the limit it reached. */
export interface ConcurrencyStats {
  /** "auto": adaptive (see src/api/adaptive-limit.ts); "fixed": --concurrency N or a number in lxp.config.json. */
  mode: 'auto' | 'fixed';
  /** Requests allowed in flight now (at the end of a command: the limit it settled at). */
  limit: number;
  /** The highest limit reached. */
  peak: number;
  /** The lowest limit reached (below the start after 429/503 or slow answers). */
  lowest: number;
}

/** What a caller learns about the traffic a client sent (for --verbose, --json and benchmarks). */
export interface ClientStats {
  requests: number;
  retries: number;
  /** 429 answers received (each also counted in retries when retried). */
  throttled?: number;
  /** Creates whose response was lost but whose resource was found by the look-up. */
  recoveredCreates?: number;
  /** Live: the gate every request goes through. */
  concurrency?: ConcurrencyStats;
}

/**
 * The one Experience API client every command uses (implemented in src/api/client.ts).
 * List methods page through everything (perPage 1000, the API's largest page).
 * Every method retries 5xx, network errors and 429 (honouring Retry-After) with exponential
 * backoff and jitter, and throws ApiError otherwise. Error messages never contain the token.
 */
export interface ExperienceClient {
  readonly applicationId: string;
  readonly stats: ClientStats;
  /**
   * Ctrl-C: send nothing more (a request not yet sent fails with an ApiError of type `Stopped`;
   * nothing is retried) and resolve once every write already sent has its answer.
   */
  stopSending(): Promise<void>;
  /** Writes (any method but GET) sent and not yet answered. */
  readonly sending: number;
  getApplication(): Promise<{ id: string; name: string }>;

  /**
   * Every view (of develop, or of `version`). `expected`: how many the caller expects (e.g. the
   * folder's views); the pages that many fill are asked for at once, saving a round trip.
   */
  listViews(opts?: { version?: string; viewType?: ViewType; expected?: number }): Promise<ApiView[]>;
  /**
   * Every view of develop, as listViews, and a digest of the list's answers as received (equal
   * digests: byte-for-byte equal pages) with how many pages it covers. No digest when the server
   * paged without a total.
   * Optional: a client without it is listed with listViews and never gets a no-op check.
   * `signal`: aborting it abandons the list (a read started ahead of a folder that then proved
   * invalid): its requests are cut off wherever they are, nothing more is sent or retried, and
   * the promise rejects.
   */
  listViewsDigested?(opts?: { expected?: number; signal?: AbortSignal }): Promise<{ views: ApiView[]; digest?: string; pages?: number }>;
  /**
   * The digest listViewsDigested would give of the first `pages` pages of develop's views,
   * computed from the answers' bytes without decoding them.
   */
  viewPagesDigest?(pages: number): Promise<string>;
  getView(id: string, opts?: { version?: string }): Promise<ApiView>;
  /** Safe against a lost response: before re-sending a create it looks the (viewType, name) up. */
  createView(body: ApiViewPost): Promise<ApiView>;
  /** The develop view of that type with exactly that name (glob characters matched literally), or null. */
  findView(viewType: ViewType, name: string): Promise<ApiView | null>;
  patchView(id: string, body: ApiViewPatch): Promise<ApiView>;
  /** A view that is already gone (404) counts as deleted. */
  deleteView(id: string): Promise<void>;

  listVersions(): Promise<ApiVersion[]>;
  /** null when no version has that id or name. */
  getVersion(idOrName: string): Promise<ApiVersion | null>;
  createVersion(body: ApiVersionPost): Promise<ApiVersion>;
  /** A version that is already gone (404) counts as deleted. */
  deleteVersion(idOrName: string): Promise<void>;
  /** PATCH /versions/develop {sourceVersionIdOrName}: develop becomes a copy of that version. */
  restoreDevelop(sourceVersionIdOrName: string): Promise<ApiVersion>;

  listSlugs(): Promise<ApiSlug[]>;
  patchSlug(id: string, body: { version: string | null }): Promise<ApiSlug>;
  listDomains(): Promise<ApiDomain[]>;
  patchDomain(id: string, body: ApiDomainBody): Promise<ApiDomain>;

  // The rest of the experience (endpoints, groups, develop's settings, slugs and domains): what
  // the sync engine deploys and pulls besides views. Creates are safe against a lost response
  // like createView: before re-sending, the resource is looked up by what identifies it.
  listEndpoints(opts?: { version?: string }): Promise<ApiEndpoint[]>;
  createEndpoint(body: ApiEndpointBody): Promise<ApiEndpoint>;
  patchEndpoint(id: string, body: Partial<ApiEndpointBody>): Promise<ApiEndpoint>;
  /** An endpoint that is already gone (404) counts as deleted. */
  deleteEndpoint(id: string): Promise<void>;
  listGroups(): Promise<ApiGroup[]>;
  createGroup(body: ApiGroupBody): Promise<ApiGroup>;
  patchGroup(id: string, body: Partial<ApiGroupBody>): Promise<ApiGroup>;
  /** A group that is already gone (404) counts as deleted. */
  deleteGroup(id: string): Promise<void>;
  /** PATCH /versions/{idOrName}: a version's settings (develop's, for deploy). */
  patchVersionSettings(idOrName: string, body: ApiVersionSettings): Promise<ApiVersion>;
  createSlug(body: ApiSlugPost): Promise<ApiSlug>;
  /** A slug that is already gone (404) counts as deleted. */
  deleteSlug(id: string): Promise<void>;
  createDomain(body: ApiDomainBody & { domainName: string }): Promise<ApiDomain>;
  /** A domain that is already gone (404) counts as deleted. */
  deleteDomain(id: string): Promise<void>;
  /** PATCH /experience/bootstrap: Losant's starter experience. */
  bootstrap(options: ApiBootstrapOptions): Promise<ApiBootstrapResult>;

  // Experience users: data, not code — `lxp users` manages them, the sync engine never does.
  /** Every experience user (all pages), optionally of one group. */
  listUsers(opts?: ListUsersOptions): Promise<ApiUser[]>;
  /** The user with that email (compared without regard to case), or null. */
  findUser(email: string): Promise<ApiUser | null>;
  /** Safe against a lost response: before re-sending, it looks the email up. */
  createUser(body: ApiUserPost): Promise<ApiUser>;
  patchUser(id: string, body: ApiUserPatch): Promise<ApiUser>;
  /** A user that is already gone (404) counts as deleted. */
  deleteUser(id: string): Promise<void>;
}
