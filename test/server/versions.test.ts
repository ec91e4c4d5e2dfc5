// Versions are real snapshots: copies of develop (same ids) that later edits never touch.
import { beforeEach, describe, expect, test } from 'vitest';
import { useOpener } from '../harness/lifecycle.js';
import { failing, startTestServer, type TestServer } from '../harness/server.js';

const startServer = useOpener(startTestServer); // each test's server, stopped after it
let h: TestServer;
beforeEach(async () => {
  h = await startServer();
});

const views = (q: Record<string, unknown> = {}) => h.losant.experienceViews.get({ applicationId: h.applicationId, ...q });
const postView = (experienceView: Record<string, unknown>) => h.losant.experienceViews.post({ applicationId: h.applicationId, experienceView });
const postVersion = (experienceVersion: Record<string, unknown>) =>
  h.losant.experienceVersions.post({ applicationId: h.applicationId, experienceVersion });

describe('versions', () => {
  test('develop exists from the start and cannot be deleted', async () => {
    const list = await h.losant.experienceVersions.get({ applicationId: h.applicationId });
    expect(list.items.map((v: { version: string }) => v.version)).toEqual(['develop']);
    const err = await failing(h.losant.experienceVersion.delete({ applicationId: h.applicationId, experienceVersionIdOrName: 'develop' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    const byId = await failing(
      h.losant.experienceVersion.delete({ applicationId: h.applicationId, experienceVersionIdOrName: list.items[0].id }),
    );
    expect(byId.statusCode).toBe(400);
  });

  test('a version is a snapshot: later edits of develop never change it', async () => {
    const layout = await postView({ name: 'main', viewType: 'layout', body: 'L1 {{ page }}' });
    const page = await postView({ name: 'home', viewType: 'page', body: 'home v1', layoutId: layout.id });
    const gone = await postView({ name: 'to-delete', viewType: 'component', body: 'bye' });
    const endpoint = await h.losant.experienceEndpoints.post({
      applicationId: h.applicationId,
      experienceEndpoint: { method: 'get', route: '/', staticReply: { type: 'page', value: page.id } },
    });
    const v1 = await postVersion({ version: 'v1', description: 'first' });
    expect(v1).toMatchObject({ version: 'v1', description: 'first' });
    const snapshot = await views({ version: 'v1' });

    await h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: page.id, experienceView: { body: 'home v2' } });
    await h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: layout.id, experienceView: { name: 'renamed' } });
    await h.losant.experienceView.delete({ applicationId: h.applicationId, experienceViewId: gone.id });
    await postView({ name: 'new-one', viewType: 'page', body: 'new' });
    await h.losant.experienceEndpoint.patch({
      applicationId: h.applicationId,
      experienceEndpointId: endpoint.id,
      experienceEndpoint: { route: '/home' },
    });

    const after = await views({ version: 'v1' });
    expect(after).toEqual(snapshot);
    expect(after.items.map((v: { name: string }) => v.name).sort()).toEqual(['home', 'main', 'to-delete']);
    const oldPage = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: page.id, version: 'v1' });
    expect(oldPage).toMatchObject({ id: page.id, body: 'home v1', layoutName: 'main' });
    const byVersionId = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: page.id, version: v1.id });
    expect(byVersionId.body).toBe('home v1');
    const devPage = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: page.id });
    expect(devPage).toMatchObject({ body: 'home v2', layoutName: 'renamed' });
    const oldEndpoint = await h.losant.experienceEndpoint.get({ applicationId: h.applicationId, experienceEndpointId: endpoint.id, version: 'v1' });
    expect(oldEndpoint.route).toBe('/');
    const missing = await failing(h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: gone.id }));
    expect(missing.statusCode).toBe(404);
    expect((await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: gone.id, version: 'v1' })).body).toBe('bye');
  });

  test('version names are unique and cannot be changed; contents are read-only', async () => {
    await postVersion({ version: 'v1' });
    const dup = await failing(postVersion({ version: 'v1' }));
    expect(dup).toMatchObject({ statusCode: 400, type: 'AlreadyExists' });
    const dev = await failing(postVersion({ version: 'develop' }));
    expect(dev.type).toBe('AlreadyExists');
    const rename = await h.raw('PATCH', '/versions/v1', { body: { version: 'v2' } });
    expect(rename.status).toBe(400);
    expect(rename.body.message).toContain('"version"');
    const described = await h.losant.experienceVersion.patch({
      applicationId: h.applicationId,
      experienceVersionIdOrName: 'v1',
      experienceVersion: { description: 'now described' },
    });
    expect(described).toMatchObject({ version: 'v1', description: 'now described' });
  });

  test('a version other than develop is frozen: its settings cannot be patched, its description can (review 8, L5)', async () => {
    await postVersion({ version: 'v1.0.0', globals: [{ key: 'colour', json: '"red"' }] });
    for (const experienceVersion of [{ globals: [] }, { responseHeaders: { 'x-a': 'b' } }, { endpointDefaultCors: true, description: 'x' }]) {
      const refused = await failing(h.losant.experienceVersion.patch({ applicationId: h.applicationId, experienceVersionIdOrName: 'v1.0.0', experienceVersion }));
      expect(refused).toMatchObject({ statusCode: 400, type: 'Validation' });
      expect(refused.message).toMatch(/"v1\.0\.0" is frozen/);
    }
    const v1 = await h.losant.experienceVersion.get({ applicationId: h.applicationId, experienceVersionIdOrName: 'v1.0.0' });
    expect(v1.globals).toEqual([{ key: 'colour', json: '"red"' }]);
    expect(v1.description ?? '').toBe('');
    const develop = await h.losant.experienceVersion.patch({ applicationId: h.applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { globals: [] } });
    expect(develop.globals).toEqual([]);
  });

  test('unknown versions are 404; deleting a version removes its copies', async () => {
    const unknown = await failing(views({ version: 'nope' }));
    expect(unknown).toMatchObject({ statusCode: 404, type: 'NotFound' });
    await postView({ name: 'x', viewType: 'page' });
    await postVersion({ version: 'v1' });
    expect((await views({ version: 'v1' })).totalCount).toBe(1);
    await h.losant.experienceVersion.delete({ applicationId: h.applicationId, experienceVersionIdOrName: 'v1' });
    expect((await failing(views({ version: 'v1' }))).statusCode).toBe(404);
    expect((await views()).totalCount).toBe(1);
  });

  test('slugIds and domainIds on create re-point them; lists carry attachedSlugs/attachedDomains', async () => {
    const slug = await h.losant.experienceSlugs.post({ applicationId: h.applicationId, experienceSlug: { slug: 'my-shop', version: 'develop' } });
    const domain = await h.losant.experienceDomains.post({
      applicationId: h.applicationId,
      experienceDomain: { domainName: 'shop.example.com', version: 'develop' },
    });
    const v1 = await postVersion({ version: 'v1', slugIds: [slug.id], domainIds: [domain.id] });
    expect(v1.attachedSlugs).toEqual([{ id: slug.id, slug: 'my-shop' }]);
    expect(v1.attachedDomains).toEqual([{ id: domain.id, domainName: 'shop.example.com' }]);
    expect((await h.losant.experienceSlug.get({ applicationId: h.applicationId, experienceSlugId: slug.id })).version).toBe('v1');
    expect((await h.losant.experienceDomain.get({ applicationId: h.applicationId, experienceDomainId: domain.id })).version).toBe('v1');
    const list = await h.losant.experienceVersions.get({ applicationId: h.applicationId });
    const develop = list.items.find((v: { version: string }) => v.version === 'develop');
    expect(develop.attachedSlugs).toEqual([{ id: expect.any(String), slug: h.applicationId }]);
    const badSlug = await failing(postVersion({ version: 'v2', slugIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'] }));
    expect(badSlug.statusCode).toBe(400);
    expect((await failing(h.losant.experienceVersion.get({ applicationId: h.applicationId, experienceVersionIdOrName: 'v2' }))).statusCode).toBe(404);
  });

  test('PATCH develop {sourceVersionIdOrName} restores develop from a version', async () => {
    const a = await postView({ name: 'a', viewType: 'page', body: 'a1' });
    await postVersion({ version: 'v1', globals: [{ key: 'colour', json: '"red"' }] });
    await h.losant.experienceView.patch({ applicationId: h.applicationId, experienceViewId: a.id, experienceView: { body: 'a2' } });
    await postView({ name: 'b', viewType: 'page', body: 'b' });
    const before = await h.losant.experienceView.get({ applicationId: h.applicationId, experienceViewId: a.id });

    const develop = await h.losant.experienceVersion.patch({
      applicationId: h.applicationId,
      experienceVersionIdOrName: 'develop',
      experienceVersion: { sourceVersionIdOrName: 'v1' },
    });
    expect(develop.globals).toEqual([{ key: 'colour', json: '"red"' }]);
    const now = await views();
    expect(now.items.map((v: { name: string; body: string }) => [v.name, v.body])).toEqual([['a', 'a1']]);
    expect(now.items[0].id).toBe(a.id);
    expect(Date.parse(now.items[0].lastUpdated)).toBeGreaterThan(Date.parse(before.lastUpdated));

    const notDevelop = await failing(
      h.losant.experienceVersion.patch({
        applicationId: h.applicationId,
        experienceVersionIdOrName: 'v1',
        experienceVersion: { sourceVersionIdOrName: 'develop' },
      }),
    );
    expect(notDevelop).toMatchObject({ statusCode: 400, type: 'Validation' });
  });

  test('version lists page, sort and filter by glob', async () => {
    for (const name of ['v1.0.0', 'v1.1.0', 'v2.0.0', 'beta']) await postVersion({ version: name });
    const filtered = await h.losant.experienceVersions.get({ applicationId: h.applicationId, filterField: 'version', filter: 'v1.*' });
    expect(filtered.items.map((v: { version: string }) => v.version)).toEqual(['v1.0.0', 'v1.1.0']);
    const desc = await h.losant.experienceVersions.get({ applicationId: h.applicationId, sortDirection: 'desc', perPage: 2, page: 0 });
    expect(desc.items.map((v: { version: string }) => v.version)).toEqual(['v2.0.0', 'v1.1.0']);
    expect(desc.totalCount).toBe(5);
  });

  test("settings hold what Losant stores: globals' json is JSON, a page reply names a page of the version", async () => {
    const applicationId = h.applicationId;
    const page = await postView({ name: 'home', viewType: 'page', body: 'home' });
    const component = await postView({ name: 'nav', viewType: 'component', body: 'nav' });
    const patch = (experienceVersion: Record<string, unknown>) => h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion });
    const notJson = await failing(patch({ globals: [{ key: 'a', json: '{not json' }] }));
    expect(notJson).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(notJson.message).toMatch(/globals\[0\]\.json is not JSON/);
    for (const value of [component.id, '5f0c0ffee0ddba11cafe9999']) {
      const err = await failing(patch({ notFoundReply: { type: 'page', value } }));
      expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    }
    const bad = await failing(postVersion({ version: 'v1', unauthorizedReply: { type: 'page', value: component.id } }));
    expect(bad.statusCode).toBe(400);
    const ok = await patch({ globals: [{ key: 'a', json: '{"b":1}' }], notFoundReply: { type: 'page', value: page.id, statusCode: 404 }, unauthorizedReply: { type: 'redirect', value: '/login' } });
    expect(ok).toMatchObject({ globals: [{ key: 'a', json: '{"b":1}' }], notFoundReply: { type: 'page', value: page.id, statusCode: 404 } });
  });
});
