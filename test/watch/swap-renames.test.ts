// Review 10, F1: two files swapped by renames (mv a t; mv b a; mv t b) must be reported. chokidar
// stats a path when the OS reports something and compares with its previous stat; when the file now
// at the path has the same mtime (two files written in one clock tick) and was read since (atime
// after mtime), it reports nothing, and the folder's names are the same before and after. The set-up
// makes that deterministic: equal mtimes, an atime after them, and the three renames done at once,
// before the watcher handles any event. Without the OS's rename events (files.ts, onRaw) no event
// arrives at all.
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renameSync, unlinkSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { renamedPath, watchFolder } from '../../src/watch/files.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

// After each test: the watcher closed, then its folder removed.
const tempDir = useTempRoots();
const openWatch = useOpener(watchFolder);

/** pages/a.hbs and pages/b.hbs with one mtime (10 s ago) and an access time after it. */
async function twoFilesOneTick(): Promise<string> {
  const dir = await tempDir('lxp-swap-');
  await mkdir(path.join(dir, 'pages'));
  const tick = new Date(Date.now() - 10_000);
  for (const [name, text] of [['a', '<p>A</p>\n'], ['b', '<p>B</p>\n']]) {
    const file = path.join(dir, 'pages', `${name}.hbs`);
    await writeFile(file, text);
    await utimes(file, new Date(), tick);
  }
  return dir;
}

describe('watch: files swapped by renames', () => {
  it('reports both paths even when the swapped files share an mtime (chokidar alone reports nothing)', async () => {
    const dir = await twoFilesOneTick();
    const files = new Set<string>();
    const folder = await openWatch({ dir, writeFinishMs: 0, onFile: (f) => files.add(f), onResync: () => undefined, onError: (e) => { throw e; } });
    await folder.ready;
    const p = (name: string) => path.join(dir, 'pages', name);
    // At once: the watcher sees the folder only after the swap is complete.
    renameSync(p('a.hbs'), p('tmp.hbs'));
    renameSync(p('b.hbs'), p('a.hbs'));
    renameSync(p('tmp.hbs'), p('b.hbs'));
    await vi.waitFor(() => expect([...files].filter((f) => f !== 'pages/tmp.hbs').sort()).toEqual(['pages/a.hbs', 'pages/b.hbs']), { timeout: 10_000 });
  });

  it('reads a native event as the entry of a watched folder, or as the watched file itself', () => {
    expect(renamedPath('/x/pages', 'a.hbs')).toBe(path.join('/x/pages', 'a.hbs'));
    expect(renamedPath('/x/pages/a.hbs', 'a.hbs')).toBe('/x/pages/a.hbs');
  });
});

describe('watch: a synced file deleted (fix10d: the OS\'s rename event made it a change first)', () => {
  it('is reported once, as removed — not also as a change (which made an extra batch that read develop for nothing)', async () => {
    const dir = await twoFilesOneTick();
    const events: string[] = [];
    const folder = await openWatch({ dir, writeFinishMs: 0, onFile: (f, e) => events.push(`${e} ${f}`), onResync: () => undefined, onError: (e) => { throw e; } });
    await folder.ready;
    unlinkSync(path.join(dir, 'pages', 'a.hbs'));
    // chokidar's own unlink comes after its atomic-save wait (100 ms); the OS's event, at once.
    await vi.waitFor(() => expect(events).toContain('unlink pages/a.hbs'), { timeout: 10_000 });
    expect(events).toEqual(['unlink pages/a.hbs']);
  });
});
