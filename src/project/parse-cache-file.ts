// The parse cache kept on disk between runs (.lxp/cache/parse.json), so that `lxp status` or a
// deploy of a large folder parses only the files that changed since the last run: parsing
// (YAML, Handlebars) is most of what reading 5000 views costs. Entries are checked against a
// digest of each file's text, and the whole cache against a fingerprint of the parser's own
// code, so an edited file or a new lxp never reuses a stale result. The cache is an
// optimisation only: a missing, unreadable or foreign cache is an empty one, and a cache that
// cannot be written is skipped silently. It is written only where .lxp/ already exists, so a
// read-only command never creates lxp's folder in a checkout.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { loadProject, type LoadedProject, type LoadOptions, type ParseCache } from './load.js';
import { handlebarsVersion } from './lazy-parsers.js';
import { makeDir } from './make-dir.js';

export const PARSE_CACHE_FILE = path.join('.lxp', 'cache', 'parse.json');
const FORMAT = 1;

let fingerprint: string | undefined;
/** Digest of the format, Handlebars' version and every source file of this folder (the parser and its rules). */
function parserFingerprint(): string {
  if (fingerprint) return fingerprint;
  // The project/ folder beside this module's folder: src/project or dist/project, and dist/project
  // from the CLI's bundle too (dist/cli-bundle/), so the bundle and dist/ share one cache.
  const here = fileURLToPath(new URL('../project/', import.meta.url));
  const h = createHash('sha1').update(`${FORMAT}\0${handlebarsVersion()}\0`);
  for (const name of readdirSync(here).filter((n) => /\.(js|ts)$/.test(n)).sort()) h.update(name).update(readFileSync(path.join(here, name)));
  return (fingerprint = h.digest('base64'));
}

interface CacheFile {
  fingerprint: string;
  entries: Record<string, { hash: string; result: unknown }>;
}

/** The cache saved by an earlier run, or an empty one. */
export async function readParseCache(dir: string): Promise<ParseCache> {
  try {
    const data = JSON.parse(await readFile(path.join(dir, PARSE_CACHE_FILE), 'utf8')) as CacheFile;
    if (data?.fingerprint !== parserFingerprint() || typeof data.entries !== 'object' || data.entries === null) return new Map();
    return new Map(Object.entries(data.entries)) as ParseCache;
  } catch {
    return new Map();
  }
}

/** Saves the cache when .lxp/ exists; returns whether it was written. */
export async function writeParseCache(dir: string, cache: ParseCache): Promise<boolean> {
  try {
    if (!(await stat(path.join(dir, '.lxp'))).isDirectory()) return false;
    const file = path.join(dir, PARSE_CACHE_FILE);
    await makeDir(path.dirname(file));
    const data: CacheFile = { fingerprint: parserFingerprint(), entries: Object.fromEntries(cache) };
    await writeFileAtomic(file, JSON.stringify(data));
    return true;
  } catch {
    return false;
  }
}

/** loadProject with the on-disk cache: read it, load, save it back when anything was parsed anew. */
export async function loadProjectCached(dir: string, opts: Omit<LoadOptions, 'cache'> = {}): Promise<LoadedProject> {
  const cache = await readParseCache(dir);
  const before = new Map([...cache].map(([file, e]) => [file, e.hash]));
  const project = await loadProject(dir, { ...opts, cache });
  const changed = cache.size !== before.size || [...cache].some(([file, e]) => before.get(file) !== e.hash);
  if (changed) await writeParseCache(dir, cache);
  return project;
}
