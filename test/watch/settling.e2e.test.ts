// A save caught mid-write: the pusher (watch's engine) reads a batch file that was modified
// within settleMs and hands it back as `settling` instead of pushing what may be half a file;
// once the file has been still, the same push sends it. Deterministic: settleMs is an hour here,
// and "still" is made by setting the file's mtime into the past (no timing in the test).
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/sync/state.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { createPusher } from '../../src/watch/push.js';
import { writeView } from '../harness/folder.js';
import { useWorlds } from '../harness/lifecycle.js';

const openWorld = useWorlds();

const batchOf = (files: string[]) => ({ all: false, files, exclusive: false, since: new Map<string, number>(), attempt: 0, rejoined: [], join: (f: string[]) => f });

describe('watch: a file read while it is being written', () => {
  it('is not pushed or reported from that read, and is pushed once it has been still', async () => {
    const world = await openWorld({ files: { 'pages/p.hbs': '<p>1</p>\n', 'pages/q.hbs': '<p>q</p>\n' }, prefix: 'lxp-settle-' });
    const { dir, server } = world;
    const client = server.client();
    const store = await StateStore.open(dir, 'local', client.applicationId);
    const events: WatchEvent[] = [];
    const push = createPusher({ dir, client, target: 'local', store, emit: (e) => events.push(e), settleMs: 3_600_000 });
    expect(await push({ ...batchOf([]), all: true })).toEqual({});
    const body = async (name: string) => (await world.remoteViews()).find((v) => v.name === name)?.body;
    expect(await body('p')).toBe('<p>1</p>\n');

    // A truncate-then-write save seen half-way (here: an unclosed block), and a finished one.
    await writeView(dir, 'pages/p.hbs', '<p>{{#if x}}2');
    await writeView(dir, 'pages/q.hbs', '<p>q2</p>\n');
    const past = new Date(Date.now() - 3_600_000 * 2);
    await utimes(path.join(dir, 'pages/q.hbs'), past, past);
    expect(await push(batchOf(['pages/p.hbs', 'pages/q.hbs']))).toEqual({ settling: ['pages/p.hbs'] });
    expect(await body('p')).toBe('<p>1</p>\n');
    expect(await body('q')).toBe('<p>q2</p>\n');
    expect(events.filter((e) => e.type === 'invalid')).toEqual([]);

    // The writer finished; the file has been still since.
    await writeView(dir, 'pages/p.hbs', '<p>2</p>\n');
    await utimes(path.join(dir, 'pages/p.hbs'), past, past);
    expect(await push(batchOf(['pages/p.hbs']))).toEqual({});
    expect(await body('p')).toBe('<p>2</p>\n');
    await store.flush();
  });
});
