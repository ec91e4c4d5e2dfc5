// The experience at its own URLs in `lxp dev` and `lxp preview`: every path outside /~lxp/ goes to
// the folder's experience (./experience.ts) as a request Losant would get. What lxp adds for
// development: HTML answered to a GET carries the live-reload client (the open URL re-renders
// when a file its answer depended on changes); a render or reply-file error, or a validation
// issue of a file the answer used, shows the error overlay instead. Also /~lxp/go (fills a
// route's parameters in for the index's forms) and the development sign-in /~lxp/sign-in.
import { parseCookieHeader, type RuntimeResponse } from '../runtime/index.js';
import { headersOf, parseQuery, readBody, textResponse, writeResponse } from '../runtime/node-http.js';
import { answerSignIn, signInUnavailablePage, SIGN_IN_PATH, SIGN_OUT_PATH, type SignInUsers } from '../server/experience/sign-in.js';
import { fillRoute, GO_PATH, PARAM_FIELD } from './endpoint-index.js';
import type { ExperienceUsers, FolderExperience } from './experience.js';
import { errorOverlay, INDEX_PATH, injectLiveReload, isHtml, LXP_PREFIX, urlKey, type LiveKey } from './html.js';
import { errorOverlayFor, validationOverlay } from './overlay.js';
import { refuseOtherMethods, type PreviewRoute } from './routes.js';
import type { Site } from './site.js';

/** Request bodies as large as the local server takes (1 MiB, Losant's limit). */
const BODY_LIMIT = 1024 * 1024;

/** Who may sign in: an application's users and groups (the local target), or nobody and why. */
export type DevSignIn = { users: SignInUsers & ExperienceUsers; where: string; noUsers?: string } | { unavailable: string };

export interface ExperienceRouteOptions {
  site: Site;
  experience: FolderExperience;
  /** Told what each answered URL depends on (undefined: any change), for live reload. */
  answered(key: LiveKey, files: Set<string> | undefined): void;
}

const isLxpPath = (p: string) => p === LXP_PREFIX || p.startsWith(`${LXP_PREFIX}/`);
const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** The overlay keeps the answer's headers (cookies, CORS) but is HTML, and goes nowhere. */
function overlayHeaders(headers: RuntimeResponse['headers']): RuntimeResponse['headers'] {
  const rest = { ...headers };
  delete rest.location;
  return { ...rest, ...HTML };
}

/** Every path outside /~lxp/: the experience at its routes, as Losant would answer. */
export function experienceRoute({ site, experience, answered }: ExperienceRouteOptions): PreviewRoute {
  return async ({ req, res }) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q === -1 ? raw : raw.slice(0, q);
    if (isLxpPath(path)) return false;
    const method = (req.method ?? 'GET').toUpperCase();
    const isGet = method === 'GET' || method === 'HEAD';
    const key = urlKey(raw);
    if (site.loadError) {
      answered(key, undefined);
      res.writeHead(500, HTML).end(injectLiveReload(errorOverlay({ title: 'Cannot read the folder', message: site.loadError.message }), key));
      return true;
    }
    // A folder without endpoints.yaml has no routes: its root shows lxp's index instead of a bare 404.
    if (!experience.hasEndpoints && path === '/' && isGet) {
      res.writeHead(302, { location: INDEX_PATH }).end();
      return true;
    }
    const body = isGet ? { value: undefined } : await readBody(req, BODY_LIMIT);
    let out: RuntimeResponse = 'error' in body ? body.error : await experience.handle({ method, path, query: parseQuery(q === -1 ? '' : raw.slice(q + 1)), headers: headersOf(req), body: body.value });
    const trace = out.trace;
    if (trace?.error !== undefined) {
      const overlay = await errorOverlayFor(site, trace.error, trace.page ?? '', experience.issuesOf(out));
      out = { status: out.status, headers: overlayHeaders(out.headers), body: overlay };
    } else {
      // A redirect too: followed, it would hide the broken entry behind another page.
      const issues = experience.issuesOf(out);
      if (issues.length) out = { status: 500, headers: overlayHeaders(out.headers), body: await validationOverlay(site, issues) };
    }
    const redirect = out.status >= 300 && out.status < 400;
    if (isGet && !redirect && isHtml(String(out.headers['content-type'] ?? ''))) {
      answered(key, experience.dependencies(out));
      out = { ...out, body: injectLiveReload(out.body, key) };
    }
    writeResponse(res, out);
    return true;
  };
}

/** /~lxp/go?route=/devices/{id}&param.id=7 → 302 /devices/7 (the index's forms for routes with parameters). */
export function goRoute(): PreviewRoute {
  return (r) => {
    if (r.url.pathname !== GO_PATH) return false;
    if (refuseOtherMethods(r)) return true;
    const route = r.url.searchParams.get('route') ?? '';
    const values: Record<string, string> = {};
    for (const [k, v] of r.url.searchParams) if (k.startsWith(PARAM_FIELD)) values[k.slice(PARAM_FIELD.length)] = v;
    const filled = route.startsWith('/') ? fillRoute(route, values) : { problem: 'no route to fill in' };
    if ('problem' in filled) writeResponse(r.res, textResponse(400, `lxp: ${filled.problem} (${route}); go back to the index: ${INDEX_PATH}\n`));
    else r.res.writeHead(302, { location: filled.path }).end();
    return true;
  };
}

/** /~lxp/sign-in and /~lxp/sign-out: sign in as one of the application's users, or say why nobody can here. */
export function signInRoute(signIn: DevSignIn, applicationName: string): PreviewRoute {
  return async ({ req, res, url }) => {
    if (url.pathname !== SIGN_IN_PATH && url.pathname !== SIGN_OUT_PATH) return false;
    const method = (req.method ?? 'GET').toUpperCase();
    if ('unavailable' in signIn) {
      if (method === 'GET' || method === 'HEAD') res.writeHead(200, HTML).end(signInUnavailablePage(applicationName, signIn.unavailable));
      else writeResponse(res, textResponse(403, `lxp: no development sign-in here: ${signIn.unavailable}\n`));
      return true;
    }
    const body = method === 'POST' ? await readBody(req, BODY_LIMIT) : { value: undefined };
    if ('error' in body) {
      writeResponse(res, body.error);
      return true;
    }
    const query = parseQuery(url.search.slice(1));
    const footer = `<p><a href="/">The experience</a> · <a href="${INDEX_PATH}">lxp's index of endpoints and pages</a></p>`;
    writeResponse(res, answerSignIn(signIn.users, { applicationName, where: signIn.where, base: '', noUsers: signIn.noUsers, footer }, { path: url.pathname, method, headers: headersOf(req), query, body: body.value }));
    return true;
  };
}

/** The user signed in on this request (the `authorization` cookie), for the index. */
export function signedIn(signIn: DevSignIn, cookieHeader: string | undefined): ReturnType<SignInUsers['userForToken']> | null | undefined {
  if ('unavailable' in signIn) return undefined;
  const token = parseCookieHeader(cookieHeader).authorization;
  return token ? (signIn.users.userForToken(token) ?? null) : null;
}
