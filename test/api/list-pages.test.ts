// Lists read their pages after the first all at once, and never hand a caller a list that
// changed while its pages were read. A small proxy sits between lxp's client and the real local
// server: it can cap perPage below what the client asks (as the API may; so a few hundred views
// span several pages), hold a page until the others arrive (to see they were asked for together),
// and change develop through losant-rest — the second, independent client — just before it
// forwards a page (a view created, deleted or renamed between two pages of one listing).
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consistentPages, createClient, LIST_READS, type RequestEvent } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import type { ApiView } from '../../src/api/types.js';
import { runLxp } from '../harness/cli.js';
import { makeExperience } from '../harness/folder.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { startTestServer, type LosantClient, type TestServer } from '../harness/server.js';

interface ListCall {
  page: number;
  /** The other list pages in flight at the proxy when this one arrived. */
  alongside: number;
}

interface Proxy {
  url: string;
  /** perPage the proxy passes on instead of the client's (the server's echo follows). */
  cap?: number;
  /** A page (from page `holdFrom`, default 1) waits (up to 2 s) until this many list pages are in flight, to see them asked for together. */
  holdFor?: number;
  holdFrom?: number;
  /** Runs before a list page ≥ 1 is forwarded (await'ed): a change made "between the pages". */
  beforePage?: (page: number) => Promise<void>;
  calls: ListCall[];
  writes: string[];
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  const waiters = new Set<() => void>();
  const proxy: Proxy = { url: '', calls: [], writes: [], close: async () => {} };
  const forward = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(out);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (req.method !== 'GET') proxy.writes.push(`${req.method} ${url.pathname}`);
    const isList = req.method === 'GET' && /\/experience\/views$/.test(url.pathname);
    if (!isList) return forward(req, res, url.pathname + url.search);
    const page = Number(url.searchParams.get('page') ?? 0);
    if (proxy.cap) url.searchParams.set('perPage', String(proxy.cap));
    proxy.calls.push({ page, alongside: inFlight });
    inFlight++;
    res.once('close', () => inFlight--);
    for (const w of [...waiters]) w();
    void (async () => {
      if (proxy.holdFor && page >= (proxy.holdFrom ?? 1)) {
        const holdFor = proxy.holdFor;
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          };
          const check = () => {
            if (inFlight >= holdFor) done();
          };
          const timer = setTimeout(done, 2000); // a client asking one page at a time never gets there
          waiters.add(check);
          check();
        });
      }
      if (page > 0 && proxy.beforePage) await proxy.beforePage(page);
      forward(req, res, url.pathname + url.search);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}

/** A change made before the first page after page 0 is forwarded, and never again (pages 1, 2… may arrive together). */
function once(change: () => Promise<unknown>): (page: number) => Promise<void> {
  let done: Promise<unknown> | undefined;
  return async () => {
    await (done ??= change());
  };
}

const names = (views: ApiView[]) => views.map((v) => v.name).sort();

/** develop's views as losant-rest reads them (one page of 1000: these tests stay below it). */
async function developViews(losant: LosantClient, applicationId: string): Promise<Array<{ id: string; name: string }>> {
  const res = await losant.experienceViews.get({ applicationId, perPage: 1000 });
  return res.items;
}

describe('listing in pages', () => {
  // The describe's server and proxy, stopped after its last test (the proxy first); a test's folders after it.
  const startServer = useOpener(startTestServer, 'file');
  const openProxy = useOpener(startProxy, 'file');
  const tempDir = useTempRoots();
  let server: TestServer;
  let proxy: Proxy;
  const events: RequestEvent[] = [];
  const client = () =>
    createClient({ apiUrl: proxy.url, applicationId: server.applicationId, token: server.token, backoff: { baseMs: 5, maxMs: 20 }, onRequest: (e) => events.push(e) });
  const VIEWS = 250;

  beforeAll(async () => {
    server = await startServer();
    proxy = await openProxy(server.url);
    const c = server.client();
    const all = Array.from({ length: VIEWS }, (_, i) => `v-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < all.length; i += 25) await Promise.all(all.slice(i, i + 25).map((name) => c.createView({ name, viewType: 'component', body: name })));
  }, 60_000);
  afterEach(() => {
    proxy.cap = undefined;
    proxy.holdFor = undefined;
    proxy.holdFrom = undefined;
    proxy.beforePage = undefined;
    proxy.calls.length = 0;
    events.length = 0;
  });

  it('reads the pages after the first together, with the page size the server answered with', async () => {
    proxy.cap = 100;
    proxy.holdFor = 2; // pages 1 and 2 in flight at once
    const views = await client().listViews();
    const expected = await developViews(server.losant, server.applicationId);
    expect(views.length).toBe(VIEWS);
    expect(names(views)).toEqual(expected.map((v) => v.name).sort());
    expect(new Set(views.map((v) => v.id)).size).toBe(VIEWS);
    // Page 0 alone, then 1 and 2 together: one of them arrived while the other was in flight.
    expect(proxy.calls.map((c) => c.page).sort()).toEqual([0, 1, 2]);
    expect(proxy.calls[0]).toEqual({ page: 0, alongside: 0 });
    expect(Math.max(...proxy.calls.slice(1).map((c) => c.alongside))).toBe(1);
    // The client asks for the API's largest page every time; the proxy (the "server") capped it.
    expect(events.every((e) => e.path.includes('perPage=1000'))).toBe(true);
  });

  it('a caller that expects many items has the pages it expects asked for with the first: one round trip', async () => {
    proxy.cap = 100;
    proxy.holdFor = 3; // pages 0, 1 and 2 in flight at once
    proxy.holdFrom = 0;
    const views = await client().listViews({ expected: 2500 }); // 3 pages of 1000 asked; the server's page is 100
    expect(views.length).toBe(VIEWS);
    expect(new Set(views.map((v) => v.id)).size).toBe(VIEWS);
    expect(proxy.calls.map((c) => c.page).sort()).toEqual([0, 1, 2]);
    expect(Math.max(...proxy.calls.map((c) => c.alongside))).toBe(2);
  });

  it('a guess too high costs empty pages, a guess too low a second round trip: the list is the same', async () => {
    proxy.cap = 100;
    const high = await client().listViews({ expected: 5000 });
    expect(proxy.calls.map((c) => c.page).sort()).toEqual([0, 1, 2, 3, 4]);
    proxy.calls.length = 0;
    proxy.cap = 50;
    const low = await client().listViews({ expected: 2000 }); // pages 0 and 1 first, then 2 to 4
    expect(proxy.calls.map((c) => c.page).sort()).toEqual([0, 1, 2, 3, 4]);
    const expected = (await developViews(server.losant, server.applicationId)).map((v) => v.name).sort();
    expect(names(high)).toEqual(expected);
    expect(names(low)).toEqual(expected);
  });

  it('a single page is one request', async () => {
    const views = await client().listViews();
    expect(views.length).toBe(VIEWS);
    expect(proxy.calls.map((c) => c.page)).toEqual([0]);
  });

  it('listViewsDigested: a digest of the pages the list came from, which viewPagesDigest gives undecoded; a change to any view changes it', async () => {
    proxy.cap = 100;
    const c = client();
    // A guess too high: the pages asked for beyond the list come back empty and are no part of it.
    const listed = await c.listViewsDigested!({ expected: 5000 });
    expect(listed.views.length).toBe(VIEWS);
    expect(listed.pages).toBe(3);
    expect(typeof listed.digest).toBe('string');
    expect(await c.viewPagesDigest!(3)).toBe(listed.digest);
    expect((await c.listViewsDigested!()).digest).toBe(listed.digest);
    expect(await c.viewPagesDigest!(2)).not.toBe(listed.digest);
    const v = (await developViews(server.losant, server.applicationId)).find((x) => x.name === 'v-200')!;
    await server.losant.experienceView.patch({ applicationId: server.applicationId, experienceViewId: v.id, experienceView: { description: 'changed' } });
    expect(await c.viewPagesDigest!(3)).not.toBe(listed.digest);
  });

  it('a view deleted between two pages: the list is read again, never handed over short', async () => {
    proxy.cap = 100;
    const victim = (await developViews(server.losant, server.applicationId)).find((v) => v.name === 'v-010')!;
    // v-010 is on page 0, already read: every later view moves one place up, and the first
    // view of page 1 (v-100) would be on neither page.
    proxy.beforePage = once(() => server.losant.experienceView.delete({ applicationId: server.applicationId, experienceViewId: victim.id }));
    const views = await client().listViews();
    const expected = await developViews(server.losant, server.applicationId);
    expect(views.length).toBe(VIEWS - 1);
    expect(names(views)).toEqual(expected.map((v) => v.name).sort());
    expect(names(views)).toContain('v-100');
    expect(proxy.calls.filter((c) => c.page === 0).length).toBe(2);
    await server.client().createView({ name: 'v-010', viewType: 'component', body: 'v-010' });
  });

  it('a view created between two pages: read again, so no view comes twice', async () => {
    proxy.cap = 100;
    let created: ApiView | undefined;
    // Sorts first: every view moves one place down, and v-099 (the end of page 0) would come twice.
    proxy.beforePage = once(async () => (created = await server.client().createView({ name: 'a-new', viewType: 'component', body: 'new' })));
    const views = await client().listViews();
    const expected = await developViews(server.losant, server.applicationId);
    expect(views.length).toBe(VIEWS + 1);
    expect(new Set(views.map((v) => v.id)).size).toBe(views.length);
    expect(names(views)).toEqual(expected.map((v) => v.name).sort());
    expect(proxy.calls.filter((c) => c.page === 0).length).toBe(2);
    await server.client().deleteView(created!.id);
  });

  it('a view renamed across a page boundary between two pages (same total): read again', async () => {
    proxy.cap = 100;
    const moved = (await developViews(server.losant, server.applicationId)).find((v) => v.name === 'v-050')!;
    // From page 0 to the last page: the total stays, but v-050 would be read twice and v-100 not at all.
    proxy.beforePage = once(() =>
      server.losant.experienceView.patch({ applicationId: server.applicationId, experienceViewId: moved.id, experienceView: { name: 'z-050' } }),
    );
    const views = await client().listViews();
    expect(views.length).toBe(VIEWS);
    expect(new Set(views.map((v) => v.id)).size).toBe(VIEWS);
    expect(names(views)).toContain('v-100');
    expect(names(views)).toContain('z-050');
    expect(names(views)).not.toContain('v-050');
    await server.client().patchView(moved.id, { name: 'v-050' });
  });

  it('a list that changes on every read ends in ListChanged after LIST_READS reads, with nothing handed over', async () => {
    proxy.cap = 100;
    const made: string[] = [];
    proxy.beforePage = async (page) => {
      if (page !== 1) return;
      const name = `a-churn-${made.length}`;
      made.push(name);
      await server.client().createView({ name, viewType: 'component', body: 'x' });
    };
    let err: unknown;
    try {
      await client().listViews();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).type).toBe('ListChanged');
    expect((err as ApiError).message).toMatch(/changed while its pages were read, 3 times/);
    expect(proxy.calls.filter((c) => c.page === 0).length).toBe(LIST_READS);
    for (const v of await server.client().listViews()) if (made.includes(v.name)) await server.client().deleteView(v.id);
  });

  it('lxp deploy on a develop whose list keeps changing: exit 1, ListChanged, not one write', async () => {
    proxy.cap = 100;
    let n = 0;
    proxy.beforePage = async (page) => {
      if (page === 1) await server.client().createView({ name: `a-busy-${n++}`, viewType: 'component', body: 'x' });
    };
    const root = await tempDir();
    try {
      // A folder with a view of its own: a deploy planned on any list would create it.
      const dir = await makeExperience(root, { 'components/mine.hbs': '<p>mine</p>\n' });
      const env = { ...server.env(root), LOSANT_API_URL: proxy.url };
      const run = await runLxp(['deploy', '--dir', dir, '--json'], { cwd: root, env });
      expect(run.code).toBe(1);
      expect(run.json.error.code).toBe('list-changed');
      expect(run.json.error.message).toMatch(/ListChanged: the list changed while its pages were read, 3 times in a row; nothing was planned on it/);
      expect(proxy.writes).toEqual([]);
      const names = (await developViews(server.losant, server.applicationId)).map((v) => v.name);
      expect(names).not.toContain('mine');
    } finally {
      for (const v of await server.client().listViews()) if (v.name.startsWith('a-busy-')) await server.client().deleteView(v.id);
    }
  });
});

describe('consistentPages', () => {
  const page = (ids: string[], totalCount: number | undefined = 5) => ({ items: ids.map((id) => ({ id })), totalCount });
  it('joins pages that are one state of the list', () => {
    expect(consistentPages([page(['a', 'b']), page(['c', 'd']), page(['e'])], 5, 2)?.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Pages asked for on a guess beyond the last are empty.
    expect(consistentPages([page(['a', 'b']), page(['c', 'd']), page(['e']), page([])], 5, 2)?.length).toBe(5);
    expect(consistentPages([page([], 0), page([], 0)], 0, 0)).toEqual([]);
  });
  it('refuses another total, a short page, a long last page, or an id twice', () => {
    expect(consistentPages([page(['a', 'b']), page(['c', 'd'], 6), page(['e'])], 5, 2)).toBeNull();
    expect(consistentPages([page(['a', 'b']), page(['c']), page(['e'])], 5, 2)).toBeNull();
    expect(consistentPages([page(['a', 'b']), page(['c', 'd']), page(['e', 'f'])], 5, 2)).toBeNull();
    expect(consistentPages([page(['a', 'b']), page(['b', 'c']), page(['d'])], 5, 2)).toBeNull();
    // A page beyond the last that is not empty, a missing page, an empty first page of a list that is not.
    expect(consistentPages([page(['a', 'b']), page(['c', 'd']), page(['e']), page(['f'])], 5, 2)).toBeNull();
    expect(consistentPages([page(['a', 'b']), page(['c', 'd'])], 5, 2)).toBeNull();
    expect(consistentPages([page([]), page([])], 5, 0)).toBeNull();
  });
});
