// The experience served by the local server, over HTTP, set up with the official client
// (losant-rest): routes, replies, status codes, access with the development sign-in, reply
// files, frozen versions behind slugs, CORS and response headers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { authCookie, request } from './helpers.js';

// One server and its experience folder for the file: stopped, then removed, after its last test.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
let h: TestServer;
let applicationId: string;
let dir: string;
/** GET (or other) under the /~/<slug>/ prefix of the main application's default slug. */
let at: (path: string, init?: Parameters<typeof request>[2]) => ReturnType<typeof request>;
const ids: Record<string, string> = {};
/** The device of the `admins` group (a child of `staff`). */
const PUMP = '5f0c1e2d3b4a596877665544';

async function view(name: string, viewType: string, body: string, extra: Record<string, unknown> = {}) {
  const v = await h.losant.experienceViews.post({ applicationId, experienceView: { name, viewType, body, ...extra } });
  ids[`${viewType}:${name}`] = v.id;
  return v;
}
const endpoint = (experienceEndpoint: Record<string, unknown>) => h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint });

beforeAll(async () => {
  dir = await tempDir('lxp-runtime-');
  mkdirSync(join(dir, 'replies'));
  h = await startServer({ experienceDir: dir, applicationName: 'Pump Works', logFile: join(dir, 'requests.log') });
  applicationId = h.applicationId;
  at = (path, init) => request(h.port, `/~/${applicationId}${path}`, init);

  const layout = await view('main', 'layout', '<main data-layout="main">{{page}}</main>{{section "foot"}}');
  const page = (name: string, body: string) => view(name, 'page', body, { layoutId: layout.id });
  await page(
    'device',
    'device={{request.params.deviceId}} q={{request.query.tab}} method={{request.method}} path={{request.path}} route={{experience.endpoint.route}} version={{experience.version}} app={{application.name}} page={{experience.page.name}} layout={{experience.layout.name}} brand={{globals.brand.name}} user={{#if experience.user}}{{experience.user.email}}{{else}}anonymous{{/if}} groups={{#each experience.user.experienceGroups}}{{name}};{{/each}} flow={{#if flow}}yes{{else}}no{{/if}}',
  );
  await page('which', 'which={{experience.endpoint.route}} params={{jsonEncode request.params}}');
  await page('missing', 'nothing at {{request.path}}');
  await page('login', 'please log in (from {{request.path}})');
  await page('reply-page', 'reply: {{pageData.name}} online={{pageData.online}} device={{request.params.deviceId}} flow={{flow.name}}');
  await view('card', 'component', '{{#with @args as |args|}}<b>{{args.title}}</b>:{{args.count}}:{{../name}}{{/with}}');
  await page('cards', '{{component "card" pageData title="Pumps" count=3}}');
  await page('oops', 'line one\n{{nosuchhelper 1}}');

  const staff = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'staff' } });
  const admins = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'admins', parentId: staff.id, deviceIds: [PUMP] } });
  const viewers = await h.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'viewers' } });
  ids.admins = admins.id;
  await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'ada@example.com', password: 'secret-pass-1', firstName: 'Ada', experienceGroupIds: [admins.id] } });
  await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'vic@example.com', password: 'secret-pass-2', experienceGroupIds: [viewers.id] } });
  await h.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'sam@example.com', password: 'secret-pass-3', experienceGroupIds: [staff.id] } });

  const pageReply = (name: string) => ({ type: 'page', value: ids[`page:${name}`] });
  await endpoint({ method: 'get', route: '/devices/{deviceId}', staticReply: pageReply('device') });
  await endpoint({ method: 'get', route: '/{any*}', staticReply: pageReply('which') });
  await endpoint({ method: 'get', route: '/things/{id}', staticReply: pageReply('which') });
  await endpoint({ method: 'get', route: '/things/special', staticReply: pageReply('which') });
  await endpoint({ method: 'get', route: '/old/{id}', staticReply: { type: 'redirect', value: '/devices/{{request.params.id}}?from=old' } });
  await endpoint({ method: 'get', route: '/moved', staticReply: { type: 'redirect', value: '/devices/1', statusCode: 307 } });
  await endpoint({ method: 'get', route: '/off', enabled: false, staticReply: pageReply('device') });
  await endpoint({ method: 'post', route: '/off', enabled: false, staticReply: pageReply('device') });
  await endpoint({ method: 'get', route: '/me', access: 'authenticated', staticReply: pageReply('device') });
  await endpoint({ method: 'get', route: '/tele/{deviceId}', access: 'device', deviceIdTemplate: '{{request.params.deviceId}}', staticReply: pageReply('device'), unauthorizedReply: pageReply('login') });
  await endpoint({ method: 'get', route: '/admin', access: 'group', experienceGroupIds: [admins.id], staticReply: pageReply('device'), unauthorizedReply: pageReply('login') });
  await endpoint({ method: 'get', route: '/reply/{deviceId}' });
  await endpoint({ method: 'post', route: '/workflow' });
  await endpoint({ method: 'get', route: '/cards' });
  await endpoint({ method: 'get', route: '/broken' });
  // Deployed by lxp from a folder entry with `key: reports/monthly` (recorded as the tag lxp-key).
  await endpoint({ method: 'get', route: '/keyed', endpointTags: { 'lxp-key': 'reports/monthly', 'lxp-managed': 'true' } });
  await endpoint({ method: 'get', route: '/oops', staticReply: { type: 'page', value: ids['page:oops'] } });
  await h.losant.experienceVersion.patch({
    applicationId,
    experienceVersionIdOrName: 'develop',
    experienceVersion: {
      globals: [{ key: 'brand', json: '{"name":"Acme"}' }],
      unauthorizedReply: { type: 'redirect', value: '/login?redirect={{encodeURIComponent request.path}}' },
      responseHeaders: { 'x-frame-options': 'DENY' },
    },
  });
  writeFileSync(
    join(dir, 'replies', 'getReplyDeviceId.yaml'),
    `page: reply-page
pageData: { name: "Pump {{request.params.deviceId}}", online: true }
headers: { x-device: "{{request.params.deviceId}}" }
cookies: { seen: "yes" }
scenarios:
  online: {}
  offline:
    status: 503
    pageData: { online: false }
  manual:
    headers: { Set-Cookie: "manual=1" }
`,
  );
  writeFileSync(join(dir, 'replies', 'getCards.yaml'), 'page: cards\npageData: { name: inner }\n');
  writeFileSync(join(dir, 'replies', 'getBroken.yaml'), 'redirect: "/x/{{#if}}"\n');
  mkdirSync(join(dir, 'replies', 'reports'));
  writeFileSync(join(dir, 'replies', 'reports', 'monthly.yaml'), 'json: { report: monthly }\n');
});

describe('static replies and the documented context', () => {
  test('a page reached through /devices/{deviceId} sees request.params.deviceId, in its layout, with the context Losant documents', async () => {
    const r = await at('/devices/42?tab=data');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toBe(
      '<main data-layout="main">device=42 q=data method=get path=/devices/42 route=/devices/{deviceId} version=develop app=Pump Works page=device layout=main brand=Acme user=anonymous groups= flow=no</main>',
    );
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  test('the same by Host: <slug>.localhost', async () => {
    const r = await request(h.port, '/devices/7', { host: `${applicationId}.localhost:${h.port}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain('device=7 ');
  });

  test('literal beats parameter beats wildcard', async () => {
    expect((await at('/things/special')).body).toContain('which=/things/special');
    expect((await at('/things/9')).body).toContain('which=/things/{id} params={"id":"9"}');
    expect((await at('/things/9/deeper')).body).toContain('which=/{any*} params={"any":"things/9/deeper"}');
  });

  test('a page that fails to render: 500 naming the view, where lxp pull would put it, and the line', async () => {
    const r = await at('/oops');
    expect(r.status).toBe(500);
    expect(r.body).toContain('500 Render error');
    expect(r.body).toContain('pages/oops.hbs:2: missing helper &#34;nosuchhelper&#34;');
  });

  test('a redirect reply: its path is a template; 301 unless the endpoint says otherwise; kept under the prefix', async () => {
    const r = await at('/old/5');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`/~/${applicationId}/devices/5?from=old`);
    const byHost = await request(h.port, '/old/5', { host: `${applicationId}.localhost` });
    expect(byHost.headers.location).toBe('/devices/5?from=old');
    expect((await at('/moved')).status).toBe(307);
  });
});

describe('not found and disabled', () => {
  test('without a not-found reply: 404 {"error":"No endpoint found for route"}; a disabled endpoint likewise', async () => {
    const r = await at('/anything', { method: 'POST' });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ error: 'No endpoint found for route' });
    const off = await at('/off', { method: 'POST' });
    expect(off.status).toBe(404);
    expect(JSON.parse(off.body)).toEqual({ error: 'No endpoint found for route' });
  });

  test('a disabled endpoint is out of the router: the request falls through to the next route that matches', async () => {
    const off = await at('/off');
    expect(off.status).toBe(200);
    expect(off.body).toContain('which=/{any*} params={"any":"off"}');
  });

  test("the version's not-found reply answers unknown and disabled routes (page: 404)", async () => {
    await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: { type: 'page', value: ids['page:missing'] } } });
    try {
      const off = await at('/off', { method: 'POST' });
      expect(off.status).toBe(404);
      expect(off.body).toContain('nothing at /off');
      expect((await at('/anything', { method: 'DELETE' })).body).toContain('nothing at /anything');
    } finally {
      await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: null } });
    }
  });
});

describe('access, with the development sign-in', () => {
  const signIn = async (email: string) => authCookie(await at('/~lxp/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(email)}&next=/me` }));

  test('the sign-in page lists the users with their groups', async () => {
    const r = await at('/~lxp/sign-in');
    expect(r.status).toBe(200);
    expect(r.body).toContain('ada@example.com');
    expect(r.body).toContain('admins');
    expect(r.body).toContain('vic@example.com');
  });

  test('authenticated: anonymous gets the version unauthorized reply (redirect template, 302); a signed-in user gets the page', async () => {
    const anon = await at('/me');
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toBe(`/~/${applicationId}/login?redirect=%2Fme`);
    const signedIn = await at('/~lxp/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=vic%40example.com&next=/me' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`/~/${applicationId}/me`);
    const cookie = authCookie(signedIn);
    const me = await at('/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toContain('user=vic@example.com groups=viewers;');
  });

  test("a form posted from another site's page is refused (403, no cookie); one from the experience's own origin signs in", async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${h.port + 1}`]) {
      const r = await at('/~lxp/sign-in', { method: 'POST', headers: { ...form, origin }, body: 'email=vic%40example.com&next=/me' });
      expect(r.status, origin).toBe(403);
      expect(r.headers['set-cookie'], origin).toBeUndefined();
      expect(r.body).toContain('accepts forms from its own pages only');
      expect((await at('/~lxp/sign-out', { method: 'POST', headers: { ...form, origin }, body: '' })).status).toBe(403);
    }
    const own = await at('/~lxp/sign-in', { method: 'POST', headers: { ...form, origin: `http://127.0.0.1:${h.port}` }, body: 'email=vic%40example.com&next=/me' });
    expect(own.status).toBe(303);
    expect(authCookie(own)).toMatch(/^authorization=/);
  });

  test('tokens are read from ?authorization=, Authorization: Bearer and the cookie; a forged one is nobody', async () => {
    const token = (await signIn('vic@example.com')).slice('authorization='.length);
    expect((await at(`/me?authorization=${token}`)).status).toBe(200);
    expect((await at('/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await at('/me', { headers: { authorization: `Bearer ${token}x` } })).status).toBe(302);
    // Public pages see the user too.
    expect((await at('/devices/1', { headers: { authorization: `Bearer ${token}` } })).body).toContain('user=vic@example.com');
  });

  test('group: a user of the right group gets the page; of the wrong group, the endpoint unauthorized reply (page: 401)', async () => {
    const right = await at('/admin', { headers: { cookie: await signIn('ada@example.com') } });
    expect(right.status).toBe(200);
    expect(right.body).toContain('user=ada@example.com groups=admins;');
    const wrong = await at('/admin', { headers: { cookie: await signIn('vic@example.com') } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('please log in (from /admin)');
    const anon = await at('/admin');
    expect(anon.status).toBe(401);
    // A member of the parent group of an allowed group is allowed too.
    const parent = await at('/admin', { headers: { cookie: await signIn('sam@example.com') } });
    expect(parent.status).toBe(200);
    expect(parent.body).toContain('user=sam@example.com groups=staff;');
  });

  test("device: members of the device's group and of its ancestors get the page (Losant's parent group rule); others 401", async () => {
    expect((await at(`/tele/${PUMP}`, { headers: { cookie: await signIn('ada@example.com') } })).status).toBe(200);
    const parent = await at(`/tele/${PUMP}`, { headers: { cookie: await signIn('sam@example.com') } });
    expect(parent.status).toBe(200);
    expect(parent.body).toContain('user=sam@example.com groups=staff;');
    expect((await at(`/tele/${PUMP}`, { headers: { cookie: await signIn('vic@example.com') } })).status).toBe(401);
    expect((await at('/tele/5f0c1e2d3b4a596877665545', { headers: { cookie: await signIn('sam@example.com') } })).status).toBe(401);
  });

  test('signing out clears the cookie', async () => {
    const r = await at('/~lxp/sign-out', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'next=/' });
    expect(r.status).toBe(303);
    expect(String(r.headers['set-cookie'])).toMatch(/^authorization=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe('workflow endpoints', () => {
  test('a reply file with two scenarios: default (the first) and ?lxp-scenario=offline', async () => {
    const online = await at('/reply/7');
    expect(online.status).toBe(200);
    expect(online.body).toBe('<main data-layout="main">reply: Pump 7 online=true device=7 flow=lxp reply file replies/getReplyDeviceId.yaml</main>');
    expect(online.headers['x-device']).toBe('7');
    expect(online.headers['set-cookie']).toEqual(['seen=yes; Path=/']);
    const offline = await at('/reply/7?lxp-scenario=offline');
    expect(offline.status).toBe(503);
    expect(offline.body).toContain('reply: Pump 7 online=false device=7');
    // Left blank (a form's empty field): the default, as without it (review 9b, F7).
    const blank = await at('/reply/7?lxp-scenario=');
    expect([blank.status, blank.body]).toEqual([200, online.body]);
    const unknown = await at('/reply/7?lxp-scenario=nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('no scenario &#34;nope&#34; (available: online, offline, manual)');
    // A Set-Cookie header and cookies: both sent, the header's line first (review 10, F13: the header was dropped).
    const manual = await at('/reply/7?lxp-scenario=manual');
    expect(manual.headers['set-cookie']).toEqual(['manual=1', 'seen=yes; Path=/']);
  });

  test('without a reply file: the 501 page names the endpoint and the file to add', async () => {
    const r = await at('/workflow', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(r.status).toBe(501);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('POST /workflow would run a workflow');
    expect(r.body).toContain('replies/postWorkflow.yaml');
  });

  test("an endpoint deployed with a folder key (tag lxp-key) is answered by replies/<key>.yaml, as in lxp dev", async () => {
    const r = await at('/keyed');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ report: 'monthly' });
  });

  test('a reply file whose template does not render: 500 naming the file', async () => {
    const r = await at('/broken');
    expect(r.status).toBe(500);
    expect(r.body).toContain('500 Reply file error');
    expect(r.body).toContain('replies/getBroken.yaml');
  });

  test('a component with @args', async () => {
    const r = await at('/cards');
    expect(r.status).toBe(200);
    expect(r.body).toBe('<main data-layout="main"><b>Pumps</b>:3:inner</main>');
  });
});

describe('versions, slugs, settings', () => {
  test('a slug serves the version it points at, as frozen in that version', async () => {
    const v1 = await h.losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1' } });
    expect(v1.version).toBe('v1');
    const slug = await h.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'frozen', version: 'v1' } });
    // develop moves on: a view, an endpoint, a setting.
    await h.losant.experienceView.patch({ applicationId, experienceViewId: ids['page:missing'], experienceView: { body: 'changed in develop' } });
    await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: { type: 'page', value: ids['page:missing'] } } });
    await endpoint({ method: 'get', route: '/new-in-develop', staticReply: { type: 'page', value: ids['page:device'] } });
    try {
      // v1 has no /new-in-develop: its wildcard takes the request.
      const frozen = await request(h.port, '/new-in-develop', { host: 'frozen.localhost' });
      expect(frozen.body).toContain('which=/{any*}');
      const frozenMissing = await request(h.port, '/nowhere', { host: 'frozen.localhost', method: 'PUT' });
      expect(JSON.parse(frozenMissing.body)).toEqual({ error: 'No endpoint found for route' });
      expect((await request(h.port, '/devices/3', { host: 'frozen.localhost' })).body).toContain('version=v1');
      const develop = await at('/new-in-develop');
      expect(develop.status).toBe(200);
      expect(develop.body).toContain('route=/new-in-develop');
      expect((await at('/nowhere/at/all', { method: 'PUT' })).body).toContain('changed in develop');
    } finally {
      await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: null } });
      await h.losant.experienceSlug.delete({ applicationId, experienceSlugId: slug.id });
    }
  });

  test('an unknown slug, and a slug pointing at no version, say so', async () => {
    const r = await request(h.port, '/', { host: 'nope.localhost' });
    expect(r.status).toBe(404);
    expect(r.body).toContain('no experience slug "nope"');
    await h.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'nowhere', version: null } });
    expect((await request(h.port, '/', { host: 'nowhere.localhost' })).body).toContain('points at no version');
  });

  test('a declared domain serves its version', async () => {
    await h.losant.experienceDomains.post({ applicationId, experienceDomain: { domainName: 'pumps.example.com', version: 'develop' } });
    const r = await request(h.port, '/devices/11', { host: 'pumps.example.com' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('device=11 ');
  });

  test('DNS rebinding: /~/<slug>/ and its sign-in answer only Hosts of this machine; an undeclared domain is no experience', async () => {
    const rebound = { host: `evil.example:${h.port}` };
    for (const path of [`/~/${applicationId}/devices/1`, `/~/${applicationId}/~lxp/sign-in`]) {
      const r = await request(h.port, path, rebound);
      expect(r.status, path).toBe(403);
      expect(r.body).toContain('Host "evil.example" is not served here');
    }
    const post = await request(h.port, `/~/${applicationId}/~lxp/sign-in`, {
      ...rebound,
      method: 'POST',
      headers: { origin: `http://evil.example:${h.port}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=vic%40example.com',
    });
    expect(post.status).toBe(403);
    expect(post.body).not.toContain('token');
    // Not an experience by that name either: the API answers (and wants its token).
    expect((await request(h.port, '/~lxp/sign-in', rebound)).status).not.toBe(200);
    // This machine's names still work.
    expect((await request(h.port, `/~/${applicationId}/devices/1`, { host: `localhost:${h.port}` })).status).toBe(200);
  });

  test('default CORS answers OPTIONS with the methods of the path, and marks responses for allowed origins', async () => {
    expect((await at('/devices/1', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })).status).toBe(404);
    await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { endpointDefaultCors: true, allowedCorsOrigins: ['https://app.example.com'] } });
    try {
      const pre = await at('/devices/1', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } });
      expect(pre.status).toBe(200);
      expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(pre.headers['access-control-allow-methods']).toBe('GET');
      const get = await at('/devices/1', { headers: { origin: 'https://app.example.com' } });
      expect(get.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const other = await at('/devices/1', { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await h.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { endpointDefaultCors: false } });
    }
  });

  test('the API is untouched: requests without an experience Host or prefix still need the token', async () => {
    expect((await h.raw('GET', '/views', { token: null })).status).toBe(401);
  });

  test('--log has a line per experience request, naming the slug, without the query (which may hold a token)', async () => {
    await at('/me?authorization=secret-token-value');
    const lines = await h.requests();
    const line = lines.find((l) => l.path === `/~/${applicationId}/me`);
    expect(line).toMatchObject({ method: 'GET', status: 302, experience: applicationId });
    expect(JSON.stringify(lines)).not.toContain('secret-token-value');
  });
});
