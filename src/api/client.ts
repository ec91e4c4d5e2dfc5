// The one Experience API client (the ExperienceClient contract of ./types.ts) on top of got.
// got does the HTTP (timeouts, keep-alive, redirects); the retry loop is ours because retrying a
// create is not a transport decision: after a lost response the view may already exist, so a
// create first looks the name up and only re-sends when nothing is there. got's own errors carry
// the request headers (the bearer token), so none of them ever leaves this file.
import got, { type ExtendOptions, type Got, type Method } from 'got';
import PQueue from 'p-queue';
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ViewType } from '../project/view.js';
import { AUTO_CONCURRENCY, type ConcurrencySetting } from '../config/concurrency.js';
import { ConcurrencyLimiter, type LimitOutcome } from './concurrency-limiter.js';
import { ApiError, NOT_SENT_TYPE } from './errors.js';
import {
  backoffDelay,
  classifyStatus,
  DEFAULT_BACKOFF,
  exactNameGlob,
  parseRetryAfter,
  type BackoffOptions,
} from './retry.js';
import type {
  ApiBootstrapOptions,
  ApiBootstrapResult,
  ApiDomain,
  ApiDomainBody,
  ApiEndpoint,
  ApiEndpointBody,
  ApiGroup,
  ApiGroupBody,
  ApiList,
  ApiSlug,
  ApiSlugPost,
  ApiUser,
  ApiUserPatch,
  ApiUserPost,
  ApiVersion,
  ApiVersionPost,
  ApiVersionSettings,
  ApiView,
  ApiViewPatch,
  ApiViewPost,
  ListUsersOptions,
  ClientStats,
  ConcurrencyStats,
  ExperienceClient,
} from './types.js';

/** The API's largest page; lists page through everything with it. */
export const PER_PAGE = 1000;

/** Pages asked for at once on a caller's guess (`expected`), at most: 20 000 items. */
const MAX_GUESSED_PAGES = 20;

/** Reads of a list whose pages disagreed (it changed while they were read) before giving up with `ListChanged`. */
export const LIST_READS = 3;

interface ListPage<T> {
  items: T[];
  totalCount: number | undefined;
  /** The page's body as received (only when asked for: see listViewsDigested). */
  text?: string;
}

/**
 * SHA-1 of a list's pages as received (the UTF-8 bytes of each page's text, or its bytes), in
 * order, a NUL between two pages: equal digests, byte-for-byte equal answers. A NUL cannot be
 * in a JSON text (outside a string it is not whitespace, inside one it must be escaped), so the
 * pages of a list that parsed cannot run into each other (see docs/internals.md, "The no-op check").
 */
export function pagesDigest(pages: readonly (string | readonly Buffer[])[]): string {
  const h = createHash('sha1');
  pages.forEach((p, i) => {
    if (i > 0) h.update('\0');
    if (typeof p === 'string') h.update(p);
    else for (const chunk of p) h.update(chunk);
  });
  return h.digest('base64');
}

/**
 * The pages' items in order, or null when the pages cannot all be one state of the list: a page
 * reports another total, a page before the last needed is not full, the last needed does not
 * hold the rest, a page after it (asked for on a guess) is not empty, or an id comes twice (an
 * item shifted across a boundary between two reads). `size` is the first page's length.
 */
export function consistentPages<T>(pages: readonly ListPage<T>[], total: number, size: number): T[] | null {
  const needed = size > 0 && size < total ? Math.ceil(total / size) : 1;
  if (pages.length < needed) return null;
  const items: T[] = [];
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i]!;
    const expected = i < needed - 1 ? size : i === needed - 1 ? total - size * (needed - 1) : 0;
    if (p.totalCount !== total || p.items.length !== expected) return null;
    for (const item of p.items) items.push(item);
  }
  const ids = new Set<unknown>();
  for (const item of items) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    if (ids.has(id)) return null;
    ids.add(id);
  }
  return items;
}

export interface RequestEvent {
  method: string;
  /** Path and query, relative to the API origin. Never holds the token. */
  path: string;
  /** HTTP status; absent when no response arrived. */
  status?: number;
  ms: number;
  /** 1 for the first try of a request, 2 for its first retry, … */
  attempt: number;
  /** Why the attempt failed (no response, or an error status). */
  error?: string;
  /** The client's concurrency limit once this answer was taken into account. */
  limit: number;
}

export interface ClientOptions {
  apiUrl: string;
  applicationId: string;
  token: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 5. */
  retries?: number;
  onRequest?: (e: RequestEvent) => void;
  userAgent?: string;
  /** Backoff ceilings; tests and benchmarks shorten them. */
  backoff?: Partial<BackoffOptions>;
  /** A Retry-After longer than this ends the retries instead of sleeping. Default 60 s. */
  maxRetryAfterMs?: number;
  /**
   * Requests in flight at once: "auto" (default: adaptive, see adaptive-limit.ts), a number, or
   * a setting from resolveConcurrency().
   */
  concurrency?: ConcurrencySetting | number | 'auto';
}

interface RequestSpec {
  method: Method;
  /** Relative to the experience base path, e.g. `/views`; or absolute from the origin when `fromOrigin`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  fromOrigin?: boolean;
  /** A successful answer's body is not decoded: its bytes come back as received (Attempt.bytes). */
  raw?: boolean;
  /** Aborting it cuts the request off wherever it is (a GET only: see listViewsDigested); nothing is retried after. */
  signal?: AbortSignal;
}

/** The outcome of one HTTP attempt. */
type Attempt =
  | { ok: true; status: number; body: unknown; text: string; bytes?: Buffer[] }
  | { ok: false; status: number; kind: 'throttled' | 'ambiguous' | 'final'; error: ApiError; retryAfterMs?: number };

export function createClient(opts: ClientOptions): ExperienceClient {
  return new GotExperienceClient(opts);
}

function concurrencySetting(c: ClientOptions['concurrency']): ConcurrencySetting {
  if (c === undefined || c === 'auto') return AUTO_CONCURRENCY;
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1) throw new TypeError(`concurrency must be "auto" or a positive integer, got ${c}`);
    return { mode: 'fixed', limit: c };
  }
  return c;
}

class GotExperienceClient implements ExperienceClient {
  readonly applicationId: string;
  readonly stats: Required<ClientStats>;

  readonly #token: string;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoff: BackoffOptions;
  readonly #maxRetryAfterMs: number;
  readonly #onRequest?: (e: RequestEvent) => void;
  readonly #headers: Record<string, string>;
  readonly #agent = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  /**
   * Set when a request used up its retries without ever reaching the server (connection refused,
   * host unreachable); cleared by the next response of any kind. While it is set, a request that
   * cannot connect fails at once instead of running its own full backoff sequence: with the
   * server down, the hundreds of changes queued behind the first failure end in seconds, not minutes.
   */
  #unreachable = false;
  /** got with this client's fixed options merged once (merging them per request costs measurable CPU). */
  readonly #got: Got;
  /**
   * Every HTTP attempt of every method runs through this gate (p-queue: a queue whose
   * concurrency can change, with priorities), so deploy, pull, watch and release share one
   * limit; its size follows #limiter ("auto") or stays fixed. Retries go before new requests,
   * or under a rate limit a retry could queue behind everything and run out of attempts.
   */
  readonly #gate: PQueue;
  readonly #limiter: ConcurrencyLimiter;
  /** Writes (any method but GET) sent and not yet answered (see stopSending). */
  readonly #sent = new Set<Promise<Attempt>>();
  /** stopSending() was called: nothing more is sent, nothing retried. */
  #stopped = false;

  constructor(opts: ClientOptions) {
    if (!/^https?:\/\//.test(opts.apiUrl)) throw new TypeError(`apiUrl must be an http(s) URL, got "${opts.apiUrl}"`);
    if (!opts.applicationId) throw new TypeError('applicationId is required');
    this.applicationId = opts.applicationId;
    this.#token = opts.token;
    const url = new URL(opts.apiUrl);
    this.#origin = url.origin;
    // apiUrl may carry a path prefix (a proxy); keep it, without a trailing slash.
    const prefix = url.pathname.replace(/\/+$/, '');
    this.#basePath = `${prefix}/applications/${encodeURIComponent(opts.applicationId)}/experience`;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#retries = Math.max(0, opts.retries ?? 5);
    this.#backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.#maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
    this.#onRequest = opts.onRequest;
    const setting = concurrencySetting(opts.concurrency);
    this.#limiter =
      setting.mode === 'auto'
        ? new ConcurrencyLimiter({ adaptive: true, initial: setting.start, max: setting.max })
        : new ConcurrencyLimiter({ adaptive: false, initial: setting.limit });
    this.#gate = new PQueue({ concurrency: this.#limiter.limit });
    const limit = this.#limiter.limit;
    const concurrency: ConcurrencyStats = { mode: setting.mode, limit, peak: limit, lowest: limit };
    this.stats = { requests: 0, retries: 0, throttled: 0, recoveredCreates: 0, concurrency };
    this.#headers = {
      authorization: `Bearer ${opts.token}`,
      accept: 'application/json',
      'accept-version': '^1.30.0',
      'user-agent': opts.userAgent ?? 'lxp',
    };
    this.#got = lightGot({
      headers: this.#headers,
      timeout: { request: this.#timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      agent: this.#agent,
    });
  }

  // ---- the contract -------------------------------------------------------------------------

  async getApplication(): Promise<{ id: string; name: string }> {
    const prefix = this.#basePath.slice(0, -'/experience'.length);
    const app = await this.#send<{ id?: string; applicationId?: string; name: string }>({
      method: 'GET',
      path: prefix,
      fromOrigin: true,
    });
    return { id: app.id ?? app.applicationId ?? this.applicationId, name: app.name };
  }

  listViews(opts: { version?: string; viewType?: ViewType; expected?: number } = {}): Promise<ApiView[]> {
    return this.#listAll<ApiView>('/views', { version: opts.version, viewType: opts.viewType }, opts.expected);
  }

  async listViewsDigested(opts: { expected?: number; signal?: AbortSignal } = {}): Promise<{ views: ApiView[]; digest?: string; pages?: number }> {
    const { items, texts } = await this.#listPages<ApiView>('/views', {}, opts.expected, true, opts.signal);
    return texts ? { views: items, digest: pagesDigest(texts), pages: texts.length } : { views: items };
  }

  async viewPagesDigest(pages: number): Promise<string> {
    const read = Array.from({ length: pages }, (_, page) => this.#sendRaw({ method: 'GET', path: '/views', query: { page, perPage: PER_PAGE }, raw: true }));
    return pagesDigest(await Promise.all(read));
  }

  getView(id: string, opts: { version?: string } = {}): Promise<ApiView> {
    return this.#send<ApiView>({ method: 'GET', path: `/views/${seg(id)}`, query: { version: opts.version } });
  }

  /** The develop view of that type with exactly that name, or null. */
  async findView(viewType: ViewType, name: string): Promise<ApiView | null> {
    const found = await this.#listAll<ApiView>('/views', {
      filterField: 'name',
      filter: exactNameGlob(name),
      viewType,
    });
    return found.find((v) => v.name === name && v.viewType === viewType) ?? null;
  }

  createView(body: ApiViewPost): Promise<ApiView> {
    return this.#create<ApiView>('/views', body, () => this.findView(body.viewType, body.name));
  }

  patchView(id: string, body: ApiViewPatch): Promise<ApiView> {
    return this.#send<ApiView>({ method: 'PATCH', path: `/views/${seg(id)}`, body });
  }

  deleteView(id: string): Promise<void> {
    return this.#deleteGone(`/views/${seg(id)}`);
  }

  listVersions(): Promise<ApiVersion[]> {
    return this.#listAll<ApiVersion>('/versions', {});
  }

  async getVersion(idOrName: string): Promise<ApiVersion | null> {
    try {
      return await this.#send<ApiVersion>({ method: 'GET', path: `/versions/${seg(idOrName)}` });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }

  createVersion(body: ApiVersionPost): Promise<ApiVersion> {
    return this.#create<ApiVersion>('/versions', body, () => this.getVersion(body.version));
  }

  deleteVersion(idOrName: string): Promise<void> {
    return this.#deleteGone(`/versions/${seg(idOrName)}`);
  }

  restoreDevelop(sourceVersionIdOrName: string): Promise<ApiVersion> {
    return this.#send<ApiVersion>({ method: 'PATCH', path: '/versions/develop', body: { sourceVersionIdOrName } });
  }

  listSlugs(): Promise<ApiSlug[]> {
    return this.#listAll<ApiSlug>('/slugs', {});
  }

  patchSlug(id: string, body: { version: string | null }): Promise<ApiSlug> {
    return this.#send<ApiSlug>({ method: 'PATCH', path: `/slugs/${seg(id)}`, body });
  }

  listDomains(): Promise<ApiDomain[]> {
    return this.#listAll<ApiDomain>('/domains', {});
  }

  patchDomain(id: string, body: ApiDomainBody): Promise<ApiDomain> {
    return this.#send<ApiDomain>({ method: 'PATCH', path: `/domains/${seg(id)}`, body });
  }

  // ---- endpoints, groups, develop's settings, slugs, domains (the sync engine's other kinds) --

  listEndpoints(opts: { version?: string } = {}): Promise<ApiEndpoint[]> {
    return this.#listAll<ApiEndpoint>('/endpoints', { version: opts.version });
  }

  /** The develop endpoint with exactly that method and route, or null (a lost create's look-up). */
  async #findEndpoint(method: string, route: string): Promise<ApiEndpoint | null> {
    const found = await this.#listAll<ApiEndpoint>('/endpoints', { filterField: 'route', filter: exactNameGlob(route) });
    return found.find((e) => e.route === route && e.method === method) ?? null;
  }

  createEndpoint(body: ApiEndpointBody): Promise<ApiEndpoint> {
    return this.#create<ApiEndpoint>('/endpoints', body, () => this.#findEndpoint(body.method, body.route));
  }

  patchEndpoint(id: string, body: Partial<ApiEndpointBody>): Promise<ApiEndpoint> {
    return this.#send<ApiEndpoint>({ method: 'PATCH', path: `/endpoints/${seg(id)}`, body });
  }

  deleteEndpoint(id: string): Promise<void> {
    return this.#deleteGone(`/endpoints/${seg(id)}`);
  }

  listGroups(): Promise<ApiGroup[]> {
    return this.#listAll<ApiGroup>('/groups', {});
  }

  /** The group with exactly that name, or null. */
  async #findGroup(name: string): Promise<ApiGroup | null> {
    const found = await this.#listAll<ApiGroup>('/groups', { filterField: 'name', filter: exactNameGlob(name) });
    return found.find((g) => g.name === name) ?? null;
  }

  createGroup(body: ApiGroupBody): Promise<ApiGroup> {
    return this.#create<ApiGroup>('/groups', body, () => this.#findGroup(body.name));
  }

  patchGroup(id: string, body: Partial<ApiGroupBody>): Promise<ApiGroup> {
    return this.#send<ApiGroup>({ method: 'PATCH', path: `/groups/${seg(id)}`, body });
  }

  deleteGroup(id: string): Promise<void> {
    return this.#deleteGone(`/groups/${seg(id)}`);
  }

  patchVersionSettings(idOrName: string, body: ApiVersionSettings): Promise<ApiVersion> {
    return this.#send<ApiVersion>({ method: 'PATCH', path: `/versions/${seg(idOrName)}`, body });
  }

  createSlug(body: ApiSlugPost): Promise<ApiSlug> {
    return this.#create<ApiSlug>('/slugs', body, async () => (await this.listSlugs()).find((s) => s.slug === body.slug) ?? null);
  }

  deleteSlug(id: string): Promise<void> {
    return this.#deleteGone(`/slugs/${seg(id)}`);
  }

  createDomain(body: ApiDomainBody & { domainName: string }): Promise<ApiDomain> {
    const name = body.domainName.toLowerCase();
    return this.#create<ApiDomain>('/domains', body, async () => (await this.listDomains()).find((d) => d.domainName.toLowerCase() === name) ?? null);
  }

  deleteDomain(id: string): Promise<void> {
    return this.#deleteGone(`/domains/${seg(id)}`);
  }

  bootstrap(options: ApiBootstrapOptions): Promise<ApiBootstrapResult> {
    return this.#send<ApiBootstrapResult>({ method: 'PATCH', path: '/bootstrap', body: options });
  }

  // ---- experience users (lxp users; never the sync engine) ----------------------------------

  listUsers(opts: ListUsersOptions = {}): Promise<ApiUser[]> {
    return this.#listAll<ApiUser>('/users', {
      experienceGroupId: opts.groupId,
      includeAncestorGroups: opts.groupId && opts.includeAncestorGroups ? 'true' : undefined,
    });
  }

  async findUser(email: string): Promise<ApiUser | null> {
    const found = await this.#listAll<ApiUser>('/users', { filterField: 'email', filter: exactNameGlob(email) });
    const wanted = email.toLowerCase();
    return found.find((u) => u.email.toLowerCase() === wanted) ?? null;
  }

  createUser(body: ApiUserPost): Promise<ApiUser> {
    return this.#create<ApiUser>('/users', body, () => this.findUser(body.email));
  }

  patchUser(id: string, body: ApiUserPatch): Promise<ApiUser> {
    return this.#send<ApiUser>({ method: 'PATCH', path: `/users/${seg(id)}`, body });
  }

  deleteUser(id: string): Promise<void> {
    return this.#deleteGone(`/users/${seg(id)}`);
  }

  // ---- machinery ----------------------------------------------------------------------------

  /** DELETE; a resource that is gone already (or whose earlier delete's answer was lost) meets the goal. */
  async #deleteGone(path: string): Promise<void> {
    try {
      await this.#send({ method: 'DELETE', path });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return;
      throw err;
    }
  }

  /**
   * Every page of a list. The first page says how many items there are (`totalCount`) and how
   * many a page holds (the server may cap perPage below what we ask); the other pages are then
   * asked for all at once, so a list of N pages waits two round trips instead of N. A caller that
   * expects many items (`expected`: e.g. the views of the folder, for a list of develop's views)
   * has the pages it expects asked for together with the first: one round trip when right, an
   * empty page or a second round trip when not.
   *
   * A list can change while its pages are read (someone creates, deletes or renames a view in
   * between), and offset paging then shifts items across a page boundary: one is read twice or
   * not at all. A caller must never plan on such a list, so the pages are checked against each
   * other (consistentPages) and, when they disagree, the whole list is read again (up to
   * LIST_READS times; then `ListChanged`). What no check on the pages can see: as many items
   * removed before a boundary as added after it between two reads (docs/internals.md, "Listing").
   *
   * A server that gives no `totalCount` is paged one page after another until a short page.
   */
  async #listAll<T>(path: string, query: Record<string, string | undefined>, expected = 0): Promise<T[]> {
    return (await this.#listPages<T>(path, query, expected, false)).items;
  }

  /** #listAll, and with `keepTexts` the texts of the pages the items came from (none when paged one by one: no totalCount). */
  async #listPages<T>(path: string, query: Record<string, string | undefined>, expected = 0, keepTexts: boolean, signal?: AbortSignal): Promise<{ items: T[]; texts?: string[] }> {
    const guessed = Math.max(1, Math.min(Math.ceil(expected / PER_PAGE), MAX_GUESSED_PAGES));
    for (let read = 1; ; read++) {
      const pages = await Promise.all(Array.from({ length: guessed }, (_, p) => this.#page<T>(path, query, p, keepTexts, signal)));
      const total = pages[0]!.totalCount;
      if (typeof total !== 'number') return { items: await this.#listOneByOne<T>(path, query, pages, signal) };
      const size = pages[0]!.items.length;
      const needed = size > 0 && size < total ? Math.ceil(total / size) : 1;
      if (needed > pages.length) {
        const more = Array.from({ length: needed - pages.length }, (_, i) => this.#page<T>(path, query, pages.length + i, keepTexts, signal));
        pages.push(...(await Promise.all(more)));
      }
      const items = consistentPages(pages, total, size);
      // The texts of the pages that hold the items (a page asked for on a guess beyond them is empty).
      if (items) return keepTexts ? { items, texts: pages.slice(0, needed).map((p) => p.text ?? '') } : { items };
      if (read >= LIST_READS) {
        throw new ApiError({
          status: 0,
          type: 'ListChanged',
          message: `the list changed while its pages were read, ${read} times in a row; nothing was planned on it: run the command again`,
          method: 'GET',
          path: this.#basePath + path,
        });
      }
    }
  }

  /** One page: its items (none when the answer has no array) and the total the server reports. */
  async #page<T>(path: string, query: Record<string, string | undefined>, page: number, keepText = false, signal?: AbortSignal): Promise<ListPage<T>> {
    const { body: res, text } = await this.#sendText<ApiList<T>>({ method: 'GET', path, query: { ...query, page, perPage: PER_PAGE }, ...(signal ? { signal } : {}) });
    const out: ListPage<T> = { items: Array.isArray(res?.items) ? res.items : [], totalCount: typeof res?.totalCount === 'number' ? res.totalCount : undefined };
    if (keepText) out.text = text;
    return out;
  }

  /** Without a totalCount: the pages read so far in order, then page after page, up to the first short one. */
  async #listOneByOne<T>(path: string, query: Record<string, string | undefined>, read: ListPage<T>[], signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; ; page++) {
      const last = page < read.length ? read[page]!.items : (await this.#page<T>(path, query, page, false, signal)).items;
      items.push(...last);
      if (last.length < PER_PAGE) return items;
    }
  }

  /** GET, PATCH and DELETE: idempotent, so any retryable failure re-sends the same request. */
  async #send<T>(spec: RequestSpec): Promise<T> {
    return (await this.#sendText<T>(spec)).body;
  }

  /** #send of a `raw` request: the answer's bytes, undecoded. */
  async #sendRaw(spec: RequestSpec): Promise<Buffer[]> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(spec, attempt);
      if (result.ok) return result.bytes ?? [];
      await this.#waitOrThrow(result, attempt);
    }
  }

  /** #send, with the text of the answer's body as received. */
  async #sendText<T>(spec: RequestSpec): Promise<{ body: T; text: string }> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(spec, attempt);
      if (result.ok) return { body: result.body as T, text: result.text };
      // An abandoned read is not retried (its failure is the abort, or what it met before it).
      if (spec.signal?.aborted) throw result.error;
      await this.#waitOrThrow(result, attempt, spec.signal);
    }
  }

  /**
   * POST of a named resource. A 429 was refused before any work, so it is re-sent as is. After a
   * 5xx, a timeout or a dropped connection the create may have been committed: look the name up
   * first and return what is there, re-sending only when nothing is. An `AlreadyExists` on a
   * re-send means an earlier attempt landed after all: look it up again.
   */
  async #create<T>(path: string, body: unknown, lookup: () => Promise<T | null>): Promise<T> {
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      if (uncertain) {
        const existing = await lookup();
        if (existing) {
          this.stats.recoveredCreates++;
          return existing;
        }
        uncertain = false;
      }
      const result = await this.#attempt({ method: 'POST', path, body }, attempt);
      if (result.ok) return result.body as T;
      if (attempt > 1 && isAlreadyExists(result.error)) {
        const existing = await lookup();
        if (existing) {
          this.stats.recoveredCreates++;
          return existing;
        }
      }
      await this.#waitOrThrow(result, attempt);
      if (result.kind === 'ambiguous') uncertain = true;
    }
  }

  /**
   * For Ctrl-C: sends nothing more — a request not yet sent fails with an ApiError of type
   * `Stopped` (it did not reach the API), no failed request is retried — and resolves once every
   * write already sent has its answer, so that what landed is known and recorded, not guessed
   * (a read in flight changes nothing: it is not waited for).
   */
  stopSending(): Promise<void> {
    this.#stopped = true;
    return Promise.allSettled([...this.#sent]).then(() => undefined);
  }

  /** How many writes (any method but GET) are sent and not yet answered. */
  get sending(): number {
    return this.#sent.size;
  }

  /** Sleeps before the next attempt, or throws when the failure is final or retries ran out. */
  async #waitOrThrow(result: Extract<Attempt, { ok: false }>, attempt: number, signal?: AbortSignal): Promise<void> {
    if (this.#stopped) throw result.error;
    const cannotConnect = UNREACHABLE_CODES.has(result.error.code ?? '');
    if (cannotConnect && (this.#unreachable || attempt > this.#retries)) {
      this.#unreachable = true;
      throw result.error;
    }
    if (result.kind === 'final' || attempt > this.#retries) throw result.error;
    let wait = backoffDelay(attempt - 1, this.#backoff);
    if (result.kind === 'throttled') this.stats.throttled++;
    if (result.retryAfterMs !== undefined) {
      if (result.retryAfterMs > this.#maxRetryAfterMs) throw result.error;
      // Honour the server's wait, and no more: the limiter holds every request of this client
      // until it has passed (and paces them after it under a rate limit), and the gate sends
      // retries first, so they go as soon as the hold ends. A random extra wait here only kept
      // the changes waiting to retry in their slots while the burst the hold banked went unused.
      wait = Math.max(wait, result.retryAfterMs);
    }
    this.stats.retries++;
    await sleep(wait, undefined, signal ? { signal } : undefined);
  }

  /** One HTTP attempt, once the gate has a slot for it and no Retry-After holds requests back. */
  #attempt(spec: RequestSpec, attempt: number): Promise<Attempt> {
    return this.#gate.add(
      async () => {
        // A Retry-After, or the pace of a measured rate limit; once 0 the request counts as sent.
        for (let wait = this.#limiter.acquire(); wait > 0; wait = this.#limiter.acquire()) await sleep(wait);
        if (this.#stopped || spec.signal?.aborted) {
          const why = this.#stopped ? 'the command was stopped' : 'the read was abandoned';
          // Its path as a sent request's error gives it (query included: which page of a list).
          const url = this.#urlOf(spec);
          throw new ApiError({ status: 0, type: NOT_SENT_TYPE, message: `not sent: ${why}`, method: spec.method, path: url.pathname + url.search });
        }
        const sent = this.#send1(spec, attempt, this.#gate.pending);
        if (spec.method !== 'GET') {
          this.#sent.add(sent);
          void sent.finally(() => this.#sent.delete(sent)).catch(() => undefined);
        }
        return sent;
      },
      { priority: attempt > 1 ? 1 : 0 },
    ) as Promise<Attempt>;
  }

  /** Feeds one answer to the limiter and resizes the gate; returns the limit now. */
  #observe(sentAt: number, inflight: number, status: number | undefined, code: string | undefined, retryAfterMs: number | undefined): number {
    // A Retry-After too long to wait ends that request's retries (see #waitOrThrow); it holds no others.
    if (retryAfterMs !== undefined && retryAfterMs > this.#maxRetryAfterMs) retryAfterMs = undefined;
    const outcome: LimitOutcome =
      status === 429
        ? 'throttled'
        : status === 503
          ? 'refused'
          : status === undefined
            ? code === 'ETIMEDOUT'
              ? 'timeout'
              : 'neutral'
            : status >= 500
              ? 'neutral'
              : 'ok';
    this.#limiter.record({ sentAt, rttMs: performance.now() - sentAt, inflight, outcome, retryAfterMs });
    const limit = this.#limiter.limit;
    if (limit !== this.#gate.concurrency) this.#gate.concurrency = limit;
    const c = this.stats.concurrency;
    c.limit = limit;
    c.peak = this.#limiter.peak;
    c.lowest = this.#limiter.lowest;
    return limit;
  }

  /** The URL a request goes to, its query included. */
  #urlOf(spec: RequestSpec): URL {
    const url = new URL((spec.fromOrigin ? '' : this.#basePath) + spec.path, this.#origin);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async #send1(spec: RequestSpec, attempt: number, inflight: number): Promise<Attempt> {
    const url = this.#urlOf(spec);
    const shownPath = url.pathname + url.search;
    const started = performance.now();
    this.stats.requests++;
    const emit = (status: number | undefined, error?: string, code?: string, retryAfterMs?: number) => {
      const limit = this.#observe(started, inflight, status, code, retryAfterMs);
      if (!this.#onRequest) return;
      const e: RequestEvent = { method: spec.method, path: shownPath, ms: Math.round(performance.now() - started), attempt, limit };
      if (status !== undefined) e.status = status;
      if (error !== undefined) e.error = this.#redact(error);
      this.#onRequest(e);
    };

    let status: number;
    let chunks: Buffer[];
    let retryAfter: string | string[] | undefined;
    try {
      ({ status, chunks, retryAfter } = await receiveBytes(
        this.#got,
        url,
        spec.body === undefined
          ? spec.signal
            ? { method: spec.method, signal: spec.signal }
            : { method: spec.method }
          : { method: spec.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec.body) },
      ));
    } catch (err) {
      const e = err as { code?: string; name?: string; message?: string };
      const timeout = e.name === 'TimeoutError' || e.code === 'ETIMEDOUT';
      const code = e.code ?? (timeout ? 'ETIMEDOUT' : 'ERR_NETWORK');
      const message = timeout
        ? `no response within ${this.#timeoutMs} ms`
        : `no response (${code}${e.message ? `: ${this.#redact(e.message)}` : ''})`;
      emit(undefined, message, code);
      return {
        ok: false,
        status: 0,
        kind: 'ambiguous',
        error: new ApiError({ status: 0, type: timeout ? 'Timeout' : 'Network', message, method: spec.method, path: shownPath, code }),
      };
    }

    this.#unreachable = false;
    if (spec.raw && status >= 200 && status < 300) {
      emit(status);
      return { ok: true, status, body: undefined, text: '', bytes: chunks };
    }
    // Most answers arrive in one chunk: decode it where it lies instead of copying it first.
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      emit(status);
      return { ok: true, status, body, text };
    }
    const errBody = (body && typeof body === 'object' ? body : {}) as { type?: unknown; message?: unknown };
    const type = typeof errBody.type === 'string' ? errBody.type : httpType(status);
    const message = this.#redact(
      typeof errBody.message === 'string' && errBody.message ? errBody.message : bodyWithoutMessage(status, text, body !== undefined),
    );
    const kind = classifyStatus(status);
    // A 429 or 503 may say when to come back; the retry waits that long, and so does every other request.
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined;
    emit(status, `${type}: ${message}`, undefined, retryAfterMs);
    const error = new ApiError({ status, type, message, method: spec.method, path: shownPath });
    return retryAfterMs !== undefined ? { ok: false, status, kind, error, retryAfterMs } : { ok: false, status, kind, error };
  }

  /** Belt and braces: no text this client produces may carry the token, whatever a server echoes. */
  #redact(text: string): string {
    return this.#token ? text.split(this.#token).join('***') : text;
  }
}

/**
 * What an error answer without the API's `{type, message}` says. A web page (a proxy, a login
 * portal, an apiUrl that is some other server) is named as such instead of printing its markup.
 */
function bodyWithoutMessage(status: number, text: string, parsed: boolean): string {
  if (!text) return `HTTP ${status}`;
  if (!parsed && /^\s*</.test(text)) return `HTTP ${status} with a web page, not the Losant API's JSON: is apiUrl the API's address (https://api.losant.com)?`;
  return `HTTP ${status}: ${text.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
}

/**
 * got with these defaults, and a per-request cost cut. got copies its defaults' cacheOptions (four
 * keys, all undefined unless a cache is used: lxp uses none) into every request, then spreads them
 * into the options of the node:http request, an object literal of ~40 more keys. On Node 20's V8
 * that spread-then-add takes a slow path that builds new hidden classes for every request: ~150 µs
 * and much garbage each, a quarter of got's CPU per request (measured: 300 POSTs, 510 → 390 ms).
 * The option set outside a merge replaces the object with an empty one, which spreads for free;
 * mutableDefaults only lets it be set here (nothing else changes these defaults).
 */
export function lightGot(defaults: ExtendOptions): Got {
  const client = got.extend({ ...defaults, mutableDefaults: true });
  client.defaults.options.cacheOptions = {};
  return client;
}

/**
 * One request through got's stream interface: the status, the body's bytes as received, and Retry-After.
 * The same request as `await got(url, options)` with this client's options (no retries, no
 * parsing, no throwing on an error status), without got's promise layer around it, which cost
 * ~20 % of got's CPU per request (measured: 300 POSTs, 470 → 410 ms). Errors are got's own
 * (RequestError, TimeoutError), as the promise would reject with them.
 */
function receiveBytes(client: Got, url: URL, options: { method: Method; headers?: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<{ status: number; chunks: Buffer[]; retryAfter: string | string[] | undefined }> {
  return new Promise((resolve, reject) => {
    const stream = client.stream(url, options);
    const chunks: Buffer[] = [];
    let status = 0;
    let retryAfter: string | string[] | undefined;
    stream.once('response', (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve({ status, chunks, retryAfter }));
    stream.once('error', reject);
    // A stream waits for its body to be written; the promise ends a request without one itself.
    if (options.body === undefined && options.method !== 'GET' && options.method !== 'HEAD') stream.end();
  });
}

/** Errors that mean the request never reached the server (so nothing can have been written). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function seg(id: string): string {
  return encodeURIComponent(id);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAlreadyExists(err: ApiError): boolean {
  return err.type === 'AlreadyExists' || err.status === 409;
}

function httpType(status: number): string {
  if (status === 401) return 'Unauthorized';
  if (status === 404) return 'NotFound';
  if (status === 413) return 'TooLarge';
  if (status === 429) return 'RateLimit';
  if (status >= 500) return 'ServerError';
  return 'HttpError';
}
