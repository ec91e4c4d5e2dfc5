import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { loadProjectCached, PARSE_CACHE_FILE, readParseCache, writeParseCache } from '../../src/project/parse-cache-file.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let dir: string;
beforeEach(async () => {
  dir = await tempDir('lxp-pcache-');
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  await writeFile(path.join(dir, 'pages/home.hbs'), '---\ndescription: real\n---\nhi');
});

const cacheFile = () => path.join(dir, PARSE_CACHE_FILE);
const readCacheJson = async () => JSON.parse(await readFile(cacheFile(), 'utf8'));

describe('the parse cache on disk', () => {
  it('is never created where .lxp/ does not exist (a read-only command leaves a checkout alone)', async () => {
    await loadProjectCached(dir);
    await expect(readFile(cacheFile())).rejects.toThrow();
    expect(await writeParseCache(dir, new Map())).toBe(false);
  });

  it('without .lxp/ the files are read as by loadProject: no stat stamps taken for a cache that cannot be saved', async () => {
    const fresh = await loadProjectCached(dir);
    expect(fresh.stamps).toBeUndefined();
    const plain = await loadProject(dir);
    expect({ views: fresh.views, files: fresh.files, issues: fresh.issues }).toEqual({ views: plain.views, files: plain.files, issues: plain.issues });
    await mkdir(path.join(dir, '.lxp'));
    const synced = await loadProjectCached(dir);
    expect(synced.stamps?.has('pages/home.hbs')).toBe(true);
    expect(synced.views).toEqual(fresh.views);
  });

  it('is written after a load and reused for files whose text is unchanged', async () => {
    await mkdir(path.join(dir, '.lxp'));
    await loadProjectCached(dir);
    const saved = await readCacheJson();
    expect(Object.keys(saved.entries)).toEqual(['pages/home.hbs']);

    // Prove the next load takes the cached result: doctor it (same digest, other content).
    saved.entries['pages/home.hbs'].result.view.description = 'from the cache';
    await writeFile(cacheFile(), JSON.stringify(saved));
    expect((await loadProjectCached(dir)).views[0].description).toBe('from the cache');

    // An edited file is parsed again, and the cache is brought up to date.
    await writeFile(path.join(dir, 'pages/home.hbs'), '---\ndescription: edited\n---\nhi');
    expect((await loadProjectCached(dir)).views[0].description).toBe('edited');
    expect((await readCacheJson()).entries['pages/home.hbs'].result.view.description).toBe('edited');
  });

  it('gives exactly what an uncached load gives, issues included', async () => {
    await mkdir(path.join(dir, '.lxp'));
    await writeFile(path.join(dir, 'pages/bad.hbs'), '---\nlayout: missing\nnope: 1\n---\n{{#if}}');
    const fresh = await loadProject(dir);
    expect(fresh.issues.length).toBeGreaterThan(0);
    await loadProjectCached(dir); // fills the cache
    const cached = await loadProjectCached(dir); // served from it
    expect({ views: cached.views, issues: cached.issues, files: cached.files }).toEqual({ views: fresh.views, issues: fresh.issues, files: fresh.files });
  });

  it('a corrupt cache, or one written by another parser, counts as empty', async () => {
    await mkdir(path.join(dir, '.lxp', 'cache'), { recursive: true });
    await writeFile(cacheFile(), '{"half');
    expect((await readParseCache(dir)).size).toBe(0);
    await writeFile(cacheFile(), JSON.stringify({ fingerprint: 'another lxp', entries: { 'pages/home.hbs': { hash: 'x', result: {} } } }));
    expect((await readParseCache(dir)).size).toBe(0);
    expect((await loadProjectCached(dir)).views[0].description).toBe('real');
  });
});
