// End-to-end (issue 13): import the fixture, deploy it to the local server, read the views back
// with losant-rest (the independent client) and compare with the fixture; a second deploy writes
// nothing; a pull into another folder gives the same view files; the preview renders every
// imported page, and the experience runtime serves them at the imported endpoints' routes.
// (Endpoints, groups and settings read back: roundtrip.e2e.test.ts.)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runLxp } from '../harness/cli.js';
import { snapshot } from '../harness/folder.js';
import { useOpener, useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { writesOf } from '../cli/helpers.js';
import { authCookie, request } from '../runtime/helpers.js';
import { startPreview } from '../../src/preview/server.js';
import { loadProject } from '../../src/project/load.js';
import { EXPORT_FIXTURE, pullViewsInto, viewFiles } from './helpers.js';

const openWorld = useWorlds('file'); // one world for the file, closed after its last test
const openPreview = useOpener(startPreview); // closed after the test that opened it
let world: World;
let site: string;
const run = (args: string[]) => runLxp(args, { cwd: world.root, env: world.env });

beforeAll(async () => {
  world = await openWorld();
  site = path.join(world.root, 'imported');
  const r = await run(['import', EXPORT_FIXTURE, '--dir', site]);
  expect(r.code, r.output).toBe(0);
  const d = await run(['deploy', '--dir', site, '--json']);
  expect(d.code, d.stdout).toBe(0);
});

describe('import → deploy → read back with losant-rest', () => {
  it('every view of the fixture is on develop: name, type, description, layout, content type, tags, body byte for byte', async () => {
    const dev = path.join(EXPORT_FIXTURE, 'experience/develop');
    const expected: Record<string, any>[] = [];
    for (const folder of ['layouts', 'pages', 'components']) {
      const doc = parseYaml(await readFile(path.join(dev, folder, `${folder}.yaml`), 'utf8'));
      for (const r of doc.resources) expected.push({ ...r, body: await readFile(path.join(dev, folder, r.localFilename), 'utf8') });
    }
    const nameOfPlaceholder = new Map(expected.map((r) => [r.id, r.name]));
    const remote = await world.remoteViews();
    const nameOfId = new Map(remote.map((v) => [v.id, v.name]));
    expect(remote.length).toBe(expected.length);
    for (const e of expected) {
      const v = remote.find((x) => x.viewType === e.viewType && x.name === e.name);
      expect(v, e.name).toBeDefined();
      expect(v!.body, e.name).toBe(e.body);
      expect(v!.description ?? '', e.name).toBe(e.description ?? '');
      expect(v!.layoutId ? nameOfId.get(v!.layoutId) : null, e.name).toBe(e.layoutId ? nameOfPlaceholder.get(e.layoutId) : null);
      expect(v!.headers?.['content-type'] ?? null, e.name).toBe(e.headers?.['content-type'] ?? null);
      const { 'lxp-managed': _managed, ...tags } = v!.viewTags ?? {};
      expect(tags, e.name).toEqual(e.viewTags ?? {});
    }
  });

  it('a second deploy writes nothing; a pull into another folder gives the same view files', async () => {
    const again = await run(['deploy', '--dir', site, '--json']);
    expect(again.code).toBe(0);
    expect(writesOf(again)).toBe(0);

    const { views } = await pullViewsInto(world.root, 'pulled', world.env);
    expect(views).toEqual(viewFiles(await snapshot(site)));
  });
});

describe('every imported page renders', () => {
  it('in the preview: every page answers 200 with its content type', async () => {
    const project = await loadProject(site);
    const preview = await openPreview({ dir: site, port: 0, watch: false });
    for (const v of project.views.filter((x) => x.viewType === 'page')) {
      const res = await fetch(`${preview.url}/~lxp/pages/${v.name.split('/').map(encodeURIComponent).join('/')}`);
      const body = await res.text();
      expect(res.status, `${v.name}: ${body.slice(0, 300)}`).toBe(200);
      expect(res.headers.get('content-type') ?? '').toContain(v.contentType ?? 'text/html');
    }
  });

  it('the endpoint a workflow replies to carries its key on develop (tag lxp-key), and a route change then updates it, never replaces it', async () => {
    const applicationId = world.server.applicationId;
    const endpoints = (await world.losant.experienceEndpoints.get({ applicationId, perPage: 1000 })).items as Array<{ id: string; method: string; route: string; endpointTags?: Record<string, string> }>;
    const keyed = endpoints.filter((e) => e.endpointTags?.['lxp-key'] !== undefined).map((e) => `${e.method} ${e.route} ${e.endpointTags!['lxp-key']}`);
    expect(keyed).toEqual(['post /login postLogin']);
    const login = endpoints.find((e) => e.method === 'post' && e.route === '/login')!;
    // A fresh checkout (no .lxp/) whose file moves the endpoint and changes another field: its key finds it.
    const fresh = path.join(world.root, 'fresh');
    expect((await run(['import', EXPORT_FIXTURE, '--dir', fresh])).code).toBe(0);
    const file = path.join(fresh, 'endpoints.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('- route: /login\n  method: post\n  key: postLogin', '- route: /sign-in\n  method: post\n  key: postLogin\n  description: Signs in'));
    const d = await run(['deploy', '--dir', fresh, '--json']);
    expect(d.code, d.stdout).toBe(0);
    const after = (await world.losant.experienceEndpoint.get({ applicationId, experienceEndpointId: login.id })) as { route: string; description: string };
    expect(after).toMatchObject({ route: '/sign-in', description: 'Signs in' });
    // Back as imported, for the other tests.
    expect((await run(['deploy', '--dir', site, '--json'])).code).toBe(0);
  });

  it('in the experience runtime of the local server, at the routes of the imported endpoints.yaml', async () => {
    const appId = world.server.applicationId;
    const at = (route: string, headers: Record<string, string> = {}) => request(world.server.port, `/~/${appId}${route}`, { headers });
    // Users are data (users.csv is not deployed): one made here, in the imported groups.
    const groups: { id: string; name: string }[] = (await world.losant.experienceGroups.get({ applicationId: appId, perPage: 1000 })).items;
    const groupIds = groups.filter((g) => g.name === 'Admins' || g.name === 'Operators').map((g) => g.id);
    await world.losant.experienceUsers.post({ applicationId: appId, experienceUser: { email: 'ann@example.com', firstName: 'Ann', password: 'a-long-password', experienceGroupIds: groupIds } });
    const signIn = await request(world.server.port, `/~/${appId}/~lxp/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ann%40example.com&next=/' });
    const cookie = authCookie(signIn);

    // Anonymous: the public page, the redirects, the not-found page, the unauthorized replies.
    const login = await at('/login');
    expect(login.status, login.body).toBe(200);
    expect(login.body).toContain('<body class="bare"><form method="post" action="/login">\r\n');
    // Under the /~/<slug> prefix, the server keeps redirects inside it.
    expect(await at('/')).toMatchObject({ status: 302, headers: { location: `/~/${appId}/login` } });
    expect(await at('/old-home')).toMatchObject({ status: 301, headers: { location: `/~/${appId}/` } });
    const missing = await at('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Nothing lives at /no/such/page.');
    const forbidden = await at('/devices/7/data');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toContain('<h1>Not found</h1>');

    // Signed in (Admins, Operators): every page behind an endpoint renders, in its layout, with develop's globals.
    const home = await at('/', { cookie });
    expect(home.status, home.body).toBe(200);
    expect(home.body).toContain('<title>Home · Fleet Demo</title>');
    expect(home.body).toContain('Hello, Ann');
    expect(home.body).toContain('Alerts are on (up to 50 devices)');
    const devices = await at('/devices', { cookie });
    expect(devices.status, devices.body).toBe(200);
    expect(devices.body).toContain('<p>No devices yet.</p>');
    const data = await at('/devices/7/data', { cookie });
    expect(data.status, data.body).toBe(200);
    expect(data.headers['content-type']).toContain('application/json');
    expect(JSON.parse(data.body)).toEqual({ device: '7', readings: [] });
    for (const route of ['/admin', '/reports', '/reports/q1']) {
      const r = await at(route, { cookie });
      expect(r.status, `${route}: ${r.body.slice(0, 300)}`).toBe(200);
    }
    expect((await at('/reports/q1', { cookie })).body).toContain('Reports for Q1');
    expect((await at('/', { cookie })).headers['x-frame-options']).toBe('DENY');
  });
});
