// Review 11 R2: an endpoint with a key is the endpoint of that key — workflows trigger on its id.
// An entry without that key (or with another) of the same shape was paired with it by content, as a
// rename: deleting a workflow's endpoint and adding any other endpoint in one commit moved the
// workflow's trigger to the new route, key dropped (with .lxp/ and in a fresh checkout alike).
// An entry without a key is now another endpoint (created; the keyed one deleted), and so is one
// with another key in a fresh checkout; a folder that synced the endpoint may still rename its key,
// and giving a key to an endpoint that had none still keeps its id. losant-rest, a second client, checks develop.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, type World } from './helpers.js';

const openWorld = useWorlds();

const HOME = '- route: /\n  reply: { page: home }\n';

async function endpoints(w: World): Promise<Map<string, string>> {
  const items = (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as { id: string; method: string; route: string }[];
  return new Map(items.map((e) => [`${e.method.toUpperCase()} ${e.route}`, e.id]));
}

type Change = { resource: string; action: string; name: string; fromName?: string };
const endpointChanges = (json: { changes: Change[] }) =>
  json.changes.filter((c) => c.resource === 'endpoint').map((c) => [c.action, c.fromName ?? null, c.name]);

describe('an endpoint with a key pairs only with the entry of its key', () => {
  it('an entry without the key, in its place, is another endpoint: with .lxp/, in a fresh checkout, and once deployed', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /login\n  method: post\n  key: postLogin\n`);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const before = await endpoints(w);
    const login = before.get('POST /login')!;

    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /mine\n  method: post\n`);
    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(endpointChanges(status.json).sort()).toEqual([
      ['create', null, 'POST /mine'],
      ['delete', null, 'postLogin'],
    ]);
    // Another key where the folder synced this one: a rename of the key, the same endpoint (shown as such).
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /mine\n  method: post\n  key: somethingElse\n`);
    expect(endpointChanges((await lxp(w, 'status', { json: true })).json)).toEqual([['rename', 'postLogin', 'somethingElse']]);

    // A fresh checkout (no .lxp/): neither pairs.
    await rm(path.join(w.dir, '.lxp'), { recursive: true });
    const freshKeyed = await lxp(w, 'status', { json: true });
    expect(endpointChanges(freshKeyed.json).some(([, from]) => from === 'postLogin'), JSON.stringify(freshKeyed.json.changes)).toBe(false);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /mine\n  method: post\n`);
    const fresh = await lxp(w, 'status', { json: true });
    expect(endpointChanges(fresh.json).some(([, from]) => from === 'postLogin'), JSON.stringify(fresh.json.changes)).toBe(false);
    const deploy = await lxp(w, 'deploy', { json: true, force: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    const after = await endpoints(w);
    expect(after.has('POST /login')).toBe(false);
    expect(after.get('POST /mine')).toBeDefined();
    expect(after.get('POST /mine')).not.toBe(login);
  });

  it('giving a key to an endpoint that had none keeps its id', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /a\n  method: post\n`);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const id = (await endpoints(w)).get('POST /a');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${HOME}- route: /b\n  method: post\n  key: a\n`);
    const status = await lxp(w, 'status', { json: true });
    expect(endpointChanges(status.json)).toEqual([['rename', 'POST /a', 'a']]);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    expect((await endpoints(w)).get('POST /b')).toBe(id);
  });
});
