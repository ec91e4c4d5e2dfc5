// Serving each application's experience from the local server, beside the API: by Host, as
// Losant does — `<slug>.localhost:PORT` (browsers resolve *.localhost to loopback) or a
// domain the application declares — and, for tools that cannot set Host, under the path
// prefix `/~/<slug>/…`. A slug or domain serves the version it points at, as frozen in that
// version. Requests for neither go on to the API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { foreignHostResponse, hostNameOf, isLocalHost, type ReplyProvider, type RuntimeRequest, type RuntimeResponse } from '../../runtime/index.js';
import { headersOf, parseQuery, readBody, textResponse, writeResponse } from '../../runtime/node-http.js';
import type { Store } from '../store/index.js';
import type { RequestLog } from '../request-log.js';
import type { DomainDoc, SlugDoc } from '../routes/publishing-types.js';
import { RuntimeCache } from './snapshot.js';
import type { SessionUsers } from './users.js';
import { answerSignIn, SIGN_IN_PATH, SIGN_OUT_PATH } from './sign-in.js';

/** Path prefix for tools that cannot set Host: http://127.0.0.1:PORT/~/<slug>/devices/1. */
export const SLUG_PREFIX = '/~/';
const LOCALHOST_SUFFIX = '.localhost';

export interface ExperienceHostOptions {
  store: Store;
  /** The users of the development sign-in, and the tokens it issues. */
  sessions: SessionUsers;
  replies?: ReplyProvider;
  /** Serve /~lxp/sign-in (default true). */
  signIn?: boolean;
  bodyLimit: number;
  /** --log: experience requests are logged too, marked with the slug or domain. */
  log?: RequestLog;
  /** Told once about each of a version's response headers HTTP cannot carry (left out of its responses). */
  warn?: (message: string) => void;
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


export function createExperienceHost(opts: ExperienceHostOptions): ExperienceHost {
  const { store } = opts;
  const { sessions } = opts;
  const runtimes = new RuntimeCache(store, { usersFor: (appId) => sessions.directory(appId), replies: opts.replies, warn: opts.warn });

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
    const hostname = hostNameOf(req.headers.host);
    if (hostname.endsWith(LOCALHOST_SUFFIX) && hostname.length > LOCALHOST_SUFFIX.length) {
      return { name: hostname.slice(0, -LOCALHOST_SUFFIX.length), kind: 'slug', base: '', path: pathname, query };
    }
    if (hostname && store.records.byUniqueKey('domain', hostname)) return { name: hostname, kind: 'domain', base: '', path: pathname, query };
    // A wildcard domain (`*.example.com`, which Losant's domains page allows) answers the names one label below it.
    const wildcard = hostname.includes('.') ? `*.${hostname.slice(hostname.indexOf('.') + 1)}` : '';
    if (wildcard && store.records.byUniqueKey('domain', wildcard)) return { name: wildcard, kind: 'domain', base: '', path: pathname, query };
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
    const status = writeResponse(res, out);
    // The path as requested, without its query string (which may hold a token).
    const ms = Math.round((performance.now() - start) * 100) / 100;
    opts.log?.write({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], status, ms, experience: t.name });
  }

  async function answer(req: IncomingMessage, t: Target): Promise<RuntimeResponse> {
    // /~/<slug>/ answers any Host: only this machine's names may use it (DNS rebinding; a declared
    // domain or <slug>.localhost is its own guard).
    if (t.base && !isLocalHost(req.headers.host)) return foreignHostResponse(req.headers.host);
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
      const where = `${t.kind} ${t.name}`;
      return answerSignIn(sessions.forApplication(appId), { applicationName: store.apps.get(appId)?.name ?? appId, where, base: t.base }, { path: t.path, method, headers, query, body: body.value });
    }
    const body = method === 'GET' || method === 'HEAD' ? { value: undefined } : await readBody(req, opts.bodyLimit);
    if ('error' in body) return body.error;
    const request: RuntimeRequest = { method, path: t.path, query, headers, body: body.value };
    return runtimes.get(appId, version).handle(request);
  }

  function allSlugs(): string[] {
    return store.apps.all().flatMap((a) => store.records.all<SlugDoc>('slug', a.id).map((s) => s.doc.slug));
  }

  return { target, serve };
}

const text = textResponse;

/** In prefix mode, a redirect to a path of the experience stays under the prefix. */
function rebase(out: RuntimeResponse, base: string): void {
  const loc = out.headers.location;
  if (typeof loc === 'string' && loc.startsWith('/') && !loc.startsWith('//')) out.headers.location = base + loc;
}
