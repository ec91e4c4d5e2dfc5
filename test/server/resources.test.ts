// Endpoints, slugs, domains, users, groups, bootstrap, experience delete and applications,
// each driven through the official client (losant-rest).
import { beforeEach, describe, expect, test } from 'vitest';
import { useOpener } from '../harness/lifecycle.js';
import { failing, startTestServer, type TestServer } from '../harness/server.js';

const startServer = useOpener(startTestServer); // each test's server, stopped after it
let h: TestServer;
let applicationId: string;
beforeEach(async () => {
  h = await startServer();
  applicationId = h.applicationId;
});

describe('endpoints', () => {
  test('create, get, list with glob filter, patch, delete; (method, route) unique', async () => {
    const page = await h.losant.experienceViews.post({ applicationId, experienceView: { name: 'home', viewType: 'page' } });
    const e = await h.losant.experienceEndpoints.post({
      applicationId,
      experienceEndpoint: { method: 'get', route: '/', staticReply: { type: 'page', value: page.id }, endpointTags: { a: 'b' } },
    });
    expect(e).toMatchObject({ method: 'get', route: '/', enabled: true, access: 'public', endpointTags: { a: 'b' }, experienceEndpointId: e.id });
    await h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'post', route: '/api/items' } });
    await h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/api/items' } });
    const dup = await failing(h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/' } }));
    expect(dup).toMatchObject({ statusCode: 400, type: 'AlreadyExists' });
    const api = await h.losant.experienceEndpoints.get({ applicationId, filterField: 'route', filter: '/api/*' });
    expect(api.items.map((x: { method: string }) => x.method)).toEqual(['post', 'get']);
    const byMethod = await h.losant.experienceEndpoints.get({ applicationId, sortField: 'method', sortDirection: 'desc' });
    expect(byMethod.items[0].method).toBe('post');
    const noPage = await failing(
      h.losant.experienceEndpoints.post({
        applicationId,
        experienceEndpoint: { method: 'get', route: '/x', staticReply: { type: 'page', value: 'aaaaaaaaaaaaaaaaaaaaaaaa' } },
      }),
    );
    expect(noPage).toMatchObject({ statusCode: 400, type: 'Validation' });
    const patched = await h.losant.experienceEndpoint.patch({
      applicationId,
      experienceEndpointId: e.id,
      experienceEndpoint: { enabled: false, access: 'authenticated' },
    });
    expect(patched).toMatchObject({ enabled: false, access: 'authenticated', route: '/' });
    expect(Date.parse(patched.lastUpdated)).toBeGreaterThan(Date.parse(e.lastUpdated));

    const linked = await h.losant.experienceView.linkedResources({ applicationId, experienceViewId: page.id });
    expect(linked.experienceEndpoints.items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    const linkedE = await h.losant.experienceEndpoint.linkedResources({ applicationId, experienceEndpointId: e.id });
    expect(linkedE.experienceViews.items.map((x: { id: string }) => x.id)).toEqual([page.id]);
    expect(await h.losant.experienceEndpoints.stats({ applicationId })).toEqual({});

    await h.losant.experienceEndpoint.delete({ applicationId, experienceEndpointId: e.id });
    expect((await failing(h.losant.experienceEndpoint.get({ applicationId, experienceEndpointId: e.id }))).statusCode).toBe(404);
  });
});

describe('slugs and domains', () => {
  test("the application's own-id slug exists and cannot be deleted", async () => {
    const slugs = await h.losant.experienceSlugs.get({ applicationId });
    expect(slugs.items).toEqual([expect.objectContaining({ slug: applicationId, version: 'develop' })]);
    const err = await failing(h.losant.experienceSlug.delete({ applicationId, experienceSlugId: slugs.items[0].id }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
  });

  test('slugs: create, unique, patch version, delete', async () => {
    await h.losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1' } });
    const s = await h.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'shop', version: 'develop' } });
    expect(s).toMatchObject({ slug: 'shop', version: 'develop', experienceSlugId: s.id });
    expect((await failing(h.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'shop' } }))).type).toBe('AlreadyExists');
    const bad = await h.raw('POST', '/slugs', { body: { slug: 'Not_Valid' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('experienceSlug.slug');
    const moved = await h.losant.experienceSlug.patch({ applicationId, experienceSlugId: s.id, experienceSlug: { version: 'v1' } });
    expect(moved.version).toBe('v1');
    const cleared = await h.losant.experienceSlug.patch({ applicationId, experienceSlugId: s.id, experienceSlug: { version: null } });
    expect(cleared.version).toBeNull();
    const noVersion = await failing(h.losant.experienceSlug.patch({ applicationId, experienceSlugId: s.id, experienceSlug: { version: 'v9' } }));
    expect(noVersion.statusCode).toBe(400);
    await h.losant.experienceSlug.delete({ applicationId, experienceSlugId: s.id });
    expect((await h.losant.experienceSlugs.get({ applicationId })).count).toBe(1);
  });

  test('domains: create, unique, sslKey never returned, patch, delete', async () => {
    const key = '-----BEGIN PRIVATE KEY-----' + 'K'.repeat(40) + '-----END PRIVATE KEY-----';
    const pem = '-----BEGIN CERTIFICATE-----' + 'C'.repeat(40) + '-----END CERTIFICATE-----';
    const d = await h.losant.experienceDomains.post({
      applicationId,
      experienceDomain: { domainName: 'app.example.com', version: 'develop', sslKey: key, sslCert: pem },
    });
    expect(d).toMatchObject({ domainName: 'app.example.com', version: 'develop', sslCert: pem });
    expect(d).not.toHaveProperty('sslKey');
    const dup = await failing(h.losant.experienceDomains.post({ applicationId, experienceDomain: { domainName: 'APP.example.com' } }));
    expect(dup.type).toBe('AlreadyExists');
    const p = await h.losant.experienceDomain.patch({ applicationId, experienceDomainId: d.id, experienceDomain: { version: null } });
    expect(p.version).toBeNull();
    expect(JSON.stringify(await h.losant.experienceDomains.get({ applicationId }))).not.toContain('PRIVATE KEY');
    await h.losant.experienceDomain.delete({ applicationId, experienceDomainId: d.id });
    expect((await h.losant.experienceDomains.get({ applicationId })).totalCount).toBe(0);
  });

  test('domains: a certificate, bundle or key that is not shaped like one is refused, without echoing it (review 8, L5)', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\n' + 'K'.repeat(64) + '\n-----END PRIVATE KEY-----\n';
    const rsaKey = '-----BEGIN RSA PRIVATE KEY-----\n' + 'R'.repeat(64) + '\n-----END RSA PRIVATE KEY-----\n';
    const cert = '-----BEGIN CERTIFICATE-----\n' + 'C'.repeat(64) + '\n-----END CERTIFICATE-----\n';
    const post = (experienceDomain: Record<string, unknown>) => failing(h.losant.experienceDomains.post({ applicationId, experienceDomain: { domainName: 'tls.example.com', ...experienceDomain } }));
    for (const [body, field] of [
      [{ sslCert: key, sslKey: key }, 'sslCert'],
      [{ sslCert: cert, sslKey: cert }, 'sslKey'],
      [{ sslCert: cert, sslKey: key, sslBundle: 'x'.repeat(60) }, 'sslBundle'],
      [{ sslCert: 'just some text that is long enough to pass the length rule', sslKey: key }, 'sslCert'],
    ] as const) {
      const err = await post(body);
      expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
      expect(err.message).toContain(`experienceDomain.${field} is not a PEM`);
      expect(err.message).not.toMatch(/KKKK|CCCC|xxxx|some text/);
    }
    const ok = await h.losant.experienceDomains.post({ applicationId, experienceDomain: { domainName: 'tls.example.com', sslCert: cert + cert, sslKey: rsaKey, sslBundle: cert } });
    const patched = await failing(h.losant.experienceDomain.patch({ applicationId, experienceDomainId: ok.id, experienceDomain: { sslCert: rsaKey } }));
    expect(patched.message).toContain('experienceDomain.sslCert is not a PEM certificate');
    expect((await h.losant.experienceDomain.get({ applicationId, experienceDomainId: ok.id })).sslCert).toBe(cert + cert);
  });
});

describe('users and groups', () => {
  test('users: passwords are never returned; emails unique; list paging and glob filter', async () => {
    const u = await h.losant.experienceUsers.post({
      applicationId,
      experienceUser: { email: 'Ann@Example.com', password: 'correct horse', firstName: 'Ann', userTags: { role: 'admin' } },
    });
    expect(u).toMatchObject({ email: 'ann@example.com', firstName: 'Ann', lastName: '', userTags: { role: 'admin' }, experienceGroups: [] });
    expect(JSON.stringify(u)).not.toContain('correct horse');
    expect(Object.keys(u).some((k) => k.toLowerCase().includes('password') && k !== 'passwordLastUpdated')).toBe(false);
    const dup = await failing(h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'ann@example.com', password: '12345678' } }));
    expect(dup).toMatchObject({ statusCode: 400, type: 'AlreadyExists' });
    const short = await failing(h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'bob@example.com', password: 'short' } }));
    expect(short.message).toContain('experienceUser.password');
    for (const name of ['bob', 'bea', 'carl']) {
      await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: `${name}@example.com`, password: 'password1' } });
    }
    const b = await h.losant.experienceUsers.get({ applicationId, filterField: 'email', filter: 'b*' });
    expect(b.items.map((x: { email: string }) => x.email)).toEqual(['bea@example.com', 'bob@example.com']);
    const page1 = await h.losant.experienceUsers.get({ applicationId, perPage: 3, page: 1 });
    expect(page1).toMatchObject({ count: 1, totalCount: 4 });
    expect(page1.items[0].email).toBe('carl@example.com');
    const p = await h.losant.experienceUser.patch({ applicationId, experienceUserId: u.id, experienceUser: { lastName: 'Lee', password: 'another one' } });
    expect(p.lastName).toBe('Lee');
    expect(JSON.stringify(p)).not.toContain('another one');
    await h.losant.experienceUser.delete({ applicationId, experienceUserId: u.id });
    expect((await failing(h.losant.experienceUser.get({ applicationId, experienceUserId: u.id }))).type).toBe('NotFound');
  });

  test('groups keep parentId/ancestorIds and membership both ways; cycles are refused', async () => {
    const root = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'root' } });
    const mid = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'mid', parentId: root.id } });
    const leaf = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'leaf', parentId: mid.id } });
    expect(leaf).toMatchObject({ parentId: mid.id, ancestorIds: [mid.id, root.id] });
    const cycle = await failing(h.losant.experienceGroup.patch({ applicationId, experienceGroupId: root.id, experienceGroup: { parentId: leaf.id } }));
    expect(cycle).toMatchObject({ statusCode: 400, type: 'Validation' });

    const u = await h.losant.experienceUsers.post({
      applicationId,
      experienceUser: { email: 'm@example.com', password: 'password1', experienceGroupIds: [leaf.id] },
    });
    expect(u.experienceGroups).toEqual([{ id: leaf.id, name: 'leaf', parentId: mid.id }]);
    expect((await h.losant.experienceGroup.get({ applicationId, experienceGroupId: leaf.id })).experienceUserIds).toEqual([u.id]);
    // includeAncestorGroups adds the members of the groups above (none here), never those below.
    expect((await h.losant.experienceUsers.get({ applicationId, experienceGroupId: leaf.id, includeAncestorGroups: true })).totalCount).toBe(1);
    expect((await h.losant.experienceUsers.get({ applicationId, experienceGroupId: root.id, includeAncestorGroups: true })).totalCount).toBe(0);
    expect((await h.losant.experienceUsers.get({ applicationId, experienceGroupId: root.id })).totalCount).toBe(0);

    await h.losant.experienceGroup.patch({ applicationId, experienceGroupId: root.id, experienceGroup: { experienceUserIds: [u.id] } });
    const user = await h.losant.experienceUser.get({ applicationId, experienceUserId: u.id });
    expect(user.experienceGroups.map((g: { name: string }) => g.name).sort()).toEqual(['leaf', 'root']);

    await h.losant.experienceGroup.delete({ applicationId, experienceGroupId: mid.id });
    const leafAfter = await h.losant.experienceGroup.get({ applicationId, experienceGroupId: leaf.id });
    expect(leafAfter).toMatchObject({ parentId: root.id, ancestorIds: [root.id] });
    const names = await h.losant.experienceGroups.get({ applicationId, sortField: 'name', filterField: 'name', filter: '*' });
    expect(names.items.map((g: { name: string }) => g.name)).toEqual(['leaf', 'root']);
  });
});

describe('users by group: includeAncestorGroups, and the special experienceGroupIds any and none', () => {
  test('includeAncestorGroups: also the members of the parent, its parent, … (Losant counts them as members of the group)', async () => {
    const root = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'root' } });
    const mid = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'mid', parentId: root.id } });
    const leaf = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'leaf', parentId: mid.id } });
    for (const [email, g] of [['r@example.com', root.id], ['m@example.com', mid.id], ['l@example.com', leaf.id]]) {
      await h.losant.experienceUsers.post({ applicationId, experienceUser: { email, password: 'password1', experienceGroupIds: [g] } });
    }
    const emails = async (experienceGroupId: string, includeAncestorGroups?: boolean) =>
      (await h.losant.experienceUsers.get({ applicationId, experienceGroupId, ...(includeAncestorGroups ? { includeAncestorGroups } : {}) })).items.map((u: { email: string }) => u.email);
    expect(await emails(leaf.id, true)).toEqual(['l@example.com', 'm@example.com', 'r@example.com']);
    expect(await emails(mid.id, true)).toEqual(['m@example.com', 'r@example.com']);
    expect(await emails(root.id, true)).toEqual(['r@example.com']);
    expect(await emails(mid.id)).toEqual(['m@example.com']);
  });

  test('any: users in at least one group; none: users in no group (Losant\'s list filter)', async () => {
    const g = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Ops' } });
    await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'in@example.com', password: 'password1', experienceGroupIds: [g.id] } });
    await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'out@example.com', password: 'password1' } });
    const emails = async (experienceGroupId: string) =>
      (await h.losant.experienceUsers.get({ applicationId, experienceGroupId })).items.map((u: { email: string }) => u.email);
    expect(await emails('any')).toEqual(['in@example.com']);
    expect(await emails('none')).toEqual(['out@example.com']);
    expect(await emails(g.id)).toEqual(['in@example.com']);
  });
});

describe('the experience and the application', () => {
  test('bootstrap creates a starter experience, and refuses to overwrite without replaceExisting', async () => {
    const result = await h.losant.experience.bootstrap({ applicationId, options: { slug: 'starter-app' } });
    expect(result).toEqual({ resourceSuffix: expect.any(String), email: expect.stringContaining('@'), password: expect.any(String) });
    const views = await h.losant.experienceViews.get({ applicationId });
    expect(views.totalCount).toBeGreaterThan(0);
    expect((await h.losant.experienceEndpoints.get({ applicationId })).totalCount).toBeGreaterThan(0);
    const users = await h.losant.experienceUsers.get({ applicationId });
    expect(users.items.map((u: { email: string }) => u.email)).toEqual([result.email]);
    const again = await failing(h.losant.experience.bootstrap({ applicationId, options: {} }));
    expect(again).toMatchObject({ statusCode: 400, type: 'Validation' });
  });

  test('DELETE of the experience honours its keep/remove flags', async () => {
    await h.losant.experience.bootstrap({ applicationId, options: { slug: 'to-go' } });
    await h.losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1' } });
    await h.losant.experience.delete({ applicationId, keepUsers: 'true' });
    expect((await h.losant.experienceViews.get({ applicationId })).totalCount).toBe(0);
    expect((await h.losant.experienceEndpoints.get({ applicationId })).totalCount).toBe(0);
    expect((await h.losant.experienceUsers.get({ applicationId })).totalCount).toBe(1);
    expect((await h.losant.experienceGroups.get({ applicationId })).totalCount).toBe(0);
    expect((await h.losant.experienceSlugs.get({ applicationId })).items.map((s: { slug: string }) => s.slug)).toEqual([applicationId]);
    expect((await h.losant.experienceViews.get({ applicationId, version: 'v1' })).totalCount).toBeGreaterThan(0);
    await h.losant.experience.delete({ applicationId, removeVersions: 'true' });
    expect((await h.losant.experienceVersions.get({ applicationId })).items.map((v: { version: string }) => v.version)).toEqual(['develop']);
    expect((await h.losant.experienceUsers.get({ applicationId })).totalCount).toBe(0);
  });

  test('GET /applications/{id}; more applications can be served; an unknown one is 404', async () => {
    const other = 'bbbbbbbbbbbbbbbbbbbbbbbb';
    const multi = await startServer({ applicationName: 'Main', applications: [{ id: other, name: 'Second' }] });
    expect(multi.applicationIds).toEqual([multi.applicationId, other]);
    expect(await multi.losant.application.get({ applicationId: multi.applicationId })).toMatchObject({ id: multi.applicationId, name: 'Main' });
    expect(await multi.losant.application.get({ applicationId: other })).toMatchObject({ id: other, name: 'Second' });
    await multi.losant.experienceViews.post({ applicationId: other, experienceView: { name: 'only-here', viewType: 'page' } });
    expect((await multi.losant.experienceViews.get({ applicationId: multi.applicationId })).totalCount).toBe(0);
    expect((await multi.losant.experienceViews.get({ applicationId: other })).totalCount).toBe(1);
    const missing = await failing(multi.losant.experienceViews.get({ applicationId: 'cccccccccccccccccccccccc' }));
    expect(missing).toMatchObject({ statusCode: 404, type: 'NotFound' });
  });
});
