// kill -9 of a deploy that swaps two endpoints' routes, at each point between its steps: the move
// to the temporary route committed on develop but never answered (so never recorded); after the
// first and after the second of the three updates. Then, before anyone finishes it, a teammate's
// folder (synced before the swap, its own .lxp/) pulls: endpoints.yaml never takes the temporary
// route. Then the swap is finished by the same folder's next deploy, or by a fresh checkout of
// the swapping commit (no .lxp/, as CI): each endpoint at the folder's route with its own id,
// exactly two endpoints, none left at a temporary route, status in sync, and the teammate's pull
// then takes the swapped routes. Remote state is read with losant-rest, the second client.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectStateSound, makeExperience, spawnLxp, useScratch, waitForLog, type TestServer } from './helpers.js';

const scratch = useScratch();

const FILES = { 'layouts/main.hbs': '<main>{{page}}</main>\n', 'pages/home.hbs': '---\nlayout: main\n---\n<p>home</p>\n' };
const entries = (x: string, y: string) => `- route: ${x}\n  reply: { page: home }\n  key: sx\n- route: ${y}\n  reply: { page: home }\n  key: sy\n`;
const isPatch = (e: { method: string; status: number }) => e.method === 'PATCH' && e.status < 300;

/**
 * Deployed at /swap-x and /swap-y; a teammate's synced copy of the folder; then the folder swaps
 * them. The server keeps its data across restarts.
 */
async function swapWorld(faults: { latencyMs?: number; dropRate?: number }) {
  const root = await scratch.root();
  const dir = await makeExperience(root, FILES);
  const log = path.join(root, 'requests.log');
  const server = await scratch.startServer({ logFile: log, dataDir: path.join(root, 'data') });
  const env = server.env(root);
  await writeFile(path.join(dir, 'endpoints.yaml'), entries('/swap-x', '/swap-y'));
  const first = await spawnLxp(['deploy', '--dir', dir], env, root).done;
  expect(first.code, first.stderr).toBe(0);
  const ids = await byRoute(server);
  const teammate = path.join(root, 'teammate');
  await cp(dir, teammate, { recursive: true });
  await writeFile(path.join(dir, 'endpoints.yaml'), entries('/swap-y', '/swap-x'));
  await server.restart(faults);
  return { root, dir, teammate, log, server, env, ids };
}
type SwapWorld = Awaited<ReturnType<typeof swapWorld>>;

/** develop's endpoints, route → id (losant-rest; a keep-alive socket the server's restart closed is tried again). */
async function byRoute(server: TestServer): Promise<Map<string, string>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { items } = (await server.losant.experienceEndpoints.get({ applicationId: server.applicationId })) as { items: { id: string; route: string }[] };
      return new Map(items.map((e) => [e.route, e.id]));
    } catch (err) {
      if (attempt >= 3 || !/socket hang up|ECONNRESET/.test(String(err))) throw err;
    }
  }
}

const lxp = (w: SwapWorld, dir: string, ...args: string[]) => spawnLxp([...args, '--dir', dir], w.env, w.root).done;

/**
 * After the kill: the teammate's pull writes no temporary route; then `finisher` (the same folder,
 * or a fresh checkout of it) finishes the swap on a server without faults; nothing left over or lost.
 */
async function expectFinished(w: SwapWorld, finisher: 'same folder' | 'fresh checkout') {
  await w.server.restart({ latencyMs: 0, dropRate: 0 });
  const parked = `/lxp-swap-${w.ids.get('/swap-x')}`;
  const atTemp = (await byRoute(w.server)).has(parked);

  const teammateFile = path.join(w.teammate, 'endpoints.yaml');
  const pulled = await lxp(w, w.teammate, 'pull', '--json');
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  expect(await readFile(teammateFile, 'utf8')).not.toContain('lxp-swap');
  if (atTemp) {
    const sx = JSON.parse(pulled.stdout).changes.find((c: { name: string }) => c.name === 'sx');
    expect(sx).toMatchObject({ action: 'skip', parkedAt: parked });
  }

  const dir = finisher === 'same folder' ? w.dir : path.join(w.root, 'checkout');
  if (finisher === 'fresh checkout') {
    await cp(w.dir, dir, { recursive: true });
    await rm(path.join(dir, '.lxp'), { recursive: true, force: true });
  }
  const status = await lxp(w, dir, 'status', '--json');
  // What the killed run left is the folder's change still to send, never a conflict.
  expect(JSON.parse(status.stdout).outcome, status.stdout).not.toBe('conflicts');
  const rerun = await lxp(w, dir, 'deploy', '--json');
  expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
  // Found at its temporary route, the endpoint's move is the swap's last step, and says so.
  const sx = JSON.parse(rerun.stdout).changes.filter((c: { name: string; action: string }) => c.name === 'sx' && c.action === 'update');
  if (atTemp) expect(sx).toEqual([expect.objectContaining({ swap: 'back', parkedAt: parked, status: 'done' })]);
  const after = await byRoute(w.server);
  expect([...after.keys()].sort()).toEqual(['/swap-x', '/swap-y']);
  expect(after.get('/swap-y')).toBe(w.ids.get('/swap-x'));
  expect(after.get('/swap-x')).toBe(w.ids.get('/swap-y'));
  for (const d of [dir, w.dir]) {
    const again = await lxp(w, d, 'status', '--json');
    expect(JSON.parse(again.stdout).outcome).toBe('in-sync');
    await expectStateSound(d);
  }
  // The teammate now takes the swapped routes.
  expect((await lxp(w, w.teammate, 'pull')).code).toBe(0);
  expect(await readFile(teammateFile, 'utf8')).toBe(entries('/swap-y', '/swap-x'));
}

describe('kill -9 of a deploy swapping two routes', () => {
  for (const finisher of ['same folder', 'fresh checkout'] as const) {
    it(`the move to the temporary route committed but never answered (never recorded): the ${finisher} finishes it`, async () => {
      const w = await swapWorld({ dropRate: 1 });
      const run = spawnLxp(['deploy', '--dir', w.dir], w.env, w.root);
      await waitForLog(w.log, 1, (e) => e.method === 'PATCH' && (e as { dropped?: boolean }).dropped === true);
      run.child!.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      const routes = [...(await byRoute(w.server)).keys()].sort();
      expect(routes).toEqual([`/lxp-swap-${w.ids.get('/swap-x')}`, '/swap-y']);
      await expectFinished(w, finisher);
    });

    for (const answered of [1, 2]) {
      it(`after ${answered} of the 3 updates answered: the ${finisher} finishes the swap`, async () => {
        const w = await swapWorld({ latencyMs: 400 });
        const run = spawnLxp(['deploy', '--dir', w.dir, '--concurrency', '1'], w.env, w.root);
        await waitForLog(w.log, answered, isPatch);
        run.child!.kill('SIGKILL');
        expect((await run.done).signal).toBe('SIGKILL');
        await expectFinished(w, finisher);
      });
    }
  }
});
