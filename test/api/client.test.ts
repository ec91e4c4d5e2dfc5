import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RequestEvent } from '../../src/api/client.js';
import { ApiError, NOT_SENT_TYPE } from '../../src/api/errors.js';
import type { ExperienceClient } from '../../src/api/types.js';
import { useOpener } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';

/** Fast backoff so fault tests do not sleep for seconds. */
const startServer = useOpener(startTestServer); // a test's own server, stopped after it (also when closed by the test)
const QUICK = { backoff: { baseMs: 5, maxMs: 50 } } as const;

const SECRET = 'tok-SEEKRIT-5b1e0c1d9a';

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** Runs `fn` over `items` with at most `n` in flight (the way sync drives the client). */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) await fn(t);
    }),
  );
}

describe('client against a healthy server', () => {
  let server: TestServer;
  let client: ExperienceClient;
  const events: RequestEvent[] = [];

  const startShared = useOpener(startTestServer, 'file'); // stopped after the describe's last test
  beforeAll(async () => {
    server = await startShared({ token: SECRET });
    client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: SECRET, onRequest: (e) => events.push(e) });
  });

  it('reads the application', async () => {
    const app = await client.getApplication();
    expect(app.id).toBe(server.applicationId);
    expect(typeof app.name).toBe('string');
  });

  it('creates, reads, patches, lists and deletes a view', async () => {
    const layout = await client.createView({ name: 'Main', viewType: 'layout', body: '<main>{{ page }}</main>' });
    const page = await client.createView({ name: 'Home', viewType: 'page', layoutId: layout.id, body: '<h1>Hi</h1>' });
    expect(page.layoutId).toBe(layout.id);
    expect((await client.getView(page.id)).body).toBe('<h1>Hi</h1>');
    const patched = await client.patchView(page.id, { body: '<h1>Hello</h1>' });
    expect(patched.body).toBe('<h1>Hello</h1>');
    const pages = await client.listViews({ viewType: 'page' });
    expect(pages.map((v) => v.name)).toContain('Home');
    expect(pages.every((v) => v.viewType === 'page')).toBe(true);
    await client.deleteView(page.id);
    // Deleting again is not an error: the view is gone either way.
    await client.deleteView(page.id);
    expect((await client.listViews()).map((v) => v.id)).not.toContain(page.id);
  });

  it('turns a 404 into an ApiError with the API type and message, without retrying', async () => {
    const before = client.stats.retries;
    const err = await caught(client.getView('0123456789abcdef01234567'));
    expect(err.status).toBe(404);
    expect(err.type).toBe('NotFound');
    expect(err.method).toBe('GET');
    expect(err.path).toContain('/experience/views/0123456789abcdef01234567');
    expect(err.message.length).toBeGreaterThan(0);
    expect(client.stats.retries).toBe(before);
    expect(await client.getVersion('no-such-version')).toBeNull();
  });

  it('reports a validation error from the body (400, not retried)', async () => {
    const err = await caught(client.createView({ name: 'Broken', viewType: 'page', body: '{{#if}}' }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('Validation');
  });

  it('refuses a second view with the same (viewType, name)', async () => {
    await client.createView({ name: 'Twice', viewType: 'component', body: 'x' });
    const err = await caught(client.createView({ name: 'Twice', viewType: 'component', body: 'y' }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('AlreadyExists');
  });

  it('finds views whose names hold glob characters exactly', async () => {
    const names = ['a*b', 'a?b', 'axb', 'a[b]', 'a\\b', 'aab'];
    for (const name of names) await client.createView({ name, viewType: 'component', body: name });
    for (const name of names) {
      const found = await client.findView('component', name);
      expect(found?.name).toBe(name);
      expect(found?.body).toBe(name);
    }
    expect(await client.findView('page', 'a*b')).toBeNull();
    expect(await client.findView('component', 'a*')).toBeNull();
  });

  it('versions, restore, slugs and domains', async () => {
    const view = await client.createView({ name: 'Versioned', viewType: 'component', body: 'one' });
    const v1 = await client.createVersion({ version: 'v1', description: 'first' });
    expect(v1.version).toBe('v1');
    await client.patchView(view.id, { body: 'two' });
    expect((await client.getView(view.id, { version: 'v1' })).body).toBe('one');
    expect((await client.getVersion('v1'))?.description).toBe('first');
    expect((await client.listVersions()).map((v) => v.version)).toEqual(expect.arrayContaining(['develop', 'v1']));
    await client.restoreDevelop('v1');
    expect((await client.getView(view.id)).body).toBe('one');

    const slugs = await client.listSlugs();
    // Every application has the slug equal to its id.
    const own = slugs.find((s) => s.slug === server.applicationId);
    expect(own).toBeDefined();
    const moved = await client.patchSlug(own!.id, { version: 'v1' });
    expect(moved.version).toBe('v1');
    expect((await client.listSlugs()).find((s) => s.id === own!.id)?.version).toBe('v1');
    expect(await client.listDomains()).toEqual([]);
  });

  it('pages through more than 1000 views', async () => {
    const names = Array.from({ length: 1234 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
    await pool(names, 16, (name) => client.createView({ name, viewType: 'component', body: name }));
    events.length = 0;
    const all = await client.listViews({ viewType: 'component' });
    const bulk = all.filter((v) => v.name.startsWith('bulk-'));
    expect(bulk.map((v) => v.name).sort()).toEqual(names);
    expect(new Set(all.map((v) => v.id)).size).toBe(all.length);
    const pages = events.filter((e) => e.method === 'GET' && e.path.includes('/views?'));
    expect(pages.length).toBe(2);
    expect(pages.every((e) => e.path.includes('perPage=1000'))).toBe(true);
    expect(pages.map((e) => new URL(e.path, 'http://x').searchParams.get('page'))).toEqual(['0', '1']);
  });
});

describe('client under injected faults', () => {
  it('retries 5xx answers until every call succeeds', async () => {
    const server = await startServer({ failRate: 0.3, seed: 7 });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token, retries: 12, ...QUICK });
    const names = Array.from({ length: 40 }, (_, i) => `flaky-${i}`);
    await pool(names, 4, async (name) => {
      const v = await client.createView({ name, viewType: 'component', body: 'a' });
      await client.patchView(v.id, { body: 'b' });
    });
    expect(client.stats.retries).toBeGreaterThan(0);
    const views = (await client.listViews()).filter((v) => v.name.startsWith('flaky-'));
    expect(views.map((v) => v.name).sort()).toEqual([...names].sort());
    expect(views.every((v) => v.body === 'b')).toBe(true);
  });

  it('gives up after `retries` and reports the last 5xx', async () => {
    const server = await startServer({ failRate: 1 });
    const events: RequestEvent[] = [];
    const client = createClient({
      apiUrl: server.url, applicationId: server.applicationId, token: server.token, retries: 2, ...QUICK,
      onRequest: (e) => events.push(e),
    });
    const err = await caught(client.listViews());
    expect(err.status).toBeGreaterThanOrEqual(500);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('waits out 429 throttling (Retry-After) and loses nothing', async () => {
    const server = await startServer({ throttle: 20 });
    const events: RequestEvent[] = [];
    const client = createClient({
      apiUrl: server.url, applicationId: server.applicationId, token: server.token, retries: 10, ...QUICK,
      onRequest: (e) => events.push(e),
    });
    const names = Array.from({ length: 50 }, (_, i) => `busy-${i}`);
    await pool(names, 10, (name) => client.createView({ name, viewType: 'component', body: name }));
    expect(events.some((e) => e.status === 429)).toBe(true);
    expect(client.stats.throttled).toBeGreaterThan(0);
    const views = (await client.listViews()).filter((v) => v.name.startsWith('busy-'));
    expect(views.map((v) => v.name).sort()).toEqual([...names].sort());
  });

  it('never duplicates a view whose create response was lost', async () => {
    const server = await startServer({ dropRate: 0.4, seed: 3 });
    const events: RequestEvent[] = [];
    const client = createClient({
      apiUrl: server.url, applicationId: server.applicationId, token: server.token, retries: 12, ...QUICK,
      onRequest: (e) => events.push(e),
    });
    const names = Array.from({ length: 60 }, (_, i) => `lost-${i}`);
    const created = new Map<string, string>();
    await pool(names, 6, async (name) => {
      const v = await client.createView({ name, viewType: 'page', body: `<p>${name}</p>` });
      expect(v.name).toBe(name);
      created.set(name, v.id);
    });
    expect(client.stats.recoveredCreates).toBeGreaterThan(0);
    // The look-up comes before any re-send: no create ever bounced off its own earlier attempt.
    expect(events.filter((e) => e.method === 'POST' && e.status === 400)).toEqual([]);
    expect(events.some((e) => e.method === 'POST' && e.status === undefined)).toBe(true);
    const views = (await client.listViews({ viewType: 'page' })).filter((v) => v.name.startsWith('lost-'));
    expect(views.length).toBe(names.length);
    expect(new Set(views.map((v) => v.name)).size).toBe(names.length);
    // Each create returned the view that is really there.
    for (const v of views) expect(created.get(v.name)).toBe(v.id);
  });

  it('recovers a lost create of a name with glob characters without picking a look-alike', async () => {
    // Every write's response is dropped: each create can only succeed through the look-up.
    const server = await startServer({ dropRate: 1 });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token, ...QUICK });
    const lookalike = await client.createView({ name: 'axb', viewType: 'page', body: 'look-alike' });
    const star = await client.createView({ name: 'a*b', viewType: 'page', body: 'star' });
    const question = await client.createView({ name: 'a?b', viewType: 'page', body: 'question' });
    expect([lookalike.name, star.name, question.name]).toEqual(['axb', 'a*b', 'a?b']);
    expect(new Set([lookalike.id, star.id, question.id]).size).toBe(3);
    expect(star.body).toBe('star');
    expect(client.stats.recoveredCreates).toBe(3);
    expect((await client.listViews()).length).toBe(3);
    // A versions create is recovered the same way.
    const v = await client.createVersion({ version: 'v*1', description: 'd' });
    expect(v.version).toBe('v*1');
  });

  it('treats a timeout as a failure to retry, then reports it', async () => {
    const server = await startServer({ latencyMs: 400 });
    const events: RequestEvent[] = [];
    const client = createClient({
      apiUrl: server.url, applicationId: server.applicationId, token: server.token, timeoutMs: 50, retries: 1, ...QUICK,
      onRequest: (e) => events.push(e),
    });
    const err = await caught(client.listVersions());
    expect(err.status).toBe(0);
    expect(err.type).toBe('Timeout');
    expect(events.length).toBe(2);
    expect(events.every((e) => e.status === undefined && e.error)).toBe(true);
  });
});

describe('the token never leaks', () => {
  it('is absent from errors, events and stats, whatever fails', async () => {
    const server = await startServer({ token: SECRET });
    const texts: string[] = [];
    const record = (err: ApiError) => texts.push(err.message, err.describe(), err.stack ?? '', inspect(err, { depth: 5 }), JSON.stringify(err));
    const onRequest = (e: RequestEvent) => texts.push(JSON.stringify(e));
    const good = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: SECRET, onRequest, ...QUICK });
    record(await caught(good.getView('0123456789abcdef01234567')));
    record(await caught(good.createView({ name: '', viewType: 'page' })));
    const wrong = `${SECRET}-wrong`;
    const bad = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: wrong, onRequest, ...QUICK });
    const unauthorized = await caught(bad.listViews());
    expect(unauthorized.status).toBe(401);
    record(unauthorized);
    texts.push(JSON.stringify(good.stats), JSON.stringify(bad.stats), inspect(good, { depth: 5 }));
    await server.close();
    // Nothing listens any more: a network error, retried then reported.
    const gone = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: SECRET, retries: 1, ...QUICK, onRequest: (e) => texts.push(JSON.stringify(e)) });
    const net = await caught(gone.listViews());
    expect(net.status).toBe(0);
    expect(net.type).toBe('Network');
    record(net);
    expect(texts.length).toBeGreaterThan(10);
    for (const t of texts) expect(t).not.toContain(SECRET);
  });
});

describe('client against a server that is down', () => {
  it('after one request used up its retries, the rest fail at once until the server answers again', async () => {
    // A port that refuses connections: a server started and closed again.
    const gone = await startServer({ token: SECRET });
    await gone.close();
    const events: RequestEvent[] = [];
    const client = createClient({ apiUrl: gone.url, applicationId: gone.applicationId, token: SECRET, retries: 3, ...QUICK, onRequest: (e) => events.push(e) });

    const first = await caught(client.getView('5f0c0ffee0ddba11cafe0001'));
    expect(first.code).toBe('ECONNREFUSED');
    expect(events).toHaveLength(4); // the first try and 3 retries

    events.length = 0;
    for (let i = 0; i < 10; i++) expect((await caught(client.patchView('5f0c0ffee0ddba11cafe0001', { body: `${i}` }))).code).toBe('ECONNREFUSED');
    expect(events).toHaveLength(10); // one attempt each, no backoff sequence

    // Any answer ends the fast-fail: the server comes back on the same port, answers, goes away
    // again, and the next request that cannot connect gets its whole retry sequence once more.
    const back = await startServer({ token: SECRET, applicationId: gone.applicationId, port: Number(new URL(gone.url).port) });
    expect((await client.getApplication()).id).toBe(gone.applicationId);
    await back.close();
    events.length = 0;
    await caught(client.getView('5f0c0ffee0ddba11cafe0001'));
    expect(events).toHaveLength(4);
  });
});

describe('client stopped (Ctrl-C)', () => {
  it("a request never sent fails with its path as a sent one's error gives it, query included", async () => {
    const server = await startServer({ token: SECRET });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: SECRET, ...QUICK });
    const sent = await caught(client.getView('5f0c0ffee0ddba11cafe0001'));
    expect(sent.type).toBe('NotFound');
    await client.stopSending();
    const err = await caught(client.listViews({ viewType: 'page' }));
    expect(err.type).toBe(NOT_SENT_TYPE);
    expect(err.path).toMatch(new RegExp(`^/applications/${server.applicationId}/experience/views\\?(.+&)?viewType=page`));
    const one = await caught(client.getView('5f0c0ffee0ddba11cafe0001'));
    expect(one.type).toBe(NOT_SENT_TYPE);
    expect(one.path).toBe(sent.path);
  });
});
