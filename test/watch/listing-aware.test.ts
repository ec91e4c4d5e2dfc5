// The folder watcher's chokidar handler: a content edit no longer makes chokidar re-read (readdir
// + lstat of every entry) the edited file's folder, while adds, deletes and renames are still
// seen — also in quick succession, within the window where a folder's mtime cannot be trusted.
import { writeFileSync } from 'node:fs';
import { unlink, utimes, writeFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FSWatcher } from 'chokidar';
import { describe, expect, it, vi } from 'vitest';
import { listingAwareWatcher } from '../../src/watch/listing-aware-handler.js';
import { useCleanups, useTempRoots } from '../harness/lifecycle.js';

/** The test's window for an untrusted folder stat (lxp's is 5 s); the folder is made older than it. */
const RACY_MS = 100;

// After each test: the watcher closed, then its folder removed.
const tempDir = useTempRoots();
const defer = useCleanups();

async function start(files: number) {
  const root = await tempDir('lxp-listing-');
  const pages = path.join(root, 'pages');
  await mkdir(pages);
  for (let i = 0; i < files; i++) await writeFile(path.join(pages, `p${i}.hbs`), `<p>${i}</p>\n`);
  // A folder last changed before the window: its stat can stand for its listing (utimes puts
  // its mtime in the past; its ctime only ages).
  const past = new Date(Date.now() - 10 * RACY_MS);
  await utimes(pages, past, past);
  await new Promise((resolve) => setTimeout(resolve, 2 * RACY_MS));
  const w = new FSWatcher({ ignoreInitial: true });
  defer(() => w.close());
  const handler = listingAwareWatcher(w, { racyMs: RACY_MS });
  const reads: string[] = [];
  const readdirp = w._readdirp.bind(w);
  w._readdirp = (dir, opts) => {
    reads.push(path.relative(root, dir));
    return readdirp(dir, opts);
  };
  const events: string[] = [];
  w.on('all', (event, p) => events.push(`${event} ${path.relative(root, p)}`));
  w.add(root);
  await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  reads.length = 0;
  return { pages, handler, reads, events };
}

describe('watch: chokidar re-reads a folder only when its entries changed', () => {
  it('does not re-read the folder of an edited file, and still sees adds, renames and deletes right after', async () => {
    const { pages, handler, reads, events } = await start(200);
    for (let i = 0; i < 3; i++) {
      await writeFile(path.join(pages, 'p1.hbs'), `<p>edit ${i}</p>\n`);
      await vi.waitFor(() => expect(handler.skipped).toBeGreaterThan(i), { timeout: 5000 });
    }
    expect(events.filter((e) => e === 'change pages/p1.hbs').length).toBeGreaterThan(0);
    expect(reads).toEqual([]);

    // Entries change: the folder is read again, and each change is reported, one right after another.
    await writeFile(path.join(pages, 'new.hbs'), '<p>new</p>\n');
    await vi.waitFor(() => expect(events).toContain('add pages/new.hbs'), { timeout: 5000 });
    await writeFile(path.join(pages, 'newer.hbs'), '<p>newer</p>\n');
    await vi.waitFor(() => expect(events).toContain('add pages/newer.hbs'), { timeout: 5000 });
    await rename(path.join(pages, 'newer.hbs'), path.join(pages, 'moved.hbs'));
    await vi.waitFor(() => expect(events).toEqual(expect.arrayContaining(['unlink pages/newer.hbs', 'add pages/moved.hbs'])), { timeout: 5000 });
    await unlink(path.join(pages, 'p2.hbs'));
    await vi.waitFor(() => expect(events).toContain('unlink pages/p2.hbs'), { timeout: 5000 });
    expect(reads.filter((r) => r === 'pages').length).toBeGreaterThan(0);
  });
});

describe('watch: a folder that appears is read again once watched', () => {
  it('reports a file written into a new folder between chokidar\'s read of it and its watch (review 10, F1)', async () => {
    const { pages, handler, events } = await start(2);
    const fresh = path.join(pages, 'fresh');
    // The seam where chokidar loses it: the new folder has been read (empty), its watch not yet on.
    const watchWithNodeFs = handler._watchWithNodeFs.bind(handler);
    handler._watchWithNodeFs = (p, listener) => {
      if (p === fresh) writeFileSync(path.join(fresh, 'late.hbs'), '<p>late</p>\n');
      return watchWithNodeFs(p, listener);
    };
    await mkdir(fresh);
    await vi.waitFor(() => expect(events).toContain('addDir pages/fresh'), { timeout: 5000 });
    await vi.waitFor(() => expect(events).toContain('add pages/fresh/late.hbs'), { timeout: 5000 });
  });
});
