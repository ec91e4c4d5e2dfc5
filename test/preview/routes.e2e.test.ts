// The experience at its routes in the dev server (startPreview, what `lxp dev` and `lxp preview`
// run), served from the folder — endpoints.yaml, groups.yaml, experience.yaml, views and reply
// files — with the development sign-in over a real local server's users (created with
// losant-rest, the independent client): params, a redirect, the not-found reply, a disabled
// endpoint, access with users of the right and the wrong group, a reply file with two
// scenarios, the 501 page, a component with @args, the overlay, live reload of routed pages and
// the index of endpoints.
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { makeExperience } from '../harness/folder.js';
import { useOpener, useWorlds } from '../harness/lifecycle.js';
import type { TestServer } from '../harness/server.js';
import { authCookie, request, type Answer } from '../runtime/helpers.js';

const ENDPOINTS = `
- route: /
  reply: { page: home }
- route: /devices/{deviceId}
  reply: { page: device }
- route: /old/{id}
  reply: { redirect: "/devices/{{request.params.id}}?from=old" }
- route: /me
  access: authenticated
  reply: { page: device }
- route: /admin
  access: group
  groups: [Operators]
  reply: { page: device }
  unauthorized: { page: login }
- route: /tele/{deviceId}
  access: device
  deviceIdTemplate: "{{request.params.deviceId}}"
  reply: { page: device }
  unauthorized: { page: login }
- route: /items
- route: /pending
- route: /sub
  key: reports/monthly
- route: /oops
  reply: { page: oops }
- route: /off
  enabled: false
  reply: { page: home }
`;

const FILES: Record<string, string> = {
  'layouts/main.hbs': '<!doctype html><html><head><title>{{section "title"}}</title></head><body><main>{{page}}</main>{{component "nav"}}</body></html>',
  'components/nav.hbs': '<nav><a href="/devices/1">one</a></nav>',
  'components/card.hbs': '{{#with @args as |args|}}<b class="card">{{args.title}}:{{args.count}}:{{../deviceId}}</b>{{/with}}',
  'pages/home.hbs': '---\nlayout: main\n---\n<h1>home</h1>',
  'pages/device.hbs': '---\nlayout: main\n---\n<h1 id="device">device={{request.params.deviceId}}</h1>{{component "card" request.params title="Pumps" count=3}} user={{#if experience.user}}{{experience.user.email}}{{else}}anonymous{{/if}} brand={{globals.brand}} version={{experience.version}} endpoint={{experience.endpoint.route}}',
  'pages/not-found.hbs': '---\nlayout: main\n---\n<h1 id="nf">no page at {{request.path}}</h1>',
  'pages/login.hbs': '<p id="login">please log in</p>',
  'pages/list.hbs': '---\nlayout: main\n---\n<ul>{{#each pageData.items}}<li>{{this}}</li>{{/each}}</ul><p>{{pageData.title}}</p>',
  'pages/oops.hbs': '---\nlayout: main\n---\nline one\n{{nosuchhelper 1}}',
  'endpoints.yaml': ENDPOINTS,
  // Flat on the server, nested here: the tree of groups.yaml decides (Admins may use Operators' endpoints).
  'groups.yaml': '- name: Admins\n  children:\n    - name: Operators\n      deviceIds: [5f0c1e2d3b4a596877665544]\n- name: Customers\n',
  'experience.yaml': 'globals:\n  - key: brand\n    value: Acme\nnotFound: { page: not-found }\n',
  'replies/getItems.yaml': 'page: list\npageData:\n  title: "for {{request.path}}"\n  items: [a, b]\nscenarios:\n  default: {}\n  empty:\n    status: 202\n    pageData: { items: [] }\n',
  'replies/reports/monthly.yaml': 'json: { report: monthly }\n',
};

// One world and one dev server for the file (the dev server closed first), and a test's own previews.
const openWorld = useWorlds('file');
const startDevServer = useOpener(startPreview, 'file');
const openPreview = useOpener(startPreview);
let root: string;
let dir: string;
let h: TestServer;
let dev: PreviewServer;
const port = () => Number(new URL(dev.url).port);
const get = (p: string, init?: Parameters<typeof request>[2]): Promise<Answer> => request(port(), p, init);
const signIn = async (email: string) => authCookie(await get('/~lxp/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(email)}` }));

beforeAll(async () => {
  ({ root, dir, server: h } = await openWorld({ prefix: 'lxp-dev-routes-', files: FILES, applicationName: 'Pump Works' }));
  const applicationId = h.applicationId;
  const group = (name: string) => h.losant.experienceGroups.post({ applicationId, experienceGroup: { name } });
  const [admins, operators, customers] = [await group('Admins'), await group('Operators'), await group('Customers')];
  const user = (email: string, g: { id: string }) => h.losant.experienceUsers.post({ applicationId, experienceUser: { email, password: 'a-long-password', experienceGroupIds: [g.id] } });
  await user('ada@example.com', admins);
  await user('otto@example.com', operators);
  await user('cora@example.com', customers);
  dev = await startDevServer({
    dir,
    watch: false,
    application: { id: applicationId, name: 'Pump Works' },
    signIn: { users: h.experienceUsers(), where: 'test' },
  });
});

describe('DNS rebinding', () => {
  test('a Host that is not this machine gets 403 on every route (pages, the index, the sign-in, live reload); localhost names still work', async () => {
    for (const p of ['/', '/devices/1', '/~lxp/', '/~lxp/sign-in', '/~lxp/events']) {
      const r = await get(p, { host: `evil.example:${port()}` });
      expect(r.status, p).toBe(403);
      expect(r.body).toContain('Host "evil.example" is not served here');
    }
    const post = await get('/~lxp/sign-in', { host: `evil.example:${port()}`, method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com' });
    expect(post.status).toBe(403);
    expect(post.headers['set-cookie']).toBeUndefined();
    expect((await get('/~lxp/sign-in', { host: `localhost:${port()}` })).status).toBe(200);
  });
});

describe('routes from endpoints.yaml', () => {
  test('a page reached through /devices/{deviceId} sees request.params, globals, the endpoint; a component gets @args', async () => {
    const r = await get('/devices/7?tab=x');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<h1 id="device">device=7</h1>');
    expect(r.body).toContain('<b class="card">Pumps:3:7</b>');
    expect(r.body).toContain('user=anonymous brand=Acme version=develop endpoint=/devices/{deviceId}');
    // The live-reload client names the URL it shows.
    expect(r.body).toContain('/~lxp/events?url=%2Fdevices%2F7%3Ftab%3Dx');
  });

  test('a redirect reply renders its path template (301 by default)', async () => {
    const r = await get('/old/5');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/devices/5?from=old');
  });

  test("the not-found reply of experience.yaml answers unknown routes and disabled endpoints", async () => {
    for (const p of ['/nope', '/off']) {
      const r = await get(p);
      expect(r.status).toBe(404);
      expect(r.body).toContain(`<h1 id="nf">no page at ${p}</h1>`);
    }
  });

  test('a workflow endpoint without a reply file gets the 501 page naming the file to add', async () => {
    const r = await get('/pending');
    expect(r.status).toBe(501);
    expect(r.body).toContain('replies/getPending.yaml');
  });

  test('a reply file with two scenarios, picked with ?lxp-scenario; a key with "/" names a subfolder', async () => {
    const first = await get('/items');
    expect(first.status).toBe(200);
    expect(first.body).toContain('<ul><li>a</li><li>b</li></ul><p>for /items</p>');
    const empty = await get('/items?lxp-scenario=empty');
    expect(empty.status).toBe(202);
    expect(empty.body).toContain('<ul></ul><p>for /items</p>');
    const unknown = await get('/items?lxp-scenario=nobody');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('lxp-error-overlay');
    expect(unknown.body).toContain('no scenario &quot;nobody&quot; (available: default, empty)');
    const sub = await get('/sub');
    expect(JSON.parse(sub.body)).toEqual({ report: 'monthly' });
  });

  test('a render error shows the error overlay with HTTP 500, naming the file and line', async () => {
    const r = await get('/oops');
    expect(r.status).toBe(500);
    expect(r.body).toContain('id="lxp-error-overlay"');
    expect(r.body).toMatch(/lxp-error-file[^>]*>pages\/oops\.hbs:5</);
  });
});

describe('access with the development sign-in (the local server users, groups by name, tree from groups.yaml)', () => {
  test('authenticated: anonymous gets 401, a signed-in user the page with experience.user', async () => {
    const anonymous = await get('/me');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toEqual({ error: 'Unauthorized' });
    const r = await get('/me', { headers: { cookie: await signIn('otto@example.com') } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('user=otto@example.com');
  });

  test('group: a member (or a member of a parent group in groups.yaml) gets in; another group gets the unauthorized page', async () => {
    const otto = await get('/admin', { headers: { cookie: await signIn('otto@example.com') } });
    expect(otto.status).toBe(200);
    const ada = await get('/admin', { headers: { cookie: await signIn('ada@example.com') } });
    expect(ada.status).toBe(200);
    expect(ada.body).toContain('user=ada@example.com');
    const cora = await get('/admin', { headers: { cookie: await signIn('cora@example.com') } });
    expect(cora.status).toBe(401);
    expect(cora.body).toContain('please log in');
  });

  test("device: a member of the device's group, or of its parent group in groups.yaml (Losant's parent group rule), gets in; another group the unauthorized page (review 9, M2)", async () => {
    const tele = '/tele/5f0c1e2d3b4a596877665544';
    expect((await get(tele, { headers: { cookie: await signIn('otto@example.com') } })).status).toBe(200);
    const ada = await get(tele, { headers: { cookie: await signIn('ada@example.com') } });
    expect(ada.status).toBe(200);
    expect(ada.body).toContain('user=ada@example.com');
    const cora = await get(tele, { headers: { cookie: await signIn('cora@example.com') } });
    expect(cora.status).toBe(401);
    expect(cora.body).toContain('please log in');
    expect((await get('/tele/5f0c1e2d3b4a596877665545', { headers: { cookie: await signIn('ada@example.com') } })).status).toBe(401);
  });

  test('the sign-in page lists the users with their groups; signing out clears the cookie', async () => {
    const page = await get('/~lxp/sign-in');
    expect(page.status).toBe(200);
    for (const email of ['ada@example.com', 'otto@example.com', 'cora@example.com']) expect(page.body).toContain(email);
    const out = await get('/~lxp/sign-out', { method: 'POST', headers: { cookie: await signIn('ada@example.com') } });
    expect(out.status).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/^authorization=; /);
  });
});

describe('the index of lxp (/~lxp/)', () => {
  test('lists endpoints: GET routes as links, routes with parameters as a form, what answers each', async () => {
    const r = await get('/~lxp/', { headers: { cookie: await signIn('ada@example.com') } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Signed in as <strong>ada@example.com</strong>');
    expect(r.body).toContain('<a href="/"><code>/</code></a>');
    expect(r.body).toContain('<form class="route" method="get" action="/~lxp/go"><code>/devices/{deviceId}</code>');
    expect(r.body).toMatch(/data-endpoint="GET \/pending".*501.*replies\/getPending\.yaml/);
    expect(r.body).toContain('<a href="/items?lxp-scenario=empty">empty</a>');
    expect(r.body).toContain('(disabled: not served)');
    // The page previews stay, under /~lxp/pages/.
    expect(r.body).toContain('href="/~lxp/pages/device"');
    expect((await get('/~lxp/pages/home')).body).toContain('<h1>home</h1>');
  });

  test('/~lxp/go fills a route in and redirects; a missing value is a 400', async () => {
    const r = await get('/~lxp/go?route=%2Fdevices%2F%7BdeviceId%7D&param.deviceId=a%20b');
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/devices/a%20b');
    expect((await get('/~lxp/go?route=%2Fdevices%2F%7BdeviceId%7D&param.deviceId=')).status).toBe(400);
  });
});

/** Opens the event stream of an open URL; resolves once connected, keeping the files of each "reload" event. */
function subscribe(key: string): Promise<{ events: string[][]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: string[][] = [];
    let buffer = '';
    const req = http.get(`${dev.url}/~lxp/events?${key}`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffer += d;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const m = /^event: reload\ndata: (.*)$/m.exec(buffer.slice(0, end));
          if (m) events.push((JSON.parse(m[1]) as { files: string[] }).files);
          buffer = buffer.slice(end + 2);
        }
      });
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

describe('live reload of routed pages', () => {
  test('an open URL re-renders when a file its answer used changes (component, endpoints.yaml, its reply file), not for others', async () => {
    await get('/devices/7');
    await get('/items');
    const device = await subscribe('url=%2Fdevices%2F7');
    const items = await subscribe('url=%2Fitems');
    try {
      // A change, then one that concerns both (experience.yaml): once that one's event has come,
      // every event of the first has too (one stream, in order). No waiting on the clock.
      const sentinel = 'experience.yaml';
      const after = async (file: string) => {
        const before = [device.events.length, items.events.length];
        await dev.reload([file]);
        await dev.reload([sentinel]);
        const arrived = (e: string[][], from: number) => e.slice(from).some((f) => f[0] === sentinel);
        while (!arrived(device.events, before[0]) || !arrived(items.events, before[1])) await new Promise((r) => setTimeout(r, 5));
        return [device.events.slice(before[0]).filter((f) => f[0] === file).length, items.events.slice(before[1]).filter((f) => f[0] === file).length];
      };
      expect(await after('components/card.hbs')).toEqual([1, 0]);
      expect(await after('replies/getItems.yaml')).toEqual([0, 1]);
      expect(await after('pages/home.hbs')).toEqual([0, 0]);
      expect(await after('endpoints.yaml')).toEqual([1, 1]);
      expect(await after('groups.yaml')).toEqual([1, 1]);
      expect(await after('layouts/main.hbs')).toEqual([1, 1]);
    } finally {
      device.close();
      items.close();
    }
  });

  test('a save shows at once, before any push: a new reply file turns the 501 into the page', async () => {
    expect((await get('/pending')).status).toBe(501);
    await writeFile(path.join(dir, 'replies/getPending.yaml'), 'body: done\n');
    await dev.reload(['replies/getPending.yaml']);
    const r = await get('/pending');
    expect(r.status).toBe(200);
    expect(r.body).toBe('done');
  });

  test('an endpoint whose file has a validation issue shows the overlay, a redirect too; the others keep working', async () => {
    // A page the folder lacks, and a second /old/{id} (the first one is a redirect).
    await writeFile(path.join(dir, 'endpoints.yaml'), `${ENDPOINTS}- route: /ghost\n  reply: { page: ghost }\n- route: /old/{id}\n  reply: { page: home }\n`);
    await dev.reload(['endpoints.yaml']);
    try {
      const ghost = await get('/ghost');
      expect(ghost.status).toBe(500);
      expect(ghost.body).toContain('id="lxp-error-overlay"');
      expect(ghost.body).toContain('endpoints.yaml');
      // Followed, the redirect would hide the broken entry behind another page.
      const old = await get('/old/7');
      expect(old.status).toBe(500);
      expect(old.headers.location).toBeUndefined();
      expect(old.body).toContain('id="lxp-error-overlay"');
      expect(old.body).toMatch(/GET \/old\/\{id\} is also declared at line \d+/);
      expect(old.body).toContain('/~lxp/events'); // re-renders once fixed
      expect((await get('/devices/1')).status).toBe(200);
    } finally {
      await writeFile(path.join(dir, 'endpoints.yaml'), ENDPOINTS);
      await dev.reload(['endpoints.yaml']);
    }
  });
});

describe('without users or endpoints (lxp preview, a folder of views only)', () => {
  test('/ shows the index; /~lxp/sign-in says nobody can sign in; POST is refused', async () => {
    const only = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>' }, { name: 'views-only' });
    const p = await openPreview({ dir: only, watch: false });
    const at = (q: string, init?: Parameters<typeof request>[2]) => request(Number(new URL(p.url).port), q, init);
    const rootAnswer = await at('/');
    expect(rootAnswer.status).toBe(302);
    expect(rootAnswer.headers.location).toBe('/~lxp/');
    expect(p.rootNote()).toMatch(/no endpoints\.yaml/);
    expect((await at('/devices')).status).toBe(404);
    const page = await at('/~lxp/sign-in');
    expect(page.status).toBe(200);
    expect(page.body).toContain('No development sign-in here');
    expect((await at('/~lxp/sign-in', { method: 'POST', body: 'email=a@example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(403);
  });
});

describe('what the start banner says about / (review 10, F3)', () => {
  /** The banner's note about / for the folder at `dir`, and what / then answers. */
  async function rootOf(dir: string): Promise<{ note: string | undefined; status: number }> {
    const p = await startPreview({ dir, watch: false });
    try {
      return { note: p.rootNote(), status: (await request(Number(new URL(p.url).port), '/')).status };
    } finally {
      await p.close();
    }
  }

  test('endpoints.yaml with errors: the note names them and says / shows the overlay, as it does', async () => {
    const broken = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /\n  reply: { page: home }\n- route: [\n' }, { name: 'broken-endpoints' });
    expect(await rootOf(broken)).toEqual({ note: 'endpoints.yaml has errors (endpoints.yaml:4): / shows the error overlay until they are fixed', status: 500 });
  });

  // Review 10b, F8: the error in the GET / entry itself left the entry in place (so / matched it) and gave no note.
  test('an error in the GET / entry itself, or in experience.yaml: the note names it, and / shows the overlay', async () => {
    const entry = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /other\n  reply: { page: home }\n- route: /\n  reply: { page: home }\n  bogus: 1\n' }, { name: 'broken-root-entry' });
    expect(await rootOf(entry)).toEqual({ note: 'the GET / entry of endpoints.yaml has errors (endpoints.yaml:5): / shows the error overlay until they are fixed', status: 500 });
    const page = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /\n  reply: { page: homer }\n' }, { name: 'root-entry-no-page' });
    expect(await rootOf(page)).toEqual({ note: expect.stringMatching(/^the GET \/ entry of endpoints\.yaml has errors \(endpoints\.yaml:2\): \/ shows the error overlay until they are fixed$/), status: 500 });
    const settings = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /\n  reply: { page: home }\n', 'experience.yaml': 'bogus: 1\n' }, { name: 'broken-settings' });
    expect(await rootOf(settings)).toEqual({ note: expect.stringMatching(/^experience\.yaml has errors \(experience\.yaml:1\): \/ shows the error overlay until they are fixed$/), status: 500 });
    // An error in another entry: / answers its page, and the note stays away.
    const other = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /\n  reply: { page: home }\n- route: /other\n  reply: { page: home }\n  bogus: 1\n' }, { name: 'broken-other-entry' });
    expect(await rootOf(other)).toEqual({ note: undefined, status: 200 });
  });

  test('endpoints.yaml that cannot be read at all: the note says so, and / shows the index', async () => {
    const unreadable = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>' }, { name: 'unreadable-endpoints' });
    await mkdir(path.join(unreadable, 'endpoints.yaml'));
    expect(await rootOf(unreadable)).toEqual({ note: 'endpoints.yaml cannot be read (endpoints.yaml): / shows the index of pages', status: 302 });
  });

  test('a readable endpoints.yaml without GET /: the not-found reply, as before', async () => {
    const noRoot = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>', 'endpoints.yaml': '- route: /home\n  reply: { page: home }\n' }, { name: 'no-root-endpoint' });
    expect(await rootOf(noRoot)).toEqual({ note: 'endpoints.yaml has no GET / endpoint: / answers the not-found reply', status: 404 });
  });
});
