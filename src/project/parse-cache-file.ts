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
import { writeFileAtomic } from './write-atomic.js';
import { loadProject, type LoadedProject, type LoadOptions, type ParseCache, type ParseCacheEntry } from './load.js';
import type { ParsedViewFile } from './parse.js';
import { hashContent, type LocalView } from './view.js';
import { handlebarsVersion } from './lazy-parsers.js';
import { makeDir } from './make-dir.js';

export const PARSE_CACHE_FILE = path.join('.lxp', 'cache', 'parse.json');
/** 2: entries keep no view bodies (bodyChars instead), and record each file's stat stamp and view hash. */
const FORMAT = 2;

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
  entries: Record<string, DiskEntry>;
}

/** An entry as saved: the view without its body when the body is the end of the file's text (bodyChars). */
interface DiskEntry {
  hash: string;
  result: ParsedViewFile;
  bodyChars?: number;
  stamp?: string;
  viewHash?: string;
}

function isEntry(e: unknown): e is DiskEntry {
  const d = e as DiskEntry;
  return typeof d === 'object' && d !== null && typeof d.hash === 'string' && typeof d.result === 'object' && d.result !== null && Array.isArray(d.result.issues);
}

/** The cache saved by an earlier run, or an empty one. */
export async function readParseCache(dir: string): Promise<ParseCache> {
  try {
    const data = JSON.parse(await readFile(path.join(dir, PARSE_CACHE_FILE), 'utf8')) as CacheFile;
    if (data?.fingerprint !== parserFingerprint() || typeof data.entries !== 'object' || data.entries === null) return new Map();
    const cache: ParseCache = new Map();
    for (const file in data.entries) {
      const e = data.entries[file];
      if (!isEntry(e)) return new Map();
      const view = e.result.view;
      if (view) {
        view.file = file;
        // Without its body only with bodyChars (and its hash, which stat-skipped views need).
        if (view.body === undefined && (typeof e.bodyChars !== 'number' || typeof e.viewHash !== 'string')) return new Map();
      }
      // The parsed entry itself (no copy: 5000 fewer objects that would live as long).
      const entry = e as ParseCacheEntry;
      entry.partial = view !== undefined && view.body === undefined;
      cache.set(file, entry);
    }
    return cache;
  } catch {
    return new Map();
  }
}

function toDisk(e: ParseCacheEntry): DiskEntry {
  const view = e.result.view;
  const out: DiskEntry = { hash: e.hash, result: e.result };
  if (e.stamp !== undefined) out.stamp = e.stamp;
  if (!view) return out;
  out.viewHash = e.viewHash ?? hashContent(view);
  if (e.bodyChars === undefined) return out;
  // The file name is the entry's key; the body is in the file.
  const { body: _body, file: _file, ...rest } = view;
  out.result = { ...e.result, view: rest as LocalView };
  out.bodyChars = e.bodyChars;
  return out;
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (st) => st.isDirectory(),
    () => false,
  );
}

/** Saves the cache when .lxp/ exists; returns whether it was written. */
export async function writeParseCache(dir: string, cache: ParseCache): Promise<boolean> {
  try {
    if (!(await stat(path.join(dir, '.lxp'))).isDirectory()) return false;
    const file = path.join(dir, PARSE_CACHE_FILE);
    await makeDir(path.dirname(file), { private: true });
    const entries: Record<string, DiskEntry> = {};
    for (const [name, e] of cache) entries[name] = e.partial ? diskOfPartial(e) : toDisk(e);
    const data: CacheFile = { fingerprint: parserFingerprint(), entries };
    await writeFileAtomic(file, JSON.stringify(data));
    return true;
  } catch {
    return false;
  }
}

/** A partial entry goes back as it came (its view never had a body here). */
function diskOfPartial(e: ParseCacheEntry): DiskEntry {
  const { file: _file, ...rest } = e.result.view!;
  const out: DiskEntry = { hash: e.hash, result: { ...e.result, view: rest as LocalView }, bodyChars: e.bodyChars, viewHash: e.viewHash };
  if (e.stamp !== undefined) out.stamp = e.stamp;
  return out;
}

/**
 * loadProject with the on-disk cache: read it, load (skipping files unchanged by stat), save it
 * back when anything changed. A folder without .lxp/ (never synced: a first deploy or status)
 * has no cache and gets none (writeParseCache saves only into an existing .lxp/), so its files
 * are read without the stat and the digest each would cost for the cache (~30 µs a file).
 */
export async function loadProjectCached(dir: string, opts: Omit<LoadOptions, 'cache'> = {}): Promise<LoadedProject> {
  if (!(await isDirectory(path.join(dir, '.lxp')))) return loadProject(dir, opts);
  const cache = await readParseCache(dir);
  const before = new Map(cache);
  const project = await loadProject(dir, { trustStat: {}, ...opts, cache });
  let changed = cache.size !== before.size;
  for (const [file, e] of cache) {
    if (changed) break;
    changed = before.get(file) !== e;
  }
  if (changed) await writeParseCache(dir, cache);
  return project;
}
