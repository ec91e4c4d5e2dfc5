// The preview's routing: an ordered list of routes, each answering a request or passing it on.
// Pluggable: startPreview({ routes }) puts more routes (e.g. the experience at its own URLs)
// after lxp's own event stream and before the index and /pages/<name>.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deepMerge, pickScenario, sidecarCandidates, SidecarError } from '../render/context.js';
import { errorOverlay, EVENTS_PATH, indexPage, injectLiveReload, isHtml, notFoundPage } from './html.js';
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

/** A request handler trying `routes` in order; none answering is a 404. Only GET and HEAD are served. */
export function router(routes: PreviewRoute[]): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://preview.local');
    for (const route of routes) if (await route({ req, res, url })) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: pages are under /pages/<name>; the index is at /\n');
  };
}

/** The live-reload event stream of an open page. */
export function eventsRoute(live: LiveReload): PreviewRoute {
  return ({ req, res, url }) => {
    if (url.pathname !== EVENTS_PATH) return false;
    live.open(req, res, url.searchParams.get('page') ?? '');
    return true;
  };
}

/** The index: every page (with its layout, components, scenarios), layout and component. */
export function indexRoute(site: Site): PreviewRoute {
  return async ({ res, url }) => {
    if (url.pathname !== '/' && url.pathname !== '/index.html') return false;
    const html = site.loadError
      ? errorOverlay({ title: 'Cannot read the folder', message: site.loadError.message })
      : indexPage({ dir: site.dir, views: site.renderer.views, graph: site.graph, issues: site.issues, scenarios: await site.scenarioNames() });
    res.writeHead(200, HTML);
    res.end(injectLiveReload(html, ''));
    return true;
  };
}

/** Query parameters as request.query: repeated keys become arrays (`scenario` picks the preview data). */
function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === 'scenario') continue;
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** /pages/<name>: the page rendered as Losant would, or the overlay saying why it cannot be. */
export function pageRoute(site: Site): PreviewRoute {
  return async ({ res, url }) => {
    if (!url.pathname.startsWith('/pages/')) return false;
    let name: string;
    try {
      name = url.pathname.slice('/pages/'.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad page name');
      return true;
    }
    try {
      if (site.loadError) throw site.loadError;
      const view = site.renderer.views.find((v) => v.viewType === 'page' && v.name === name);
      if (!view && !site.mayBeBrokenPage()) {
        res.writeHead(404, HTML);
        res.end(injectLiveReload(notFoundPage(name), name));
        return true;
      }
      const sidecar = view ? await site.sidecarOf(view.file) : undefined;
      const wanted = url.searchParams.get('scenario') ?? undefined;
      let scenarioData: Record<string, unknown> = {};
      if (sidecar) scenarioData = pickScenario(sidecar.scenarios, wanted, sidecar.file).data;
      else if (wanted && view) throw new SidecarError(`no scenario "${wanted}": the page has no preview file (${sidecarCandidates(view.file)[0]})`, view.file);
      const query = queryObject(url.searchParams);
      // Query parameters of the preview URL (other than scenario) reach the page as request.query.
      const ctx = Object.keys(query).length ? deepMerge(scenarioData, { request: { query } }) : scenarioData;
      const result = site.renderer.render(name, ctx);
      const invalid = issuesOfPage(site.graph, site.issues, name);
      if (invalid.length) {
        res.writeHead(500, HTML);
        res.end(injectLiveReload(await validationOverlay(site, invalid), name));
        return true;
      }
      res.writeHead(200, { 'content-type': result.contentType, 'cache-control': 'no-store' });
      res.end(isHtml(result.contentType) ? injectLiveReload(result.body, name) : result.body);
    } catch (err) {
      res.writeHead(500, HTML);
      res.end(injectLiveReload(await errorOverlayFor(site, err, name), name));
    }
    return true;
  };
}
