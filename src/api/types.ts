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

export interface ApiVersion {
  id: string;
  version: string;
  description?: string;
  creationDate: string;
  lastUpdated: string;
  attachedSlugs?: Array<{ id: string; slug: string }>;
  attachedDomains?: Array<{ id: string; domainName: string }>;
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
  creationDate?: string;
  lastUpdated?: string;
}

export interface ApiVersionPost {
  version: string;
  description?: string;
  slugIds?: string[];
  domainIds?: string[];
}

/** What a caller learns about the traffic a client sent (for --verbose, --json and benchmarks). */
export interface ClientStats {
  requests: number;
  retries: number;
  /** 429 answers received (each also counted in retries when retried). */
  throttled?: number;
  /** Creates whose response was lost but whose resource was found by the look-up. */
  recoveredCreates?: number;
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
  getApplication(): Promise<{ id: string; name: string }>;

  listViews(opts?: { version?: string; viewType?: ViewType }): Promise<ApiView[]>;
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
  /** PATCH /versions/develop {sourceVersionIdOrName}: develop becomes a copy of that version. */
  restoreDevelop(sourceVersionIdOrName: string): Promise<ApiVersion>;

  listSlugs(): Promise<ApiSlug[]>;
  patchSlug(id: string, body: { version: string | null }): Promise<ApiSlug>;
  listDomains(): Promise<ApiDomain[]>;
  patchDomain(id: string, body: { version: string | null }): Promise<ApiDomain>;
}
