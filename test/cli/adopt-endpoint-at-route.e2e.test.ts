// Review 11 R22, R23: a keyed entry of a folder that never synced it, and develop's endpoint made in
// Losant on the same route (no lxp tag: the starter experience's `GET /`, or the `POST /login` Losant's
// own import made for a workflow) are one endpoint — Losant keeps one per route. The first deploy was
// refused as two endpoints on one route (exit 3, `--force` too, counted as 2 conflicts); it now takes
// develop's (same id, so a workflow triggered by it keeps working) and tags it with the key.
// losant-rest, a second client, makes develop's endpoint and checks it after the deploy.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, type World } from './helpers.js';

const openWorld = useWorlds();

type Remote = { id: string; method: string; route: string; description?: string; endpointTags?: Record<string, string> };

async function remoteAt(w: World, method: string, route: string): Promise<Remote[]> {
  const items = (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as Remote[];
  return items.filter((e) => e.method === method && e.route === route);
}

async function madeInLosant(w: World, method: string, route: string): Promise<string> {
  const made = (await w.losant.experienceEndpoints.post({
    applicationId: w.server.applicationId,
    experienceEndpoint: { route, method, access: 'public', description: 'made in Losant' },
  })) as Remote;
  return made.id;
}

type Change = { resource: string; action: string; name: string; reason?: string; neverSynced?: boolean };

describe("a keyed entry takes develop's untagged endpoint on its route", () => {
  it("the template's GET / (key: home): never synced, updated in place with its id, then in sync", async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const id = await madeInLosant(w, 'get', '/');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n  key: home\n');

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    const ours = (status.json.changes as Change[]).filter((c) => c.resource === 'endpoint');
    expect(ours.map((c) => [c.action, c.name, c.neverSynced ?? false])).toEqual([['update', 'home', true]]);
    expect(ours[0].reason).toContain(`takes develop's endpoint GET / made in Losant (id ${id})`);

    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    const after = await remoteAt(w, 'get', '/');
    expect(after.map((e) => e.id)).toEqual([id]);
    expect(after[0].endpointTags).toMatchObject({ 'lxp-key': 'home', 'lxp-managed': 'true' });
    expect(after[0].description ?? '').toBe('');

    const again = await lxp(w, 'status', { json: true });
    expect((again.json.changes as Change[]).filter((c) => c.resource === 'endpoint')).toEqual([]);
  });

  it("an imported POST /login (key: postLogin) keeps the id develop's workflow triggers on; routes Losant sees as one count", async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const login = await madeInLosant(w, 'post', '/login');
    const device = await madeInLosant(w, 'get', '/devices/{id}');
    await writeFile(
      path.join(w.dir, 'endpoints.yaml'),
      '- route: /login\n  method: post\n  key: postLogin\n- route: /devices/{deviceId}\n  key: device\n',
    );
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect((await remoteAt(w, 'post', '/login')).map((e) => [e.id, e.endpointTags?.['lxp-key']])).toEqual([[login, 'postLogin']]);
    expect((await remoteAt(w, 'get', '/devices/{deviceId}')).map((e) => [e.id, e.endpointTags?.['lxp-key']])).toEqual([[device, 'device']]);
  });

  it("an entry without a key takes nothing: a clash on a route Losant sees as one, refused as one conflict", async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const id = await madeInLosant(w, 'get', '/devices/{id}');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /devices/{deviceId}\n');
    const deploy = await lxp(w, 'deploy', { json: true, force: true });
    expect(deploy.code).toBe(3);
    const conflicts = (deploy.json.changes as Change[]).filter((c) => c.action === 'conflict');
    expect(conflicts.map((c) => c.name)).toEqual(['GET /devices/{deviceId}']);
    expect(conflicts[0].reason).toContain(`develop's "GET /devices/{id}" (id ${id})`);
    expect((await remoteAt(w, 'get', '/devices/{id}')).map((e) => e.id)).toEqual([id]);
  });
});
