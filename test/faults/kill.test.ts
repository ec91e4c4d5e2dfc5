// kill -9 in the middle of a 300-view deploy, of lxp itself and of the server: whatever the
// moment, the state file stays whole and a re-run ends with remote == folder, nothing twice.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { journalPath } from '../../src/sync/state.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/server/faults.js';
import { expectConverged, expectStateSound, logLines, makeExperience, remoteViews, spawnLxp, useScratch, waitForLog, writeViews, type TestServer } from './helpers.js';

const VIEWS = 300;
const isPost = (e: { method: string }) => e.method === 'POST';

const scratch = useScratch();
let root: string;

/** A folder of VIEWS views and an in-process server at 5 ms that logs every request, for a deploy to kill. */
async function deployWorld() {
  root = await scratch.root();
  const dir = await makeExperience(root);
  const log = path.join(root, 'requests.log');
  await writeViews(dir, VIEWS - 1);
  const server = await scratch.startServer({ latencyMs: 5, logFile: log });
  return { dir, log, server, env: server.env(root) };
}

describe('kill -9 of lxp mid-deploy', () => {
  const random = seededRandom(2024);
  for (let trial = 1; trial <= 3; trial++) {
    // A random point in each third of the deploy: after this many creates reached the server.
    // The last 60 creates are never a kill point: with lxp at a fixed 8 in flight they take at
    // least 8 rounds of 5 ms, more than a poll of the log, so the kill always lands mid-deploy.
    const third = Math.floor((VIEWS - 60) / 3);
    const killAfter = 2 + (trial - 1) * third + Math.floor(random() * third);
    it(`trial ${trial}: killed after ${killAfter} creates, a re-run finishes the deploy`, async () => {
      const { dir, log, server, env } = await deployWorld();

      // Fixed at 8: "auto" may grow to dozens in flight and finish the deploy between two polls.
      const first = spawnLxp(['deploy', '--dir', dir, '--concurrency', '8'], env, root);
      await waitForLog(log, killAfter, isPost);
      first.child!.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const landed = (await remoteViews(server.url)).length;
      expect(landed).toBeGreaterThanOrEqual(killAfter);
      expect(landed).toBeLessThan(VIEWS);
      // state.json is whole, its journal whole but for a cut last line; a temp file may be left if the kill hit a save.
      await expectStateSound(dir, new Set((await remoteViews(server.url)).map((v) => v.id)), true);

      const rerun = await spawnLxp(['deploy', '--dir', dir, '--json'], env, root).done;
      expect(rerun.code).toBe(0);
      const creates = JSON.parse(rerun.stdout).changes.filter((c: any) => c.action === 'create');
      // Only what had not landed is created again: views the killed run made are adopted.
      expect(creates.length).toBe(VIEWS - landed);
      await expectConverged(dir, server.url, true);
    });
  }
});

describe('kill -9 of lxp once it saved records in batches', () => {
  it('the journal the killed run appended is whole and trusted: its views are in sync on the re-run (not re-read, not re-created), the re-run ends with one state.json', async () => {
    const { dir, log, server, env } = await deployWorld();

    const first = spawnLxp(['deploy', '--dir', dir], env, root);
    // Killed only once a batch of records is in the journal, and while more requests are landing.
    const journal = journalPath(dir);
    const end = Date.now() + 30_000;
    while (!(existsSync(journal) && statSync(journal).size > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    const seen = (await logLines(log)).filter(isPost).length;
    await waitForLog(log, Math.min(seen + 20, VIEWS - 5), isPost);
    first.child!.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const remote = await remoteViews(server.url);
    expect(remote.length).toBeLessThan(VIEWS);
    const state = await expectStateSound(dir, new Set(remote.map((v) => v.id)), true);
    const recorded = Object.values(state!.targets)[0].views;
    expect(Object.keys(recorded).length).toBeGreaterThan(0);

    const rerun = await spawnLxp(['deploy', '--dir', dir, '--json'], env, root).done;
    expect(rerun.code).toBe(0);
    const changes = JSON.parse(rerun.stdout).changes as { action: string; kind: string; id?: string; status: string }[];
    // A view the journal recorded is in sync on the re-run: never created, marked or recorded again.
    expect(changes.filter((c) => c.id !== undefined && c.id in recorded && c.kind !== 'in-sync')).toEqual([]);
    expect(changes.filter((c) => c.action === 'create').length).toBe(VIEWS - remote.length);
    await expectConverged(dir, server.url);
    expect(existsSync(journal)).toBe(false);
  });
});

/** `lxp server` as a child process on a data folder (on `port`, 0 = any). */
async function spawnServer(dataDir: string, log: string, port = 0): Promise<TestServer> {
  const server = await scratch.startServer({ child: true, port, dataDir, latencyMs: 5, logFile: log });
  return server;
}

describe('kill -9 of the server mid-deploy', () => {
  it('server killed after 40 creates and back on the same port at once: the running deploy rides it out or says it failed; a re-run finishes', async () => {
    root = await scratch.root();
    const dir = await makeExperience(root);
    const dataDir = path.join(root, 'server-data');
    const log = path.join(root, 'requests.log');
    await writeViews(dir, VIEWS - 1);
    const first = await spawnServer(dataDir, log);
    const deploy = spawnLxp(['deploy', '--dir', dir, '--json'], first.env(root), root);
    await waitForLog(log, 40, isPost);
    first.child!.kill('SIGKILL');
    await new Promise((r) => first.child!.once('exit', r));
    const second = await spawnServer(dataDir, log, first.port);

    const r = await deploy.done;
    const report = JSON.parse(r.stdout);
    const failed = report.changes.filter((c: any) => c.status === 'failed');
    // Truthful either way: 0 with nothing failed, 1 with the failures listed.
    expect(r.code).toBe(failed.length ? 1 : 0);
    await expectStateSound(dir);
    if (r.code === 0) await expectConverged(dir, second.url);

    const rerun = await spawnLxp(['deploy', '--dir', dir, '--json'], second.env(root), root).done;
    expect(rerun.code).toBe(0);
    await expectConverged(dir, second.url);
  });

  it('server killed after 200 creates and left down: lxp exits 1 listing the failures; restarted on the same data, a re-run finishes', async () => {
    root = await scratch.root();
    const dir = await makeExperience(root);
    const dataDir = path.join(root, 'server-data');
    const log = path.join(root, 'requests.log');
    await writeViews(dir, VIEWS - 1);
    const first = await spawnServer(dataDir, log);
    // A fixed, small concurrency keeps ~100 creates (25 rounds of 5 ms) outstanding when the kill
    // lands: "auto" may have grown to dozens in flight, and the rest of the deploy could finish
    // between two polls of the log on a busy machine, leaving nothing for the kill to interrupt.
    const deploy = spawnLxp(['deploy', '--dir', dir, '--json', '--concurrency', '4'], first.env(root), root);
    await waitForLog(log, 200, isPost);
    first.child!.kill('SIGKILL');
    const failed = await deploy.done;
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.changes.some((c: any) => c.status === 'failed')).toBe(true);
    await expectStateSound(dir);

    const second = await spawnServer(dataDir, log);
    // Everything answered 2xx before the kill survived it.
    const answered = report.changes.filter((c: any) => c.status === 'done' && c.action === 'create').length;
    expect((await remoteViews(second.url)).length).toBeGreaterThanOrEqual(answered);
    const rerun = await spawnLxp(['deploy', '--dir', dir, '--json'], second.env(root), root).done;
    expect(rerun.code).toBe(0);
    await expectConverged(dir, second.url);
  }, 90_000);
});
