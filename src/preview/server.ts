// `lxp preview`'s and `lxp dev`'s server, put together the way Vite's dev server is: the site
// (./site.ts: the folder read into a renderer and a page-dependency graph), the experience at its
// routes (./experience.ts: the folder as a snapshot for the runtime), a live-reload channel
// (./live-reload.ts), routes (./routes.ts: pluggable; lxp's own under /~lxp/, every other path the
// experience's) and the overlay (./overlay.ts), fed by the same folder watcher `lxp watch` uses
// (src/watch/files.ts: one set of ignore rules). `lxp dev` turns the watcher off and drives
// reload() from its own watch's file events.
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { listenError } from '../config/address.js';
import type { ValidationIssue } from '../project/issues.js';
import { ENDPOINTS_FILE } from '../project/resources/index.js';
import { DEFAULT_APPLICATION } from '../render/context.js';
import type { RendererOptions } from '../render/engine.js';
import { EndpointRouter, endpointKey } from '../routing/index.js';
import { foreignHostResponse, isLocalHost } from '../runtime/index.js';
import { writeResponse } from '../runtime/node-http.js';
import { watchFolder, type FolderWatch } from '../watch/files.js';
import { endpointsSection, replyFileInfo, type ReplyFileInfo } from './endpoint-index.js';
import { createFolderExperience } from './experience.js';
import { experienceRoute, goRoute, signedIn, signInRoute, type DevSignIn } from './experience-route.js';
import { INDEX_PATH } from './html.js';
import { createLiveReload } from './live-reload.js';
import type { ViewLoader } from './load.js';
import { createOpenPages } from './open-pages.js';
import { eventsRoute, indexRoute, pageRoute, router, type IndexExtras, type PreviewRoute } from './routes.js';
import { createSite, type SiteOptions } from './site.js';

export type { DevSignIn } from './experience-route.js';

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
  /** develop's settings, served while experience.yaml declares none (see SiteOptions; lxp dev). */
  undeclaredSettings?: SiteOptions['undeclaredSettings'];
  /** Watch `dir` (default true). False when the caller drives reload(). */
  watch?: boolean;
  /** Quiet time before a burst of file events becomes one reload (ms, default 50). */
  debounceMs?: number;
  /**
   * More routes, tried in order after lxp's live-reload stream and before everything else (lxp's
   * index and page previews under /~lxp/, then the experience at its routes); a route resolves
   * false to pass a request on.
   */
  routes?: PreviewRoute[];
  /**
   * Who may sign in at /~lxp/sign-in: an application's experience users (lxp dev with the
   * local target), or nobody and why (the default: lxp preview has no users).
   */
  signIn?: DevSignIn;
  /** Told after each reload: which files changed and how many open pages were told to re-render. */
  onReload?: (info: { changedFiles?: string[]; notified: number; issues: readonly ValidationIssue[] }) => void;
}

export interface PreviewServer {
  /** http://HOST:PORT */
  url: string;
  /** The experience's root route: http://HOST:PORT/ */
  rootUrl: string;
  /** lxp's index of endpoints and pages: http://HOST:PORT/~lxp/ */
  indexUrl: string;
  /** Why the root URL shows no page of the experience, if it does not (no endpoints.yaml, no GET / endpoint). */
  rootNote(): string | undefined;
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

/** What `lxp preview` says at /~lxp/sign-in. */
const PREVIEW_SIGN_IN: DevSignIn = {
  unavailable: 'lxp preview has no experience users, so every visitor is anonymous. Run lxp dev with the local target to sign in as the local server\'s users.',
};

export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const dir = path.resolve(opts.dir);
  const site = createSite(dir, opts);
  await site.load();
  const live = createLiveReload();
  const signIn = opts.signIn ?? PREVIEW_SIGN_IN;
  const application = opts.application ?? DEFAULT_APPLICATION;
  const experience = createFolderExperience(site, { application, users: 'users' in signIn ? signIn.users : undefined, now: opts.now });

  const open = createOpenPages();

  // One reload at a time, in order.
  let chain: Promise<void> = Promise.resolve();
  function reload(changedFiles?: string[]): Promise<void> {
    const run = async () => {
      const before = await site.load();
      const changed = changedFiles ? new Set(changedFiles.map((f) => toPosixRelative(dir, f))) : undefined;
      const notified = live.notify((key) => open.concerns(key, before, site.graph, changed), changed ? [...changed] : null);
      opts.onReload?.({ changedFiles: changed ? [...changed] : undefined, notified, issues: site.issues });
    };
    chain = chain.then(run, run);
    return chain;
  }

  const indexExtras: IndexExtras = async ({ req }) => {
    const endpoints = experience.endpoints();
    const replyFiles = new Map<string, ReplyFileInfo | undefined>();
    for (const e of endpoints) {
      if (e.staticReply) continue;
      const key = e.key ?? endpointKey(e);
      replyFiles.set(key, await replyFileInfo(dir, key));
    }
    const user = signedIn(signIn, req.headers.cookie);
    return endpointsSection({ hasEndpoints: experience.hasEndpoints, endpoints, replyFiles, user, signInNote: 'unavailable' in signIn ? signIn.unavailable : undefined });
  };

  const handle = router([
    eventsRoute(live),
    ...(opts.routes ?? []),
    indexRoute(site, indexExtras),
    pageRoute(site),
    goRoute(),
    signInRoute(signIn, application.name),
    experienceRoute({ site, experience, answered: open.answered }),
  ]);
  const server = createServer((req, res) => {
    // Only this machine's names: a DNS-rebinding page must not read the folder, the index or the sign-in.
    if (!isLocalHost(req.headers.host)) {
      writeResponse(res, foreignHostResponse(req.headers.host));
      return;
    }
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((err as Error)?.message ?? err));
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => reject(listenError(err, host));
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
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
    rootUrl: `${url}/`,
    indexUrl: `${url}${INDEX_PATH}`,
    rootNote() {
      // endpoints.yaml's problems decide what / shows: with no endpoint of the file's matching /,
      // the answer carries all of them (the overlay); a file that cannot be read at all is no
      // endpoints, so / redirects to the index.
      const problems = site.issues.filter((i) => i.file === ENDPOINTS_FILE);
      const where = problems.length ? `${ENDPOINTS_FILE}${problems[0].line !== undefined ? `:${problems[0].line}` : ''}` : '';
      if (!experience.hasEndpoints) {
        return problems.length ? `${ENDPOINTS_FILE} cannot be read (${where}): / shows the index of pages` : 'the folder has no endpoints.yaml: / shows the index of pages';
      }
      const root = new EndpointRouter(experience.endpoints().filter((e) => e.enabled)).match('get', '/');
      if (root.kind === 'match') {
        // The entry's own problems (review 10b, F8), and those every answer carries (experience.yaml's;
        // groups.yaml's for group access), make / the overlay whatever it replies with.
        const mine = experience.entryIssues(root.endpoint);
        if (mine.length === 0) return undefined;
        const first = mine[0];
        const what = first.file === ENDPOINTS_FILE ? `the GET / entry of ${ENDPOINTS_FILE}` : first.file;
        return `${what} has errors (${first.file}${first.line !== undefined ? `:${first.line}` : ''}${mine.length > 1 ? ` and ${mine.length - 1} more` : ''}): / shows the error overlay until they are fixed`;
      }
      if (problems.length) return `${ENDPOINTS_FILE} has errors (${where}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}): / shows the error overlay until they are fixed`;
      return 'endpoints.yaml has no GET / endpoint: / answers the not-found reply';
    },
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
