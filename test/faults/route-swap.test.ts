// kill -9 of a deploy that swaps two endpoints' routes, at each point between its steps: the
// sync record noting the temporary route saved but the move not sent; the move to the temporary
// route committed on develop but never answered (so never recorded); after the first and after
// the second of the three updates. Whatever the point, the next deploy finishes the swap: each
// endpoint at the folder's route with its own id, exactly two endpoints, none left at a temporary
// route, and status then in sync. Remote state is read with losant-rest, the second client.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalPath } from '../../src/sync/state.js';
import { expectStateSound, logLines, makeExperience, spawnLxp, startTestServer, useScratch, waitForLog, type TestServer } from './helpers.js';

const scratch = useScratch();
const cleanups = scratch.cleanups;

const FILES = { 'layouts/main.hbs': '<main>{{page}}</main>\n', 'pages/home.hbs': '---\nlayout: main\n---\n<p>home</p>\n' };
const entries = (x: string, y: string) => `- route: ${x}\n  reply: { page: home }\n  key: sx\n- route: ${y}\n  reply: { page: home }\n  key: sy\n`;
const isPatch = (e: { method: string; status: number }) => e.method === 'PATCH' && e.status < 300;

/** Deployed at /swap-x and /swap-y, then the folder swaps them; the server keeps its data across restarts. */
async function swapWorld(faults: { latencyMs?: number; dropRate?: number }) {
  const root = await scratch.root();
  const dir = await makeExperience(root, FILES);
  const log = path.join(root, 'requests.log');
  const server = await startTestServer({ logFile: log, dataDir: path.join(root, 'data') });
  cleanups.push(() => server.close());
  const env = server.env(root);
  await writeFile(path.join(dir, 'endpoints.yaml'), entries('/swap-x', '/swap-y'));
  const first = await spawnLxp(['deploy', '--dir', dir], env, root).done;
  expect(first.code, first.stderr).toBe(0);
  const ids = await byRoute(server);
  await writeFile(path.join(dir, 'endpoints.yaml'), entries('/swap-y', '/swap-x'));
  await server.restart(faults);
  return { root, dir, log, server, env, ids };
}

async function byRoute(server: TestServer): Promise<Map<string, string>> {
  const { items } = (await server.losant.experienceEndpoints.get({ applicationId: server.applicationId })) as { items: { id: string; route: string }[] };
  return new Map(items.map((e) => [e.route, e.id]));
}

/** The re-run on a server without faults finishes the swap; nothing left over, nothing lost. */
async function expectFinished(w: Awaited<ReturnType<typeof swapWorld>>) {
  await w.server.restart({ latencyMs: 0, dropRate: 0 });
  const status = await spawnLxp(['status', '--dir', w.dir, '--json'], w.env, w.root).done;
  // What the killed run left is the folder's change still to send, never a conflict.
  expect(JSON.parse(status.stdout).outcome, status.stdout).not.toBe('conflicts');
  const atTemp = (await byRoute(w.server)).has(`/lxp-swap-${w.ids.get('/swap-x')}`);
  const rerun = await spawnLxp(['deploy', '--dir', w.dir, '--json'], w.env, w.root).done;
  expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
  // Found at its temporary route, the endpoint's move is the swap's last step, and says so.
  const sx = JSON.parse(rerun.stdout).changes.filter((c: { name: string; action: string }) => c.name === 'sx' && c.action === 'update');
  if (atTemp) expect(sx).toEqual([expect.objectContaining({ swap: 'back', reason: expect.stringMatching(/^left at its temporary route by a deploy that did not finish/), status: 'done' })]);
  else expect(sx.map((c: { swap?: string }) => c.swap).sort()).toEqual(['away', 'back']);
  const after = await byRoute(w.server);
  expect([...after.keys()].sort()).toEqual(['/swap-x', '/swap-y']);
  expect(after.get('/swap-y')).toBe(w.ids.get('/swap-x'));
  expect(after.get('/swap-x')).toBe(w.ids.get('/swap-y'));
  const again = await spawnLxp(['status', '--dir', w.dir, '--json'], w.env, w.root).done;
  expect(JSON.parse(again.stdout).outcome).toBe('in-sync');
  await expectStateSound(w.dir);
}

describe('kill -9 of a deploy swapping two routes', () => {
  it('after the record of the temporary route is saved, before the move lands: the re-run swaps', async () => {
    const w = await swapWorld({ latencyMs: 1500 });
    const run = spawnLxp(['deploy', '--dir', w.dir], w.env, w.root);
    const journal = journalPath(w.dir);
    const end = Date.now() + 30_000;
    while (!(existsSync(journal) && (await readFile(journal, 'utf8')).includes('swapHash')) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    run.child!.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 1600)); // the request held by the latency, had it been admitted
    expect((await logLines(w.log)).filter(isPatch)).toEqual([]);
    expect(await byRoute(w.server)).toEqual(w.ids);
    await expectFinished(w);
  });

  it('the move to the temporary route committed but never answered (never recorded): the re-run moves it on', async () => {
    const w = await swapWorld({ dropRate: 1 });
    const run = spawnLxp(['deploy', '--dir', w.dir], w.env, w.root);
    await waitForLog(w.log, 1, (e) => e.method === 'PATCH' && (e as { dropped?: boolean }).dropped === true);
    run.child!.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const routes = [...(await byRoute(w.server)).keys()].sort();
    expect(routes).toEqual([`/lxp-swap-${w.ids.get('/swap-x')}`, '/swap-y']);
    await expectFinished(w);
  });

  for (const answered of [1, 2]) {
    it(`after ${answered} of the 3 updates answered: the re-run finishes the swap`, async () => {
      const w = await swapWorld({ latencyMs: 400 });
      const run = spawnLxp(['deploy', '--dir', w.dir, '--concurrency', '1'], w.env, w.root);
      await waitForLog(w.log, answered, isPatch);
      run.child!.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      await expectFinished(w);
    });
  }
});
