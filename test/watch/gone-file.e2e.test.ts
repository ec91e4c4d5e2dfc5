// fix10d's leftover: the event that says a synced file went often comes after the push that dealt
// with it — chokidar's `unlink` of a moved file's old name is held 100 ms (its atomic-save wait),
// while the new name's event made the batch that pushed the move as a rename. That late event made
// a batch of its own, which read develop (one GET by name) to find nothing to do. Driven through the
// pusher with the batches the scheduler makes (no timing involved).
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/api/client.js';
import { StateStore } from '../../src/sync/state.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { createPusher } from '../../src/watch/push.js';
import type { Batch } from '../../src/watch/scheduler.js';
import { writeView } from '../harness/folder.js';
import { useWorlds } from '../harness/lifecycle.js';
import { LAYOUT, page } from './helpers.js';

const openWorld = useWorlds();

const batchOf = (files: string[], exclusive = true): Batch => ({ all: false, files, exclusive, since: new Map(), attempt: 0, rejoined: [], join: (f) => f });

describe('watch: the late event of a file whose change was already pushed', () => {
  it('costs no request: the old name of a move pushed as a rename, a file whose delete was pushed', async () => {
    const world = await openWorld({ files: { 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'pages/old.hbs': page('<p>old</p>') }, prefix: 'lxp-gone-' });
    const { dir, server } = world;
    const requests: RequestEvent[] = [];
    const client = server.client({ onRequest: (e) => requests.push(e) });
    const store = await StateStore.open(dir, 'local', client.applicationId);
    const events: WatchEvent[] = [];
    const push = createPusher({ dir, client, target: 'local', store, emit: (e) => events.push(e), settleMs: 0 });
    expect(await push({ ...batchOf([]), all: true })).toEqual({});

    // A move: the new name's batch pushes it as a rename; then the old name's unlink.
    await rename(path.join(dir, 'pages/home.hbs'), path.join(dir, 'pages/start.hbs'));
    expect(await push(batchOf(['pages/start.hbs']))).toEqual({});
    expect(events.filter((e) => e.type === 'push').at(-1)).toMatchObject({ action: 'rename', fromName: 'home', name: 'start' });
    requests.length = 0;
    expect(await push(batchOf(['pages/home.hbs']))).toEqual({});
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);

    // A delete pushed (the OS's event, as a change), then chokidar's unlink of it.
    await rm(path.join(dir, 'pages/old.hbs'));
    expect(await push(batchOf(['pages/old.hbs'], false))).toEqual({});
    expect(events.filter((e) => e.type === 'push').at(-1)).toMatchObject({ action: 'delete', name: 'old' });
    requests.length = 0;
    expect(await push(batchOf(['pages/old.hbs']))).toEqual({});
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['main', 'start']);

    // A bad file, never pushed, deleted: nothing to push, nothing left to report.
    await writeView(dir, 'pages/bad.hbs', '<p>{{#if x}}unclosed</p>\n');
    expect(await push(batchOf(['pages/bad.hbs']))).toEqual({});
    expect(events.filter((e) => e.type === 'invalid').map((e) => (e as { file: string }).file)).toEqual(['pages/bad.hbs']);
    await rm(path.join(dir, 'pages/bad.hbs'));
    requests.length = 0;
    expect(await push(batchOf(['pages/bad.hbs']))).toEqual({});
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(push.notPushed()).toEqual([]);
    await store.flush();
  });
});
