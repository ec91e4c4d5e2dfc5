// Endpoints swapping routes (review 7 L5). Losant keeps one endpoint per route, so each update
// failed with 400 whichever went first. Now one endpoint of each cycle first moves to a
// temporary route of its own (`/lxp-swap-<id>`), the others follow, and it moves on last: one
// deploy, three updates, the ids kept, nothing created or deleted. A kill between the steps is
// test/faults/route-swap.test.ts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, MAIN_AND_HOME, useWorlds } from './helpers.js';

const openWorld = useWorlds();

const entries = (...routes: string[]) => routes.map((r, i) => `- route: ${r}\n  reply: { page: home }\n  key: s${i}\n`).join('');

async function deployed(...routes: string[]) {
  const w = await openWorld({ files: MAIN_AND_HOME });
  const file = path.join(w.dir, 'endpoints.yaml');
  await writeFile(file, entries(...routes));
  expect((await lxp(w, 'deploy')).code).toBe(0);
  const byRoute = async () => new Map(((await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as any[]).map((e) => [e.route, e.id]));
  return { w, file, byRoute, before: await byRoute() };
}

describe('endpoints that swap routes', () => {
  it('move in one deploy through a temporary route: three updates, the same ids, nothing left at the temporary route', async () => {
    const { w, file, byRoute, before } = await deployed('/swap-x', '/swap-y');
    await writeFile(file, entries('/swap-y', '/swap-x'));
    const dry = await lxp(w, 'deploy', { dryRun: true, json: true });
    expect(dry.code, dry.output).toBe(0);
    const planned = dry.json.changes.filter((c: any) => c.resource === 'endpoint' && c.action !== 'record');
    expect(planned.map((c: any) => `${c.action} ${c.name} ${c.kind} ${c.swap ?? '-'}`).sort()).toEqual(['update s0 changed-local back', 'update s0 in-sync away', 'update s1 changed-local -']);
    expect(dry.json.plan.differences).toBe(2);
    // status lists each endpoint once: the step is not a difference of its own.
    const status = await lxp(w, 'status');
    expect(status.stdout.match(/changed locally +endpoint +"s0"/g)).toHaveLength(1);
    expect(status.stdout).toContain('2 resources differ');
    expect(planned.find((c: any) => c.swap === 'away').reason).toBe(`first to its temporary route /lxp-swap-${before.get('/swap-x')}, so that its route /swap-x is free for "s1" (routes that swap); then to /swap-y`);

    const sent = (await w.requests()).length;
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(0);
    // The plan lists the steps in the order they are sent, and each result line says which step it was.
    const temp = `/lxp-swap-${before.get('/swap-x')}`;
    expect(deploy.stdout).toContain(
      [
        `  ~ update   endpoint  "s0"  (endpoints.yaml:1: first to its temporary route ${temp}, so that its route /swap-x is free for "s1" (routes that swap); then to /swap-y)`,
        `  ~ update   endpoint  "s0"  (endpoints.yaml:1: then from its temporary route ${temp}, once "s1" left /swap-y (routes that swap))`,
        '  ~ update   endpoint  "s1"  endpoints.yaml:4',
        'updated endpoint "s0" (endpoints.yaml), to its temporary route for now',
        'updated endpoint "s1" (endpoints.yaml)',
        'updated endpoint "s0" (endpoints.yaml), from its temporary route',
      ].join('\n'),
    );
    const writes = (await w.requests()).slice(sent).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'PATCH']);
    const after = await byRoute();
    expect([...after.keys()].sort()).toEqual(['/swap-x', '/swap-y']);
    expect(after.get('/swap-y')).toBe(before.get('/swap-x'));
    expect(after.get('/swap-x')).toBe(before.get('/swap-y'));
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a cycle of three moves the same way', async () => {
    const { w, file, byRoute, before } = await deployed('/c-a', '/c-b', '/c-c');
    await writeFile(file, entries('/c-b', '/c-c', '/c-a'));
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.output).toBe(0);
    const after = await byRoute();
    expect([...after.keys()].sort()).toEqual(['/c-a', '/c-b', '/c-c']);
    expect([after.get('/c-b'), after.get('/c-c'), after.get('/c-a')]).toEqual([before.get('/c-a'), before.get('/c-b'), before.get('/c-c')]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a fresh checkout (no .lxp/) swaps too: the keys find the endpoints, and develop itself says where one waits', async () => {
    const { w, file, byRoute, before } = await deployed('/swap-x', '/swap-y');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(w.dir, '.lxp'), { recursive: true, force: true });
    await writeFile(file, entries('/swap-y', '/swap-x'));
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(0);
    const after = await byRoute();
    expect([...after.keys()].sort()).toEqual(['/swap-x', '/swap-y']);
    expect([after.get('/swap-y'), after.get('/swap-x')]).toEqual([before.get('/swap-x'), before.get('/swap-y')]);
  });

  it('is refused before any write when no endpoint of the cycle can wait at its temporary route (develop holds them)', async () => {
    const { w, file, before } = await deployed('/swap-x', '/swap-y');
    // Endpoints made in the UI at both temporary routes (absurd, but then no temporary route is free).
    for (const id of before.values()) {
      await w.losant.experienceEndpoints.post({ applicationId: w.server.applicationId, experienceEndpoint: { route: `/lxp-swap-${id}`, method: 'get', enabled: true, access: 'public' } });
    }
    await writeFile(file, entries('/swap-y', '/swap-x'));
    const sent = (await w.requests()).length;
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(2);
    expect(deploy.stderr).toMatch(/endpoints\.yaml:1: .*takes the route GET \/swap-y that .* leaves, .*none of them can wait at a temporary route \(none has a key, or their temporary routes are taken\), so routes that swap cannot move in one deploy\. Move one of them to a free route first/);
    expect((await w.requests()).slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
