// The API refuses what Losant refuses: invalid routes, routes conflicting with another of the
// same method (hapi's rule, e.g. /{deviceId} next to /{userId}), and it clears `headers` on
// layouts and components. Driven through the official client (losant-rest).
import { beforeEach, describe, expect, test } from 'vitest';
import { readExperienceFile } from '../../src/project/resources/read-experience.js';
import { request } from '../runtime/helpers.js';
import { useOpener } from '../harness/lifecycle.js';
import { failing, startTestServer, type TestServer } from '../harness/server.js';

const startServer = useOpener(startTestServer); // each test's server, stopped after it
let h: TestServer;
let applicationId: string;
beforeEach(async () => {
  h = await startServer();
  applicationId = h.applicationId;
});

const post = (experienceEndpoint: Record<string, unknown>) => h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint });

describe('endpoint routes', () => {
  test('a route conflicting with another of the same method is refused, on create and on patch', async () => {
    await post({ method: 'get', route: '/{deviceId}' });
    const err = await failing(post({ method: 'get', route: '/{userId}' }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(err.message).toContain('conflicts with the existing endpoint GET /{deviceId}');
    // Another method, or a literal beside the parameter, is fine.
    await post({ method: 'post', route: '/{userId}' });
    const literal = await post({ method: 'get', route: '/users' });
    const wildcard = await post({ method: 'get', route: '/{any*}' });
    expect(wildcard.route).toBe('/{any*}');
    const patch = await failing(
      h.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: literal.id, experienceEndpoint: { route: '/{id}' } }),
    );
    expect(patch).toMatchObject({ statusCode: 400, type: 'Validation' });
    // Patching an endpoint onto its own route is no conflict.
    await h.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: literal.id, experienceEndpoint: { route: '/users', description: 'x' } });
    const all = await h.losant.experienceEndpoints.get({ applicationId });
    expect(all.items.map((e: { route: string }) => e.route).sort()).toEqual(['/users', '/{any*}', '/{deviceId}', '/{userId}']);
  });

  test('an optional parameter conflicts with the route without it', async () => {
    await post({ method: 'get', route: '/devices' });
    const err = await failing(post({ method: 'get', route: '/devices/{id?}' }));
    expect(err.message).toContain('conflicts');
  });

  test.each([
    ['no-slash', 'must start with "/"'],
    ['/a b', 'segments'],
    ['/{a?}/b', 'last segment only'],
    ['/{a}/{a}', 'used twice'],
  ])('the invalid route %j is refused', async (route, words) => {
    const err = await failing(post({ method: 'get', route }));
    expect(err).toMatchObject({ statusCode: 400, type: 'Validation' });
    expect(err.message).toContain(words);
  });
});

describe('view headers', () => {
  test('kept on pages, cleared on layouts and components (create and patch)', async () => {
    const headers = { 'content-type': 'text/css' };
    const page = await h.losant.experienceViews.post({ applicationId, experienceView: { name: 'p', viewType: 'page', headers } });
    const layout = await h.losant.experienceViews.post({ applicationId, experienceView: { name: 'l', viewType: 'layout', headers } });
    const comp = await h.losant.experienceViews.post({ applicationId, experienceView: { name: 'c', viewType: 'component', headers } });
    expect(page.headers).toEqual(headers);
    expect(layout.headers).toBeUndefined();
    expect(comp.headers).toBeUndefined();
    const patched = await h.losant.experienceView.patch({ applicationId, experienceViewId: comp.id, experienceView: { headers } });
    expect(patched.headers).toBeUndefined();
    const again = await h.losant.experienceView.get({ applicationId, experienceViewId: layout.id });
    expect(again.headers).toBeUndefined();
  });
});

describe('slug and domain names (review 8, L5): what experience.yaml takes, no more, no less', () => {
  const folderTakes = (yaml: string) => readExperienceFile(yaml).issues.length === 0;

  test.each([
    ['abc', true],
    ['my-app-staging', true],
    ['a1b', true],
    ['-abc-', false],
    ['-abc', false],
    ['abc-', false],
    ['ab', false],
    ['Abc', false],
    ['a_b', false],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
  ])('slug %s: accepted %s by the API and by experience.yaml', async (slug, ok) => {
    const r = await h.raw('POST', '/slugs', { body: { slug } });
    expect(r.status, JSON.stringify(r.body)).toBe(ok ? 201 : 400);
    expect(folderTakes(`slugs: [${JSON.stringify(slug)}]\n`)).toBe(ok);
  });

  test.each([
    ['app.example.com', true],
    ['shop.example.co.uk', true],
    ['*.example.com', true],
    ['a b.com', false],
    ['nodot', false],
    ['-bad-.com', false],
    ['app.example.123', false],
    ['app..example.com', false],
    ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.uvw.com', false],
  ])('domain %s: accepted %s by the API and by experience.yaml', async (domainName, ok) => {
    const r = await h.raw('POST', '/domains', { body: { domainName } });
    expect(r.status, JSON.stringify(r.body)).toBe(ok ? 201 : 400);
    expect(folderTakes(`domains:\n  - name: ${JSON.stringify(domainName)}\n`)).toBe(ok);
  });
});

test('a wildcard domain serves the names one label below it (Losant: "may contain a subdomain in the form of a wildcard")', async () => {
  await h.raw('POST', '/domains', { body: { domainName: '*.wild.example.com', version: 'develop' } });
  const hit = await request(h.port, '/anything', { host: `shop.wild.example.com:${h.port}` });
  expect([hit.status, JSON.parse(hit.body)]).toEqual([404, { error: 'No endpoint found for route' }]);
  const exact = await request(h.port, '/anything', { host: `wild.example.com:${h.port}` });
  expect(exact.body).not.toContain('No endpoint found for route');
});
