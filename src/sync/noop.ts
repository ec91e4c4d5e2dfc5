// The no-op check (.lxp/cache/noop.json): a whole-folder status, diff or deploy that found the
// folder, develop and the sync state in step, with nothing to do, notes what it saw — every view
// file's stat stamp, the absence of the experience files, .lxpignore's and the state's stamps,
// and the digest of develop's view list as received. The next such run first checks those: when
// the folder's files and the state are as noted (stat only, nothing read or parsed) and develop
// lists byte for byte as it did, it is the same run on the same inputs, so it ends the same way —
// in sync, nothing to do — without reading the parse cache, the state or planning. Anything else
// (one stamp, one byte of the list, another target, another lxp) is the ordinary run. The
// argument, and what it rests on, is in docs/internals.md ("The no-op check").
//
// Like the parse cache, the file is an optimisation only: missing, unreadable or foreign is "no
// check"; it is written only where .lxp/ already exists, and a failed write is skipped.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../project/write-atomic.js';
import { IGNORE_FILE, RACY_MS, STAMP_KEYS, statStamp } from '../project/load.js';
import { makeDir } from '../project/make-dir.js';
import { VIEW_TYPE_FOLDERS, VIEW_TYPES } from '../project/view.js';
import { JOURNAL_FILE, STATE_DIR, STATE_FILE, stateDigestOf } from './state.js';

export const NOOP_FILE = path.join('.lxp', 'cache', 'noop.json');
/** 2: the state by the digest of its bytes (stateDigest), its stamp only when settled. */
const FORMAT = 2;
/** A file's stamp in the record: statStamp()'s numbers. */
const STAMP_FIELDS = STAMP_KEYS.length;
/** The size in the stamp of a file .lxpignore leaves out. */
const IGNORED = -1;

/** What a run that found everything in step saw. */
export interface NoopRecord {
  format: number;
  /** This lxp's code (see buildFingerprint): another build never trusts the record. */
  build: string;
  /** The target: its name, application id and API (see noopKey). */
  key: string;
  /**
   * Every view file of the folder (listViewFiles(), .lxpignore'd ones too), sorted, and each
   * file's stat stamp (size, mtimeMs, ctimeMs, ino, dev: STAMP_FIELDS numbers a file; an ignored
   * file's size is IGNORED and its bytes do not matter).
   */
  files: string[];
  stamps: number[];
  /** Files the run found absent (endpoints.yaml, groups.yaml, experience.yaml): still absent. */
  absent: string[];
  /** .lxpignore's stamp, or null when there was none. */
  ignore: string | null;
  /**
   * The digest of the bytes of .lxp/state.json the run planned with (the journal was absent):
   * what the check compares. A run right after a deploy reads a state written moments before,
   * whose stamp cannot vouch for its bytes yet (RACY_MS): its bytes can.
   */
  stateDigest: string;
  /** .lxp/state.json's stamp when it had settled and was the same before and after the run (then equal stamps spare the check reading it), else null. */
  state: string | null;
  /** Develop's view list: the digest of its pages as received, how many pages, how many views. */
  views: { digest: string; pages: number; count: number };
  /** The plan's in-sync count. */
  inSync: number;
}

/** The identity of a target the record holds for: its name, application id and API. */
export function noopKey(target: { name: string; apiUrl?: string }, applicationId: string): string {
  return JSON.stringify([target.name, applicationId, target.apiUrl ?? null]);
}

let fingerprint: string | undefined;
/**
 * The folders, relative to this module, whose code decides what a run does: from the CLI's bundle
 * (dist/cli-bundle/, which bin/lxp.js runs only while it is newer than dist/), the bundle alone —
 * it is all the code such a run loads; from dist/ (no bundle, or a stale one), dist's folders.
 */
const CODE_FOLDERS = /\/cli-bundle\/[^/]*$/.test(import.meta.url) ? ['./'] : ['./', '../project/', '../sync/', '../api/', '../cli/', '../cli/output/', '../render/'];

/**
 * The code of this lxp: the names, sizes and times of the modules of CODE_FOLDERS (the bundle's
 * chunk names carry their content's hash). A rebuilt or upgraded lxp never trusts a record an
 * older one wrote.
 */
function buildFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha1').update(`${FORMAT}\0`);
  for (const rel of CODE_FOLDERS) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.[cm]?[jt]s$/.test(n)).sort();
    } catch {
      // No such folder here: nothing of it to take in.
    }
    for (const name of names) {
      const st = statSync(path.join(dir, name));
      h.update(`${rel}${name}\0${st.size}\0${st.mtimeMs}\0`);
    }
  }
  return (fingerprint = h.digest('base64'));
}

/**
 * A file's stamp when it settled before `settledBefore` (ctime older: a later write moves it),
 * 'absent' when there is no file, undefined when it changed too recently to vouch for its bytes.
 */
function settledStamp(file: string, settledBefore: number): string | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return 'absent';
  return st.ctimeMs < settledBefore ? statStamp(st) : undefined;
}

/** The stamps of the files around the views a record depends on: the state (and that its journal is absent) and .lxpignore. */
export interface SideStamps {
  state: string | undefined;
  journal: string | undefined;
  ignore: string | undefined;
}

export function sideStamps(dir: string, now = Date.now()): SideStamps {
  const abs = path.resolve(dir);
  const settledBefore = now - RACY_MS;
  return {
    state: settledStamp(path.join(abs, STATE_DIR, STATE_FILE), settledBefore),
    journal: settledStamp(path.join(abs, STATE_DIR, JOURNAL_FILE), settledBefore),
    ignore: settledStamp(path.join(abs, IGNORE_FILE), settledBefore),
  };
}

/** The journal absent and .lxpignore settled and unchanged across the run (the state is vouched for by its digest). */
function sameSides(a: SideStamps, b: SideStamps): boolean {
  return a.journal === 'absent' && b.journal === 'absent' && a.ignore !== undefined && a.ignore === b.ignore;
}

/** The digest of state.json's bytes now, or undefined when it cannot be read. */
function stateDigestNow(abs: string): string | undefined {
  try {
    return stateDigestOf(readFileSync(path.join(abs, STATE_DIR, STATE_FILE)));
  } catch {
    return undefined;
  }
}

async function readRecord(dir: string): Promise<NoopRecord | undefined> {
  try {
    const r = JSON.parse(readFileSync(path.join(dir, NOOP_FILE), 'utf8')) as NoopRecord;
    const ok =
      r?.format === FORMAT &&
      typeof r.key === 'string' &&
      Array.isArray(r.files) &&
      Array.isArray(r.stamps) &&
      r.files.length * STAMP_FIELDS === r.stamps.length &&
      Array.isArray(r.absent) &&
      typeof r.stateDigest === 'string' &&
      (r.state === null || typeof r.state === 'string') &&
      (r.ignore === null || typeof r.ignore === 'string') &&
      typeof r.views?.digest === 'string' &&
      typeof r.views.count === 'number' &&
      Number.isInteger(r.views.pages) &&
      r.views.pages > 0 &&
      typeof r.inSync === 'number';
    return ok && r.build === buildFingerprint() ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record, when the folder and the state are exactly as it noted them: the same view files
 * (the same walk and .lxpignore as loadProject's), each with its stamp, the experience files still
 * absent, the same state file and no journal. Stat only: no file is read but .lxpignore (when
 * there is one) and the record. Undefined otherwise: run as usual.
 */
export async function folderAsNoted(dir: string): Promise<NoopRecord | undefined> {
  const abs = path.resolve(dir);
  const r = await readRecord(abs);
  if (!r) return undefined;
  const sides = sideStamps(abs);
  if (sides.journal !== 'absent' || sides.ignore !== (r.ignore ?? 'absent')) return undefined;
  // The state: its settled stamp as recorded, or else its bytes as recorded.
  if ((r.state === null || sides.state !== r.state) && stateDigestNow(abs) !== r.stateDigest) return undefined;
  for (const file of r.absent) if (statSync(path.join(abs, file), { throwIfNoEntry: false }) !== undefined) return undefined;
  // A file where a view folder belongs is a problem of the folder (loadProject's viewFolderIssues): never in step.
  for (const t of VIEW_TYPES) if (statSync(path.join(abs, VIEW_TYPE_FOLDERS[t]), { throwIfNoEntry: false })?.isDirectory() === false) return undefined;
  try {
    return walkMatches(abs, r) ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the folder holds exactly the record's view files, each with its stamp. The walk of
 * listViewFiles() (the same files: .hbs files under the view folders, no dot-names, links to
 * files read through, links to folders not followed) with one lstat per entry instead of a typed
 * readdir and a stat: for a regular file lstat and stat give the same stamp, and the type comes
 * with it (a link costs a stat more).
 */
function walkMatches(abs: string, r: NoopRecord): boolean {
  const index = new Map<string, number>();
  for (let i = 0; i < r.files.length; i++) index.set(r.files[i]!, i);
  const s = r.stamps;
  let seen = 0;
  const noThrow = { throwIfNoEntry: false } as const;
  const walk = (rel: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(`${abs}/${rel}`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // As listViewFiles: a view folder the experience does not have holds no views.
      if (code === 'ENOENT' || code === 'ENOTDIR') return true;
      throw err;
    }
    const prefix = `${abs}/${rel}/`;
    for (const name of names) {
      if (name.startsWith('.')) continue;
      let st = lstatSync(prefix + name, noThrow);
      if (!st) return false; // gone since it was listed: something is changing
      // A link to a view file is read through (listViewFiles): its stamp is its target's, which
      // a change of the target or of where the link points moves. A link to a folder, or to
      // nothing, is a problem of the folder: never in step.
      if (st.isSymbolicLink() && name.endsWith('.hbs')) {
        st = statSync(prefix + name, noThrow);
        if (!st?.isFile()) return false;
      } else if (st.isSymbolicLink() && statSync(prefix + name, noThrow)?.isDirectory()) return false;
      if (st.isDirectory()) {
        if (!walk(`${rel}/${name}`)) return false;
        continue;
      }
      if (!st.isFile() || !name.endsWith('.hbs')) continue;
      const i = index.get(`${rel}/${name}`);
      if (i === undefined) return false; // a new view file
      seen++;
      const k = i * STAMP_FIELDS;
      if (s[k] === IGNORED) continue;
      // The numbers of statStamp(), compared as numbers (no string per file: 5000 of them).
      for (let j = 0; j < STAMP_FIELDS; j++) if (st[STAMP_KEYS[j]!] !== s[k + j]) return false;
    }
    return true;
  };
  for (const t of VIEW_TYPES) if (!walk(VIEW_TYPE_FOLDERS[t])) return false;
  // None missing (each file is listed once).
  return seen === r.files.length;
}

/** What a run that found everything in step hands noteNoop. */
export interface NoopRun {
  key: string;
  /** The view files it read (every one: no paths), and the stamps its load took of them (LoadedProject.stamps). */
  files: readonly string[];
  stamps: ReadonlyMap<string, string | undefined> | undefined;
  /** The view files its load's walk found and .lxpignore left out (LoadedProject.ignoredFiles). */
  ignoredFiles: readonly string[] | undefined;
  absent: readonly string[];
  /** The digest of the state.json bytes the run planned with (StateStore.readDigest), if any. */
  stateDigest: string | undefined;
  /** sideStamps() before the folder was read, and after the run. */
  before: SideStamps;
  after: SideStamps;
  /** The run's list of develop's views: its digest and pages (listViewsDigested). */
  listed: { digest?: string; pages?: number } | undefined;
  count: number;
  inSync: number;
}

/**
 * Notes a run that found everything in step, when every stamp it depends on vouches for what
 * the run read: each view file's (settled), the state's and .lxpignore's unchanged across the
 * run (so what it read is what the stamps name), no journal. Returns whether it was written.
 */
export async function noteNoop(dir: string, run: NoopRun): Promise<boolean> {
  const { digest, pages } = run.listed ?? {};
  if (digest === undefined || pages === undefined || !run.stamps || run.stateDigest === undefined || !sameSides(run.before, run.after)) return false;
  // The folder as the run's load walked it: the files it read, each with the stamp taken before
  // reading it, and those .lxpignore (unchanged across the run) left out. A file created, deleted
  // or changed since makes the next walk differ from the record: no check passes on it.
  if (!run.ignoredFiles) return false;
  const ignored = new Set(run.ignoredFiles);
  const files = [...run.files, ...run.ignoredFiles].sort();
  const stamps: number[] = [];
  for (const file of files) {
    if (ignored.has(file)) {
      stamps.push(IGNORED, ...Array<number>(STAMP_FIELDS - 1).fill(0));
      continue;
    }
    const s = run.stamps.get(file);
    if (s === undefined) return false;
    // statStamp()'s numbers: each prints as the shortest text that reads back as the same double.
    const n = s.split(':').map(Number);
    if (n.length !== STAMP_FIELDS || n.some((x) => !Number.isFinite(x) || x < 0)) return false;
    stamps.push(...n);
  }
  const record: NoopRecord = {
    format: FORMAT,
    build: buildFingerprint(),
    key: run.key,
    files,
    stamps,
    absent: [...run.absent],
    ignore: run.before.ignore === 'absent' ? null : run.before.ignore!,
    stateDigest: run.stateDigest,
    state: run.before.state !== undefined && run.before.state !== 'absent' && run.before.state === run.after.state ? run.before.state : null,
    views: { digest, pages, count: run.count },
    inSync: run.inSync,
  };
  try {
    const abs = path.resolve(dir);
    if (!(await stat(path.join(abs, '.lxp'))).isDirectory()) return false;
    const file = path.join(abs, NOOP_FILE);
    await makeDir(path.dirname(file), { private: true });
    await writeFileAtomic(file, JSON.stringify(record));
    return true;
  } catch {
    return false;
  }
}
