// A chain of route moves between endpoints (s0 takes the route s1 leaves, s1 the one s2 leaves,
// s2 moves to a free one — no cycle). Losant keeps one endpoint per route, so each move must
// wait for the one leaving its route. Endpoints with a `key` were not ordered at all (only
// renames of "METHOD route" endpoints were), so the moves went out together and the first to
// reach a route still held failed with 400. Now a chain goes in order, changes that share no
// route stay concurrent, and a failure part-way sends nothing that waits on it: the next deploy
// finishes, with no endpoint lost or made twice.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, MAIN_AND_HOME, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();


/** endpoints.yaml: one entry per [key, route, description?] (a key of null: no key). */
const entries = (list: Array<[string | null, string, string?]>) =>
  list.map(([key, route, description]) => `- route: ${route}\n  reply: { page: home }\n${key ? `  key: ${key}\n` : ''}${description ? `  description: ${description}\n` : ''}`).join('');

async function deployed(list: Array<[string | null, string, string?]>) {
  const w = await openWorld({ files: MAIN_AND_HOME });
  const file = path.join(w.dir, 'endpoints.yaml');
  await writeFile(file, entries(list));
  const first = await lxp(w, 'deploy');
  expect(first.code, first.output).toBe(0);
  /** develop's endpoints (losant-rest): route → id, and how many there are. */
  const remote = async () => {
    const items = (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as Array<{ id: string; route: string; description?: string }>;
    return { byRoute: new Map(items.map((e) => [e.route, e.id])), count: items.length, items };
  };
  return { w, file, remote, before: (await remote()).byRoute };
}

/** The ids each PATCH of the run went to, in the order the server answered them. */
async function patchedIds(w: World, since: number): Promise<string[]> {
  return (await w.requests()).slice(since).filter((r) => r.method === 'PATCH').map((r) => r.path.split('/').pop()!);
}

describe('a chain of route moves between keyed endpoints', () => {
  it('goes in order in one deploy (the one leaving a route first); an unrelated change stays concurrent', async () => {
    const { w, file, remote, before } = await deployed([
      ['s0', '/c-a'],
      ['s1', '/c-b'],
      ['s2', '/c-c'],
      ['s3', '/c-other'],
    ]);
    await writeFile(file, entries([['s0', '/c-b'], ['s1', '/c-c'], ['s2', '/c-z'], ['s3', '/c-other', 'touched']]));
    const sent = (await w.requests()).length;
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.json.changes.filter((c: any) => c.action === 'update').map((c: any) => `${c.name} ${c.status}`).sort()).toEqual(['s0 done', 's1 done', 's2 done', 's3 done']);

    // Each endpoint kept its id and took the route the one after it left.
    const after = await remote();
    expect(after.count).toBe(4);
    expect([after.byRoute.get('/c-b'), after.byRoute.get('/c-c'), after.byRoute.get('/c-z'), after.byRoute.get('/c-other')]).toEqual([
      before.get('/c-a'),
      before.get('/c-b'),
      before.get('/c-c'),
      before.get('/c-other'),
    ]);
    // s2 left first, then s1, then s0 (s3 anywhere): the chain's order.
    const order = (await patchedIds(w, sent)).filter((id) => id !== before.get('/c-other'));
    expect(order).toEqual([before.get('/c-c'), before.get('/c-b'), before.get('/c-a')]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('orders a keyed endpoint after a "METHOD route" endpoint renamed off its route, and after one deleted', async () => {
    const { w, file, remote, before } = await deployed([
      [null, '/u-a', 'unkeyed'],
      ['A1', '/k-1'],
      ['gone', '/g-a'],
      ['k2', '/k-2'],
    ]);
    // The unkeyed endpoint moves to /u-b (a rename: it keeps its id); A1 (listed and sent before
    // it) takes /u-a; "gone" is deleted and k2 takes /g-a.
    await writeFile(file, entries([['A1', '/u-a'], ['k2', '/g-a'], [null, '/u-b', 'unkeyed']]));
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.json.changes.find((c: any) => c.name === 'GET /u-b').action).toBe('rename');
    const after = await remote();
    expect(after.count).toBe(3);
    expect([after.byRoute.get('/u-b'), after.byRoute.get('/u-a'), after.byRoute.get('/g-a')]).toEqual([before.get('/u-a'), before.get('/k-1'), before.get('/k-2')]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a failure part-way: what waits on the failed move is not sent; the next deploy finishes, nothing lost or made twice', async () => {
    const { w, file, remote, before } = await deployed([
      ['s0', '/c-a'],
      ['s1', '/c-b'],
      ['s2', '/c-c'],
    ]);
    await writeFile(file, entries([['s0', '/c-b'], ['s1', '/c-c'], ['s2', '/c-z']]));
    // The first move is committed but its answer never arrives (and is not retried).
    await w.restart({ dropRate: 1 });
    const sent = (await w.requests()).length;
    const first = await lxp(w, 'deploy', { json: true }, [], { retries: 0 });
    expect(first.code, first.output).toBe(1);
    const byName = new Map(first.json.changes.filter((c: any) => c.resource === 'endpoint').map((c: any) => [c.name, c]));
    expect((byName.get('s2') as any).status).toBe('failed');
    expect((byName.get('s1') as any).status).toBe('skipped');
    expect((byName.get('s1') as any).error).toBe('not attempted: it needs the update of endpoint "s2", which did not succeed');
    expect((byName.get('s0') as any).status).toBe('skipped');
    expect(await patchedIds(w, sent)).toEqual([before.get('/c-c')]);
    const mid = await remote();
    expect(mid.count).toBe(3);
    expect([mid.byRoute.get('/c-a'), mid.byRoute.get('/c-b'), mid.byRoute.get('/c-z')]).toEqual([before.get('/c-a'), before.get('/c-b'), before.get('/c-c')]);

    await w.restart({ dropRate: 0 });
    const second = await lxp(w, 'deploy', { json: true });
    expect(second.code, second.output).toBe(0);
    const after = await remote();
    expect(after.count).toBe(3);
    expect([after.byRoute.get('/c-b'), after.byRoute.get('/c-c'), after.byRoute.get('/c-z')]).toEqual([before.get('/c-a'), before.get('/c-b'), before.get('/c-c')]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
