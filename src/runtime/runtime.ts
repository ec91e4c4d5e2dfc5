// The experience runtime: a request in, the response Losant would give out. Route matching
// (hapi's router, src/routing), access (tokens as Losant reads them, public / authenticated /
// group), static page and redirect replies with Losant's default status codes, the version's
// not-found and unauthorized replies, default CORS, response headers — and, where Losant would
// run a workflow, a reply from a ReplyProvider or a 501 page that says how to add one.
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { setOwn, type RootContext } from '../render/context.js';
import { createRenderer, DEFAULT_CONTENT_TYPE, type Renderer } from '../render/engine.js';
import { RenderError } from '../render/errors.js';
import { headerNameProblem, headerValueProblem } from '../project/http-header.js';
import { EndpointRouter, endpointKey } from '../routing/index.js';
import { allowed, tokenOf } from './access.js';
import { globalsOf, runtimeContext, type RequestFacts } from './context.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { errorPage, noWorkflowPage } from './pages.js';
import { ReplyError, SCENARIO_PARAM, type ReplyCookie, type ReplyProvider, type WorkflowReply } from './replies/provider.js';
import { createStringTemplater, type StringTemplater } from './templates.js';
import type { ExperienceSnapshot, ResponseTrace, RuntimeEndpoint, RuntimeRequest, RuntimeResponse, StoredReply, UserDirectory } from './types.js';

export interface RuntimeOptions {
  users?: UserDirectory;
  /** Stands in for workflows; without one, every endpoint without a static reply gets the 501 page. */
  replies?: ReplyProvider;
  now?: () => Date;
  /**
   * Told once per header (name and problem) when the version's response headers hold one HTTP
   * cannot carry: it is left out of every response instead of failing them all.
   */
  warn?: (message: string) => void;
}

/** Losant's body for a route nothing answers (endpoints documentation, "Enabled"). */
export const NOT_FOUND_BODY = { error: 'No endpoint found for route' };
/** What lxp answers when access is refused and neither the endpoint nor the version has an unauthorized reply. */
export const UNAUTHORIZED_BODY = { error: 'Unauthorized' };

const JSON_TYPE = 'application/json; charset=utf-8';

interface Pending {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const json = (status: number, value: unknown): Pending => ({ status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) });
const html = (status: number, body: string): Pending => ({ status, headers: { 'content-type': DEFAULT_CONTENT_TYPE }, body });

export class ExperienceRuntime {
  private snapshot!: ExperienceSnapshot;
  private router!: EndpointRouter<RuntimeEndpoint>;
  private globals: Record<string, unknown> = {};
  /** The version's response headers HTTP can carry, names in lower case. */
  private responseHeaders: [string, string][] = [];
  private readonly warned = new Set<string>();
  private readonly renderer: Renderer;
  private readonly templater: StringTemplater;
  private readonly now: () => Date;

  constructor(
    snapshot: ExperienceSnapshot,
    private readonly options: RuntimeOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.renderer = createRenderer([], { application: snapshot.application, now: this.now });
    this.templater = createStringTemplater({ application: snapshot.application, now: this.now });
    this.update(snapshot);
  }

  get applicationName(): string {
    return this.snapshot.application.name;
  }

  /** Replaces the snapshot; compiled templates of unchanged views are kept. */
  update(snapshot: ExperienceSnapshot): void {
    this.snapshot = snapshot;
    // Disabled endpoints are left out of the router: a request falls through to the next route
    // that matches, else to the not-found reply (Losant's endpoint guide).
    this.router = new EndpointRouter(snapshot.endpoints.filter((e) => e.enabled));
    this.globals = globalsOf(snapshot.version.globals);
    this.responseHeaders = [];
    // HTTP header names are case-insensitive, so two stored names that differ only in case (the
    // API accepts them; the folder refuses them) are one header: the first in the version's stored
    // order is sent, every time, and the other is reported rather than dropped without a word.
    const sentAs = new Map<string, string>();
    for (const [name, value] of Object.entries(snapshot.version.responseHeaders ?? {})) {
      const problem = headerNameProblem(name) ?? (typeof value === 'string' ? headerValueProblem(value) : 'the value is not text');
      const first = sentAs.get(name.toLowerCase());
      if (problem) this.warnOnce(`the version's response header ${JSON.stringify(name)} is left out of every response: ${problem}`);
      else if (first !== undefined) this.warnOnce(`the version's response header ${JSON.stringify(name)} is left out of every response: HTTP header names ignore case, so it is the same header as ${JSON.stringify(first)}, whose value is sent`);
      else {
        sentAs.set(name.toLowerCase(), name);
        this.responseHeaders.push([name.toLowerCase(), value]);
      }
    }
    this.renderer.update(snapshot.views);
  }

  async handle(req: RuntimeRequest): Promise<RuntimeResponse> {
    const { version } = this.snapshot;
    const origin = req.headers.origin;
    const cookies = parseCookieHeader(req.headers.cookie);
    const scenarioValue = req.query[SCENARIO_PARAM];
    // An empty value (a form or link that leaves it blank) picks the default, as none does.
    const scenario = (Array.isArray(scenarioValue) ? scenarioValue[0] : scenarioValue) || undefined;
    const query = { ...req.query };
    delete query[SCENARIO_PARAM];
    const token = tokenOf(query, req.headers, cookies);
    const user = token && this.options.users ? ((await this.options.users.userForToken(token)) ?? null) : null;
    const facts: RequestFacts = { path: req.path, method: req.method.toLowerCase(), headers: proxiedHeaders(req.headers), params: {}, query, body: req.body === undefined ? null : req.body, cookies };
    const now = this.now();
    const context = (endpoint: RuntimeEndpoint | null, workflow?: { flowName: string; pageData: unknown }) =>
      runtimeContext(this.snapshot, { now, user, endpoint, request: facts, globals: this.globals }, workflow);

    let out: Pending;
    const trace: ResponseTrace = { answer: 'notFound' };
    try {
      const match = this.router.match(req.method, req.path);
      if (match.kind === 'badPath') {
        trace.answer = 'badPath';
        out = json(400, { statusCode: 400, error: 'Bad Request', message: 'Invalid request path' });
      } else if (match.kind === 'notFound' && req.method.toLowerCase() === 'options' && version.endpointDefaultCors) {
        trace.answer = 'preflight';
        out = this.preflight(req, origin);
      } else if (match.kind === 'notFound') {
        out = this.stored(version.notFoundReply, 'notFound', context(null), trace);
      } else {
        facts.params = match.params;
        const endpoint = match.endpoint;
        trace.endpoint = endpoint;
        const users = this.options.users ?? {};
        if (!allowed(endpoint, user, users, () => this.templater(endpoint.deviceIdTemplate ?? '', context(endpoint)).trim())) {
          out = this.stored(endpoint.unauthorizedReply ?? version.unauthorizedReply, 'unauthorized', context(endpoint), trace);
        } else if (endpoint.staticReply) {
          out = this.stored(endpoint.staticReply, 'static', context(endpoint), trace);
        } else {
          out = await this.workflow(endpoint, scenario, context, trace);
        }
      }
    } catch (err) {
      trace.error = err;
      out = failure(err);
    }

    for (const [k, v] of this.responseHeaders) out.headers[k] ??= v;
    if (version.endpointDefaultCors) Object.assign(out.headers, corsHeaders(origin, version.allowedCorsOrigins));
    return { ...out, trace };
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.warn?.(message);
  }

  /** Default CORS: the methods that have a route at this path; 404 reply when none does. */
  private preflight(req: RuntimeRequest, origin: string | undefined): Pending {
    const methods = ['get', 'post', 'put', 'patch', 'delete'].filter((m) => {
      return this.router.match(m, req.path).kind === 'match';
    });
    if (methods.length === 0) return json(404, NOT_FOUND_BODY);
    return { status: 200, headers: preflightHeaders(origin, this.snapshot.version.allowedCorsOrigins, methods, req.headers['access-control-request-headers']), body: '' };
  }

  /**
   * A stored reply: the endpoint's static reply (page 200, redirect 301), an unauthorized reply
   * (page 401, redirect 302) or the version's not-found reply (page 404, redirect 302); unless
   * the reply names its status code. No reply: Losant's JSON bodies.
   */
  private stored(reply: StoredReply | null | undefined, why: 'static' | 'unauthorized' | 'notFound', ctx: RootContext, trace: ResponseTrace): Pending {
    trace.answer = why;
    if (!reply) return why === 'notFound' ? json(404, NOT_FOUND_BODY) : json(401, UNAUTHORIZED_BODY);
    const defaults = { static: [200, 301], unauthorized: [401, 302], notFound: [404, 302] }[why];
    if (reply.type === 'redirect') {
      let location: string;
      try {
        location = this.templater(reply.value, ctx);
      } catch (err) {
        throw new RenderError(`the ${why === 'static' ? 'static' : why === 'notFound' ? 'not-found' : 'unauthorized'} reply's redirect "${reply.value}" does not render: ${(err as Error).message}`);
      }
      return redirect(reply.statusCode ?? defaults[1], location);
    }
    const page = this.pageName(reply.value);
    if (!page) return html(500, errorPage('500 Page not found', `The ${why === 'static' ? 'static' : why === 'notFound' ? 'not-found' : 'unauthorized'} reply names the page "${reply.value}", which this version does not have (deleted or renamed?). Losant fails the same request.`));
    trace.page = page;
    const rendered = this.renderer.render(page, ctx, { exactContext: true });
    return { status: reply.statusCode ?? defaults[0], headers: { 'content-type': rendered.contentType }, body: rendered.body };
  }

  private async workflow(
    endpoint: RuntimeEndpoint,
    scenario: string | undefined,
    context: (e: RuntimeEndpoint, wf?: { flowName: string; pageData: unknown }) => RootContext,
    trace: ResponseTrace,
  ): Promise<Pending> {
    const key = endpoint.key ?? endpointKey(endpoint);
    trace.workflowKey = key;
    trace.answer = 'noWorkflow';
    const query = { endpoint, key, scenario };
    const reply = this.options.replies ? await this.options.replies.reply(query) : undefined;
    if (!reply) {
      const hint = this.options.replies?.hint(query) ?? 'start lxp with an experience folder and add a reply file for it';
      return html(501, noWorkflowPage({ method: endpoint.method, route: endpoint.route, key, hint }));
    }
    trace.answer = 'workflow';
    trace.replySource = reply.source;
    const ctx = context(endpoint, { flowName: `lxp reply file ${reply.source ?? key}`, pageData: {} });
    try {
      // Like the Endpoint Reply node's fields, strings in the reply are templates over the request.
      if (reply.kind === 'page') ctx.pageData = this.templateDeep(reply.pageData, ctx);
      const out = this.workflowBody(reply, ctx, trace);
      for (const [k, v] of Object.entries(reply.headers ?? {})) out.headers[k] = this.templater(v, ctx);
      const cookies = Object.entries(reply.cookies ?? {}).map(([name, c]) => setCookie(name, c, (s) => this.templater(s, ctx)));
      // A Set-Cookie header of the reply's own goes with the cookies' lines, not replaced by them.
      if (cookies.length) out.headers['set-cookie'] = [...[out.headers['set-cookie'] ?? []].flat(), ...cookies];
      return out;
    } catch (err) {
      if (err instanceof RenderError || err instanceof ReplyError) throw err;
      throw new ReplyError(`a template in the reply does not render: ${(err as Error).message}`, 500, reply.source);
    }
  }

  private workflowBody(reply: WorkflowReply, ctx: RootContext, trace: ResponseTrace): Pending {
    switch (reply.kind) {
      case 'page': {
        const page = this.pageName(reply.page);
        if (!page) return html(500, errorPage('500 Page not found', `The reply names the page "${reply.page}", which this version does not have.`, reply.source));
        trace.page = page;
        if (reply.layout !== undefined) trace.layout = reply.layout;
        const rendered = this.renderer.render(page, ctx, { exactContext: true, ...(reply.layout !== undefined ? { layout: reply.layout } : {}) });
        return { status: reply.status ?? 200, headers: { 'content-type': rendered.contentType }, body: rendered.body };
      }
      case 'json':
        return json(reply.status ?? 200, this.templateDeep(reply.json ?? null, ctx));
      case 'redirect':
        return redirect(reply.status ?? 302, this.templater(reply.location, ctx));
      default:
        return { status: reply.status ?? 200, headers: { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' }, body: this.templater(reply.body, ctx) };
    }
  }

  /** Every string inside `value` rendered as a template (objects and arrays copied). */
  private templateDeep(value: unknown, ctx: RootContext): unknown {
    if (typeof value === 'string') return this.templater(value, ctx);
    if (Array.isArray(value)) return value.map((v) => this.templateDeep(v, ctx));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k, this.templateDeep(v, ctx)); // any key, __proto__ too
      return out;
    }
    return value;
  }

  /** A page by id (what the API stores in replies) or by name. */
  private pageName(idOrName: string): string | undefined {
    const pages = this.snapshot.views.filter((v) => v.viewType === 'page');
    return (pages.find((v) => v.id !== undefined && v.id === idOrName.toLowerCase()) ?? pages.find((v) => v.name === idOrName))?.name;
  }
}

function redirect(status: number, location: string): Pending {
  return { status, headers: { location, 'content-type': 'text/plain; charset=utf-8' }, body: `Redirecting to ${location}` };
}

function failure(err: unknown): Pending {
  if (err instanceof ReplyError) {
    const where = err.source ? `${err.source}${err.line ? `:${err.line}` : ''}` : undefined;
    return html(err.status, errorPage(err.status === 400 ? '400 Unknown scenario' : '500 Reply file error', err.message, where));
  }
  if (err instanceof RenderError) return html(500, errorPage('500 Render error', err.message, err.describe() === err.message ? undefined : err.describe()));
  return html(500, errorPage('500 Internal error', (err as Error)?.stack ?? String(err)));
}

/**
 * The request headers as an experience sees them on Losant, which serves experiences behind a
 * proxy: `x-forwarded-proto` names the scheme the browser used (Losant's own internationalization
 * template builds its links from it). lxp's server speaks plain HTTP, so a request that does not
 * say otherwise came over `http`.
 */
function proxiedHeaders(headers: Record<string, string>): Record<string, string> {
  return headers['x-forwarded-proto'] ? headers : { ...headers, 'x-forwarded-proto': 'http' };
}

export function parseCookieHeader(header: string | undefined): Record<string, string> {
  if (!header) return {};
  const parsed = parseCookies(header);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) out[k] = v;
  return out;
}

function setCookie(name: string, c: string | ReplyCookie | null, t: (s: string) => string): string {
  if (c === null) return serializeCookie(name, '', { path: '/', expires: new Date(0) });
  if (typeof c === 'string') return serializeCookie(name, t(c), { path: '/' });
  return serializeCookie(name, t(c.value), {
    path: c.path ?? '/',
    domain: c.domain,
    maxAge: c.maxAge,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite,
  });
}
