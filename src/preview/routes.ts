// The preview's routing: an ordered list of routes, each answering a request or passing it on.
// lxp's own pages live under /~lxp/ (the index, page previews, the event stream, the sign-in);
// every other path is the experience's (./experience-route.ts). Pluggable: startPreview({ routes })
// puts more routes after lxp's event stream and before the rest.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deepMerge, pickScenario, setOwn, sidecarCandidates, SidecarError } from '../render/context.js';
import { errorOverlay, EVENTS_PATH, INDEX_PATH, indexPage, injectLiveReload, isHtml, liveKeyOf, LXP_PREFIX, notFoundPage, PAGES_PREFIX, pageKey } from './html.js';
import type { LiveReload } from './live-reload.js';
import { errorOverlayFor, validationOverlay } from './overlay.js';
import { issuesOfPage } from './page-graph.js';
import type { Site } from './site.js';

export interface PreviewRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request URL (origin http://preview.local). */
  url: URL;
}

/** Answers the request and resolves true, or resolves false to let the next route try. */
export type PreviewRoute = (r: PreviewRequest) => boolean | Promise<boolean>;

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** A request handler trying `routes` in order; none answering is a 404. */
export function router(routes: PreviewRoute[]): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    for (const route of routes) if (await route({ req, res, url })) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: lxp's index is at ${INDEX_PATH}, page previews under ${PAGES_PREFIX}<name>\n`);
  };
}

/** lxp's own pages answer GET and HEAD only: anything else is a 405 (true: answered). */
export function refuseOtherMethods({ req, res }: PreviewRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  res.writeHead(405, { allow: 'GET, HEAD' }).end();
  return true;
}

/** The live-reload event stream of an open page. */
export function eventsRoute(live: LiveReload): PreviewRoute {
  return (r) => {
    if (r.url.pathname !== EVENTS_PATH) return false;
    if (refuseOtherMethods(r)) return true;
    live.open(r.req, r.res, liveKeyOf(r.url.searchParams));
    return true;
  };
}

/** What the index adds about the experience at its routes (endpoints, who is signed in). */
export type IndexExtras = (r: PreviewRequest) => string | Promise<string>;

/** The index (/~lxp/): every endpoint, page (with its layout, components, scenarios), layout and component. */
export function indexRoute(site: Site, extras?: IndexExtras): PreviewRoute {
  return async (r) => {
    if (r.url.pathname !== INDEX_PATH && r.url.pathname !== LXP_PREFIX) return false;
    if (refuseOtherMethods(r)) return true;
    const html = site.loadError
      ? errorOverlay({ title: 'Cannot read the folder', message: site.loadError.message })
      : indexPage({ dir: site.dir, views: site.renderer.views, graph: site.graph, issues: site.issues, scenarios: await site.scenarioNames(), top: extras ? await extras(r) : '' });
    r.res.writeHead(200, HTML);
    r.res.end(injectLiveReload(html, ''));
    return true;
  };
}

/** Query parameters as request.query: repeated keys become arrays (`scenario` picks the preview data). */
function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === 'scenario') continue;
    const all = params.getAll(key);
    setOwn(out, key, all.length > 1 ? all : all[0]); // ?__proto__=1 is a parameter like any other
  }
  return out;
}

/** /~lxp/pages/<name>: the page with its sample data, rendered as Losant would, or the overlay saying why it cannot be. */
export function pageRoute(site: Site): PreviewRoute {
  return async (r) => {
    const { res, url } = r;
    if (!url.pathname.startsWith(PAGES_PREFIX)) return false;
    if (refuseOtherMethods(r)) return true;
    let name: string;
    try {
      name = url.pathname.slice(PAGES_PREFIX.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad page name');
      return true;
    }
    try {
      if (site.loadError) throw site.loadError;
      const view = site.renderer.views.find((v) => v.viewType === 'page' && v.name === name);
      if (!view && !site.mayBeBrokenPage()) {
        res.writeHead(404, HTML);
        res.end(injectLiveReload(notFoundPage(name), pageKey(name)));
        return true;
      }
      const sidecar = view ? await site.sidecarOf(view.file) : undefined;
      const wanted = url.searchParams.get('scenario') ?? undefined;
      let scenarioData: Record<string, unknown> = {};
      if (sidecar) scenarioData = pickScenario(sidecar.scenarios, wanted, sidecar.file).data;
      else if (wanted && view) throw new SidecarError(`no scenario "${wanted}": the page has no preview file (${sidecarCandidates(view.file)[0]})`, view.file);
      const query = queryObject(url.searchParams);
      // experience.yaml's globals, as the page gets them at its route (a scenario may override
      // them); query parameters of the preview URL (other than scenario) reach it as request.query.
      const globals = Object.fromEntries((site.settings?.globals ?? []).map((g) => [g.key, g.value]));
      const withGlobals = Object.keys(globals).length ? deepMerge({ globals }, scenarioData) : scenarioData;
      const ctx = Object.keys(query).length ? deepMerge(withGlobals, { request: { query } }) : withGlobals;
      const result = site.renderer.render(name, ctx);
      const invalid = issuesOfPage(site.graph, site.issues, name);
      if (invalid.length) {
        res.writeHead(500, HTML);
        res.end(injectLiveReload(await validationOverlay(site, invalid), pageKey(name)));
        return true;
      }
      res.writeHead(200, { 'content-type': result.contentType, 'cache-control': 'no-store' });
      res.end(isHtml(result.contentType) ? injectLiveReload(result.body, pageKey(name)) : result.body);
    } catch (err) {
      res.writeHead(500, HTML);
      res.end(injectLiveReload(await errorOverlayFor(site, err, name), pageKey(name)));
    }
    return true;
  };
}
