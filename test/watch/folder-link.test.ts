// Review 10, F7 (the part fix10e left): a folder chokidar watches, replaced by a link to a folder.
// chokidar asks `ignored` about an entry when it appears, not each time it reads one: the old
// folder's own watch (or a throttled re-read) still fires and reads the path — now the link — and
// walked the link's target as if it were the folder. Here the link loops (components/kit -> ..),
// so components/kit/layouts/… and components/kit/pages/… were reported. The replacement is done at
// once (synchronously), before the watcher handles any event, so every read the watcher makes
// afterwards meets the link: without the fix the files under it are reported every time.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { listViewFiles } from '../../src/project/load.js';
import { watchFolder } from '../../src/watch/files.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

// After each test: the watcher closed, then its folder removed.
const tempDir = useTempRoots();
const openWatch = useOpener(watchFolder);

const THROUGH_LINK = /^(add|change|unlink|other \w+) components\/kit\/(components|layouts|pages)\//;

describe('watch: a folder replaced by a link to a folder', () => {
  it('never reads the folder through the link, asks for a whole-folder sync, and watches a real folder put back there', async () => {
    const dir = await tempDir('lxp-folder-link-');
    for (const f of ['layouts/main.hbs', 'pages/home.hbs', 'components/kit/card.hbs']) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), '<p>x</p>\n');
    }
    const events: string[] = [];
    const folder = await openWatch({
      dir,
      writeFinishMs: 0,
      onFile: (f, e) => events.push(`${e} ${f}`),
      onOtherFile: (f, e) => events.push(`other ${e} ${f}`),
      onResync: (why) => events.push(`resync ${why}`),
      onError: (e) => events.push(`error ${e.message}`),
    });
    await folder.ready;
    const kit = path.join(dir, 'components/kit');
    rmSync(kit, { recursive: true });
    symlinkSync('..', kit);
    // Either the folder's removal (the fix), or a file reported through the link (without it).
    await vi.waitFor(() => expect(events.some((e) => e === 'resync components/kit/ removed' || THROUGH_LINK.test(e))).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(events).toContain('unlink components/kit/card.hbs'), { timeout: 10_000 });
    expect(events.filter((e) => THROUGH_LINK.test(e))).toEqual([]);
    expect(events).toContain('resync components/kit/ removed');

    // The link replaced by a real folder again: chokidar's record of the link must not keep it unwatched.
    rmSync(kit);
    mkdirSync(kit);
    writeFileSync(path.join(kit, 'new.hbs'), '<p>new</p>\n');
    await vi.waitFor(() => expect(events).toContain('add components/kit/new.hbs'), { timeout: 10_000 });
    const changes = () => events.filter((e) => e === 'change components/kit/new.hbs').length;
    const before = changes();
    await writeFile(path.join(kit, 'new.hbs'), '<p>new, saved</p>\n');
    await vi.waitFor(() => expect(changes()).toBeGreaterThan(before), { timeout: 10_000 });
    expect(events.filter((e) => THROUGH_LINK.test(e))).toEqual([]);
  });

  it('reads a type folder that is itself a link (pages/ -> a shared folder) through it, as every command does; a folder link inside it is still not walked', async () => {
    const root = await tempDir('lxp-type-link-');
    const dir = path.join(root, 'site');
    await mkdir(path.join(root, 'shared'), { recursive: true });
    await mkdir(path.join(dir, 'layouts'), { recursive: true });
    await writeFile(path.join(dir, 'layouts/main.hbs'), '<main>{{page}}</main>\n');
    await writeFile(path.join(root, 'shared/home.hbs'), '<p>home</p>\n');
    symlinkSync(path.join(root, 'shared'), path.join(dir, 'pages'));
    // A link back up inside it: never walked (pages/up/pages/up/…).
    symlinkSync('..', path.join(root, 'shared/up'));
    expect(listViewFiles(dir).sort()).toEqual(['layouts/main.hbs', 'pages/home.hbs']);
    const events: string[] = [];
    const folder = await openWatch({ dir, writeFinishMs: 0, onFile: (f, e) => events.push(`${e} ${f}`), onResync: (why) => events.push(`resync ${why}`), onError: (e) => events.push(`error ${e.message}`) });
    await folder.ready;
    await writeFile(path.join(dir, 'pages/home.hbs'), '<p>home, saved</p>\n');
    await vi.waitFor(() => expect(events).toContain('change pages/home.hbs'), { timeout: 10_000 });
    await writeFile(path.join(root, 'shared/new.hbs'), '<p>new</p>\n');
    await vi.waitFor(() => expect(events).toContain('add pages/new.hbs'), { timeout: 10_000 });
    expect(events.filter((e) => e.includes('pages/up/'))).toEqual([]);
  });
});
