// .lxp/state.json: what was last synced between this folder and each target, so that status,
// deploy and pull are three-way (folder, remote, last sync). One file holds every target; each
// target's section is keyed by target name + applicationId, so pointing a target at another
// application never reuses the wrong ids.
//
// Format 2 adds, per target, the other kinds (endpoints, groups, develop's settings, slugs,
// domains) under `resources`; a format-1 file (views only) reads as format 2 with no resources
// — every other kind then counts as never synced — and is saved as format 2.
//
// Saving is atomic (write-file-atomic: temp file + rename), so a crash or a full disk never
// leaves half a state file. Loading is strict: a corrupt file is an error naming it, never
// "no state" (which would turn the next deploy into a fresh-checkout deploy).
import { readFileSync } from 'node:fs';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { VIEW_TYPES, type ViewType } from '../project/view.js';
import { RESOURCE_KINDS, type ResourceKind } from '../project/resources/kind.js';
import { makeDir, makeDirSync } from '../project/make-dir.js';

export const STATE_VERSION = 2;
/** Older formats this lxp reads (and saves as STATE_VERSION). */
const READS_VERSIONS = [1, STATE_VERSION];
export const STATE_DIR = '.lxp';
export const STATE_FILE = 'state.json';

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
  lastUpdated: string;
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
  /** By view id. */
  views: Record<string, StateEntry>;
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

export function targetKey(target: string, applicationId: string): string {
  return `${target}:${applicationId}`;
}

export function emptyTargetState(target: string, applicationId: string): TargetState {
  return { target, applicationId, fullSync: false, views: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape of a parsed state file; throws StateError naming the file and the bad spot. */
export function parseStateFile(text: string, file: string): StateFile {
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
    const views: Record<string, StateEntry> = {};
    for (const [id, e] of Object.entries(t.views)) {
      if (
        !isObject(e) ||
        e.id !== id ||
        !VIEW_TYPES.includes(e.viewType as ViewType) ||
        typeof e.name !== 'string' ||
        typeof e.file !== 'string' ||
        typeof e.hash !== 'string' ||
        typeof e.lastUpdated !== 'string'
      ) {
        throw bad(`target "${key}", view "${id}"`);
      }
      views[id] = {
        id,
        viewType: e.viewType as ViewType,
        name: e.name,
        file: e.file,
        hash: e.hash,
        lastUpdated: e.lastUpdated,
      };
    }
    targets[key] = { target: t.target, applicationId: t.applicationId, fullSync: t.fullSync === true, views };
    if (t.resources !== undefined) targets[key].resources = parseResources(t.resources, () => bad(`target "${key}", resources`));
  }
  return { version: STATE_VERSION, targets };
}

function parseResources(data: unknown, bad: () => StateError): TargetState['resources'] {
  if (!isObject(data)) throw bad();
  const out: NonNullable<TargetState['resources']> = {};
  for (const [kind, entries] of Object.entries(data)) {
    if (!RESOURCE_KINDS.includes(kind as ResourceKind) || !isObject(entries)) throw bad();
    const byId: Record<string, ResourceEntry> = {};
    for (const [id, e] of Object.entries(entries)) {
      if (!isObject(e) || e.id !== id || typeof e.identity !== 'string' || typeof e.hash !== 'string' || typeof e.lastUpdated !== 'string') throw bad();
      byId[id] = { id, identity: e.identity, hash: e.hash, lastUpdated: e.lastUpdated };
    }
    out[kind as ResourceKind] = byId;
  }
  return out;
}

/** Reads the state file; a missing file is an empty state, a corrupt one an error. */
export async function loadStateFile(dir: string): Promise<StateFile> {
  const file = statePath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: STATE_VERSION, targets: {} };
    throw new StateError(`cannot read ${file}: ${(err as Error).message}`, file);
  }
  return parseStateFile(text, file);
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

/**
 * The state of one target, kept in memory and saved often. Every change marks it dirty and
 * schedules a save shortly after (so a burst of successes costs one write); flush() and
 * flushSync() (for SIGINT) write whatever is pending. Saves never overlap.
 */
export class StateStore {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastError: Error | undefined;

  private constructor(
    readonly dir: string,
    private readonly file: StateFile,
    readonly key: string,
    private readonly debounceMs: number,
  ) {}

  static async open(
    dir: string,
    target: string,
    applicationId: string,
    opts: { debounceMs?: number } = {},
  ): Promise<StateStore> {
    const file = await loadStateFile(dir);
    await removeStaleTemps(dir);
    const key = targetKey(target, applicationId);
    file.targets[key] ??= emptyTargetState(target, applicationId);
    return new StateStore(dir, file, key, opts.debounceMs ?? 100);
  }

  /** The live state of this target (read it; change it through the methods below). */
  get current(): TargetState {
    return this.file.targets[this.key];
  }

  set(entry: StateEntry): void {
    this.current.views[entry.id] = entry;
    this.touch();
  }

  remove(id: string): void {
    if (!(id in this.current.views)) return;
    delete this.current.views[id];
    this.touch();
  }

  setResource(kind: ResourceKind, entry: ResourceEntry): void {
    const resources = (this.current.resources ??= {});
    (resources[kind] ??= {})[entry.id] = entry;
    this.touch();
  }

  removeResource(kind: ResourceKind, id: string): void {
    const entries = this.current.resources?.[kind];
    if (!entries || !(id in entries)) return;
    delete entries[id];
    this.touch();
  }

  /** A whole-folder run synced these kinds: they are not fresh any more (see TargetState.resources). */
  markKindsSynced(kinds: Iterable<ResourceKind>): void {
    for (const kind of kinds) {
      const resources = (this.current.resources ??= {});
      if (resources[kind]) continue;
      resources[kind] = {};
      this.touch();
    }
  }

  setFullSync(value: boolean): void {
    if (this.current.fullSync === value) return;
    this.current.fullSync = value;
    this.touch();
  }

  private touch(): void {
    this.dirty = true;
    if (this.timer || this.debounceMs < 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, this.debounceMs);
    this.timer.unref?.();
  }

  /** Writes pending changes; resolves when they are on disk. Throws StateError on failure. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.chain = this.chain.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const file = statePath(this.dir);
      try {
        await makeDir(path.dirname(file));
        await writeFileAtomic(file, serialize(this.file));
        this.lastError = undefined;
      } catch (err) {
        this.dirty = true;
        this.lastError = new StateError(`cannot save ${file}: ${(err as Error).message}`, file);
        throw this.lastError;
      }
    });
    return this.chain;
  }

  /** For signal handlers: writes pending changes now, synchronously. */
  flushSync(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    const file = statePath(this.dir);
    makeDirSync(path.dirname(file));
    writeFileAtomic.sync(file, serialize(this.file));
    this.dirty = false;
  }
}

/** Reads a state file synchronously (tests and tools). */
export function readStateFileSync(dir: string): StateFile {
  const file = statePath(dir);
  return parseStateFile(readFileSync(file, 'utf8'), file);
}
