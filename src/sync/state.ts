// .lxp/state.json: what was last synced between this folder and each target, so that status,
// deploy and pull are three-way (folder, remote, last sync). One file holds every target; each
// target's section is keyed by target name + applicationId, so pointing a target at another
// application never reuses the wrong ids.
//
// Format 2 adds, per target, the other kinds (endpoints, groups, develop's settings, slugs,
// domains) under `resources`; a format-1 file (views only) reads as format 2 with no resources
// — every other kind then counts as never synced — and is saved as format 2.
//
// Saving is in two steps. While a run applies changes, each batch of new records (what changed
// since the last batch, every ~100 ms) is appended to `.lxp/state.journal` as one JSON line: a
// 5000-view deploy writes each record once instead of rewriting the whole file every 100 ms.
// When the run ends (or the journal outgrows the file), the whole state is written to
// state.json atomically (write-file-atomic: temp file + rename) and the journal removed. Loading
// reads state.json and replays the journal over it, so a run killed (kill -9) at any moment
// loses at most its last unsaved batch: state.json is always whole, and a journal line cut short
// by the kill is ignored (and cut off before the next append). The journal is not fsynced: a
// killed process loses nothing the kernel already has; only a power cut could, and then the
// next deploy re-adopts what it finds on develop by its identity tags. Loading is strict: a
// corrupt file is an error naming it, never "no state" (which would turn the next deploy into a
// fresh-checkout deploy). A run checks its own target's records one by one; other targets' are
// only checked for shape and saved back as they were read (see parseStateFile).
//
// Two lxp processes may save into one folder at once (a watch in one terminal, a deploy in
// another). Every append and fold holds the folder's state lock (./state-lock.ts); an append
// checks the journal is as this process left it, and a fold writes state.json from memory only
// when neither file changed under it since — otherwise from what is on disk (state.json with
// the journal, which holds this process's lines too), so one process's fold never drops the
// other's records.
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, truncateSync, unlinkSync, type BigIntStats } from 'node:fs';
import { appendFile, readFile, readdir, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { loadWriteFileAtomicSync, writeFileAtomic } from '../project/write-atomic.js';
import { VIEW_TYPES, type ViewType } from '../project/view.js';
import { RESOURCE_KINDS, type ResourceKind } from '../project/resources/kind.js';
import { makeDir, makeDirSync } from '../project/make-dir.js';
import { withFreeStateLockSync, withStateLock, withStateLockSync } from './state-lock.js';

export const STATE_VERSION = 2;
/** Older formats this lxp reads (and saves as STATE_VERSION). */
const READS_VERSIONS = [1, STATE_VERSION];
export const STATE_DIR = '.lxp';
export const STATE_FILE = 'state.json';
export const JOURNAL_FILE = 'state.journal';

/** What lxp knows about one view after it last synced it. */
export interface StateEntry {
  id: string;
  viewType: ViewType;
  name: string;
  /** File relative to the experience folder (posix). */
  file: string;
  /** hashContent() of the content both sides had at the last sync. */
  hash: string;
  /** The remote lastUpdated seen at the last sync. */
  lastUpdated: string;
  /**
   * Pages: ids the page had before a deploy re-created it (deploy --force of a page deleted in
   * Losant) that develop's endpoints or settings may still name; kept until nothing does
   * (src/sync/page-repoints.ts).
   */
  replaced?: string[];
}

/** What lxp knows about one endpoint, group, settings, slug or domain after it last synced it. */
export interface ResourceEntry {
  id: string;
  /** Its identity in the folder at the last sync (an endpoint's key or `METHOD route`, a group's name…). */
  identity: string;
  /**
   * The kind's hash of the content both sides had, with every page and group it names replaced
   * by that resource's id (so renaming a page or group changes no record that names it).
   */
  hash: string;
  /**
   * Kinds whose folder may leave some fields alone (a group's deviceIds when groups.yaml does not
   * name them): the same content hashed both ways, so the next comparison uses the one that
   * matches what the folder owns *then* — a folder that starts or stops naming those fields has
   * not changed develop's side. Absent in records of earlier lxp versions: `hash` is used.
   */
  hashes?: RecordHashes;
  lastUpdated: string;
}

/**
 * A write-ahead intent of a pull for one entry of endpoints.yaml, groups.yaml or experience.yaml
 * (TargetState.resourceIntents): the record it makes once the file holding the entry is written.
 */
export interface ResourceIntent {
  kind: ResourceKind;
  /** The file the pull writes the entry into. */
  file: string;
  /** The kind's hash of the entry as the pull wrote it (folder content, as the file is read back). */
  written: string;
  entry: ResourceEntry;
}

/** The key of a resource's intent in TargetState.resourceIntents. */
export const resourceIntentKey = (kind: ResourceKind, id: string): string => `${kind}:${id}`;

export interface RecordHashes {
  /** With the fields the folder may leave alone as develop had them. */
  owning: string;
  /** With them left alone. */
  leaving: string;
}

/** The sync record of one (target, application). */
export interface TargetState {
  target: string;
  applicationId: string;
  /**
   * True once a whole-folder deploy or pull (no paths) finished without failures. Until then the
   * folder is a "fresh checkout" for this target: views lxp manages that have no record and no file
   * are deleted by deploy (the folder is the truth).
   */
  fullSync: boolean;
  /**
   * True from the moment a whole-folder pull starts changing files until it finishes cleanly (also
   * cleared by a clean whole-folder deploy). While set, the folder may hold only part of develop —
   * a pull stopped by Ctrl-C, a kill or a failed write — so status does not call it in sync and a
   * whole-folder deploy refuses (it would take the missing files for deletions). Absent: false.
   */
  unfinishedPull?: boolean;
  /** By view id. */
  views: Record<string, StateEntry>;
  /**
   * Write-ahead intents of a pull, by view id: the record a pull is about to make for a view
   * file it is writing, saved before the file is written (StateStore.intend). The record
   * replaces its intent once the file is written; a failed write drops it. An intent left over
   * (the pull was killed) is settled by the next run against the file (./intents.ts): the file
   * holds exactly what the pull wrote → the intent becomes the record; otherwise it is dropped.
   * Absent: none.
   */
  intents?: Record<string, StateEntry>;
  /**
   * The same for the entries of endpoints.yaml, groups.yaml and experience.yaml a pull writes, by
   * resourceIntentKey (StateStore.intendResources): saved before the file is written whole, replaced
   * by the records once it is. Left over (the pull was killed), each is settled against the entry the
   * file holds with its identity (./intents.ts): the entry as the pull wrote it → the record; else
   * dropped. Absent: none.
   */
  resourceIntents?: Record<string, ResourceIntent>;
  /**
   * The other kinds, each by id. A kind is present once a whole-folder run synced it: until then
   * it is "fresh" (its file is new to this target), whatever fullSync says.
   */
  resources?: Partial<Record<ResourceKind, Record<string, ResourceEntry>>>;
}

export interface StateFile {
  version: number;
  targets: Record<string, TargetState>;
}

export class StateError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export function statePath(dir: string): string {
  return path.join(dir, STATE_DIR, STATE_FILE);
}

export function journalPath(dir: string): string {
  return path.join(dir, STATE_DIR, JOURNAL_FILE);
}

export function targetKey(target: string, applicationId: string): string {
  return `${target}:${applicationId}`;
}

export function emptyTargetState(target: string, applicationId: string): TargetState {
  return { target, applicationId, fullSync: false, views: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the shape of a parsed state file; throws StateError naming the file and the bad spot.
 * With `only` (a target key), the records of the other targets are not checked one by one (a run
 * uses one target; they are saved back as they were read): ~half of reading a file that holds
 * two targets of 5000 views.
 */
export function parseStateFile(text: string, file: string, opts: { only?: string } = {}): StateFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new StateError(
      `${file} is not valid JSON (${(err as Error).message}). Fix it, or delete it to start a fresh sync.`,
      file,
    );
  }
  const bad = (where: string) =>
    new StateError(`${file} is corrupt (${where}). Fix it, or delete it to start a fresh sync.`, file);
  if (!isObject(data)) throw bad('not an object');
  if (!READS_VERSIONS.includes(data.version as number)) {
    throw new StateError(
      `${file} has format version ${String(data.version)}; this lxp reads versions ${READS_VERSIONS.join(' and ')}.`,
      file,
    );
  }
  if (!isObject(data.targets)) throw bad('"targets" is not an object');
  const targets: Record<string, TargetState> = {};
  for (const [key, t] of Object.entries(data.targets)) {
    if (!isObject(t) || typeof t.target !== 'string' || typeof t.applicationId !== 'string' || !isObject(t.views)) {
      throw bad(`target "${key}"`);
    }
    if (opts.only !== undefined && key !== opts.only) {
      targets[key] = t as unknown as TargetState;
      continue;
    }
    const views: Record<string, StateEntry> = {};
    for (const [id, e] of Object.entries(t.views)) {
      const entry = viewEntry(id, e);
      if (!entry) throw bad(`target "${key}", view "${id}"`);
      views[id] = entry;
    }
    targets[key] = { target: t.target, applicationId: t.applicationId, fullSync: t.fullSync === true, views };
    if (t.unfinishedPull === true) targets[key].unfinishedPull = true;
    if (t.intents !== undefined) {
      if (!isObject(t.intents)) throw bad(`target "${key}", intents`);
      const intents: Record<string, StateEntry> = {};
      for (const [id, e] of Object.entries(t.intents)) {
        const entry = viewEntry(id, e);
        if (!entry) throw bad(`target "${key}", intent "${id}"`);
        intents[id] = entry;
      }
      if (Object.keys(intents).length > 0) targets[key].intents = intents;
    }
    if (t.resources !== undefined) targets[key].resources = parseResources(t.resources, () => bad(`target "${key}", resources`));
    if (t.resourceIntents !== undefined) {
      if (!isObject(t.resourceIntents)) throw bad(`target "${key}", resourceIntents`);
      const intents: Record<string, ResourceIntent> = {};
      for (const [k, e] of Object.entries(t.resourceIntents)) {
        const intent = resourceIntent(k, e);
        if (!intent) throw bad(`target "${key}", resource intent "${k}"`);
        intents[k] = intent;
      }
      if (Object.keys(intents).length > 0) targets[key].resourceIntents = intents;
    }
  }
  return { version: STATE_VERSION, targets };
}

/** A view's record as saved, checked; undefined when it is not one. */
function viewEntry(id: string, e: unknown): StateEntry | undefined {
  if (
    !isObject(e) ||
    e.id !== id ||
    !VIEW_TYPES.includes(e.viewType as ViewType) ||
    typeof e.name !== 'string' ||
    typeof e.file !== 'string' ||
    typeof e.hash !== 'string' ||
    typeof e.lastUpdated !== 'string'
  ) {
    return undefined;
  }
  const entry: StateEntry = { id, viewType: e.viewType as ViewType, name: e.name, file: e.file, hash: e.hash, lastUpdated: e.lastUpdated };
  // A malformed list is dropped, not the record (as a malformed pair of resource hashes is).
  if (Array.isArray(e.replaced) && e.replaced.length > 0 && e.replaced.every((x) => typeof x === 'string')) entry.replaced = e.replaced as string[];
  return entry;
}

/** A resource's record as saved, checked; undefined when it is not one. */
function resourceEntry(id: string, e: unknown): ResourceEntry | undefined {
  if (!isObject(e) || e.id !== id || typeof e.identity !== 'string' || typeof e.hash !== 'string' || typeof e.lastUpdated !== 'string') return undefined;
  const h = e.hashes;
  // A malformed pair is dropped, not the record: the comparison then uses `hash`, as before.
  const hashes = isObject(h) && typeof h.owning === 'string' && typeof h.leaving === 'string' ? { hashes: { owning: h.owning, leaving: h.leaving } } : {};
  return { id, identity: e.identity, hash: e.hash, ...hashes, lastUpdated: e.lastUpdated };
}

/** A resource intent as saved, checked; undefined when it is not one. */
function resourceIntent(key: string, e: unknown): ResourceIntent | undefined {
  if (!isObject(e) || !RESOURCE_KINDS.includes(e.kind as ResourceKind) || typeof e.file !== 'string' || typeof e.written !== 'string' || !isObject(e.entry)) return undefined;
  const entry = resourceEntry(String(e.entry.id), e.entry);
  if (!entry || resourceIntentKey(e.kind as ResourceKind, entry.id) !== key) return undefined;
  return { kind: e.kind as ResourceKind, file: e.file, written: e.written, entry };
}

function parseResources(data: unknown, bad: () => StateError): TargetState['resources'] {
  if (!isObject(data)) throw bad();
  const out: NonNullable<TargetState['resources']> = {};
  for (const [kind, entries] of Object.entries(data)) {
    if (!RESOURCE_KINDS.includes(kind as ResourceKind) || !isObject(entries)) throw bad();
    const byId: Record<string, ResourceEntry> = {};
    for (const [id, e] of Object.entries(entries)) {
      const entry = resourceEntry(id, e);
      if (!entry) throw bad();
      byId[id] = entry;
    }
    out[kind as ResourceKind] = byId;
  }
  return out;
}

/**
 * One line of the journal: the records of one target that changed in one batch (null: removed),
 * and its fullSync flag and the kinds a whole-folder run synced, when those changed.
 */
interface JournalLine {
  target: string;
  applicationId: string;
  views?: Record<string, StateEntry | null>;
  /** Intents noted (null: dropped); a view's record in `views` also clears its intent. */
  intents?: Record<string, StateEntry | null>;
  resources?: Partial<Record<ResourceKind, Record<string, ResourceEntry | null>>>;
  /** Resource intents noted (null: dropped); a record in `resources` also clears its intent. */
  resourceIntents?: Record<string, ResourceIntent | null>;
  fullSync?: boolean;
  unfinishedPull?: boolean;
  synced?: ResourceKind[];
}

/** What replaying a journal found: how many of its bytes are whole lines (the rest was cut short by a kill). */
interface JournalRead {
  bytes: number;
  wholeBytes: number;
}

/** Replays journal text over a state file (in place). A line cut short at the end is ignored; any other bad line is an error naming the file. */
export function replayJournal(state: StateFile, text: string, file: string): JournalRead {
  const bad = (n: number, where: string) =>
    new StateError(`${file} is corrupt (line ${n}: ${where}). Delete it to fall back to .lxp/${STATE_FILE} (the last batches of the last run are then forgotten).`, file);
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw bad(i + 1, 'not JSON');
    }
    if (!isObject(data) || typeof data.target !== 'string' || typeof data.applicationId !== 'string') throw bad(i + 1, 'no target');
    const key = targetKey(data.target, data.applicationId);
    const t = (state.targets[key] ??= emptyTargetState(data.target, data.applicationId));
    // Intents before records: a line holding both for one view (a failed save put back under a newer batch) ends with the record.
    if (data.intents !== undefined) {
      if (!isObject(data.intents)) throw bad(i + 1, 'intents');
      for (const [id, e] of Object.entries(data.intents)) {
        if (e === null) {
          dropIntentOf(t, id);
          continue;
        }
        const entry = viewEntry(id, e);
        if (!entry) throw bad(i + 1, `intent "${id}"`);
        (t.intents ??= {})[id] = entry;
      }
    }
    if (data.views !== undefined) {
      if (!isObject(data.views)) throw bad(i + 1, 'views');
      for (const [id, e] of Object.entries(data.views)) {
        if (e === null) {
          delete t.views[id];
          continue;
        }
        const entry = viewEntry(id, e);
        if (!entry) throw bad(i + 1, `view "${id}"`);
        t.views[id] = entry;
        dropIntentOf(t, id);
      }
    }
    if (data.resourceIntents !== undefined) {
      if (!isObject(data.resourceIntents)) throw bad(i + 1, 'resourceIntents');
      for (const [k, e] of Object.entries(data.resourceIntents)) {
        if (e === null) {
          dropResourceIntentOf(t, k);
          continue;
        }
        const intent = resourceIntent(k, e);
        if (!intent) throw bad(i + 1, `resource intent "${k}"`);
        (t.resourceIntents ??= {})[k] = intent;
      }
    }
    if (data.resources !== undefined) {
      if (!isObject(data.resources)) throw bad(i + 1, 'resources');
      for (const [kind, entries] of Object.entries(data.resources)) {
        if (!RESOURCE_KINDS.includes(kind as ResourceKind) || !isObject(entries)) throw bad(i + 1, `resources "${kind}"`);
        for (const [id, e] of Object.entries(entries)) {
          const byId = t.resources?.[kind as ResourceKind];
          if (e === null) {
            if (byId) delete byId[id];
            continue;
          }
          const entry = resourceEntry(id, e);
          if (!entry) throw bad(i + 1, `${kind} "${id}"`);
          ((t.resources ??= {})[kind as ResourceKind] ??= {})[id] = entry;
          dropResourceIntentOf(t, resourceIntentKey(kind as ResourceKind, id));
        }
      }
    }
    if (data.synced !== undefined) {
      if (!Array.isArray(data.synced) || !data.synced.every((k) => RESOURCE_KINDS.includes(k as ResourceKind))) throw bad(i + 1, 'synced');
      for (const kind of data.synced as ResourceKind[]) (t.resources ??= {})[kind] ??= {};
    }
    if (data.fullSync !== undefined) {
      if (typeof data.fullSync !== 'boolean') throw bad(i + 1, 'fullSync');
      t.fullSync = data.fullSync;
    }
    if (data.unfinishedPull !== undefined) {
      if (typeof data.unfinishedPull !== 'boolean') throw bad(i + 1, 'unfinishedPull');
      if (data.unfinishedPull) t.unfinishedPull = true;
      else delete t.unfinishedPull;
    }
  });
  return { bytes: Buffer.byteLength(text), wholeBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** Removes a resource's intent (and the field once empty), as dropIntentOf for views. */
function dropResourceIntentOf(t: TargetState, key: string): void {
  if (!t.resourceIntents || !(key in t.resourceIntents)) return;
  delete t.resourceIntents[key];
  if (Object.keys(t.resourceIntents).length === 0) delete t.resourceIntents;
}

/** Removes a view's intent (and the intents field once empty, so a state without intents is saved without one). */
function dropIntentOf(t: TargetState, id: string): void {
  if (!t.intents || !(id in t.intents)) return;
  delete t.intents[id];
  if (Object.keys(t.intents).length === 0) delete t.intents;
}

async function readIfThere(file: string): Promise<string | undefined> {
  return (await readBytesIfThere(file))?.toString('utf8');
}

/**
 * The digest of a state file's bytes, as the no-op check compares them (../sync/noop.ts): SHA-1,
 * base64. ~1 ms for the 1.6 MB of a 5000-view state.
 */
export function stateDigestOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** The bytes of a file, or undefined when there is none. */
async function readBytesIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read ${file}: ${(err as Error).message}`, file);
  }
}

/**
 * state.json with the journal replayed over it, what the journal held, and the digest of
 * state.json's bytes as read (undefined when there was none); `only`: the target whose records
 * are checked (see parseStateFile).
 */
async function loadWithJournal(dir: string, only?: string): Promise<{ state: StateFile; journal: JournalRead; digest: string | undefined }> {
  const file = statePath(dir);
  const bytes = await readBytesIfThere(file);
  const state = bytes === undefined ? { version: STATE_VERSION, targets: {} } : parseStateFile(bytes.toString('utf8'), file, { only });
  const journalText = await readIfThere(journalPath(dir));
  const journal = journalText === undefined ? { bytes: 0, wholeBytes: 0 } : replayJournal(state, journalText, journalPath(dir));
  return { state, journal, digest: bytes && stateDigestOf(bytes) };
}

/** Reads the state (state.json and its journal); a missing file is an empty state, a corrupt one an error. */
export async function loadStateFile(dir: string): Promise<StateFile> {
  return (await loadWithJournal(dir)).state;
}

/** A temp file of an unfinished save is this old before it counts as left over by a killed run. */
const STALE_TEMP_MS = 60_000;

/**
 * A save killed between writing its temp file (`state.json.<n>`, write-file-atomic's name) and
 * the rename leaves the temp file behind; the state file itself is intact. Remove such left-overs,
 * but only old ones: a fresh temp file may belong to another lxp running in this folder right now.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  const file = statePath(dir);
  const folder = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    const temp = path.join(folder, name);
    const st = await stat(temp).catch(() => undefined);
    if (st?.isFile() && now - st.mtimeMs > STALE_TEMP_MS) await unlink(temp).catch(() => undefined);
  }
}

function serialize(state: StateFile): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Identity and version of state.json on disk ('' when there is none): a write by anyone (an atomic rename) changes it. */
async function stateStamp(file: string): Promise<string> {
  const st = await stat(file, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return stampOf(st);
}

/** stateStamp(), synchronously. */
function stateStampSync(file: string): string {
  return stampOf(statSync(file, { bigint: true, throwIfNoEntry: false }));
}

function stampOf(st: BigIntStats | undefined): string {
  return st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : '';
}

/** Removes the journal (folded into state.json); none there is fine. */
function removeJournalSync(dir: string): void {
  try {
    unlinkSync(journalPath(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The journal's size on disk (0 when there is none). */
function journalSizeSync(file: string): number {
  try {
    return statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** Bytes of journal text that are whole lines (a killed run may have left a cut one at the end). */
function wholeLineBytes(text: string): number {
  return Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
}

/** Records changed since the last save, by id (null: removed). */
class Pending {
  views = new Map<string, StateEntry | null>();
  intents = new Map<string, StateEntry | null>();
  resourceIntents = new Map<string, ResourceIntent | null>();
  resources = new Map<ResourceKind, Map<string, ResourceEntry | null>>();
  fullSync: boolean | undefined;
  unfinishedPull: boolean | undefined;
  synced = new Set<ResourceKind>();

  get empty(): boolean {
    return this.views.size === 0 && this.intents.size === 0 && this.resourceIntents.size === 0 && this.resources.size === 0 && this.fullSync === undefined && this.unfinishedPull === undefined && this.synced.size === 0;
  }

  /** Puts back what a failed save held, under whatever changed since. */
  restoreUnder(newer: Pending): void {
    for (const [id, e] of this.views) if (!newer.views.has(id)) newer.views.set(id, e);
    for (const [id, e] of this.intents) if (!newer.intents.has(id)) newer.intents.set(id, e);
    for (const [k, e] of this.resourceIntents) if (!newer.resourceIntents.has(k)) newer.resourceIntents.set(k, e);
    for (const [kind, byId] of this.resources) {
      const into = newer.resources.get(kind) ?? new Map<string, ResourceEntry | null>();
      for (const [id, e] of byId) if (!into.has(id)) into.set(id, e);
      newer.resources.set(kind, into);
    }
    if (newer.fullSync === undefined) newer.fullSync = this.fullSync;
    if (newer.unfinishedPull === undefined) newer.unfinishedPull = this.unfinishedPull;
    for (const k of this.synced) newer.synced.add(k);
  }

  line(t: TargetState): string {
    const out: JournalLine = { target: t.target, applicationId: t.applicationId };
    if (this.views.size > 0) out.views = Object.fromEntries(this.views);
    if (this.intents.size > 0) out.intents = Object.fromEntries(this.intents);
    if (this.resourceIntents.size > 0) out.resourceIntents = Object.fromEntries(this.resourceIntents);
    if (this.resources.size > 0) out.resources = Object.fromEntries([...this.resources].map(([k, m]) => [k, Object.fromEntries(m)]));
    if (this.synced.size > 0) out.synced = [...this.synced];
    if (this.fullSync !== undefined) out.fullSync = this.fullSync;
    if (this.unfinishedPull !== undefined) out.unfinishedPull = this.unfinishedPull;
    return `${JSON.stringify(out)}\n`;
  }
}

/** The journal is folded into state.json once it holds more than this, or more than state.json itself. */
const JOURNAL_FOLD_BYTES = 1024 * 1024;

/**
 * The state of one target, kept in memory and saved in batches. Every change is noted and a save
 * scheduled shortly after (so a burst of successes costs one append to the journal); flush() and
 * flushSync() (for SIGINT) append whatever is pending; compact() — at the end of a run — writes
 * state.json whole and removes the journal. Saves never overlap.
 */
export class StateStore {
  private pending = new Pending();
  /** The batch an append is writing right now (flushSync writes it again: the process exits before that append may land). */
  private inFlight: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The save that the intents noted since the last one began wait for (see intend). */
  private nextCommit: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Bytes in the journal, and how many of them are whole lines (a kill may leave a cut line at the end). */
  private journal: JournalRead;
  /** Whether this store saved anything (compact() folds only then: a dry run never writes, not even a left-over journal). */
  private saved = false;
  /** Size of state.json as last read or written. */
  private baseBytes: number;
  /** stateStamp() of state.json as this store last read or wrote it. */
  private seenState: string;
  /**
   * Another process wrote the journal or state.json since this store opened them: from then on
   * a fold writes what is on disk, not this store's memory (which lacks the other's records).
   */
  private diverged = false;

  private constructor(
    readonly dir: string,
    private readonly file: StateFile,
    readonly key: string,
    private readonly debounceMs: number,
    journal: JournalRead,
    baseBytes: number,
    seenState: string,
  ) {
    this.journal = journal;
    this.baseBytes = baseBytes;
    this.seenState = seenState;
  }

  static async open(
    dir: string,
    target: string,
    applicationId: string,
    opts: { debounceMs?: number } = {},
  ): Promise<StateStore> {
    const key = targetKey(target, applicationId);
    // Stamped before reading: a write by another process in between makes the first fold read the disk (safe), never the reverse.
    const seenState = await stateStamp(statePath(dir));
    const { state, journal, digest } = await loadWithJournal(dir, key);
    await removeStaleTemps(dir);
    const baseBytes = await stat(statePath(dir)).then((st) => st.size, () => 0);
    state.targets[key] ??= emptyTargetState(target, applicationId);
    const store = new StateStore(dir, state, key, opts.debounceMs ?? 100, journal, baseBytes, seenState);
    // Only a state read whole from state.json is the bytes it names: a replayed journal adds to them.
    store.openedDigest = journal.bytes === 0 ? digest : undefined;
    return store;
  }

  /** See readDigest. */
  private openedDigest: string | undefined;

  /**
   * The digest of the bytes of state.json this store read its state from (stateDigestOf), when
   * there was no journal to replay and it has written nothing since. Undefined otherwise. The
   * no-op check records it (../sync/noop.ts): what a run planned with is the state those bytes hold.
   */
  get readDigest(): string | undefined {
    return this.saved ? undefined : this.openedDigest;
  }

  /** Whether this store has written anything to disk (the journal or state.json) since it was opened. */
  get wroteAny(): boolean {
    return this.saved;
  }

  /** The live state of this target (read it; change it through the methods below). */
  get current(): TargetState {
    return this.file.targets[this.key];
  }

  /** Records a view as synced; replaces its intent, if any (on disk too: replaying a record clears the intent). */
  set(entry: StateEntry): void {
    this.current.views[entry.id] = entry;
    this.pending.views.set(entry.id, entry);
    dropIntentOf(this.current, entry.id);
    this.pending.intents.delete(entry.id);
    this.touch();
  }

  /**
   * Notes the record a pull is about to make for a view file it is writing, and resolves once
   * that intent is in the journal (see TargetState.intents): only then may the file be written,
   * so a kill at any moment leaves no pulled file whose origin the next run cannot tell. Intents
   * noted while a save is running or queued share the next append (a group commit): a pull
   * writing 16 files at once costs one append per 16 files, not one each.
   */
  intend(entry: StateEntry): Promise<void> {
    (this.current.intents ??= {})[entry.id] = entry;
    this.pending.intents.set(entry.id, entry);
    return this.commitIntents();
  }

  /** The save the intents noted now join (a group commit): the next one to begin. */
  private commitIntents(): Promise<void> {
    this.nextCommit ??= this.queue(async () => {
      // From here on, intents noted join the commit after this one (this one takes what is pending now).
      this.nextCommit = undefined;
      await this.locked(() => this.saveBatch());
    });
    return this.nextCommit;
  }

  /**
   * Notes the records a pull is about to make for entries of one of the experience files, and
   * resolves once they are in the journal (see TargetState.resourceIntents): only then may the
   * file be written. Shares intend()'s group commit.
   */
  intendResources(intents: readonly ResourceIntent[]): Promise<void> {
    if (intents.length === 0) return Promise.resolve();
    for (const intent of intents) {
      const key = resourceIntentKey(intent.kind, intent.entry.id);
      (this.current.resourceIntents ??= {})[key] = intent;
      this.pending.resourceIntents.set(key, intent);
    }
    return this.commitIntents();
  }

  /** Drops a resource's intent: its file was not written, or holds something else now. */
  dropResourceIntent(key: string): void {
    if (!this.current.resourceIntents || !(key in this.current.resourceIntents)) return;
    dropResourceIntentOf(this.current, key);
    this.pending.resourceIntents.set(key, null);
    this.touch();
  }

  /** Drops a view's intent: its file was not written (see intend). */
  dropIntent(id: string): void {
    if (!this.current.intents || !(id in this.current.intents)) return;
    dropIntentOf(this.current, id);
    this.pending.intents.set(id, null);
    this.touch();
  }

  remove(id: string): void {
    if (!(id in this.current.views)) return;
    delete this.current.views[id];
    this.pending.views.set(id, null);
    this.touch();
  }

  private pendingResources(kind: ResourceKind): Map<string, ResourceEntry | null> {
    let m = this.pending.resources.get(kind);
    if (!m) this.pending.resources.set(kind, (m = new Map()));
    return m;
  }

  setResource(kind: ResourceKind, entry: ResourceEntry): void {
    const resources = (this.current.resources ??= {});
    (resources[kind] ??= {})[entry.id] = entry;
    this.pendingResources(kind).set(entry.id, entry);
    // Replaces its intent, if any (on disk too: replaying a record clears the intent).
    const key = resourceIntentKey(kind, entry.id);
    dropResourceIntentOf(this.current, key);
    this.pending.resourceIntents.delete(key);
    this.touch();
  }

  removeResource(kind: ResourceKind, id: string): void {
    const entries = this.current.resources?.[kind];
    if (!entries || !(id in entries)) return;
    delete entries[id];
    this.pendingResources(kind).set(id, null);
    this.touch();
  }

  /** A whole-folder run synced these kinds: they are not fresh any more (see TargetState.resources). */
  markKindsSynced(kinds: Iterable<ResourceKind>): void {
    for (const kind of kinds) {
      const resources = (this.current.resources ??= {});
      if (resources[kind]) continue;
      resources[kind] = {};
      this.pending.synced.add(kind);
      this.touch();
    }
  }

  /** See TargetState.unfinishedPull. */
  setUnfinishedPull(value: boolean): void {
    if ((this.current.unfinishedPull ?? false) === value) return;
    if (value) this.current.unfinishedPull = true;
    else delete this.current.unfinishedPull;
    this.pending.unfinishedPull = value;
    this.touch();
  }

  setFullSync(value: boolean): void {
    if (this.current.fullSync === value) return;
    this.current.fullSync = value;
    this.pending.fullSync = value;
    this.touch();
  }

  private touch(): void {
    if (this.timer || this.debounceMs < 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, this.debounceMs);
    this.timer.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private saveError(err: unknown): StateError {
    // The state is what could not be saved, whichever of its two files refused.
    const file = statePath(this.dir);
    return new StateError(`cannot save ${file}: ${(err as Error).message}`, file);
  }

  /**
   * Notes a journal that is not as this store left it (another process appended or folded), and
   * where its whole lines end. Under the state lock.
   */
  private checkJournal(size: number, text: () => string): void {
    if (size === this.journal.bytes) return;
    this.diverged = true;
    this.journal = { bytes: size, wholeBytes: size === 0 ? 0 : wholeLineBytes(text()) };
  }

  /** Appends what is pending to the journal (cutting off a line a killed run left unfinished first). Under the state lock. */
  private async append(): Promise<void> {
    if (this.pending.empty) return;
    const batch = this.pending;
    this.pending = new Pending();
    this.inFlight = batch;
    const file = journalPath(this.dir);
    try {
      await makeDir(path.dirname(file), { private: true });
      this.checkJournal(journalSizeSync(file), () => readFileSync(file, 'utf8'));
      if (this.journal.wholeBytes < this.journal.bytes) {
        await truncate(file, this.journal.wholeBytes);
        this.journal.bytes = this.journal.wholeBytes;
      }
      const line = batch.line(this.current);
      await appendFile(file, line);
      this.journal.bytes += Buffer.byteLength(line);
      this.journal.wholeBytes = this.journal.bytes;
      this.saved = true;
    } catch (err) {
      batch.restoreUnder(this.pending);
      throw this.saveError(err);
    } finally {
      this.inFlight = undefined;
    }
  }

  /**
   * Writes state.json whole (everything pending already in the journal, so a kill in between
   * replays to the same state), then removes the journal. Under the state lock. From memory when
   * no other process wrote either file since this store last did; else from the disk, whose
   * journal holds this store's lines as well as the other's.
   */
  private async fold(): Promise<void> {
    await this.append();
    const journal = journalPath(this.dir);
    this.checkJournal(journalSizeSync(journal), () => readFileSync(journal, 'utf8'));
    if (this.journal.bytes === 0) return;
    const file = statePath(this.dir);
    try {
      if (stateStampSync(file) !== this.seenState) this.diverged = true;
      const text = serialize(this.diverged ? (await loadWithJournal(this.dir, this.key)).state : this.file);
      await writeFileAtomic(file, text);
      this.folded(text);
    } catch (err) {
      throw this.saveError(err);
    }
  }

  /**
   * fold(), all of it synchronous, for the end of a run: appends what is pending, writes
   * state.json from memory and removes the journal. Returns false, having written nothing but
   * the journal line, when state.json must be written from the disk (another process wrote it
   * since): fold() does that. Under the state lock.
   */
  private foldSync(write: (file: string, data: string) => void): boolean {
    try {
      this.appendSync();
      const journal = journalPath(this.dir);
      this.checkJournal(journalSizeSync(journal), () => readFileSync(journal, 'utf8'));
      if (this.journal.bytes === 0) return true;
      const file = statePath(this.dir);
      if (stateStampSync(file) !== this.seenState) this.diverged = true;
      if (this.diverged) return false;
      const text = serialize(this.file);
      write(file, text);
      this.folded(text);
      return true;
    } catch (err) {
      throw this.saveError(err);
    }
  }

  /** After state.json was written whole (text): notes it, and removes the journal it holds. */
  private folded(text: string): void {
    this.seenState = stateStampSync(statePath(this.dir));
    this.baseBytes = Buffer.byteLength(text);
    removeJournalSync(this.dir);
    this.journal = { bytes: 0, wholeBytes: 0 };
  }

  /** Runs a save after the ones before it; a failed save fails its caller, never the saves after it. */
  private queue(save: () => Promise<void>): Promise<void> {
    const run = this.chain.then(save);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Saves pending changes (a journal append; state.json rewritten when the journal grew large); resolves when they are on disk. Throws StateError on failure. */
  flush(): Promise<void> {
    this.cancelTimer();
    return this.queue(() => this.locked(() => this.saveBatch()));
  }

  /** Runs a save holding the folder's state lock (a lock that cannot be had fails the save like a disk error). */
  private async locked(save: () => Promise<void>): Promise<void> {
    try {
      await withStateLock(statePath(this.dir), save);
    } catch (err) {
      throw err instanceof StateError ? err : this.saveError(err);
    }
  }

  /**
   * Runs a save holding the folder's state lock if it is free right now; returns what the save
   * did, or undefined when the lock is taken (nothing run). Failures as locked()'s.
   */
  private lockedSync(save: () => boolean): boolean | undefined {
    try {
      return withFreeStateLockSync(statePath(this.dir), save);
    } catch (err) {
      throw err instanceof StateError ? err : this.saveError(err);
    }
  }

  /** A journal append of what is pending; state.json rewritten when the journal grew large. */
  private async saveBatch(): Promise<void> {
    await this.append();
    if (this.journal.bytes > Math.max(JOURNAL_FOLD_BYTES, this.baseBytes)) await this.fold();
  }

  /**
   * The end of a run: saves what is pending and folds the journal into state.json, so the folder
   * holds one whole state file. Nothing else is left to run by then, so when the state lock is
   * free the fold is synchronous (foldSync): each await of the thread pool would only add a
   * hand-over and a wake-up (~20 of them) that no other work overlaps. The same steps in the
   * same order, so a kill at any point leaves what fold() would.
   */
  compact(): Promise<void> {
    this.cancelTimer();
    return this.queue(async () => {
      if (!this.saved && this.pending.empty) return;
      const write = await loadWriteFileAtomicSync().catch(() => undefined);
      if (write && this.lockedSync(() => this.foldSync(write))) return;
      await this.locked(() => this.fold());
    });
  }

  /** For signal handlers: appends pending changes now, synchronously. */
  flushSync(): void {
    this.cancelTimer();
    this.inFlight?.restoreUnder(this.pending);
    if (this.pending.empty) return;
    withStateLockSync(statePath(this.dir), () => this.appendSync());
  }

  /** append(), synchronously (a signal handler's, or the end of a run's). Under the state lock. */
  private appendSync(): void {
    if (this.pending.empty) return;
    const file = journalPath(this.dir);
    makeDirSync(path.dirname(file), { private: true });
    this.checkJournal(journalSizeSync(file), () => readFileSync(file, 'utf8'));
    if (this.journal.wholeBytes < this.journal.bytes) truncateSync(file, this.journal.wholeBytes);
    const line = this.pending.line(this.current);
    appendFileSync(file, line);
    this.saved = true;
    this.pending = new Pending();
    this.journal.bytes = this.journal.wholeBytes + Buffer.byteLength(line);
    this.journal.wholeBytes = this.journal.bytes;
  }
}

/** Reads a state file synchronously (tests and tools). */
export function readStateFileSync(dir: string): StateFile {
  const file = statePath(dir);
  const state = parseStateFile(readFileSync(file, 'utf8'), file);
  let journal: string | undefined;
  try {
    journal = readFileSync(journalPath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (journal !== undefined) replayJournal(state, journal, journalPath(dir));
  return state;
}
