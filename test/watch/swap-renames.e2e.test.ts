// Review 10, F1 end to end: after a folder rename (a whole-folder comparison), two pages swapped by
// renames reach develop, and the closing event says everything is pushed only once they have. The
// pages share an mtime and were read since (as two `echo >` in one clock tick, then any read): the
// case where chokidar alone reports nothing for the swap (see swap-renames.test.ts).
import { renameSync } from 'node:fs';
import { rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWatch, type WatchEvent } from '../../src/watch/index.js';
import { LAYOUT, page, useWatchWorlds, waitFor } from './helpers.js';

const openWatchWorld = useWatchWorlds();

describe('watch: pages swapped by renames right after a folder rename (review 10, F1)', () => {
  it('pushes both swapped pages and closes with nothing pending', async () => {
    const w = await openWatchWorld({
      'layouts/main.hbs': LAYOUT,
      'pages/admin/p1.hbs': page('<p>admin 1</p>'),
      'pages/admin/p2.hbs': page('<p>admin 2</p>'),
      'pages/a.hbs': page('<p>A</p>'),
      'pages/b.hbs': page('<p>B</p>'),
    });
    const p = (f: string) => path.join(w.dir, f);
    const body = async (name: string) => (await w.remoteView('page', name))?.body;
    expect(await body('a')).toBe('<p>A</p>\n');

    // One mtime for both, an access time after it.
    const tick = new Date(Date.now() - 10_000);
    await utimes(p('pages/a.hbs'), new Date(), tick);
    await utimes(p('pages/b.hbs'), new Date(), tick);
    await w.watcher.idle();

    // The folder rename: its views renamed in place.
    await rename(p('pages/admin'), p('pages/admins'));
    await waitFor(async () => (await body('admins/p1')) === '<p>admin 1</p>\n' && (await body('admins/p2')) === '<p>admin 2</p>\n', 'the folder rename pushed');
    await w.watcher.idle();

    // The swap, at once.
    renameSync(p('pages/a.hbs'), p('pages/tmp.hbs'));
    renameSync(p('pages/b.hbs'), p('pages/a.hbs'));
    renameSync(p('pages/tmp.hbs'), p('pages/b.hbs'));
    await waitFor(async () => (await body('a')) === '<p>B</p>\n' && (await body('b')) === '<p>A</p>\n', 'the swapped pages on develop', 10_000);
    await w.watcher.idle();
    expect((await w.remote()).filter((v) => v.viewType === 'page').map((v) => v.name).sort()).toEqual(['a', 'admins/p1', 'admins/p2', 'b']);

    await w.watcher.close();
    const closed = w.events.find((e): e is Extract<WatchEvent, { type: 'closed' }> => e.type === 'closed');
    expect(closed).toMatchObject({ pending: [], notPushed: [] });
  });
});

describe('watch: a change the watcher never reports (review 10, F1)', () => {
  it('is named as pending when watch closes, never called pushed', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/a.hbs': page('<p>A</p>'), 'pages/b.hbs': page('<p>B</p>') });
    await w.watcher.close();
    // A watcher that polls sizes and mtimes (chokidar's usePolling): an edit keeping both is never reported.
    const events: WatchEvent[] = [];
    const watcher = startWatch({ dir: w.dir, client: w.client, target: 'local', usePolling: true, onEvent: (e) => events.push(e) });
    await watcher.ready;
    await watcher.idle();
    const file = path.join(w.dir, 'pages/a.hbs');
    const before = await stat(file);
    await writeFile(file, page('<p>Z</p>'));
    await utimes(file, before.atime, before.mtime);
    await watcher.close();
    const closed = events.find((e): e is Extract<WatchEvent, { type: 'closed' }> => e.type === 'closed');
    expect(closed?.pending).toEqual(['pages/a.hbs']);
    expect((await w.remoteView('page', 'a'))?.body).toBe('<p>A</p>\n');
  });
});
