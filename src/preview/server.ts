// `lxp preview`'s server, put together the way Vite's dev server is: the site (./site.ts: the
// folder read into a renderer and a page-dependency graph), a live-reload channel
// (./live-reload.ts), routes (./routes.ts: pluggable) and the overlay (./overlay.ts), fed by the
// same folder watcher `lxp watch` uses (src/watch/files.ts: one set of ignore rules). `lxp dev`
// turns the watcher off and drives reload() from its own watch's file events.
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ValidationIssue } from '../project/issues.js';
import type { RendererOptions } from '../render/engine.js';
import { watchFolder, type FolderWatch } from '../watch/files.js';
import { createLiveReload } from './live-reload.js';
import type { ViewLoader } from './load.js';
import { needsReload } from './page-graph.js';
import { eventsRoute, indexRoute, pageRoute, router, type PreviewRoute } from './routes.js';
import { createSite } from './site.js';

export type { PreviewRequest, PreviewRoute } from './routes.js';

export interface PreviewOptions extends RendererOptions {
  /** The experience folder. */
  dir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the preview is for this machine only. */
  host?: string;
  /** Where views come from; default: the project loader on `dir`. */
  loadViews?: ViewLoader;
  /** Watch `dir` (default true). False when the caller drives reload(). */
  watch?: boolean;
  /** Quiet time before a burst of file events becomes one reload (ms, default 50). */
  debounceMs?: number;
  /**
   * More routes, tried in order after lxp's live-reload stream and before the index (`/`) and
   * `/pages/<name>`; a route resolves false to pass a request on.
   */
  routes?: PreviewRoute[];
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

function toPosixRelative(dir: string, file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(dir, file) : file;
  return rel.split(path.sep).join('/');
}

export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const dir = path.resolve(opts.dir);
  const site = createSite(dir, opts);
  await site.load();
  const live = createLiveReload();

  // One reload at a time, in order.
  let chain: Promise<void> = Promise.resolve();
  function reload(changedFiles?: string[]): Promise<void> {
    const run = async () => {
      const before = await site.load();
      const changed = changedFiles ? new Set(changedFiles.map((f) => toPosixRelative(dir, f))) : undefined;
      const notified = live.notify((page) => needsReload(page, before, site.graph, changed), changed ? [...changed] : null);
      opts.onReload?.({ changedFiles: changed ? [...changed] : undefined, notified, issues: site.issues });
    };
    chain = chain.then(run, run);
    return chain;
  }

  const handle = router([eventsRoute(live), ...(opts.routes ?? []), indexRoute(site), pageRoute(site)]);
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
  let folder: FolderWatch | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (opts.watch !== false) {
    const pending = new Set<string>();
    let all = false;
    const queue = (file?: string) => {
      if (file === undefined) all = true;
      else pending.add(file);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const files = all ? undefined : [...pending];
        pending.clear();
        all = false;
        void reload(files);
      }, opts.debounceMs ?? 50);
    };
    folder = await watchFolder({
      dir,
      onFile: (file) => queue(file),
      onOtherFile: (file) => queue(file),
      onResync: () => queue(),
      // A watcher error (e.g. a folder removed under it) must not end the preview.
      onError: () => {},
    });
    await folder.ready;
  }

  return {
    url,
    reload,
    async close() {
      clearTimeout(timer);
      await folder?.close();
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await chain.catch(() => {});
    },
  };
}
