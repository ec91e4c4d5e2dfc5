// The experience folder on disk → every view in it, validated file by file and across files.
// Reads every view file (synchronously: see readBytesSync); validation is all-at-once so a person fixes everything in
// one go, and the sync engine can refuse the whole folder before sending a single request.
import { hash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import type { ValidationIssue } from './issues.js';
import { announceLoad } from './large-folder.js';
import { parseViewFile, type ParsedViewFile } from './parse.js';
import type { TemplateRefs } from './template-refs.js';
import { VIEW_TYPE_FOLDERS, viewKey, VIEW_TYPES, withLazyBody, type LocalView, type ViewContent } from './view.js';

export const IGNORE_FILE = '.lxpignore';
/** Always out of every command: lxp's own state and the embedded server's data. */
const ALWAYS_IGNORED = ['.lxp/', 'node_modules/', '.git/'];
/** Strict: a file that is not valid UTF-8 is an issue, never text with replacement characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Files up to this size are read into one reused buffer (views are limited far below it). */
const READ_BUFFER_BYTES = 256 * 1024;
let readBuffer: Buffer | undefined;

export interface LoadedProject {
  /** Views of the files in scope (paths and .lxpignore applied), sorted by file. */
  views: LocalView[];
  /**
   * Views of the files a narrowed run (paths) leaves out, .lxpignore's left out: never planned,
   * but paired with develop and the sync records as a whole run pairs them, so that a file in
   * scope is never taken for the view another file holds (../sync/plan.ts, PlanInput.outside).
   * Empty without paths.
   */
  outside: LocalView[];
  /** Every problem of the files in scope, sorted by file and line. Non-empty: deploy nothing. */
  issues: ValidationIssue[];
  /** The view files in scope, relative to the folder with forward slashes, sorted. */
  files: string[];
  /**
   * Whether a file (relative path, forward slashes) is in scope: matched by `paths` and not
   * ignored by .lxpignore. The sync engine applies it to the would-be files of remote views.
   */
  inScope: (file: string) => boolean;
  /**
   * Whether .lxpignore (or lxp's own folders) leaves a file out. Views whose file is ignored
   * are left alone by every command: never deployed, deleted, pulled or written.
   */
  isIgnored: (file: string) => boolean;
  /** Where each field and the body start in each file in scope (1-based lines), for error positions. */
  lines: Map<string, ParsedViewFile['lines']>;
  /** Every view of the folder, in scope or not (ignored files left out): what endpoints.yaml and experience.yaml may name. */
  viewNames: { viewType: LocalView['viewType']; name: string }[];
  /** What each file in scope calls on (helpers, literal component names), for the template lint. */
  refs: Map<string, TemplateRefs>;
  /**
   * With trustStat and a cache: each view file's statStamp() taken before its bytes were read (or
   * matched), undefined when it was racily clean or not stat'ed. Every file of the folder, in
   * scope or not (ignored ones left out).
   */
  stamps?: ReadonlyMap<string, string | undefined>;
  /** With `stamps`: the view files of the folder .lxpignore (or lxp's own folders) leaves out. */
  ignoredFiles?: readonly string[];
}

/**
 * Parse results by file, reused while a file's text is unchanged (same digest). Reading a file is cheap;
 * parsing it (YAML, Handlebars) is not: watch, dev and preview reload the folder on every save
 * and keep one cache for the session, so a save costs the parse of the files it changed.
 */
export type ParseCache = Map<string, ParseCacheEntry>;

export interface ParseCacheEntry {
  /** textDigest() of the file's bytes. */
  hash: string;
  /** The parse result. Its view has no body when `partial` (the cache on disk keeps no bodies). */
  result: ParsedViewFile;
  /**
   * The body is the last `bodyChars` UTF-16 units of the file's text (after a byte-order mark):
   * a hit rebuilds it from the text it read, without parsing. Absent when the body is not a suffix.
   */
  bodyChars?: number;
  /** Read from the cache on disk: result.view has no body (see bodyChars). */
  partial?: boolean;
  /** statStamp() of the file when its bytes were read; absent when it was racily clean (see settledBefore). */
  stamp?: string;
  /** hashContent() of the view (for the cache on disk, so a file skipped by stat still has its hash). */
  viewHash?: string;
}

/**
 * What a cache entry is checked against: a digest of the file's bytes (cheap next to parsing it).
 * For UTF-8 text it equals the digest of the decoded text, so a hit needs no decoding at all.
 */
export function textDigest(text: string | Uint8Array): string {
  // One-shot crypto.hash (Node ≥ 20.12): no Hash object per file.
  return hash('sha1', text, 'base64');
}

/**
 * A file's bytes, read synchronously. Reading thousands of small files one after another this way
 * costs ~10–25 µs each; fs.promises.readFile costs 5–10× that (a thread-pool round trip for each of
 * open, fstat, read and close), which made reading the folder most of a no-op deploy. The bytes
 * are a view of a shared buffer: use them before the next call.
 */
function readBytesSync(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
    let n = 0;
    while (n < readBuffer.length) {
      const want = readBuffer.length - n;
      const got = readSync(fd, readBuffer, n, want, null);
      n += got;
      // A regular file answers a read in full up to its end: a short read is the end (one read per file, not two).
      if (got < want) return readBuffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
  // Larger than the buffer (only files far over Losant's size limit): read it whole.
  return readFileSync(file);
}

export interface LoadOptions {
  /** Files, folders or globs, relative to `cwd` or to the folder; empty or absent = everything. */
  paths?: string[];
  /** Where relative `paths` start; default process.cwd(). */
  cwd?: string;
  /** Reuse (and update) the parse results of earlier loads of this folder. */
  cache?: ParseCache;
  /**
   * With `cache`: files known not to have changed since the cache saw them — taken from it without
   * being read at all. `lxp watch` passes every file but those its watcher reported changed, so a
   * save costs the reads of the files it touched, whatever the size of the folder.
   */
  unchanged?: (file: string) => boolean;
  /**
   * With `cache`: a file whose stat (size, mtime, ctime, inode, device) is the one its cache entry
   * recorded is not read at all — git's index does the same. Its view's body is read only if
   * something asks for it. See docs/internals.md, "Skipping unchanged files".
   */
  trustStat?: { racyMs?: number };
}

/**
 * A file whose last change (ctime, which every write, chmod, rename and utimes moves) is closer to
 * now than this is "racily clean": a write in the same timestamp tick as our stat could leave
 * every stat field as it was. Such a file gets no stamp: it is read again next time.
 */
export const RACY_MS = 2000;

/** The stat fields of statStamp(), in its order (the no-op check compares them as numbers). */
export const STAMP_KEYS = ['size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'] as const;

/**
 * What stat says about a file's bytes: equal stamps, equal bytes (outside the racy window). Times
 * in ms with their fraction (a double keeps ~0.25 µs at today's dates; the racy window, not
 * nanoseconds, is what keeps a same-tick write from passing). Not BigInt stats: on Node 20 they
 * cost twice as much.
 */
export function statStamp(st: Stats): string {
  return STAMP_KEYS.map((k) => st[k]).join(':');
}

/** Thrown when a file skipped by stat turns out to have other bytes when its body is read. */
export class FileChangedError extends Error {}

/**
 * A view of a file skipped by stat: every field from the cache, the body read on first use (and
 * checked against the cache's digest of the file, so it is the body of the bytes the rest came
 * from). The body is an own enumerable getter: spreading or serialising the view reads it.
 */
function indexedView(absFile: string, file: string, entry: ParseCacheEntry): LocalView {
  let body: string | undefined;
  const readBody = (): string => {
    if (body !== undefined) return body;
    let bytes: Uint8Array;
    try {
      bytes = readBytesSync(absFile);
    } catch (err) {
      throw new FileChangedError(`${file} changed while lxp was running (${(err as Error).message}): run the command again`);
    }
    if (textDigest(bytes) !== entry.hash) throw new FileChangedError(`${file} changed while lxp was running: run the command again`);
    const text = UTF8.decode(bytes);
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    return (body = source.slice(source.length - entry.bodyChars!));
  };
  return withLazyBody({ ...entry.result.view!, file }, readBody, entry.viewHash!);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Every view file of a folder (relative, forward slashes): `.hbs` files (exact case) under
 * layouts/, pages/ and components/, no dot-files or dot-folders. A symbolic link to a file is a
 * view file like any other (read through the link, as endpoints.yaml is; a pull never writes
 * through it: run.ts's unwritableFiles). A symbolic link to a folder is not followed (it could
 * lead anywhere, or back up into a loop) and, as a link to nothing named `.hbs`, goes into
 * `linkIssues` when given: skipped silently, the views under it would look deleted. A plain
 * synchronous walk: fast-glob took ~100 ms more for 5000 files (its matchers and an async call per
 * folder), a tenth of a no-op deploy.
 */
export function listViewFiles(absDir: string, linkIssues?: ValidationIssue[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(absDir, rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A view folder the experience does not have (or a file where one would be) holds no views.
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.endsWith('.hbs')) out.push(child);
      else if (e.isSymbolicLink()) {
        const why = linkedViewFile(path.join(absDir, child), e.name);
        if (why === undefined) out.push(child);
        // A folder's issue is named as a folder (`pages/shared/`), which is how .lxpignore names one.
        else if (why !== '') linkIssues?.push({ file: why.startsWith(FOLDER_LINK) ? `${child}/` : child, message: why });
      }
    }
  };
  for (const t of VIEW_TYPES) walk(VIEW_TYPE_FOLDERS[t]);
  return out;
}

const FOLDER_LINK = 'a symbolic link to a folder';

/**
 * What a symbolic link in a view folder is: undefined for a link to a file named `.hbs` (a view
 * file), '' for one that is no view file and no problem (a link to a file of another kind), else
 * why it is a problem of the folder.
 */
function linkedViewFile(absLink: string, name: string): string | undefined {
  let st: Stats | undefined;
  let failure: string | undefined;
  try {
    st = statSync(absLink);
  } catch (err) {
    failure = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'a symbolic link to nothing' : `a symbolic link lxp cannot follow (${(err as Error).message})`;
  }
  if (st?.isDirectory()) {
    return `${FOLDER_LINK}, not followed (it could lead anywhere, or into a loop): make it a folder of the experience (a link to a single view file is read through), or leave it out in .lxpignore`;
  }
  if (!name.endsWith('.hbs')) return '';
  if (failure !== undefined) return `${failure}: fix or remove the link, or leave it out in .lxpignore`;
  return st!.isFile() ? undefined : 'a symbolic link to something that is not a file: lxp reads views from files';
}

/**
 * A file (not a folder) named like a view folder — `pages`, `layouts`, `components` — is a problem
 * of the folder: every command would see no views of that type there (a deploy would take them
 * all for deleted) and no pull could write one.
 */
function viewFolderIssues(absDir: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const t of VIEW_TYPES) {
    const folder = VIEW_TYPE_FOLDERS[t];
    let st: Stats;
    try {
      st = statSync(path.join(absDir, folder));
    } catch {
      continue; // Absent (or a link to nothing): no views of this type, which is allowed.
    }
    if (!st.isDirectory()) issues.push({ file: folder, message: `a file where the folder of ${t}s belongs: lxp reads ${t}s from ${folder}/ (rename or remove the file)` });
  }
  return issues;
}

/** The glob of every view file in a folder. */
export function viewFileGlobs(): string[] {
  return VIEW_TYPES.map((t) => `${VIEW_TYPE_FOLDERS[t]}/**/*.hbs`);
}

/**
 * Matcher of .lxpignore (gitignore syntax) plus lxp's always-ignored folders. Returns true for
 * files that every command must leave alone.
 */
export async function loadIgnore(dir: string): Promise<(file: string) => boolean> {
  let text = '';
  try {
    text = await readFile(path.join(dir, IGNORE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (lastIgnore?.text === text) return lastIgnore.matcher;
  // Without rules of the folder's own only lxp's folders are left out: a folder of that name
  // anywhere on the path (gitignore's `name/`), checked directly — the ignore matcher costs
  // ~5–10 µs for each file it has not seen.
  const ig = text === '' ? undefined : ignore().add(ALWAYS_IGNORED).add(text);
  // Answers kept per matcher: a load asks about each file three or four times, and `lxp watch`
  // loads the folder on every push — with the same .lxpignore, the same matcher and its answers.
  const answers = new Map<string, boolean>();
  const matcher = (file: string) => {
    if (!ig) return file !== '' && inAlwaysIgnoredFolder(file);
    let answer = answers.get(file);
    if (answer === undefined) {
      answer = file !== '' && ig.ignores(file);
      if (answers.size >= 100_000) answers.clear();
      answers.set(file, answer);
    }
    return answer;
  };
  lastIgnore = { text, matcher };
  return matcher;
}

/** The matcher of the .lxpignore text read last (what it answers depends on nothing else). */
let lastIgnore: { text: string; matcher: (file: string) => boolean } | undefined;

/** ALWAYS_IGNORED as `/name/`: a folder of that name after a slash. */
const ALWAYS_IGNORED_INSIDE = ALWAYS_IGNORED.map((p) => `/${p}`);

/**
 * Whether a folder on the path of `file` (relative, forward slashes; a trailing slash marks a
 * folder) is one of ALWAYS_IGNORED. Asked several times about every file of a load: it makes
 * no string.
 */
export function inAlwaysIgnoredFolder(file: string): boolean {
  for (let i = 0; i < ALWAYS_IGNORED.length; i++) {
    const at = file.indexOf(ALWAYS_IGNORED[i]);
    // At the start or after a slash: a whole folder name, not the end of a longer one.
    if (at !== -1 && (at === 0 || file[at - 1] === '/' || file.includes(ALWAYS_IGNORED_INSIDE[i]))) return true;
  }
  return false;
}

/**
 * Where a path given on the command line points inside the folder, relative to it: none, one or
 * two readings. It is read relative to `cwd` first (what a shell user means); relative to the
 * folder too when that lands outside it (what `lxp deploy --dir site pages/home.hbs` means), or
 * when nothing exists there (`lxp status pages/home.hbs` typed in `site/pages/`). `existing` is
 * the part of the path to look for on disk (a glob's base).
 */
function readingsInside(dir: string, cwd: string, p: string, existing: string = p): string[] {
  const inside = (abs: string) => {
    const rel = path.relative(dir, abs);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? toPosix(rel) : undefined;
  };
  const fromCwd = inside(path.resolve(cwd, p));
  const fromDir = inside(path.resolve(dir, p));
  if (fromCwd === undefined) return fromDir === undefined ? [] : [fromDir];
  if (fromDir === undefined || fromDir === fromCwd || existsSync(path.resolve(cwd, existing))) return [fromCwd];
  return [fromCwd, fromDir];
}

/**
 * What a path given on the command line names in the folder (relative, posix): a file or folder,
 * or a glob pattern, per reading (see readingsInside). Empty: it points outside the folder.
 */
export function pathReadings(dir: string, raw: string, cwd: string = process.cwd()): string[] {
  const absDir = path.resolve(dir);
  const p = toPosix(raw);
  const scan = picomatch.scan(p);
  if (!scan.isGlob) return readingsInside(absDir, cwd, p).map((rel) => rel.replace(/\/+$/, ''));
  return readingsInside(absDir, cwd, scan.base || '.', scan.base || '.').map((base) => (base === '' ? scan.glob : `${base}/${scan.glob}`));
}

/**
 * Matcher for files (relative to `dir`, forward slashes) named by `paths`: a file, a folder (all
 * files under it) or a glob (a file matches when it, or a folder above it, matches), under any of
 * its readings. No paths means every file. A path outside the folder matches nothing.
 */
export function pathFilter(dir: string, paths?: string[], cwd: string = process.cwd()): (file: string) => boolean {
  if (!paths || paths.length === 0) return () => true;
  const tests: ((file: string) => boolean)[] = [];
  for (const raw of paths) {
    const glob = picomatch.scan(toPosix(raw)).isGlob;
    for (const reading of pathReadings(dir, raw, cwd)) {
      if (glob) {
        const isMatch = picomatch(reading, { dot: true });
        tests.push((file) => {
          const parts = file.split('/');
          for (let i = parts.length; i > 0; i--) if (isMatch(parts.slice(0, i).join('/'))) return true;
          return false;
        });
      } else {
        tests.push((file) => reading === '' || file === reading || file.startsWith(`${reading}/`));
      }
    }
  }
  return (file) => tests.some((t) => t(file));
}

/** The scope of a command: its paths, minus what .lxpignore leaves out. */
export async function projectScope(dir: string, opts: LoadOptions = {}): Promise<(file: string) => boolean> {
  const ignored = await loadIgnore(dir);
  const wanted = pathFilter(dir, opts.paths, opts.cwd);
  return (file) => wanted(file) && !ignored(file);
}

/** Checks that need every view at once: duplicate names, pages naming missing layouts. */
export function crossFileIssues(parsed: { file: string; result: ParsedViewFile }[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const byKey = new Map<string, { file: string; result: ParsedViewFile }[]>();
  for (const p of parsed) {
    if (!p.result.view) continue;
    const key = viewKey(p.result.view);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const v = group[0].result.view!;
    for (const p of group) {
      const others = group.filter((o) => o !== p).map((o) => o.file);
      issues.push({
        file: p.file,
        line: p.result.lines.name ?? 1,
        field: 'name',
        message: `two files name the ${v.viewType} "${v.name}": ${[p.file, ...others].join(' and ')}; names are unique per view type`,
      });
    }
  }
  issues.push(...missingLayoutIssues(parsed.flatMap((p) => (p.result.view ? [{ file: p.file, view: p.result.view, line: p.result.lines.layout }] : []))));
  return issues;
}

/**
 * Pages naming a layout the views do not hold (`reference` issues, at the `layout:` line when
 * known): the folder as read, or as a pull would leave it (../sync/names-lacking.ts).
 */
export function missingLayoutIssues(views: readonly { file: string; view: Pick<ViewContent, 'viewType' | 'name' | 'layout'>; line?: number }[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const layouts = new Set(views.filter((p) => p.view.viewType === 'layout').map((p) => p.view.name));
  for (const { file, view: v, line } of views) {
    if (v.viewType !== 'page' || v.layout === null || layouts.has(v.layout)) continue;
    const sameButCase = [...layouts].find((l) => l.toLowerCase() === v.layout!.toLowerCase());
    issues.push({
      file,
      line: line ?? 1,
      field: 'layout',
      message: `no layout named "${v.layout}" in this folder${sameButCase ? ` (did you mean "${sameButCase}"? names are case-sensitive)` : ''}`,
      reference: true,
    });
  }
  return issues;
}

/**
 * Loads an experience folder. Every view file is read and checked (so that a page in scope is
 * checked against a layout out of scope); only the files in scope come back, with their issues.
 */
export async function loadProject(dir: string, opts: LoadOptions = {}): Promise<LoadedProject> {
  const absDir = path.resolve(dir);
  const ignored = await loadIgnore(absDir);
  const wanted = pathFilter(absDir, opts.paths, opts.cwd);
  const inScope = (file: string) => wanted(file) && !ignored(file);

  const all: string[] = [];
  const left: string[] = [];
  const readIssues: ValidationIssue[] = viewFolderIssues(absDir);
  for (const f of listViewFiles(absDir, readIssues)) (ignored(f) ? left : all).push(f);
  all.sort();
  announceLoad(all.length);

  const parsed: { file: string; result: ParsedViewFile }[] = [];
  const cache = opts.cache;
  // Files changed since this moment are racily clean: no stamp.
  const settledBefore = opts.trustStat ? Date.now() - (opts.trustStat.racyMs ?? RACY_MS) : 0;
  const stamps = opts.trustStat && cache ? new Map<string, string | undefined>() : undefined;
  for (const file of all) {
    const entry = cache?.get(file);
    if (entry && !entry.partial && opts.unchanged?.(file)) {
      parsed.push({ file, result: entry.result });
      continue;
    }
    const absFile = path.join(absDir, file);
    let stamp: string | undefined;
    if (opts.trustStat && cache) {
      // Before reading: a write between the stat and the read then leaves a stamp that no longer matches.
      let st: Stats | undefined;
      try {
        st = statSync(absFile);
      } catch {
        // Reading it reports the problem.
      }
      if (st && st.ctimeMs < settledBefore) stamp = statStamp(st);
      stamps!.set(file, stamp);
      if (stamp !== undefined && entry?.stamp === stamp) {
        if (!entry.partial) parsed.push({ file, result: entry.result });
        else if (!entry.result.view) parsed.push({ file, result: entry.result });
        else if (entry.viewHash !== undefined && entry.bodyChars !== undefined) parsed.push({ file, result: { ...entry.result, view: indexedView(absFile, file, entry) } });
        else stamp = undefined;
        if (stamp !== undefined) continue;
      }
    }
    let bytes: Uint8Array;
    try {
      bytes = readBytesSync(absFile);
    } catch (err) {
      readIssues.push({ file, message: `cannot read the file: ${(err as Error).message}` });
      continue;
    }
    // A cache hit needs neither decoding nor parsing: the same bytes decoded and parsed before.
    const hash = cache ? textDigest(bytes) : undefined;
    if (entry && entry.hash === hash && (!entry.partial || !entry.result.view)) {
      if (entry.stamp !== stamp) cache!.set(file, { ...entry, stamp });
      parsed.push({ file, result: entry.result });
      continue;
    }
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      // Decoding leniently would turn each bad byte into U+FFFD and deploy that, silently.
      readIssues.push({ file, message: 'not UTF-8 text: save the file as UTF-8 (Losant stores views as UTF-8)' });
      continue;
    }
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    if (entry && entry.hash === hash && entry.bodyChars !== undefined) {
      // The cache on disk keeps no bodies: the body is the end of the text just read.
      const result = { ...entry.result, view: { ...entry.result.view!, file, body: source.slice(source.length - entry.bodyChars) } };
      cache!.set(file, { hash: hash!, result, bodyChars: entry.bodyChars, stamp, viewHash: entry.viewHash });
      parsed.push({ file, result });
      continue;
    }
    const result = parseViewFile(file, text);
    if (hash !== undefined) {
      const body = result.view?.body;
      cache!.set(file, { hash, result, stamp, ...(body !== undefined && source.endsWith(body) ? { bodyChars: body.length } : {}) });
    }
    parsed.push({ file, result });
  }

  const issues = [...readIssues, ...parsed.flatMap((p) => p.result.issues), ...crossFileIssues(parsed)]
    .filter((i) => inScope(i.file))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  if (opts.cache) {
    const present = new Set(all);
    for (const file of opts.cache.keys()) if (!present.has(file)) opts.cache.delete(file);
  }
  const inScopeParsed = parsed.filter((p) => inScope(p.file));
  return {
    views: inScopeParsed.flatMap((p) => (p.result.view ? [p.result.view] : [])),
    outside: parsed.flatMap((p) => (p.result.view && !inScope(p.file) ? [p.result.view] : [])),
    issues,
    files: all.filter(inScope),
    inScope,
    isIgnored: ignored,
    lines: new Map(inScopeParsed.map((p) => [p.file, p.result.lines])),
    viewNames: parsed.flatMap((p) => (p.result.view ? [{ viewType: p.result.view.viewType, name: p.result.view.name }] : [])),
    refs: new Map(inScopeParsed.flatMap((p) => (p.result.refs ? [[p.file, p.result.refs] as const] : []))),
    ...(stamps ? { stamps, ignoredFiles: left } : {}),
  };
}
