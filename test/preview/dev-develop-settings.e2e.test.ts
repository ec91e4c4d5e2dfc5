// `lxp dev` serves develop as it will be once the folder is deployed (docs/watch-preview-dev.md):
// while experience.yaml declares no settings, deploy leaves develop's alone, so dev serves
// develop's globals, not-found reply and response headers — read from the target (set here by
// losant-rest, as in the UI) — and says so when it cannot read them. Against the local server
// over loopback, reached as a remote target through the environment (through a loopback proxy
// that can refuse develop's version record).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { useCleanups, useWorlds } from '../harness/lifecycle.js';
import { startDev } from './dev-run.js';

// After each test: the proxy closed (registered last, so first), then the world.
const openWorld = useWorlds();
const defer = useCleanups();

/** Forwards every request to `target`; while `refuse()` is true, GET …/experience/versions/develop answers 503. */
async function startProxy(target: string, refuse: () => boolean): Promise<string> {
  const to = new URL(target);
  const proxy: Server = createServer((req, res) => {
    if (refuse() && req.method === 'GET' && /\/experience\/versions\/develop(\?|$)/.test(req.url ?? '')) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'ServiceUnavailable', message: 'develop is unavailable (test proxy)' }));
      return;
    }
    const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  defer(() => {
    proxy.closeAllConnections();
    return new Promise<void>((r) => proxy.close(() => r()));
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

it("experience.yaml without settings: dev serves develop's globals, not-found reply and headers; says so when it cannot read them", async () => {
  const { root, dir, server } = await openWorld({
    prefix: 'lxp-dev-settings-',
    files: {
      'pages/g.hbs': 'SITE=[{{globals.siteName}}]',
      'pages/nf.hbs': 'NF {{globals.siteName}}',
      'endpoints.yaml': '- route: /g\n  reply: { page: g }\n',
      'experience.yaml': '# develop\'s settings are left alone: none declared here\nslugs: []\n',
    },
  });
  const applicationId = server.applicationId;
  // develop's settings, as a teammate set them in Losant: a global, a not-found page, a header.
  const nf = await server.losant.experienceViews.post({ applicationId, experienceView: { name: 'nf', viewType: 'page', body: 'NF {{globals.siteName}}' } });
  await server.losant.experienceVersion.patch({
    applicationId,
    experienceVersionIdOrName: 'develop',
    experienceVersion: {
      globals: [{ key: 'siteName', json: '"Dev Site"' }],
      notFoundReply: { type: 'page', value: nf.id, statusCode: 404 },
      responseHeaders: { 'x-frame-options': 'DENY' },
    },
  });
  let refusing = false;
  const apiUrl = await startProxy(server.env(root).LOSANT_API_URL!, () => refusing);

  const dev = startDev(['--dir', dir, '--port', '0'], { cwd: root, env: server.env(root, { LOSANT_API_URL: apiUrl }) });
  const { line, lines } = dev;
  try {
    const preview = await line('preview');
    await line('ready');
    const g = await fetch(`${preview.url}/g`);
    expect(await g.text()).toMatch(/^SITE=\[Dev Site\]/);
    expect(g.headers.get('x-frame-options')).toBe('DENY');
    const missing = await fetch(`${preview.url}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/^NF Dev Site/);
    // A page alone gets the globals it gets at its route.
    expect(await (await fetch(`${preview.url}/~lxp/pages/g`)).text()).toMatch(/^SITE=\[Dev Site\]/);
    // develop as served there (dev's deploy left its settings alone).
    const develop = await server.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' });
    expect(develop.globals).toEqual([expect.objectContaining({ key: 'siteName', json: '"Dev Site"' })]);

    // develop's settings cannot be read: said once, and served with the platform's defaults.
    refusing = true;
    await writeFile(path.join(dir, 'pages/g.hbs'), 'SITE2=[{{globals.siteName}}]');
    const unavailable = await line('settings-unavailable');
    expect(unavailable.message).toMatch(/^experience\.yaml declares no settings, and develop's \(target "env"\) could not be read: .*503.* the experience is served with the platform's defaults/);
    await line('reload');
    expect(await (await fetch(`${preview.url}/g`)).text()).toMatch(/^SITE2=\[\]/);
    refusing = false;

    // Declared settings are the folder's: served as the file has them.
    await writeFile(path.join(dir, 'experience.yaml'), 'globals:\n  - key: siteName\n    value: Folder Site\nslugs: []\n');
    await line('reload', 2);
    expect(await (await fetch(`${preview.url}/g`)).text()).toMatch(/^SITE2=\[Folder Site\]/);
    expect(lines('settings-unavailable')).toHaveLength(1);
  } finally {
    dev.stop();
  }
  const result = await dev.running;
  expect(result.code, result.stderr).toBe(0);
});
