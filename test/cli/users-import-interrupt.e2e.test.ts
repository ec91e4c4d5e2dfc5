// Ctrl-C during `lxp users import` (the real binary, a real SIGINT): it says how far it got and
// exits 130; running the same import again finishes the job without a duplicate user.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnLxp } from '../harness/cli.js';
import { ensureBuilt } from '../harness/server.js';
import { useWorlds } from './helpers.js';
import { waitForLog } from '../faults/helpers.js';

const openWorld = useWorlds();

beforeAll(() => ensureBuilt(), 180_000);

const USERS = 60;

describe('lxp users import, interrupted', () => {
  it('Ctrl-C while writing: exit 130 with where it stopped; the same import again creates the rest, no user twice', async () => {
    // Slow answers, so that the import is still writing when the signal comes.
    const w = await openWorld({ latencyMs: 100 });
    const { root, dir, env, server } = w;
    const log = path.join(root, 'requests.log');
    const rows = Array.from({ length: USERS }, (_, i) => `u${i}@example.com,U${i}`);
    await writeFile(path.join(root, 'users.csv'), `email,firstName\n${rows.join('\n')}\n`);

    const run = spawnLxp(['users', 'import', 'users.csv', '--dir', dir, '--concurrency', '2'], env, root);
    const isCreate = (e: { method: string; path?: string; status: number }) => e.method === 'POST' && e.status < 300;
    await waitForLog(log, 3, isCreate);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/lxp: interrupted after \d+ of 60 user writes \(every write sent was answered first\)\. Run the same import again to finish/);
    // The rows it wrote are named on stdout, as an uninterrupted import names them.
    const written = Number(/after (\d+) of/.exec(r.stderr)![1]);
    expect(r.stdout.split('\n').filter((l) => /^\s*created u\d+@example\.com \(line \d+\)/.test(l))).toHaveLength(written);
    const created = (await server.losant.experienceUsers.get({ applicationId: server.applicationId, perPage: 1000 })).items.length;
    expect(created).toBeGreaterThanOrEqual(3);
    // The writes in flight were answered before the exit: every user on the server is one it names.
    expect(created).toBe(written);
    expect(created).toBeLessThan(USERS);

    const again = await spawnLxp(['users', 'import', 'users.csv', '--dir', dir, '--json'], env, root).done;
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.summary).toMatchObject({ rows: USERS, created: USERS - created, unchanged: created, failed: 0 });
    const users = (await server.losant.experienceUsers.get({ applicationId: server.applicationId, perPage: 1000 })).items as Array<{ email: string }>;
    expect(new Set(users.map((u) => u.email)).size).toBe(USERS);
    expect(users).toHaveLength(USERS);
  }, 120_000);
});
