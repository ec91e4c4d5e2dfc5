// The end of a deploy or pull is one save: the fold appends the run's last records and its
// full-sync mark as one journal line and writes state.json, under one take of .lxp/state.lock
// (src/sync/run.ts, StateStore.compact). Applying's own flush and finish()'s used to take the
// lock twice more first. Counted by the lock's mkdir calls (sync and async) while the state
// saves nothing in between (a debounce longer than the run).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { deploy, pull } from '../../src/sync/run.js';
import { loadStateFile } from '../../src/sync/state.js';
import { useWorlds } from './helpers.js';

const lockTakes: string[] = [];
const isLock = (p: unknown) => typeof p === 'string' && p.endsWith(`${path.sep}state.lock`);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const mkdirSync = ((p: string, ...rest: unknown[]) => {
    if (isLock(p)) lockTakes.push('sync');
    return (fs.mkdirSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.mkdirSync;
  return { ...fs, default: { ...fs, mkdirSync }, mkdirSync };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  const mkdir = ((p: string, ...rest: unknown[]) => {
    if (isLock(p)) lockTakes.push('async');
    return (fsp.mkdir as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
  }) as typeof fsp.mkdir;
  return { ...fsp, default: { ...fsp, mkdir }, mkdir };
});

const openWorld = useWorlds();
afterEach(() => {
  lockTakes.length = 0;
});

const files = Object.fromEntries([['layouts/main.hbs', '<main>{{page}}</main>\n'], ...Array.from({ length: 12 }, (_, i) => [`pages/p${i}.hbs`, `---\nlayout: main\n---\n<p>${i}</p>\n`])]);

describe('the end of a run is one save', () => {
  it('a first deploy takes the state lock once at its end, leaves state.json whole and no journal, and records the full sync', async () => {
    const w = await openWorld({ files });
    const client = createClient({ apiUrl: w.server.url, applicationId: w.server.applicationId, token: w.server.token });
    const report = await deploy({ dir: w.dir, client, target: 'env', stateDebounceMs: 600_000 });
    expect(report.exitCode).toBe(0);
    expect(lockTakes).toEqual(['sync']);
    expect(await readdir(path.join(w.dir, '.lxp'))).toEqual(['state.json']);
    const state = Object.values((await loadStateFile(w.dir)).targets)[0];
    expect(state.fullSync).toBe(true);
    expect(Object.keys(state.views)).toHaveLength(13);
    expect((await w.remoteViews()).length).toBe(13);
  });

  it('a pull into an empty folder likewise: its unfinished mark before the first file, then one save at its end', async () => {
    const w = await openWorld({ files });
    const client = createClient({ apiUrl: w.server.url, applicationId: w.server.applicationId, token: w.server.token });
    expect((await deploy({ dir: w.dir, client, target: 'env' })).exitCode).toBe(0);
    const fresh = path.join(w.root, 'fresh');
    await mkdir(fresh);
    await writeFile(path.join(fresh, 'lxp.config.json'), '{}\n');
    lockTakes.length = 0;
    const report = await pull({ dir: fresh, client, target: 'env', stateDebounceMs: 600_000 });
    expect(report.exitCode).toBe(0);
    // The unfinished-pull mark (async, before any file), the intents of the files written (async,
    // while other writes run), then the one synchronous fold.
    expect(lockTakes.at(-1)).toBe('sync');
    expect(lockTakes.filter((t) => t === 'sync')).toHaveLength(1);
    expect(await readdir(path.join(fresh, '.lxp'))).toEqual(['state.json']);
    const state = Object.values((await loadStateFile(fresh)).targets)[0];
    expect(state.fullSync).toBe(true);
    expect(state.unfinishedPull).toBeUndefined();
    expect(Object.keys(state.views)).toHaveLength(13);
  });
});
