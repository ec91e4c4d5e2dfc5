// The HTTP layer: a fastify instance with, in order for every request, the request log, the
// injected faults (latency, throttle, failures), the bearer-token check, path-parameter checks,
// then one route module per resource. Every error leaves as `{ type, message }` JSON.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createServer } from 'node:http';
import { hash, timingSafeEqual } from 'node:crypto';
import { ApiError, notFound, validationError } from './errors.js';
import { isObjectId } from './ids.js';
import type { ServerContext } from './context.js';
import type { FaultInjector } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { ExperienceHost } from './experience/host.js';
import { isUniqueViolation } from './store/database.js';
import { registerApplicationRoutes } from './routes/applications.js';
import { registerViewRoutes } from './routes/views.js';
import { registerVersionRoutes } from './routes/versions.js';
import { registerEndpointRoutes } from './routes/endpoints.js';
import { registerSlugRoutes } from './routes/slugs.js';
import { registerDomainRoutes } from './routes/domains.js';
import { registerUserRoutes } from './routes/users.js';
import { registerGroupRoutes } from './routes/groups.js';
import { registerExperienceRoutes } from './routes/experience.js';

/**
 * Largest request body: a view body may hold 131072 characters, which JSON escaping can grow
 * up to six-fold (\uXXXX); 1 MiB leaves room for that and the other fields.
 */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  token: string;
  faults: FaultInjector;
  log?: RequestLog;
  bodyLimit?: number;
  /**
   * Serves the experiences themselves (by Host or under /~/<slug>/) on the same port; what it
   * does not claim goes to the API. The two read the same store and share nothing else.
   */
  experiences?: ExperienceHost;
}

interface RequestState {
  start: number;
  drop: boolean;
  logged: boolean;
}
const state = new WeakMap<FastifyRequest, RequestState>();

const digest = (s: string) => hash('sha256', s, 'buffer') as unknown as Buffer;

const send = (reply: FastifyReply, err: ApiError) => reply.code(err.statusCode).send(err.toBody());

export function buildApp(ctx: ServerContext, opts: AppOptions): FastifyInstance {
  const bodyLimit = opts.bodyLimit ?? BODY_LIMIT;
  const app = Fastify({
    logger: false,
    bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true },
    serverFactory: (handler) =>
      createServer((req, res) => {
        const target = opts.experiences?.target(req);
        if (target) void opts.experiences!.serve(req, res, target);
        else handler(req, res);
      }),
  });
  const tokenDigest = digest(opts.token);

  // JSON bodies: an empty body is no body (DELETE with a JSON content type); anything that does
  // not parse is a 400 naming the problem. JSON.parse keeps "__proto__" as a plain own key, and
  // every schema rejects unknown keys, so no prototype can be reached through a body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(validationError(`Request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });

  // Callback-style hooks, and only those a run needs (a log, dropped answers): an async hook
  // costs promises on every request, and most runs have no log and drop nothing.
  const { faults, log } = opts;
  const tracked = log !== undefined || faults.dropsWrites;
  const admit = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    try {
      if (!ctx.store.db.open) {
        // Closed while this request waited out its injected latency: the connection is gone too.
        send(reply, new ApiError(503, 'ServerError', 'The server is shutting down'));
        return;
      }
      const retryAfter = faults.throttle();
      if (retryAfter !== null) {
        reply.header('Retry-After', String(retryAfter));
        send(reply, new ApiError(429, 'RateLimit', `Too many requests; retry after ${retryAfter} s`));
        return;
      }
      const failure = faults.failure();
      if (failure !== null) {
        send(reply, new ApiError(failure, 'ServerError', `Injected failure (${failure})`));
        return;
      }
      if (!authorized(req.headers.authorization, tokenDigest)) {
        send(reply, new ApiError(401, 'Unauthorized', 'A valid Authorization: Bearer <token> header is required'));
        return;
      }
      checkParams(ctx, req.params as Record<string, string> | undefined);
      if (tracked) state.get(req)!.drop = faults.drop(req.method);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
  app.addHook('onRequest', (req, reply, done) => {
    if (tracked) state.set(req, { start: performance.now(), drop: false, logged: false });
    if (faults.latencyMs > 0) setTimeout(admit, faults.latencyMs, req, reply, done);
    else admit(req, reply, done);
  });

  if (faults.dropsWrites) {
    // --drop-rate: the write has been committed; close the connection instead of answering.
    app.addHook('onSend', (req, reply, payload, done) => {
      const st = state.get(req);
      if (st?.drop && reply.statusCode < 300) {
        logRequest(log, req, reply.statusCode, st, true);
        req.raw.socket?.destroy();
      }
      done(null, payload);
    });
  }

  if (log) {
    app.addHook('onResponse', (req, reply, done) => {
      const st = state.get(req);
      if (st) logRequest(log, req, reply.statusCode, st, false);
      done();
    });
  }

  app.setNotFoundHandler((req, reply) => {
    send(reply, notFound(`No route for ${req.method} ${req.url.split('?')[0]}`));
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ApiError) return send(reply, err);
    const e = err as Error & { code?: string; statusCode?: number };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, new ApiError(413, 'PayloadTooLarge', `Request body is larger than ${bodyLimit} bytes`));
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, validationError('Request bodies must be JSON (Content-Type: application/json)'));
    }
    if (isUniqueViolation(e)) return send(reply, new ApiError(400, 'AlreadyExists', 'A resource with that name already exists'));
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return send(reply, new ApiError(e.statusCode, 'Validation', e.message));
    }
    process.stderr.write(`lxp server: internal error: ${e.stack ?? e.message}\n`);
    return send(reply, new ApiError(500, 'ServerError', 'Internal server error'));
  });

  registerApplicationRoutes(app, ctx);
  registerViewRoutes(app, ctx);
  registerVersionRoutes(app, ctx);
  registerEndpointRoutes(app, ctx);
  registerSlugRoutes(app, ctx);
  registerDomainRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerExperienceRoutes(app, ctx);
  return app;
}

function authorized(header: string | undefined, tokenDigest: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), tokenDigest);
}

/**
 * Path parameters named *Id must be object ids (a path trick like "..%2F.." is a 400, never a
 * lookup), and the application must exist (404).
 */
function checkParams(ctx: ServerContext, params: Record<string, string> | undefined): void {
  if (!params) return;
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Id') && !isObjectId(value)) throw validationError(`${name} "${value}" is not a valid id`);
    if (name.endsWith('IdOrName') && (value.length === 0 || value.length > 255)) {
      throw validationError(`${name} must be 1 to 255 characters`);
    }
  }
  if (params.applicationId !== undefined && !ctx.store.apps.exists(params.applicationId.toLowerCase())) {
    throw notFound('Application was not found');
  }
}

function logRequest(log: RequestLog | undefined, req: FastifyRequest, status: number, st: RequestState, dropped: boolean): void {
  if (!log || st.logged) return;
  st.logged = true;
  const entry = {
    method: req.method,
    path: req.url.split('?')[0],
    status,
    ms: Math.round((performance.now() - st.start) * 100) / 100,
  };
  log.write(dropped ? { ...entry, dropped } : entry);
}
