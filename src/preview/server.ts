// `lxp preview`'s server: renders the folder's pages as Losant would, lists them on an index
// page, and pushes a "reload" server-sent event to each open page when a file it depends on
// changes. The watcher is optional so that `lxp dev` can drive reload() from its own watcher.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ValidationIssue } from '../project/issues.js';
import { deepMerge, isSidecarFile, parseSidecar, pickScenario, sidecarCandidates, SidecarError, type Scenarios } from './context.js';
import { buildGraph, type ProjectGraph } from './dependencies.js';
import { createRenderer, type RenderView, type RendererOptions } from './engine.js';
import { RenderError } from './errors.js';
import { defaultViewLoader, loadPreviewProject, type ViewLoader } from './load-views.js';
import { errorOverlay, EVENTS_PATH, indexPage, injectLiveReload, isHtml, notFoundPage } from './preview-html.js';

export interface PreviewOptions extends RendererOptions {
  /** The experience folder. */
  dir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the preview is for this machine only. */
  host?: string;
  /** Where views come from; default: the project loader on `dir`. */
  loadViews?: ViewLoader;
  /** Watch `dir` with chokidar (default true). False when the caller drives reload(). */
  watch?: boolean;
  /** Quiet time before a burst of file events becomes one reload (ms, default 50). */
  debounceMs?: number;
  /** Told after each reload: which files changed and how many open pages were told to re-render. */
  onReload?: (info: { changedFiles?: string[]; notified: number; issues: readonly ValidationIssue[] }) => void;
}

export interface PreviewServer {
  /** http://HOST:PORT */
  url: string;
  close(): Promise<void>;
  /**
   * Re-reads the folder and tells open pages that depend on `changedFiles` (paths relative
   * to dir, or absolute) to re-render; without it every open page re-renders.
   */
  reload(changedFiles?: string[]): Promise<void>;
}

interface LiveClient {
  res: ServerResponse;
  /** Page name; '' for the index page. */
  page: string;
}

function toPosixRelative(dir: string, file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(dir, file) : file;
  return rel.split(path.sep).join('/');
}

async function readSidecar(dir: string, pageFile: string): Promise<{ file: string; scenarios: Scenarios } | undefined> {
  for (const file of sidecarCandidates(pageFile)) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    return { file, scenarios: parseSidecar(file, text) };
  }
  return undefined;
}

/** Query parameters as request.query: repeated keys become arrays. */
function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === 'scenario') continue;
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const dir = path.resolve(opts.dir);
  const loader = opts.loadViews ?? defaultViewLoader(dir);
  const renderer = createRenderer([], { application: opts.application, now: opts.now });
  let issues: ValidationIssue[] = [];
  let graph: ProjectGraph = buildGraph([]);
  let loadError: Error | undefined;
  const clients = new Set<LiveClient>();

  async function load(): Promise<void> {
    try {
      const project = await loadPreviewProject(dir, loader);
      renderer.update(project.views);
      issues = project.issues;
      graph = buildGraph(project.views);
      loadError = undefined;
    } catch (err) {
      loadError = err as Error;
    }
  }
  await load();

  const pageGraph = (g: ProjectGraph, name: string) => g.pages.find((p) => p.page.name === name);

  /** Files an open page depends on, before and after the change (a new or deleted component counts). */
  function affected(client: LiveClient, before: ProjectGraph, changed: Set<string> | undefined): boolean {
    if (!changed || client.page === '') return true;
    const old = pageGraph(before, client.page);
    const now = pageGraph(graph, client.page);
    if (!old || !now) return true; // the page was missing or is now: the overlay must update
    const deps = new Set([...old.files, ...now.files, ...sidecarCandidates(old.page.file), ...sidecarCandidates(now.page.file)]);
    for (const f of changed) if (deps.has(f)) return true;
    return false;
  }

  let chain: Promise<void> = Promise.resolve();
  function reload(changedFiles?: string[]): Promise<void> {
    const run = async () => {
      const before = graph;
      await load();
      const changed = changedFiles ? new Set(changedFiles.map((f) => toPosixRelative(dir, f))) : undefined;
      let notified = 0;
      for (const c of clients) {
        if (affected(c, before, changed)) {
          c.res.write(`event: reload\ndata: ${JSON.stringify({ files: changedFiles ? [...changed!] : null })}\n\n`);
          notified++;
        }
      }
      opts.onReload?.({ changedFiles: changed ? [...changed] : undefined, notified, issues });
    };
    chain = chain.then(run, run);
    return chain;
  }

  /** Issues of the files this page uses (itself, its layout, its components, its sidecar); all of them when the page itself could not be read. */
  function issuesFor(pageName: string): ValidationIssue[] {
    const page = pageGraph(graph, pageName);
    if (!page) return issues;
    const deps = new Set([...page.files, ...sidecarCandidates(page.page.file)]);
    return issues.filter((i) => deps.has(i.file));
  }

  /**
   * Whether a name that no loaded page has may still be a page: some file under pages/ has
   * issues and was not loaded (e.g. unreadable front matter), so its name is unknown.
   */
  function mayBeBrokenPage(): boolean {
    const loaded = new Set(renderer.views.map((v) => v.file));
    return issues.some((i) => i.file.startsWith('pages/') && !loaded.has(i.file));
  }

  async function sourceOf(file: string | undefined, line: number | undefined): Promise<string | undefined> {
    if (!file || line === undefined) return undefined;
    return readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  }

  async function overlayFor(err: unknown, pageName: string): Promise<string> {
    const shown = issuesFor(pageName);
    if (err instanceof RenderError || err instanceof SidecarError) {
      const source = await sourceOf(err.file, err.line);
      const title = err instanceof SidecarError ? 'Preview data error' : 'Render error';
      return errorOverlay({ title, message: err.message, file: err.file, line: err.line, source, issues: shown });
    }
    return errorOverlay({ title: 'Preview error', message: (err as Error)?.stack ?? String(err), issues: shown });
  }

  async function servePage(pageName: string, url: URL, res: ServerResponse): Promise<void> {
    try {
      if (loadError) throw loadError;
      const view = renderer.views.find((v) => v.viewType === 'page' && v.name === pageName);
      if (!view && !mayBeBrokenPage()) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(injectLiveReload(notFoundPage(pageName), pageName));
        return;
      }
      const sidecar = view ? await readSidecar(dir, view.file) : undefined;
      const wanted = url.searchParams.get('scenario') ?? undefined;
      let scenarioData: Record<string, unknown> = {};
      if (sidecar) scenarioData = pickScenario(sidecar.scenarios, wanted, sidecar.file).data;
      else if (wanted && view) throw new SidecarError(`no scenario "${wanted}": the page has no preview file (${sidecarCandidates(view.file)[0]})`, view.file);
      const query = queryObject(url.searchParams);
      // Query parameters of the preview URL (other than scenario) reach the page as request.query.
      const ctx = Object.keys(query).length ? deepMerge(scenarioData, { request: { query } }) : scenarioData;
      const result = renderer.render(pageName, ctx);
      // It rendered, but a file it uses is invalid (e.g. a layout without {{page}} drops the
      // page body): the output is not what Losant would serve, so the issues show instead.
      const invalid = issuesFor(pageName);
      if (invalid.length) {
        const first = invalid[0];
        const count = invalid.length === 1 ? 'a validation issue' : `${invalid.length} validation issues`;
        const html = errorOverlay({
          title: 'Validation error',
          message: `This page uses a file with ${count} (fix it to see the page):\n${first.message}`,
          file: first.file,
          line: first.line,
          source: await sourceOf(first.file, first.line),
          issues: invalid,
        });
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(injectLiveReload(html, pageName));
        return;
      }
      const html = isHtml(result.contentType);
      res.writeHead(200, { 'content-type': result.contentType, 'cache-control': 'no-store' });
      res.end(html ? injectLiveReload(result.body, pageName) : result.body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(injectLiveReload(await overlayFor(err, pageName), pageName));
    }
  }

  async function scenarioNames(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const p of graph.pages) {
      try {
        const s = await readSidecar(dir, p.page.file);
        if (s) out.set(p.page.name, s.scenarios.names);
      } catch (err) {
        out.set(p.page.name, [`(unreadable preview file: ${(err as Error).message})`]);
      }
    }
    return out;
  }

  function openEvents(req: IncomingMessage, res: ServerResponse, page: string): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': lxp live reload\n\n');
    const client = { res, page };
    clients.add(client);
    req.on('close', () => clients.delete(client));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) return openEvents(req, res, url.searchParams.get('page') ?? '');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = loadError
        ? errorOverlay({ title: 'Cannot read the folder', message: loadError.message })
        : indexPage({ dir, views: renderer.views, graph, issues, scenarios: await scenarioNames() });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(injectLiveReload(html, ''));
      return;
    }
    if (url.pathname.startsWith('/pages/')) {
      let name: string;
      try {
        name = url.pathname.slice('/pages/'.length).split('/').map(decodeURIComponent).join('/');
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad page name');
        return;
      }
      return servePage(name, url, res);
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: pages are under /pages/<name>; the index is at /\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((err as Error)?.message ?? err));
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // Watching: bursts (editors' atomic saves, git checkouts) become one reload.
  let closeWatcher: (() => Promise<void>) | undefined;
  if (opts.watch !== false) {
    const { watch } = await import('chokidar');
    const watcher = watch(dir, {
      ignoreInitial: true,
      ignored: (p: string) => /(^|[\\/])(\.lxp|\.git|node_modules)([\\/]|$)/.test(path.relative(dir, p)),
    });
    const pending = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    watcher.on('all', (_event, file) => {
      const rel = toPosixRelative(dir, file);
      if (!rel.endsWith('.hbs') && !isSidecarFile(rel) && !/(^|\/)\.lxpignore$|(^|\/)lxp\.config\.json$/.test(rel)) return;
      pending.add(rel);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const files = [...pending];
        pending.clear();
        void reload(files);
      }, opts.debounceMs ?? 50);
    });
    // A watcher error (e.g. a folder removed under it) must not end the preview.
    watcher.on('error', () => {});
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    closeWatcher = async () => {
      clearTimeout(timer);
      await watcher.close();
    };
  }

  return {
    url,
    reload,
    async close() {
      await closeWatcher?.();
      for (const c of clients) c.res.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await chain.catch(() => {});
    },
  };
}
