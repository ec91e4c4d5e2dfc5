// A view file that is a symbolic link, under the real watcher (review 10, F7): replacing a file by
// a link to the same text deletes nothing, and a save of the file the link points to is pushed —
// chokidar follows links to files (its watch is on the link's target), so the edit of a shared
// component reaches develop as an edit of the folder's own would.
import { rmSync, symlinkSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUT, page, useWatchWorlds, waitFor } from './helpers.js';

const startWatchWorld = useWatchWorlds();

describe('lxp watch and a view file that is a symbolic link', () => {
  it('reads through the link: nothing deleted, and a save of its target is pushed', async () => {
    const w = await startWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'components/card.hbs': '<div>card</div>\n' });
    const id = (await w.remoteView('component', 'card'))!.id;

    const shared = path.join(w.root, 'shared');
    await mkdir(shared);
    await writeFile(path.join(shared, 'card.hbs'), '<div>card</div>\n');
    await rm(path.join(w.dir, 'components/card.hbs'));
    await symlink(path.join(shared, 'card.hbs'), path.join(w.dir, 'components/card.hbs'));
    // A marker saved after the link: once it is pushed, the link's events were handled before it.
    await w.write('pages/marker.hbs', page('<p>marker</p>'));
    await waitFor(() => w.remoteView('page', 'marker'), 'the marker page');
    await w.watcher.idle();
    expect((await w.remoteView('component', 'card'))?.id).toBe(id);

    await writeFile(path.join(shared, 'card.hbs'), '<div>card v2</div>\n');
    await waitFor(async () => (await w.remoteView('component', 'card'))?.body === '<div>card v2</div>\n', 'the save of the link\'s target pushed');
    expect((await w.remoteView('component', 'card'))?.id).toBe(id);
  }, 60_000);

  it('a folder replaced by a link to a folder (here one that loops): reported, not walked, nothing deleted', async () => {
    const w = await startWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'components/kit/card.hbs': '<div>card</div>\n' });
    const id = (await w.remoteView('component', 'kit/card'))!.id;
    // At once, before the watcher handles an event: each of its reads after that meets the link
    // (the old folder's own watch still fires; test/watch/folder-link.test.ts has the mechanism).
    rmSync(path.join(w.dir, 'components/kit'), { recursive: true });
    symlinkSync('..', path.join(w.dir, 'components/kit'));
    const invalid = await waitFor(() => w.events.find((e) => e.type === 'invalid' && e.file === 'components/kit/'), 'the link reported');
    expect(JSON.stringify(invalid)).toContain('a symbolic link to a folder, not followed');
    // Still responsive, and the link's folder never walked (it would loop: components/kit/components/kit/…).
    await w.write('pages/marker.hbs', page('<p>marker</p>'));
    await waitFor(() => w.remoteView('page', 'marker'), 'the marker page');
    await w.watcher.idle();
    expect((await w.remoteView('component', 'kit/card'))?.id).toBe(id);
    // (The removed folder's own file was reported; nothing through the link.)
    expect(w.events.filter((e) => e.type === 'files' && e.files.some((f) => /^components\/kit\/(components|layouts|pages)\//.test(f)))).toEqual([]);
  }, 60_000);
});
