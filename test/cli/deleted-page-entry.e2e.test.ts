// Review 6b H1: an entry of endpoints.yaml naming a page develop no longer has compared as
// "changed locally" (the folder's page name no longer resolved to an id), so a teammate deleting
// a page and its endpoint in Losant made every pull a conflict, and a restore past a feature that
// added both was refused. The folder's side now compares as it was synced (by the page's record):
// develop's deletions are develop's changes, which pull takes.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const FILES: Record<string, string> = {
  ...MAIN_AND_HOME,
  'pages/three.hbs': '---\nlayout: main\n---\n<p>three</p>\n',
};
const ENDPOINTS = '- route: /\n  reply: { page: home }\n  key: home\n- route: /three\n  reply: { page: three }\n  key: threekey\n';

async function setUp(): Promise<World> {
  const w = await openWorld({ files: FILES });
  await writeFile(path.join(w.dir, 'endpoints.yaml'), ENDPOINTS);
  expect((await lxp(w, 'deploy')).code).toBe(0);
  expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  return w;
}

const kinds = (json: any) => json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => `${c.resource}:${c.name}:${c.kind}:${c.action}`).sort();

describe('an entry naming a page develop deleted', () => {
  it('a page and its endpoint deleted in Losant: both "deleted remotely", and pull removes both', async () => {
    const w = await setUp();
    const applicationId = w.server.applicationId;
    const endpoint = (await w.losant.experienceEndpoints.get({ applicationId })).items.find((e: any) => e.route === '/three');
    await w.losant.experienceEndpoint.delete({ applicationId, experienceEndpointId: endpoint.id });
    const page = (await w.remoteViews()).find((v) => v.name === 'three')!;
    await w.losant.experienceView.delete({ applicationId, experienceViewId: page.id });

    const status = await lxp(w, 'status', { json: true });
    expect(kinds(status.json)).toEqual(['endpoint:threekey:deleted-remote:skip', 'view:three:deleted-remote:skip']);
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).not.toMatch(/three/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('only the page deleted in Losant: the endpoint is not "changed locally"; a pull writes no raw id', async () => {
    const w = await setUp();
    const applicationId = w.server.applicationId;
    const page = (await w.remoteViews()).find((v) => v.name === 'three')!;
    await w.losant.experienceView.delete({ applicationId, experienceViewId: page.id });
    const status = await lxp(w, 'status', { json: true });
    expect(kinds(status.json)).toEqual(['view:three:deleted-remote:skip']);
    const pull = await lxp(w, 'pull', { json: true, force: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).not.toContain(page.id);
  });

  it('a restore past a feature that added a page and an endpoint replying with it is not refused', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n  key: home\n');
    const released = await lxp(w, 'deploy');
    expect(released.code).toBe(0);
    const { runLxp } = await import('../harness/cli.js');
    expect((await runLxp(['release', 'vb1', '--dir', w.dir], { cwd: w.root, env: w.env })).code).toBe(0);
    await writeFile(path.join(w.dir, 'pages', 'three.hbs'), FILES['pages/three.hbs']);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), ENDPOINTS);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const dry = await runLxp(['restore', 'vb1', '--dry-run', '--dir', w.dir], { cwd: w.root, env: w.env });
    expect(dry.code, dry.stderr).toBe(0);
    const real = await runLxp(['restore', 'vb1', '--yes', '--dir', w.dir], { cwd: w.root, env: w.env });
    expect(real.code, real.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).not.toMatch(/three/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
