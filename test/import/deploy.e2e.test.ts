// End-to-end (issue 13): import the fixture, deploy it to the local server, read everything back
// with losant-rest (the independent client) and compare with the fixture; a second deploy writes
// nothing; a pull into another folder gives the same view files; the preview and the experience
// runtime render every imported page without error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runLxp } from '../harness/cli.js';
import { snapshot } from '../harness/folder.js';
import { startWorld, type World } from '../harness/world.js';
import { writesOf } from '../cli/helpers.js';
import { request } from '../runtime/helpers.js';
import { startPreview } from '../../src/preview/server.js';
import { loadProject } from '../../src/project/load.js';
import { EXPORT_FIXTURE, pullViewsInto, viewFiles } from './helpers.js';

let world: World;
let site: string;
const run = (args: string[]) => runLxp(args, { cwd: world.root, env: world.env });

beforeAll(async () => {
  world = await startWorld();
  site = path.join(world.root, 'imported');
  const r = await run(['import', EXPORT_FIXTURE, '--dir', site]);
  expect(r.code, r.output).toBe(0);
  const d = await run(['deploy', '--dir', site, '--json']);
  expect(d.code, d.stdout).toBe(0);
});

afterAll(async () => {
  await world?.close();
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
    const preview = await startPreview({ dir: site, port: 0, watch: false });
    try {
      for (const v of project.views.filter((x) => x.viewType === 'page')) {
        const res = await fetch(`${preview.url}/pages/${v.name.split('/').map(encodeURIComponent).join('/')}`);
        const body = await res.text();
        expect(res.status, `${v.name}: ${body.slice(0, 300)}`).toBe(200);
        expect(res.headers.get('content-type') ?? '').toContain(v.contentType ?? 'text/html');
      }
    } finally {
      await preview.close();
    }
  });

  it('in the experience runtime of the local server: every page, through an endpoint that replies with it', async () => {
    const appId = world.server.applicationId;
    const remote = await world.remoteViews();
    const pages = remote.filter((v) => v.viewType === 'page');
    // One public endpoint per page (the endpoints of endpoints.yaml go with the engine's deploy).
    for (const [i, p] of pages.entries())
      await world.losant.experienceEndpoints.post({ applicationId: appId, experienceEndpoint: { method: 'get', route: `/page-${i}`, access: 'public', staticReply: { type: 'page', value: p.id } } });
    await world.losant.experienceVersion.patch({
      applicationId: appId,
      experienceVersionIdOrName: 'develop',
      experienceVersion: { globals: [{ key: 'brandColor', json: '"#0af"' }, { key: 'features', json: '{"alerts":true,"maxDevices":50}' }] },
    });
    for (const [i, p] of pages.entries()) {
      const r = await request(world.server.port, `/~/${appId}/page-${i}`);
      expect(r.status, `${p.name}: ${r.body.slice(0, 300)}`).toBe(200);
      if (p.name === 'home') expect(r.body).toContain('Alerts are on (up to 50 devices)');
      if (p.name === 'api/device-data') expect(JSON.parse(r.body)).toEqual({ device: '', readings: [] });
    }
  });
});
