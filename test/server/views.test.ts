// Views through the official Losant client (losant-rest) and raw fetch: CRUD, uniqueness,
// layout and Handlebars checks, paging/sort/glob filter, lastUpdated on every write.
import { beforeAll, describe, expect, test } from 'vitest';
import { useOpener } from '../harness/lifecycle.js';
import { failing, startTestServer, type TestServer } from '../harness/server.js';

const startServer = useOpener(startTestServer, 'file'); // the file's server, stopped after its last test
const startOwnServer = useOpener(startTestServer); // a test's own server, stopped after it
let h: TestServer;
beforeAll(async () => {
  h = await startServer();
});

const post = (experienceView: Record<string, unknown>) => h.losant.experienceViews.post({ applicationId: h.applicationId, experienceView });

describe('views', () => {
  test('create, get, patch, list and delete through losant-rest', async () => {
    const layout = await post({ name: 'crud-layout', viewType: 'layout', body: '<main>{{ page }}</main>' });
    const page = await post({
      name: 'crud-page',
      viewType: 'page',
      body: '<p>{{ time }}</p>',
      layoutId: layout.id,
      description: 'a page',
      viewTags: { team: 'web' },
      headers: { 'content-type': 'text/css' },
    });
    expect(page).toMatchObject({
      name: 'crud-page',
      viewType: 'page',
      layoutId: layout.id,
      layoutName: 'crud-layout',
      description: 'a page',
      viewTags: { team: 'web' },
      headers: { 'content-type': 'text/css' },
      applicationId: h.applicationId,
      experienceViewId: page.id,
    });
    expect(page.id).toMatch(/^[a-f\d]{24}$/);
    const got = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: page.id });
    expect(got).toEqual(page);

    const patched = await h.losant.experienceView.patch({
      applicationId: h.applicationId,
      experienceViewId: page.id,
      experienceView: { body: '<p>changed</p>', layoutId: null },
    });
    expect(patched.body).toBe('<p>changed</p>');
    expect(patched.layoutId).toBeNull();
    expect(patched.description).toBe('a page');
    expect(patched.creationDate).toBe(page.creationDate);

    const list = await h.losant.experienceViews.get({ applicationId: h.applicationId, filterField: 'name', filter: 'crud-*' });
    expect(list.items.map((v: { name: string }) => v.name)).toEqual(['crud-layout', 'crud-page']);

    expect(await h.losant.experienceView.delete({ applicationId: h.applicationId, experienceViewId: page.id })).toEqual({ success: true });
    const err = await failing(h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: page.id }));
    expect(err.statusCode).toBe(404);
    expect(err.type).toBe('NotFound');
  });

  test('names are unique per view type: a duplicate create or rename is AlreadyExists', async () => {
    const first = await post({ name: 'dup', viewType: 'component', body: 'a' });
    const dup = await failing(post({ name: 'dup', viewType: 'component', body: 'b' }));
    expect(dup).toMatchObject({ statusCode: 400, type: 'AlreadyExists' });
    // Same name, other type: allowed.
    await post({ name: 'dup', viewType: 'page', body: 'c' });
    const other = await post({ name: 'dup-2', viewType: 'component', body: 'd' });
    const rename = await failing(
      h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: other.id, experienceView: { name: 'dup' } }),
    );
    expect(rename).toMatchObject({ statusCode: 400, type: 'AlreadyExists' });
    const still = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: first.id });
    expect(still.body).toBe('a');
  });

  test('layoutId must name a layout', async () => {
    const component = await post({ name: 'not-a-layout', viewType: 'component', body: 'x' });
    const err = await failing(post({ name: 'bad-layout-page', viewType: 'page', layoutId: component.id }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(err.message).toContain('layoutId');
    const missing = await failing(post({ name: 'bad-layout-page', viewType: 'page', layoutId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }));
    expect(missing).toMatchObject({ statusCode: 400, type: 'Validation' });
    const list = await h.losant.experienceViews.get({ applicationId: h.applicationId, filterField: 'name', filter: 'bad-layout-page' });
    expect(list.totalCount).toBe(0);
  });

  test('a body that is not valid Handlebars is rejected, on create and on patch', async () => {
    const err = await failing(post({ name: 'broken', viewType: 'page', body: '{{#if x}}never closed' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(err.message).toContain('experienceView.body');
    const ok = await post({ name: 'fixable', viewType: 'page', body: 'fine' });
    const patchErr = await failing(
      h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: ok.id, experienceView: { body: '{{/each}}' } }),
    );
    expect(patchErr).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect((await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: ok.id })).body).toBe('fine');
  });

  test('bodies are checked against the schema: unknown fields, lengths, enums, viewType on patch', async () => {
    const unknown = await h.raw('POST', '/views', { body: { name: 'x', viewType: 'page', colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ type: 'Validation', message: expect.stringContaining('"colour"') });
    const long = await h.raw('POST', '/views', { body: { name: 'n'.repeat(256), viewType: 'page' } });
    expect(long.body.message).toContain('experienceView.name');
    const badType = await h.raw('POST', '/views', { body: { name: 'x', viewType: 'partial' } });
    expect(badType.body.message).toContain('experienceView.viewType');
    const missing = await h.raw('POST', '/views', { body: { viewType: 'page' } });
    expect(missing.body.message).toContain('experienceView.name is required');
    const badTag = await h.raw('POST', '/views', { body: { name: 'x', viewType: 'page', viewTags: { 'no spaces': 'v' } } });
    expect(badTag.status).toBe(400);
    const tooBig = await h.raw('POST', '/views', { body: { name: 'x', viewType: 'page', body: 'a'.repeat(131073) } });
    expect(tooBig.body.message).toContain('experienceView.body');
    const v = await post({ name: 'typed', viewType: 'page' });
    const retype = await h.raw('PATCH', `/views/${v.id}`, { body: { viewType: 'layout' } });
    expect(retype.status).toBe(400);
    expect(retype.body.message).toContain('"viewType"');
  });

  test('every write gives a new, strictly increasing lastUpdated', async () => {
    const v = await post({ name: 'stamped', viewType: 'component', body: '0' });
    const stamps = [v.lastUpdated];
    for (let i = 1; i <= 15; i++) {
      const p = await h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: v.id, experienceView: { body: String(i) } });
      stamps.push(p.lastUpdated);
    }
    // Concurrent writes too: all distinct.
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: v.id, experienceView: { description: `c${i}` } }),
      ),
    );
    const all = [...stamps, ...concurrent.map((c: { lastUpdated: string }) => c.lastUpdated)];
    expect(new Set(all).size).toBe(all.length);
    const ms = stamps.map((s) => Date.parse(s));
    for (let i = 1; i < ms.length; i++) expect(ms[i]).toBeGreaterThan(ms[i - 1]);
  });
});

describe('view lists', () => {
  const startListServer = useOpener(startTestServer, 'file'); // stopped after the describe's last test
  let list: TestServer;
  beforeAll(async () => {
    list = await startListServer();
    for (let i = 0; i < 25; i++) {
      await list.losant.experienceViews.post({
        applicationId: list.applicationId,
        experienceView: { name: `item-${String(i).padStart(2, '0')}`, viewType: i % 5 === 0 ? 'component' : 'page', body: '' },
      });
    }
  });

  const get = (q: Record<string, unknown>) => list.losant.experienceViews.get({ applicationId: list.applicationId, ...q });

  test('0-based pages with count and totalCount; a page past the end is empty', async () => {
    const p0 = await get({ perPage: 10, page: 0 });
    const p2 = await get({ perPage: 10, page: 2 });
    const p3 = await get({ perPage: 10, page: 3 });
    expect([p0.count, p0.totalCount, p0.page, p0.perPage]).toEqual([10, 25, 0, 10]);
    expect(p0.items[0].name).toBe('item-00');
    expect(p2.items.map((v: { name: string }) => v.name)).toEqual(['item-20', 'item-21', 'item-22', 'item-23', 'item-24']);
    expect(p3).toMatchObject({ items: [], count: 0, totalCount: 25 });
  });

  test('sortField and sortDirection', async () => {
    const desc = await get({ sortField: 'name', sortDirection: 'desc', perPage: 3 });
    expect(desc.items.map((v: { name: string }) => v.name)).toEqual(['item-24', 'item-23', 'item-22']);
    const byCreation = await get({ sortField: 'creationDate', sortDirection: 'desc', perPage: 1 });
    expect(byCreation.items[0].name).toBe('item-24');
    const bad = await failing(get({ sortField: 'body' }));
    expect(bad).toMatchObject({ statusCode: 400, type: 'Validation' });
  });

  test('glob filter over name, with * and ?, and viewType', async () => {
    const star = await get({ filterField: 'name', filter: 'item-1*' });
    expect(star.totalCount).toBe(10);
    const question = await get({ filterField: 'name', filter: 'item-?5' });
    expect(question.items.map((v: { name: string }) => v.name)).toEqual(['item-05', 'item-15']);
    const literal = await get({ filterField: 'name', filter: 'item_0%' });
    expect(literal.totalCount).toBe(0);
    const components = await get({ viewType: 'component' });
    expect(components.totalCount).toBe(5);
    const both = await get({ viewType: 'component', filterField: 'name', filter: 'item-1*' });
    expect(both.items.map((v: { name: string }) => v.name)).toEqual(['item-10', 'item-15']);
  });

  test('perPage accepts up to 1000; above is a 400', async () => {
    expect((await get({ perPage: 1000 })).count).toBe(25);
    const err = await failing(get({ perPage: 1001 }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(err.message).toContain('perPage');
  });

  test('a list of more than 1000 views pages completely with perPage 1000', async () => {
    const big = await startOwnServer();
    const ids = new Set<string>();
    const names = Array.from({ length: 1200 }, (_, i) => `bulk-${i}`);
    for (let i = 0; i < names.length; i += 20) {
      const batch = await Promise.all(
        names.slice(i, i + 20).map((name) => big.raw('POST', '/views', { body: { name, viewType: 'component', body: name } })),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        ids.add(r.body.id);
      }
    }
    const first = await big.losant.experienceViews.get({ applicationId: big.applicationId, perPage: 1000, page: 0 });
    const second = await big.losant.experienceViews.get({ applicationId: big.applicationId, perPage: 1000, page: 1 });
    expect([first.count, second.count, first.totalCount]).toEqual([1000, 200, 1200]);
    const seen = new Set([...first.items, ...second.items].map((v: { id: string }) => v.id));
    expect(seen).toEqual(ids);
  });
});
