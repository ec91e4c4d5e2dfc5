// An endpoint "parked" at its own temporary route `/lxp-swap-<id>`: the first step of a deploy
// swapping routes, which stopped before its last (review 8b, HIGH 1: a teammate's pull wrote the
// temporary route into endpoints.yaml and that folder's next deploy saw nothing to do). Every
// folder reads develop the same way: status says so and which deploy finishes it (or, as deploy,
// refuses a folder whose route another endpoint holds on develop); pull keeps the
// folder's route (and holds back the move onto it); any folder's deploy moves it to the route its
// endpoints.yaml gives. The stop is made here with losant-rest doing the deploy's own first
// steps; test/faults/route-swap.test.ts kills a real deploy (kill -9) between them.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, MAIN_AND_HOME, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const entries = (x: string, y: string) => `- route: ${x}\n  reply: { page: home }\n  key: sx\n- route: ${y}\n  reply: { page: home }\n  key: sy\n`;

/**
 * Folder A deploys sx at /swap-x and sy at /swap-y; folder B is a teammate's copy of it, synced
 * (its own .lxp/). Then A's file swaps them, and develop is left as A's deploy leaves it after its
 * first step (sx at its temporary route) — and, with `second`, after its second (sy at /swap-x).
 */
async function parked(second: boolean) {
  const w = await openWorld({ files: MAIN_AND_HOME });
  await writeFile(path.join(w.dir, 'endpoints.yaml'), entries('/swap-x', '/swap-y'));
  expect((await lxp(w, 'deploy')).code).toBe(0);
  const b: World = { ...w, dir: path.join(w.root, 'teammate') };
  Object.defineProperty(b, 'env', { get: () => w.env });
  Object.defineProperty(b, 'losant', { get: () => w.losant });
  await cp(w.dir, b.dir, { recursive: true });
  const app = { applicationId: w.server.applicationId };
  const remote = async () => ((await w.losant.experienceEndpoints.get(app)).items as Array<{ id: string; route: string }>).map((e) => `${e.route} ${e.id}`).sort();
  const byRoute = new Map(((await w.losant.experienceEndpoints.get(app)).items as Array<{ id: string; route: string }>).map((e) => [e.route, e.id]));
  const [x, y] = [byRoute.get('/swap-x')!, byRoute.get('/swap-y')!];
  await writeFile(path.join(w.dir, 'endpoints.yaml'), entries('/swap-y', '/swap-x'));
  await w.losant.experienceEndpoint.patch({ ...app, experienceEndpointId: x, experienceEndpoint: { route: `/lxp-swap-${x}` } });
  if (second) await w.losant.experienceEndpoint.patch({ ...app, experienceEndpointId: y, experienceEndpoint: { route: '/swap-x' } });
  return { w, b, x, y, remote, temp: `/lxp-swap-${x}` };
}

const endpointChange = (run: { json: any }, name: string) => run.json.changes.find((c: any) => c.resource === 'endpoint' && c.name === name && c.swap !== 'away');

describe('an endpoint parked at its temporary route by a deploy that did not finish', () => {
  it("a teammate's folder: status says so and which deploy finishes it; pull never writes the temporary route (nor the move onto the route it keeps); its deploy refuses before any write", async () => {
    const { w, b, temp, remote } = await parked(true);
    // sy holds /swap-x on develop, so this folder's deploy is refused (below): status says the same,
    // exit 2, with which deploy finishes the move (review 10b, F14: status never shows a plan deploy refuses).
    const status = await lxp(b, 'status');
    expect(status.code, status.output).toBe(2);
    expect(status.stderr).toMatch(/endpoints\.yaml:1: endpoint GET \/swap-x \(sx\) takes the route of develop's endpoint GET \/swap-x \(id [0-9a-f]{24}\), which this deploy leaves alone \(changed remotely: moved there while a deploy swapping routes has not finished, so a pull does not take it yet\); Losant keeps one endpoint per route: it waits at its temporary route \/lxp-swap-[0-9a-f]{24}, where a deploy swapping routes that did not finish left it: a deploy of a folder that holds the swapped routes \(endpoints\.yaml\) finishes the move; pull after it/);

    const file = path.join(b.dir, 'endpoints.yaml');
    const before = await readFile(file, 'utf8');
    const pull = await lxp(b, 'pull');
    expect(pull.code, pull.output).toBe(0);
    expect(pull.stdout).toMatch(/skip +endpoint +"sx" +\(endpoints\.yaml:1: the folder's route GET \/swap-x kept \(at its temporary route \/lxp-swap-[0-9a-f]{24}, where a deploy swapping routes that did not finish left it; a deploy of any folder that holds the swapped routes \(endpoints\.yaml\) finishes the move\)\)/);
    expect(pull.stdout).toMatch(/skip +endpoint +"sy" +\(endpoints\.yaml:4: develop moved it to GET \/swap-x, the route "sx" keeps in this folder while a deploy swapping routes has not finished: not pulled yet/);
    expect(pull.stdout).toContain('Pulled: 0 changes applied');
    expect(await readFile(file, 'utf8')).toBe(before);
    const pullJson = await lxp(b, 'pull', { json: true, dryRun: true });
    expect(endpointChange(pullJson, 'sx')).toMatchObject({ action: 'skip', parkedAt: temp });
    expect(endpointChange(pullJson, 'sy')).toMatchObject({ action: 'skip' });
    // pull --force too: the folder's route stays, and nothing is written over it.
    expect((await lxp(b, 'pull', { force: true })).code).toBe(0);
    expect(await readFile(file, 'utf8')).not.toContain('lxp-swap');

    // Its deploy would move sx to /swap-x, which sy holds on develop (a change it leaves alone): refused before any write.
    const ends = await remote();
    const sent = (await w.requests()).length;
    const deploy = await lxp(b, 'deploy');
    expect(deploy.code, deploy.output).toBe(2);
    expect(deploy.stderr).toMatch(
      /endpoints\.yaml:1: endpoint GET \/swap-x \(sx\) takes the route of develop's endpoint GET \/swap-x \(id [0-9a-f]{24}\), which this deploy leaves alone \(changed remotely: moved there while a deploy swapping routes has not finished, so a pull does not take it yet\); Losant keeps one endpoint per route: it waits at its temporary route \/lxp-swap-[0-9a-f]{24}, where a deploy swapping routes that did not finish left it: a deploy of a folder that holds the swapped routes \(endpoints\.yaml\) finishes the move; pull after it/,
    );
    expect(deploy.stderr).toContain('nothing was written');
    expect((await w.requests()).slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await remote()).toEqual(ends);
  });

  it('a fresh checkout of the swapping commit (no .lxp/) finishes it; the teammate then pulls the routes; the first folder is in sync', async () => {
    const { w, b, x, y, remote } = await parked(true);
    const c: World = { ...w, dir: path.join(w.root, 'ci') };
    Object.defineProperty(c, 'env', { get: () => w.env });
    await cp(w.dir, c.dir, { recursive: true });
    await rm(path.join(c.dir, '.lxp'), { recursive: true, force: true });
    const deploy = await lxp(c, 'deploy', { json: true });
    expect(deploy.code, deploy.output).toBe(0);
    expect(endpointChange(deploy, 'sx')).toMatchObject({ action: 'update', status: 'done', swap: 'back' });
    expect(await remote()).toEqual([`/swap-x ${y}`, `/swap-y ${x}`].sort());

    const pull = await lxp(b, 'pull');
    expect(pull.code, pull.output).toBe(0);
    expect(await readFile(path.join(b.dir, 'endpoints.yaml'), 'utf8')).toBe(entries('/swap-y', '/swap-x'));
    expect((await lxp(b, 'status', { json: true })).json.outcome).toBe('in-sync');
    expect((await lxp(w, 'deploy', { json: true })).json.changes.filter((ch: any) => ch.action !== 'record')).toEqual([]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it("stopped after its first step only: the first folder's pull --force keeps both routes; a teammate's deploy moves it back to the teammate's route", async () => {
    const { w, b, x, y, temp, remote } = await parked(false);
    const file = path.join(w.dir, 'endpoints.yaml');
    const pull = await lxp(w, 'pull', { force: true, json: true });
    expect(pull.code, pull.output).toBe(0);
    expect(endpointChange(pull, 'sx')).toMatchObject({ action: 'skip', parkedAt: temp });
    expect(await readFile(file, 'utf8')).toBe(entries('/swap-y', '/swap-x'));

    // The teammate's folder holds the old routes: its deploy moves sx to the route its file gives.
    const status = await lxp(b, 'status');
    expect(status.stdout).toMatch(/changed locally +endpoint +"sx"/);
    expect(status.stdout).toContain(`at its temporary route ${temp}, where a deploy swapping routes that did not finish left it: a deploy of any folder that holds the swapped routes (endpoints.yaml) finishes the move; this deploy moves it to GET /swap-x`);
    expect(endpointChange(await lxp(b, 'status', { json: true }), 'sx').parkedAt).toBe(temp);
    const deploy = await lxp(b, 'deploy');
    expect(deploy.code, deploy.output).toBe(0);
    expect(await remote()).toEqual([`/swap-x ${x}`, `/swap-y ${y}`].sort());
    expect((await lxp(b, 'status', { json: true })).json.outcome).toBe('in-sync');
    // The first folder still swaps them, in one deploy.
    const again = await lxp(w, 'deploy');
    expect(again.code, again.output).toBe(0);
    expect(await remote()).toEqual([`/swap-x ${y}`, `/swap-y ${x}`].sort());
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a teammate edits it in the UI while it is parked: the first folder is told (a conflict), pull --force takes the edit and keeps the route, the deploy finishes', async () => {
    const { w, x, y, temp, remote } = await parked(true);
    await w.losant.experienceEndpoint.patch({ applicationId: w.server.applicationId, experienceEndpointId: x, experienceEndpoint: { description: 'teammate note' } });
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(3);
    expect(deploy.stdout + deploy.stderr).toContain(temp);
    const pull = await lxp(w, 'pull', { force: true });
    expect(pull.code, pull.output).toBe(0);
    const text = await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8');
    expect(text).toContain('teammate note');
    expect(text).not.toContain('lxp-swap');
    const finish = await lxp(w, 'deploy');
    expect(finish.code, finish.output).toBe(0);
    expect(await remote()).toEqual([`/swap-x ${y}`, `/swap-y ${x}`].sort());
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it("the folder that started it, edited in the UI meanwhile: pull refuses (exit 3) and says pull --force takes the edit; the other endpoint's route change is the folder's, kept by both pulls", async () => {
    const { w, x, y, temp, remote } = await parked(false);
    await w.losant.experienceEndpoint.patch({ applicationId: w.server.applicationId, experienceEndpointId: x, experienceEndpoint: { description: 'teammate note' } });
    const file = path.join(w.dir, 'endpoints.yaml');
    const before = await readFile(file, 'utf8');
    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.output).toBe(3);
    expect(pull.stdout).toContain(
      `(endpoints.yaml:1: changed on both sides since the last sync: deploy --force keeps the folder's version, pull --force takes develop's; the folder's route GET /swap-y kept (at its temporary route ${temp}, where a deploy swapping routes that did not finish left it; a deploy of any folder that holds the swapped routes (endpoints.yaml) finishes the move), by pull --force too)`,
    );
    const kept = '(endpoints.yaml:4: changed locally (to GET /swap-x): kept, with or without --force; develop still has it at GET /swap-y, the route "sx" keeps in this folder while a deploy swapping routes has not finished (a deploy of this folder moves it))';
    expect(pull.stdout).toContain(kept);
    expect(pull.stdout).not.toContain('pull --force overwrites it');
    expect(await readFile(file, 'utf8')).toBe(before);
    const forced = await lxp(w, 'pull', { force: true });
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain(kept);
    expect(forced.stdout).not.toContain('develop moved it');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('teammate note');
    expect(text).not.toContain('lxp-swap');
    const finish = await lxp(w, 'deploy');
    expect(finish.code, finish.output).toBe(0);
    expect(await remote()).toEqual([`/swap-x ${y}`, `/swap-y ${x}`].sort());
  });

  it("an endpoint made in Losant on the route it keeps: a teammate's pull says made there, not moved; its deploy says no deploy finishes the move until that endpoint moves", async () => {
    const { w, b, temp } = await parked(false);
    const made = (await w.losant.experienceEndpoints.post({
      applicationId: w.server.applicationId,
      experienceEndpoint: { route: '/swap-x', method: 'get', access: 'public', enabled: true },
    })) as { id: string };
    const pull = await lxp(b, 'pull', { force: true });
    expect(pull.code, pull.output).toBe(0);
    expect(pull.stdout).toContain(
      '(endpoints.yaml: develop made it at GET /swap-x, the route "sx" keeps in this folder while a deploy swapping routes has not finished: not pulled yet',
    );
    expect(pull.stdout).not.toContain('develop moved it');
    const deploy = await lxp(b, 'deploy');
    expect(deploy.code, deploy.output).toBe(2);
    expect(deploy.stderr).toContain(
      `endpoints.yaml:1: endpoint GET /swap-x (sx) takes the route of develop's endpoint GET /swap-x (id ${made.id}), which this deploy leaves alone (not from this folder: left alone (deploy --prune deletes it)); Losant keeps one endpoint per route: it waits at its temporary route ${temp}, where a deploy swapping routes that did not finish left it, and no deploy finishes the move while develop's endpoint GET /swap-x (id ${made.id}), not one of the swapped endpoints, holds that route: move or delete that endpoint first, then deploy`,
    );
    expect(deploy.stderr).not.toContain('finishes the move; pull after it');
    // The folder that started the swap: the other half is refused (a conflict with the new one), so its deploy cannot finish either.
    const first = await lxp(w, 'deploy', { json: true });
    expect(first.code, first.output).toBe(3);
    expect(endpointChange(first, 'sx').reason).toBe(
      `at its temporary route ${temp}, where a deploy swapping routes that did not finish left it: it moves to GET /swap-y once "sy" leaves that route, and "sy" is a conflict here (see its line): no deploy finishes the move until that is resolved`,
    );
  });

  it('a folder with no entry for it does not pull it (only the folder holding the swapped routes knows where it goes), and its deploy leaves it alone, saying why', async () => {
    const { w, temp } = await parked(true);
    const d: World = { ...w, dir: path.join(w.root, 'other') };
    Object.defineProperty(d, 'env', { get: () => w.env });
    await cp(w.dir, d.dir, { recursive: true });
    await rm(path.join(d.dir, '.lxp'), { recursive: true, force: true });
    await writeFile(path.join(d.dir, 'endpoints.yaml'), '- route: /swap-x\n  reply: { page: home }\n  key: sy\n');
    const pull = await lxp(d, 'pull', { json: true });
    expect(pull.code, pull.output).toBe(0);
    expect(endpointChange(pull, 'sx')).toMatchObject({ action: 'skip', parkedAt: temp, reason: expect.stringMatching(/^at its temporary route \/lxp-swap-[0-9a-f]{24}, where a deploy swapping routes that did not finish left it: not pulled, as only the folder holding the swapped routes knows where it goes/) });
    expect(await readFile(path.join(d.dir, 'endpoints.yaml'), 'utf8')).not.toContain('lxp-swap');
    const deploy = await lxp(d, 'deploy', { json: true });
    expect(deploy.code, deploy.output).toBe(0);
    expect(endpointChange(deploy, 'sx')).toMatchObject({ action: 'skip', parkedAt: temp });
    expect(endpointChange(deploy, 'sx').reason).toContain(`; at its temporary route ${temp}, where a deploy swapping routes that did not finish left it`);
  });
});

