// develop's views are listed while the folder is read (src/cli/output/list-ahead.ts), and an
// invalid folder still gets exactly what it got before: its problems, exit 2, nothing written —
// whatever the read sent ahead meets (a wrong token, an API that never answers).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { besidesViewList, ensureBuilt } from '../harness/server.js';
import { spawnLxp } from '../harness/cli.js';
import { makeExperience } from '../harness/folder.js';
import { useCleanups, useTempRoots } from '../harness/lifecycle.js';

// After each test: a hung server's sockets and server closed, then the folders removed.
const tempDir = useTempRoots();
const defer = useCleanups();
import { lxp, useWorlds, writeSample, writeView, type World } from './helpers.js';

const openWorld = useWorlds();

const isViewList = (l: { method: string; path: string }) => l.method === 'GET' && besidesViewList([l]).length === 0;

/** The sample, and a page naming a layout the folder lacks: one problem. */
async function invalidFolder(w: World): Promise<void> {
  await writeSample(w.dir);
  await writeView(w.dir, 'pages/bad.hbs', '---\nlayout: nowhere\n---\n<p>bad</p>\n');
}

describe('the list of views sent ahead of the folder check', () => {
  it.skipIf(process.platform === 'win32')('is on its way before the folder has been read: the folder waits here on a FIFO as .lxpignore, the list does not', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const fifo = path.join(world.dir, '.lxpignore');
    execFileSync('mkfifo', [fifo]);
    const before = (await world.requests()).length;
    const run = lxp(world, 'deploy', { json: true });
    // Reading .lxpignore blocks until something writes to the FIFO: the folder is not read yet.
    while (!(await world.requests()).slice(before).some(isViewList)) await new Promise((r) => setTimeout(r, 5));
    await writeFile(fifo, '# nothing ignored\n');
    const done = await run;
    expect(done.code, done.stderr).toBe(0);
    expect(done.json.changes.filter((c: { status: string }) => c.status === 'done')).toHaveLength(5);
    // One list, the one sent ahead: the run planned on it instead of listing again.
    expect((await world.requests()).slice(before).filter(isViewList)).toHaveLength(1);
  });

  it('a wrong token meets only an invalid folder: its problems, exit 2, no target, nothing written', async () => {
    const world = await openWorld();
    await invalidFolder(world);
    const before = (await world.requests()).length;
    for (const json of [false, true]) {
      const run = await lxp(world, 'deploy', { json }, [], { env: { LOSANT_API_TOKEN: 'not-the-token-at-all' } });
      expect(run.code).toBe(2);
      if (json) {
        expect(run.json).toMatchObject({ target: null, outcome: 'invalid', error: { code: 'invalid-folder', message: '1 problem in the folder; nothing was written' } });
        expect(run.json).not.toHaveProperty('applicationId');
      } else {
        expect(run.stderr).toMatch(/pages\/bad\.hbs/);
        expect(run.stderr.trim().split('\n').pop()).toBe('lxp: 1 problem in the folder; nothing was written');
        expect(run.stderr).not.toMatch(/Unauthorized|401|Target:|token/i);
      }
    }
    expect(besidesViewList((await world.requests()).slice(before))).toEqual([]);
    expect(existsSync(path.join(world.dir, '.lxp'))).toBe(false);
  });

  it('--verbose says the target and the list once the folder passed, in that order', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const run = await lxp(world, 'status', { verbose: true });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split('\n');
    const target = lines.findIndex((l) => l.startsWith('Target:'));
    const list = lines.findIndex((l) => /GET \/applications\/\S+\/experience\/views\?page=0/.test(l));
    expect(target).toBeGreaterThanOrEqual(0);
    expect(list).toBeGreaterThan(target);
  });

  it('the local target is not connected ahead: an invalid folder starts no server and writes nothing', async () => {
    const root = await tempDir();
    const dir = await makeExperience(root, { 'pages/a.hbs': '---\nlayout: nowhere\n---\n<p>a</p>\n' });
    const env = { ...process.env, HOME: root, LOSANT_APPLICATION_ID: '', LOSANT_API_TOKEN: '', LOSANT_API_URL: '' };
    const run = await spawnLxpDone(['deploy', '--target', 'local', '--dir', dir], env, root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pages\/a\.hbs/);
    expect(existsSync(path.join(dir, '.lxp'))).toBe(false);
  });
});

async function spawnLxpDone(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  ensureBuilt();
  return spawnLxp(args, env, cwd).done;
}

describe('an invalid folder with an API that never answers', () => {
  const sockets = new Set<Socket>();

  it('ends at once with exit 2 and only the folder problems (the process, spawned: the read in flight is cut off, not waited for)', async () => {
    const closed: Promise<void>[] = [];
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
      socket.on('data', () => {});
    });
    defer(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = await tempDir();
    const dir = await makeExperience(root, { 'pages/a.hbs': '---\nlayout: nowhere\n---\n<p>a</p>\n' }, { config: { targets: { hung: { apiUrl, applicationId: '5f0c0ffee0ddba11cafe0001' } }, defaultTarget: 'hung' } });
    const env = { ...process.env, HOME: root, LOSANT_API_TOKEN: 'a-token-long-enough', LOSANT_APPLICATION_ID: '', LOSANT_API_URL: '' };
    // Without the cut, the process would live on for the client's 30 s timeout and its retries (minutes).
    const run = await spawnLxpDone(['deploy', '--dir', dir], env, root);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').pop()).toBe('lxp: 1 problem in the folder; nothing was written');
    expect(run.stderr).not.toMatch(/waiting for the API|Target:/);
    // Whatever connection the read had opened is closed by the time the process is gone.
    await Promise.all(closed);
    expect(existsSync(path.join(dir, '.lxp'))).toBe(false);
  });
});
