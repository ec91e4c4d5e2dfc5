// `lxp dev` with a remote target (here the local server reached as one, through the environment,
// as any Losant application would be): the folder is served at its routes, but lxp never offers
// a sign-in for a remote application — every visitor is anonymous — and says so.
import { expect, it } from 'vitest';
import { devSignIn } from '../../src/cli/output/run-watch.js';
import { runLxp } from '../harness/cli.js';
import { useOpener, useWorlds } from '../harness/lifecycle.js';
import { startTestServer } from '../harness/server.js';
import { startDev } from './dev-run.js';

const openWorld = useWorlds();
const startServer = useOpener(startTestServer);

it('serves the folder at its routes, anonymous only: /~lxp/sign-in says why, refuses to sign in, and --json names the URLs', async () => {
  const { root, dir, server } = await openWorld({
    prefix: 'lxp-dev-remote-',
    files: {
      'pages/me.hbs': 'me={{experience.user.email}}',
      'pages/home.hbs': 'home',
      'endpoints.yaml': '- route: /\n  reply: { page: home }\n- route: /me\n  access: authenticated\n  reply: { page: me }\n',
    },
  });
  await server.losant.experienceUsers.post({ applicationId: server.applicationId, experienceUser: { email: 'ada@example.com', password: 'a-long-password' } });

  const dev = startDev(['--dir', dir, '--port', '0'], { cwd: root, env: server.env(root) });
  const { line } = dev;
  try {
    const preview = await line('preview');
    await line('ready');
    expect(preview.rootUrl).toBe(`${preview.url}/`);
    expect(preview.indexUrl).toBe(`${preview.url}/~lxp/`);
    expect(preview.note).toBeUndefined(); // the folder has a GET / endpoint

    expect(await (await fetch(preview.rootUrl)).text()).toMatch(/^home<script data-lxp-live>/);
    const page = await fetch(`${preview.url}/~lxp/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('the target &#34;env&#34; is a remote application, and lxp never offers a sign-in for one');
    const refused = await fetch(`${preview.url}/~lxp/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com', redirect: 'manual' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${preview.url}/me`)).status).toBe(401);
    expect(await (await fetch(preview.indexUrl)).text()).toContain('No development sign-in: the target');
  } finally {
    dev.stop();
  }
  const result = await dev.running;
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n').pop()).toMatch(/"command":"dev"/);
});

it('lxp dev offers the local sign-in on a loopback address only (--host 0.0.0.0: anonymous, and says why)', async () => {
  const server = await startServer();
  const conn = { localUsers: server.experienceUsers(), local: undefined, client: { applicationId: server.applicationId }, target: { name: 'local' } } as unknown as Parameters<typeof devSignIn>[0];
  expect(devSignIn(conn, '127.0.0.1')).toHaveProperty('users');
  expect(devSignIn(conn, 'localhost')).toHaveProperty('users');
  const open = devSignIn(conn, '0.0.0.0');
  expect('unavailable' in open && open.unavailable).toMatch(/^lxp dev listens on 0\.0\.0\.0, which other machines may reach/);
});

it('a --host that does not resolve is a usage error (exit 2) for dev, preview and server, with the flag named and nothing sent', async () => {
  const { root, dir, server } = await openWorld({ prefix: 'lxp-dev-host-', files: { 'pages/home.hbs': 'home', 'endpoints.yaml': '- route: /\n  reply: { page: home }\n' } });
  const message = 'cannot listen on nonexistent.invalid: the name does not resolve to an address (ENOTFOUND), so it is not an address of this machine; pass another --host (default 127.0.0.1)';
  for (const args of [['dev', '--dir', dir], ['preview', '--dir', dir], ['server', '--data', ':memory:']]) {
    const run = await runLxp([...args, '--host', 'nonexistent.invalid', '--port', '0'], { cwd: root, env: server.env(root) });
    expect(run.code, args[0]).toBe(2);
    expect(run.stderr.trim().split('\n').pop(), args[0]).toBe(`lxp: ${message}`);
    const json = await runLxp([...args, '--host', 'nonexistent.invalid', '--port', '0', '--json'], { cwd: root, env: server.env(root) });
    expect(json.code, args[0]).toBe(2);
    expect(JSON.parse(json.stdout.trim().split('\n').pop()!)).toMatchObject({ command: args[0], outcome: 'error', exitCode: 2, error: { code: 'usage', message } });
  }
  expect((await server.requests()).filter((r) => r.method !== 'GET')).toEqual([]);
});
