// fix10b's leftover: a held layout delete was added by the pusher to the scope of every batch,
// outside the scheduler's rule that a file is in one batch in flight at a time — two batches in
// flight side by side could both plan it once the page naming the layout let go (a second DELETE,
// answered 404 and reported as a failure). The pusher now asks the batch to join it
// (Batch.join); a batch that cannot (the file is in another batch's flight) leaves it to that one.
// Driven here through the pusher with a hand-made batch whose join says yes or no (the scheduler's
// side of join is in scheduler.test.ts): no timing involved.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/sync/state.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { createPusher } from '../../src/watch/push.js';
import type { Batch } from '../../src/watch/scheduler.js';
import { writeView } from '../harness/folder.js';
import { useWorlds } from '../harness/lifecycle.js';
import { LAYOUT, page } from './helpers.js';

const openWorld = useWorlds();

function batchOf(files: string[], join: (files: string[]) => string[]): Batch & { asked: string[][] } {
  const asked: string[][] = [];
  return { all: false, files, exclusive: false, since: new Map(), attempt: 0, rejoined: [], join: (f) => (asked.push(f), join(f)), asked };
}
const yes = (f: string[]) => f;

/** A world on the local server, its pusher, and the start-up sync done. */
async function startPushing(files: Record<string, string>) {
  const world = await openWorld({ files, prefix: 'lxp-join-' });
  const { dir, server } = world;
  const client = server.client();
  const store = await StateStore.open(dir, 'local', client.applicationId);
  const events: WatchEvent[] = [];
  const push = createPusher({ dir, client, target: 'local', store, emit: (e) => events.push(e), settleMs: 0 });
  expect(await push({ ...batchOf([], yes), all: true })).toEqual({});
  return { world, dir, store, events, push };
}
const no = () => [];

describe('watch: a held layout delete goes in one batch at a time', () => {
  it('is planned only by a batch it joins; one whose join is refused (in flight elsewhere) leaves it alone', async () => {
    const { world, dir, store, events, push } = await startPushing({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'pages/other.hbs': '<p>other</p>\n' });
    const layout = async () => (await world.remoteViews()).find((v) => v.viewType === 'layout' && v.name === 'main');
    const layoutId = (await layout())!.id;

    // The layout's file removed while home names it: held.
    await rm(path.join(dir, 'layouts/main.hbs'));
    expect(await push({ ...batchOf(['layouts/main.hbs'], yes), exclusive: true })).toEqual({});
    expect(events.filter((e) => e.type === 'skipped').map((e) => (e as { file: string }).file)).toEqual(['layouts/main.hbs']);
    expect((await layout())?.id).toBe(layoutId);

    // home stops naming it; the held delete is in another batch's flight: this batch asks, is told
    // no, and pushes home alone.
    await writeView(dir, 'pages/home.hbs', '<h1>Home, no layout</h1>\n');
    const refused = batchOf(['pages/home.hbs'], no);
    expect(await push(refused)).toEqual({});
    expect((await world.remoteViews()).find((v) => v.name === 'home')?.body).toBe('<h1>Home, no layout</h1>\n');
    expect(events.filter((e) => e.type === 'push' && e.action === 'delete')).toEqual([]);
    expect((await layout())?.id).toBe(layoutId);
    expect(refused.asked).toEqual([['layouts/main.hbs']]);

    // The next batch that joins it deletes the layout, once.
    await writeView(dir, 'pages/other.hbs', '<p>other 2</p>\n');
    expect(await push(batchOf(['pages/other.hbs'], yes))).toEqual({});
    expect(await layout()).toBeUndefined();
    expect(events.filter((e) => e.type === 'push' && e.action === 'delete').map((e) => (e as { name: string }).name)).toEqual(['main']);
    expect(events.filter((e) => e.type === 'failed' || e.type === 'refused')).toEqual([]);
    await store.flush();
  });

  it('a bad file another file fixes is pushed (and said fixed) by the batch it joins, not by one whose join is refused', async () => {
    const { world, dir, store, events, push } = await startPushing({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    const side = '---\nlayout: side\n---\n<p>aside</p>\n';
    await writeView(dir, 'pages/aside.hbs', side);
    expect(await push({ ...batchOf(['pages/aside.hbs'], yes), exclusive: true })).toEqual({});
    expect(events.filter((e) => e.type === 'invalid').map((e) => (e as { file: string }).file)).toEqual(['pages/aside.hbs']);

    // The layout it names is added; aside.hbs is in another batch's flight: not pushed from here.
    await writeView(dir, 'layouts/side.hbs', '---\nname: side\n---\n<aside>{{page}}</aside>\n');
    expect(await push({ ...batchOf(['layouts/side.hbs'], no), exclusive: true })).toEqual({});
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['home', 'main', 'side']);
    expect(events.filter((e) => e.type === 'fixed')).toEqual([]);

    // That batch (aside.hbs its own file) pushes it and says so.
    expect(await push({ ...batchOf(['pages/aside.hbs'], yes), exclusive: true })).toEqual({});
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['aside', 'home', 'main', 'side']);
    expect(events.filter((e) => e.type === 'fixed')).toEqual([{ type: 'fixed', file: 'pages/aside.hbs' }]);
    await store.flush();
  });
});
