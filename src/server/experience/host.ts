// Serving each application's experience from the local server, beside the API: by Host, as
// Losant does — `<slug>.localhost:PORT` (browsers resolve *.localhost to loopback) or a
// domain the application declares — and, for tools that cannot set Host, under the path
// prefix `/~/<slug>/…`. A slug or domain serves the version it points at, as frozen in that
// version. Requests for neither go on to the API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serialize as serializeCookie } from 'cookie';
import { parseCookieHeader, type ReplyProvider, type RuntimeRequest, type RuntimeResponse } from '../../runtime/index.js';
import type { Store } from '../store/index.js';
import type { RequestLog } from '../request-log.js';
import type { DomainDoc, SlugDoc } from '../routes/publishing-types.js';
import { RuntimeCache } from './snapshot.js';
import { SessionUsers } from './users.js';
import { safeNext, signInPage, SIGN_IN_PATH, SIGN_OUT_PATH } from './sign-in.js';

/** Path prefix for tools that cannot set Host: http://127.0.0.1:PORT/~/<slug>/devices/1. */
export const SLUG_PREFIX = '/~/';
const LOCALHOST_SUFFIX = '.localhost';

export interface ExperienceHostOptions {
  store: Store;
  /** Signs the tokens of the development sign-in. */
  secret: Buffer;
  replies?: ReplyProvider;
  /** Serve /~lxp/sign-in (default true). */
  signIn?: boolean;
  bodyLimit: number;
  /** --log: experience requests are logged too, marked with the slug or domain. */
  log?: RequestLog;
}

interface Target {
  /** What the request named: a slug or a domain. */
  name: string;
  kind: 'slug' | 'domain';
  /** "/~/<slug>" in prefix mode, else "". */
  base: string;
  /** The path inside the experience. */
  path: string;
  query: string;
}

export interface ExperienceHost {
  /** The experience a request is for, or undefined when it is an API request. */
  target(req: IncomingMessage): Target | undefined;
  serve(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void>;
}

function hostnameOf(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '').replace(/\.$/, '');
}

export function createExperienceHost(opts: ExperienceHostOptions): ExperienceHost {
  const { store } = opts;
  const sessions = new SessionUsers(store, opts.secret);
  const runtimes = new RuntimeCache(store, { usersFor: (appId) => sessions.directory(appId), replies: opts.replies });

  function target(req: IncomingMessage): Target | undefined {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    if (pathname.startsWith(SLUG_PREFIX)) {
      const rest = pathname.slice(SLUG_PREFIX.length);
      const slash = rest.indexOf('/');
      const name = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
      return { name, kind: 'slug', base: SLUG_PREFIX + name, path: slash === -1 ? '/' : rest.slice(slash), query };
    }
    const hostname = hostnameOf(req);
    if (hostname.endsWith(LOCALHOST_SUFFIX) && hostname.length > LOCALHOST_SUFFIX.length) {
      return { name: hostname.slice(0, -LOCALHOST_SUFFIX.length), kind: 'slug', base: '', path: pathname, query };
    }
    if (hostname && store.records.byUniqueKey('domain', hostname)) return { name: hostname, kind: 'domain', base: '', path: pathname, query };
    return undefined;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, t: Target): Promise<void> {
    const start = performance.now();
    let out: RuntimeResponse;
    try {
      out = await answer(req, t);
    } catch (err) {
      out = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `lxp: ${(err as Error).message}` };
    }
    if (t.base) rebase(out, t.base);
    try {
      res.writeHead(out.status, out.headers);
    } catch (err) {
      // A header a reply file made that HTTP cannot carry (a newline, a non-Latin-1 character).
      out = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `lxp: the reply has a header HTTP cannot carry: ${(err as Error).message}` };
      res.writeHead(out.status, out.headers);
    }
    res.end(out.body);
    // The path as requested, without its query string (which may hold a token).
    const ms = Math.round((performance.now() - start) * 100) / 100;
    opts.log?.write({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], status: out.status, ms, experience: t.name });
  }

  async function answer(req: IncomingMessage, t: Target): Promise<RuntimeResponse> {
    const rec =
      t.kind === 'slug' ? store.records.byUniqueKey<SlugDoc>('slug', t.name) : store.records.byUniqueKey<DomainDoc>('domain', t.name);
    if (!rec) return text(404, `lxp: no experience ${t.kind} "${t.name}" on this server. Slugs: ${allSlugs().join(', ') || 'none'}.`);
    const appId = rec.appId;
    const versionName = rec.doc.version;
    const version = versionName === null ? undefined : store.versions.byName(appId, versionName);
    if (!version) {
      return text(404, `lxp: the ${t.kind} "${t.name}" points at ${versionName === null ? 'no version' : `the version "${versionName}", which does not exist`}; point it at a version (lxp promote) to serve it.`);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headersOf(req);
    const query = parseQuery(t.query);
    if (opts.signIn !== false && (t.path === SIGN_IN_PATH || t.path === SIGN_OUT_PATH)) {
      const body = method === 'POST' ? await readBody(req, opts.bodyLimit) : { value: undefined };
      if ('error' in body) return body.error;
      return signIn(appId, t, method, headers, query, body.value);
    }
    const body = method === 'GET' || method === 'HEAD' ? { value: undefined } : await readBody(req, opts.bodyLimit);
    if ('error' in body) return body.error;
    const request: RuntimeRequest = { method, path: t.path, query, headers, body: body.value };
    return runtimes.get(appId, version).handle(request);
  }

  function signIn(appId: string, t: Target, method: string, headers: Record<string, string>, query: Record<string, string | string[]>, body: unknown): RuntimeResponse {
    const cookiePath = t.base || '/';
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const next = safeNext(form.next ?? query.next);
    if (method === 'GET' || method === 'HEAD') {
      const token = parseCookieHeader(headers.cookie).authorization;
      const current = token ? (sessions.userForToken(appId, token) ?? null) : null;
      const app = store.apps.get(appId);
      const html = signInPage({ applicationName: app?.name ?? appId, slug: t.name, users: sessions.list(appId), current, next, base: t.base });
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
    }
    if (method !== 'POST') return text(405, 'lxp: use GET to see the sign-in page, POST to sign in or out');
    if (t.path === SIGN_OUT_PATH) {
      return { status: 303, headers: { location: next, 'set-cookie': serializeCookie('authorization', '', { path: cookiePath, expires: new Date(0) }) }, body: '' };
    }
    const userId = typeof form.userId === 'string' ? form.userId.toLowerCase() : undefined;
    const byEmail = typeof form.email === 'string' ? sessions.byEmail(appId, form.email) : undefined;
    const user = userId ? sessions.user(appId, userId) : byEmail ? sessions.user(appId, byEmail.id) : undefined;
    if (!user) return text(400, 'lxp: name an experience user of this application with userId or email');
    const token = sessions.tokenFor(appId, String(user.id));
    const cookie = serializeCookie('authorization', token, { path: cookiePath, httpOnly: true, sameSite: 'lax' });
    if ((headers.accept ?? '').includes('application/json')) {
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': cookie }, body: JSON.stringify({ token, user }) };
    }
    return { status: 303, headers: { location: next, 'set-cookie': cookie }, body: '' };
  }

  function allSlugs(): string[] {
    return store.apps.all().flatMap((a) => store.records.all<SlugDoc>('slug', a.id).map((s) => s.doc.slug));
  }

  return { target, serve };
}

const text = (status: number, body: string): RuntimeResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

/** In prefix mode, a redirect to a path of the experience stays under the prefix. */
function rebase(out: RuntimeResponse, base: string): void {
  const loc = out.headers.location;
  if (typeof loc === 'string' && loc.startsWith('/') && !loc.startsWith('//')) out.headers.location = base + loc;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function parseQuery(query: string): Record<string, string | string[]> {
  const params = new URLSearchParams(query);
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** The body as hapi hands it to Losant: JSON and form fields parsed, other text as a string. */
async function readBody(req: IncomingMessage, limit: number): Promise<{ value: unknown } | { error: RuntimeResponse }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      return { error: { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ statusCode: 413, error: 'Request Entity Too Large', message: 'Payload content length greater than maximum allowed: ' + limit }) } };
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return { value: undefined };
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { value: JSON.parse(raw) };
    } catch {
      return { error: { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format' }) } };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { value: parseQuery(raw) };
  return { value: raw };
}
