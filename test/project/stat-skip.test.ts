// Files unchanged by stat are not read (src/project/load.ts, trustStat): what must never happen is
// a changed file taken for an unchanged one. Each test changes a file in a way that keeps some stat
// fields and checks the new content is seen; one doctors the cache to prove a skip really skips.
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileChangedError, loadProject } from '../../src/project/load.js';
import { loadProjectCached, PARSE_CACHE_FILE, readParseCache } from '../../src/project/parse-cache-file.js';
import { hashContent } from '../../src/project/view.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let dir: string;
const HOME = 'pages/home.hbs';
const OLD = 1_700_000_000;
const homeText = (word: string) => `---\ndescription: ${word}\nlayout: main\n---\n<p>${word}</p>\n`;

beforeEach(async () => {
  dir = await tempDir('lxp-statskip-');
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  await mkdir(path.join(dir, 'layouts'), { recursive: true });
  await mkdir(path.join(dir, '.lxp'));
  await writeFile(path.join(dir, 'layouts/main.hbs'), '<html>{{page}}</html>\n');
  await writeFile(path.join(dir, HOME), homeText('alpha'));
  // A whole second, so that putting it back is exact.
  await utimes(path.join(dir, HOME), OLD, OLD);
});

/** No racy window: a file written a moment ago is stamped (the tests change files right after). */
const trusting = { trustStat: { racyMs: 0 } };
const cacheFile = () => path.join(dir, PARSE_CACHE_FILE);
const home = async () => (await loadProjectCached(dir, trusting)).views.find((v) => v.file === HOME)!;

describe('skipping files unchanged by stat', () => {
  it('does not read a file whose stat matches (proved by a doctored cache entry)', async () => {
    await loadProjectCached(dir, trusting);
    const saved = JSON.parse(await readFile(cacheFile(), 'utf8'));
    expect(saved.entries[HOME].stamp).toMatch(/^\d+:/);
    expect(saved.entries[HOME].result.view.body).toBeUndefined(); // the cache keeps no bodies
    saved.entries[HOME].result.view.description = 'from the cache';
    await writeFile(cacheFile(), JSON.stringify(saved));
    const v = await home();
    expect(v.description).toBe('from the cache');
    // The body is read from the file when asked for, and the hash is the recorded one.
    expect(v.body).toBe('<p>alpha</p>\n');
    expect(hashContent(v)).toBe(saved.entries[HOME].viewHash);
  });

  it('gives the views it skips one shared body getter (one hidden class for all; spreading reads the body)', async () => {
    await writeFile(path.join(dir, 'pages/about.hbs'), homeText('beta'));
    await loadProjectCached(dir, trusting); // stamps every file
    const views = (await loadProjectCached(dir, trusting)).views;
    const getters = views.map((v) => Object.getOwnPropertyDescriptor(v, 'body')?.get);
    expect(getters.every((g) => typeof g === 'function')).toBe(true);
    expect(new Set(getters).size).toBe(1);
    expect(views.map((v) => ({ ...v }).body)).toEqual(['<html>{{page}}</html>\n', '<p>beta</p>\n', '<p>alpha</p>\n']);
  });

  it('gives the same views, issues and bodies as a load that reads every file', async () => {
    await writeFile(path.join(dir, 'pages/bad.hbs'), '---\nlayout: missing\nnope: 1\n---\n{{#if}}');
    await loadProjectCached(dir, trusting); // stamps every file
    const skipped = await loadProjectCached(dir, trusting);
    const fresh = await loadProject(dir);
    expect(JSON.parse(JSON.stringify({ views: skipped.views, issues: skipped.issues }))).toEqual(JSON.parse(JSON.stringify({ views: fresh.views, issues: fresh.issues })));
    expect(skipped.views.map((v) => hashContent(v))).toEqual(fresh.views.map((v) => hashContent(v)));
  });

  it('sees a change that keeps the size and puts the modification time back (utimes)', async () => {
    await loadProjectCached(dir, trusting);
    const before = await stat(path.join(dir, HOME));
    await writeFile(path.join(dir, HOME), homeText('omega')); // same length as alpha
    await utimes(path.join(dir, HOME), OLD, OLD);
    const after = await stat(path.join(dir, HOME));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const v = await home();
    expect([v.description, v.body]).toEqual(['omega', '<p>omega</p>\n']);
  });

  it('sees a file replaced by a rename (an editor saving through a temp file)', async () => {
    await loadProjectCached(dir, trusting);
    const before = await stat(path.join(dir, HOME));
    const temp = path.join(dir, 'pages', '.home.hbs.tmp');
    await writeFile(temp, homeText('gamma'));
    await utimes(temp, OLD, OLD);
    await rename(temp, path.join(dir, HOME));
    const after = await stat(path.join(dir, HOME));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const v = await home();
    expect([v.description, v.body]).toEqual(['gamma', '<p>gamma</p>\n']);
  });

  it('stamps no file changed within the racy window: it is read again next time', async () => {
    await loadProjectCached(dir); // default window (2 s): the files were written just now
    const cache = await readParseCache(dir);
    expect(cache.get(HOME)?.stamp).toBeUndefined();
    await writeFile(path.join(dir, HOME), homeText('delta'));
    expect((await loadProjectCached(dir)).views.find((v) => v.file === HOME)!.description).toBe('delta');
  });

  it('a stamped entry is not trusted in another place: a copy of the folder (other inodes) reads its files', async () => {
    await loadProjectCached(dir, trusting);
    const copy = await tempDir('lxp-statskip-copy-');
    const saved = JSON.parse(await readFile(cacheFile(), 'utf8'));
    saved.entries[HOME].result.view.description = 'from the cache';
    await mkdir(path.join(copy, '.lxp', 'cache'), { recursive: true });
    await mkdir(path.join(copy, 'pages'));
    await mkdir(path.join(copy, 'layouts'));
    await writeFile(path.join(copy, PARSE_CACHE_FILE), JSON.stringify(saved));
    for (const f of [HOME, 'layouts/main.hbs']) {
      const src = path.join(dir, f);
      const st = await stat(src);
      await writeFile(path.join(copy, f), await readFile(src));
      await utimes(path.join(copy, f), st.atime, st.mtime);
    }
    // The digest matches (same bytes), so the cached parse is used — but the file was read.
    const v = (await loadProjectCached(copy, trusting)).views.find((x) => x.file === HOME)!;
    expect(v.body).toBe('<p>alpha</p>\n');
    const again = JSON.parse(await readFile(path.join(copy, PARSE_CACHE_FILE), 'utf8'));
    expect(again.entries[HOME].stamp).not.toBe(saved.entries[HOME].stamp);
  });

  it('a file changed after the load and before its body is read: an error, never the other body', async () => {
    await loadProjectCached(dir, trusting);
    const v = await home(); // skipped: body not read yet
    await writeFile(path.join(dir, HOME), homeText('later'));
    expect(() => v.body).toThrow(FileChangedError);
    expect(() => v.body).toThrow(/pages\/home\.hbs changed while lxp was running/);
  });
});

describe('listing the view files without fast-glob, lxp\'s folders without the ignore matcher', () => {
  it('lists what fast-glob listed with the options lxp used, and links to view files (read through); a link to a folder is an issue, not followed', async () => {
    const fg = (await import('fast-glob')).default;
    const { listViewFiles, viewFileGlobs } = await import('../../src/project/load.js');
    const { symlink } = await import('node:fs/promises');
    for (const d of ['pages/sub/.hid', 'pages/.dot', 'components/deep/er', 'other', 'pages/dir.hbs', 'pages/node_modules']) await mkdir(path.join(dir, d), { recursive: true });
    for (const f of ['pages/B.HBS', 'pages/.x.hbs', 'pages/sub/c.hbs', 'pages/sub/.hid/d.hbs', 'pages/.dot/e.hbs', 'components/deep/er/[x]*.hbs', 'components/n.hbs.bak', 'other/z.hbs', 'pages/node_modules/m.hbs', 'pages/.hbs']) {
      await writeFile(path.join(dir, f), 'x');
    }
    await symlink(path.join(dir, 'other'), path.join(dir, 'pages/link'));
    await symlink(path.join(dir, 'other/z.hbs'), path.join(dir, 'pages/lz.hbs'));
    await symlink(path.join(dir, 'nothing.hbs'), path.join(dir, 'pages/dangling.hbs'));
    await symlink(path.join(dir, 'nothing'), path.join(dir, 'pages/dangling'));
    const expected = (await fg(viewFileGlobs(), { cwd: dir, dot: false, onlyFiles: true, followSymbolicLinks: false, caseSensitiveMatch: true })).sort();
    const issues: { file: string; message: string }[] = [];
    expect(listViewFiles(dir, issues).sort()).toEqual([...expected, 'pages/lz.hbs'].sort());
    expect(issues.map((i) => i.file).sort()).toEqual(['pages/dangling.hbs', 'pages/link/']);
    expect(issues.find((i) => i.file === 'pages/link/')?.message).toMatch(/^a symbolic link to a folder, not followed/);
    expect(issues.find((i) => i.file === 'pages/dangling.hbs')?.message).toMatch(/^a symbolic link to nothing/);
    expect(expected).toContain('components/deep/er/[x]*.hbs');
  });

  it('without a .lxpignore, leaves out exactly what the ignore matcher left out', async () => {
    const ignore = (await import('ignore')).default;
    const { inAlwaysIgnoredFolder } = await import('../../src/project/load.js');
    const ig = ignore().add(['.lxp/', 'node_modules/', '.git/']);
    const paths = ['a', 'a/b.hbs', 'node_modules', 'node_modules/', 'node_modules/x', 'pages/node_modules/x.hbs', 'pages/node_modules', 'pages/node_modules/', '.lxp/state.json', '.lxp', '.lxp/', 'x/.git/y', '.gitignore', 'pages/.lxp.hbs', 'pages/node_modulesx/a', 'pages/a/node_modules/b/c.hbs', '.git', 'endpoints.yaml', 'layouts/.git/x.hbs', 'pages/xnode_modules/a', 'pages/xnode_modules/node_modules/a', 'a.git/b', 'pages/my.git/x.hbs'];
    expect(paths.filter(inAlwaysIgnoredFolder)).toEqual(paths.filter((p) => ig.ignores(p)));
  });
});
