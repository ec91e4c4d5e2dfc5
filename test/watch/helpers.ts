// Set-up for the watcher tests: the real local server on 127.0.0.1:0 (on disk, so it can be
// stopped and started again on the same port), a temp experience folder, the real watcher on
// it, every event and every request recorded. No timed assertions: waitFor() polls a condition.
import { createClient, type RequestEvent } from '../../src/api/client.js';
import type { ApiView, ExperienceClient } from '../../src/api/types.js';
import { startWatch, type WatchEvent, type Watcher } from '../../src/watch/index.js';
import { writeView } from '../harness/folder.js';
import { useOpener } from '../harness/lifecycle.js';
import type { TestServer, TestServerOptions } from '../harness/server.js';
import { startWorld } from '../harness/world.js';

export { APP_ID, TOKEN } from '../harness/server.js';

export interface WatchWorld {
  root: string;
  dir: string;
  server: TestServer;
  client: ExperienceClient;
  events: WatchEvent[];
  requests: RequestEvent[];
  /** Bodies of the PATCH and POST requests the watcher sent, in order, by view name. */
  sentBodies: { name: string; body: string | undefined }[];
  watcher: Watcher;
  write(file: string, text: string): Promise<void>;
  remote(): Promise<ApiView[]>;
  remoteView(viewType: string, name: string): Promise<ApiView | undefined>;
  stopServer(): Promise<void>;
  startServerAgain(): Promise<void>;
  close(): Promise<void>;
}

/** Polls until `check` returns a truthy value (or throws no more), and resolves with it; fails after `timeoutMs` with the last reason. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = 'falsy';
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String((last as Error)?.message ?? last)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startWatchWorld(files: Record<string, string>, opts: { debounceMs?: number; server?: TestServerOptions } = {}): Promise<WatchWorld> {
  const w = await startWorld({ files, prefix: 'lxp-watch-', ...opts.server });
  const { root, dir, server } = w;
  const write = (file: string, text: string) => writeView(dir, file, text);
  const requests: RequestEvent[] = [];
  // Few, quick retries per request: the watcher's own retries (fast here too) do the rest.
  const client = createClient({
    apiUrl: server.url,
    applicationId: server.applicationId,
    token: server.token,
    retries: 1,
    timeoutMs: 5000,
    backoff: { baseMs: 5, maxMs: 20 },
    onRequest: (e) => requests.push(e),
  });
  // Records what the watcher sends (the client itself is untouched).
  const sentBodies: { name: string; body: string | undefined }[] = [];
  const recording = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'patchView')
        return (id: string, body: Parameters<ExperienceClient['patchView']>[1]) => {
          sentBodies.push({ name: body.name ?? id, body: body.body });
          return target.patchView(id, body);
        };
      if (prop === 'createView')
        return (body: Parameters<ExperienceClient['createView']>[0]) => {
          sentBodies.push({ name: body.name, body: body.body });
          return target.createView(body);
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const events: WatchEvent[] = [];
  const watcher = startWatch({
    dir,
    client: recording,
    target: 'local',
    debounceMs: opts.debounceMs ?? 50,
    retry: { baseMs: 50, maxMs: 400 },
    onEvent: (e) => events.push(e),
  });
  await watcher.ready;
  return {
    root,
    dir,
    server,
    client,
    events,
    requests,
    sentBodies,
    watcher,
    write,
    remote: () => client.listViews(),
    remoteView: async (viewType, name) => (await client.listViews()).find((v) => v.viewType === viewType && v.name === name),
    stopServer: () => server.close(),
    startServerAgain: () => server.restart(),
    async close() {
      await watcher.close();
      await w.close();
    },
  };
}

/** A second watcher on the world's folder (the first one closed), with its events and every request it sends; the caller closes it. */
export function watchAgain(w: WatchWorld) {
  const events: WatchEvent[] = [];
  const requests: RequestEvent[] = [];
  const client = w.server.client({ retries: 1, timeoutMs: 5000, onRequest: (e: RequestEvent) => requests.push(e) });
  const watcher = startWatch({ dir: w.dir, client, target: 'local', debounceMs: 50, retry: { baseMs: 50, maxMs: 400 }, onEvent: (e) => events.push(e) });
  return { events, requests, watcher };
}

/** startWatchWorld in the harness's lifecycle: every watch world a test starts is closed after it (watcher, then world). */
export function useWatchWorlds(): typeof startWatchWorld {
  return useOpener(startWatchWorld);
}

export const LAYOUT = '---\nname: main\n---\n<html><body>{{page}}</body></html>\n';
export const page = (body: string, extra = '') => `---\nlayout: main\n${extra}---\n${body}\n`;

/** The events of one type, typed. */
export const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) =>
  events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);
