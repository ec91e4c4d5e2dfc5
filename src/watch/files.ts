// The thin chokidar edge of `lxp watch`: turns file-system events in the experience folder into
// (relative path, event) calls. Synced files are the view files — *.hbs under layouts/, pages/
// and components/, not hidden — and endpoints.yaml, groups.yaml and experience.yaml, unless
// .lxpignore leaves them out; other files in the type folders and reply files (replies/) are
// reported apart (a preview serves them, they are never pushed);
// .lxp/, node_modules/ and .git/ are never even walked. A change to .lxpignore, or a folder disappearing, asks for a whole-folder sync.
// A view file that is a symbolic link is watched through it (a save of the file it points to is
// its change); a link to a folder is neither followed nor walked — unless it is a type folder
// itself (layouts/, pages/, components/ a link to a shared folder), which every command reads through.
//
// Editors' saves: chokidar's `atomic` folds "delete then re-create the same file" into one
// change and ignores swap files. Renames are also taken from the OS's own events (see onRaw):
// chokidar misses a file replaced by another of the same mtime (a swap by renames). A half-written file: awaitWriteFinish (writeFinishMs, what a
// preview uses) waits until a file's size stops changing; `lxp watch` turns that off and relies on
// the scheduler's debounce and the pusher's settle check (a file modified < 50 ms before its read
// is handed back), which hold the same guarantee without adding a wait to every save.
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { FSWatcher } from 'chokidar';
import { IGNORE_FILE, loadIgnore } from '../project/load.js';
import { EXPERIENCE_FILES } from '../project/resources/index.js';
import { VIEW_TYPE_FOLDERS } from '../project/view.js';
import { listingAwareWatcher } from './listing-aware-handler.js';
import type { FileEvent } from './scheduler.js';

const TYPE_FOLDERS = new Set(Object.values(VIEW_TYPE_FOLDERS));
const YAML_FILES = new Set<string>(EXPERIENCE_FILES);
/** Reply files stand in for workflows in a local run (never deployed). */
const REPLIES_FOLDER = 'replies';
const isReplyFile = (r: string) => r.split('/')[0] === REPLIES_FOLDER;

export interface FolderWatchOptions {
  dir: string;
  onFile(file: string, event: FileEvent): void;
  /** Any other file in a type folder, or a reply file, changed (not synced; a preview serves them). */
  onOtherFile?(file: string, event: FileEvent): void;
  /** .lxpignore changed, or a folder was removed: everything must be compared again. */
  onResync(reason: string): void;
  onError(err: Error): void;
  /** ms a file's size must stay the same before it is read; 0 turns the wait off. Default 25. */
  writeFinishMs?: number;
  /** Poll instead of native events (network drives, some containers). */
  usePolling?: boolean;
}

export interface FolderWatch {
  /** Resolves once the initial scan is done and events flow. */
  ready: Promise<void>;
  close(): Promise<void>;
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false; // gone: chokidar's own read reports it
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export async function watchFolder(opts: FolderWatchOptions): Promise<FolderWatch> {
  const dir = path.resolve(opts.dir);
  let lxpIgnored = await loadIgnore(dir);
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  // chokidar's paths are under dir (joined from it): a slice, not path.relative, which resolves both sides.
  const rel = (abs: string) => (abs.startsWith(prefix) ? toPosix(abs.slice(prefix.length)) : toPosix(path.relative(dir, abs)));

  /**
   * chokidar re-reads a whole folder (readdir + lstat of each entry, each through `ignored`) on
   * every event in it, so a save in a folder of 2000 pages asks about 2000 paths: the answers are
   * kept until .lxpignore changes.
   */
  const ignoredMemo = new Map<string, boolean>();
  const ignored = (abs: string, stats?: Stats): boolean => {
    let answer = ignoredMemo.get(abs);
    if (answer === undefined) {
      answer = isIgnoredPath(abs);
      // Temporary files with new names each time (editors' atomic saves) must not grow it for ever.
      if (ignoredMemo.size >= 100_000) ignoredMemo.clear();
      ignoredMemo.set(abs, answer);
    }
    // Links are followed (stats are the target's) so that a save of a linked view file's target
    // is seen; a link to a folder is not (it could loop: chokidar would walk pages/up/pages/up/…),
    // as the folder's load does not follow one (it reports it) — but for a type folder itself
    // (pages/ a link to a shared folder), which the load reads through. Not kept in the memo: a
    // folder may become a link. One lstat per folder a listing holds.
    return answer || (stats?.isDirectory() === true && !TYPE_FOLDERS.has(rel(abs)) && isLink(abs));
  };
  /** Paths chokidar need not walk or report. Directories are kept unless outside the type folders. */
  const isIgnoredPath = (abs: string): boolean => {
    const r = rel(abs);
    if (r === '' || r === IGNORE_FILE || YAML_FILES.has(r)) return false;
    if (r.startsWith('..')) return true;
    const parts = r.split('/');
    if (!TYPE_FOLDERS.has(parts[0]) && !isReplyFile(r)) return true;
    if (parts.some((p) => p.startsWith('.'))) return true;
    // Other files in the type folders (a preview's sample data, pages/home.preview.json) are
    // reported too: they are not pushed, but a preview re-renders on them.
    return lxpIgnored(r);
  };

  const isSyncedFile = (r: string) => (YAML_FILES.has(r) || (r.endsWith('.hbs') && TYPE_FOLDERS.has(r.split('/')[0]) && r.includes('/'))) && !lxpIgnored(r);

  const writeFinishMs = opts.writeFinishMs ?? 25;
  const watcher = new FSWatcher({
    ignoreInitial: true,
    followSymlinks: true,
    ignored,
    atomic: true,
    usePolling: opts.usePolling ?? false,
    interval: 50,
    awaitWriteFinish: writeFinishMs > 0 ? { stabilityThreshold: writeFinishMs, pollInterval: Math.max(5, Math.floor(writeFinishMs / 3)) } : false,
  });
  // A save re-reads its folder's listing only when entries changed, and a folder replaced by a
  // link to a folder is never read through it (./listing-aware-handler.ts).
  listingAwareWatcher(watcher, { root: dir, linkedFolders: TYPE_FOLDERS });
  watcher.add(dir);

  const onEvent = (event: 'add' | 'change' | 'unlink', abs: string) => {
    const r = rel(abs);
    if (r === IGNORE_FILE) {
      void loadIgnore(dir).then(
        (m) => {
          lxpIgnored = m;
          ignoredMemo.clear();
          opts.onResync(`${IGNORE_FILE} changed`);
        },
        (err: Error) => opts.onError(err),
      );
      return;
    }
    if (isSyncedFile(r)) opts.onFile(r, event);
    else if (((r.includes('/') && TYPE_FOLDERS.has(r.split('/')[0])) || isReplyFile(r)) && !lxpIgnored(r)) opts.onOtherFile?.(r, event);
  };
  // chokidar decides that a file changed by stat-ing its path and comparing with the previous stat:
  // it reports nothing when the file now there has the same mtime and was read since (its "only the
  // access time changed" test), and a folder whose set of names stays the same re-reads to nothing.
  // So swapping two files by renames (mv a t; mv b a; mv t b), when they were written in one clock
  // tick, is never reported (review 10, F1). The OS names every path a rename touches: each one is
  // reported as a change (what chokidar says when it does see it); the push reads what is there.
  // A path with nothing there any more is left to chokidar, which always sees a file go (its stat
  // fails) and reports `unlink`: as a change too, a delete made two batches — a plain one that
  // deleted the view, then the exclusive one of the unlink, which read develop to find nothing to do.
  watcher.on('raw', (rawEvent, evPath: string | null, details) => {
    const watchedPath = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (rawEvent !== 'rename' || !evPath || !watchedPath) return;
    const abs = renamedPath(watchedPath, evPath);
    if (ignored(abs)) return;
    const r = rel(abs);
    if (r !== IGNORE_FILE && isSyncedFile(r) && lstatSync(abs, { throwIfNoEntry: false }) !== undefined) opts.onFile(r, 'change');
  });
  watcher.on('add', (p) => onEvent('add', p));
  watcher.on('change', (p) => onEvent('change', p));
  watcher.on('unlink', (p) => onEvent('unlink', p));
  // chokidar reports the files of a removed folder too, but not always when it goes fast: compare all.
  watcher.on('unlinkDir', (p) => {
    const r = rel(p);
    if (r !== '' && TYPE_FOLDERS.has(r.split('/')[0])) opts.onResync(`${r}/ removed`);
  });
  watcher.on('error', (err) => opts.onError(err as Error));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}

/**
 * The path a native 'rename' event names. A folder's watcher names an entry of the folder; a file's
 * own watcher (chokidar watches each file too) names the file by its base name. (A folder named
 * like one of its entries, pages/x.hbs/x.hbs, reads as the folder: its own events cover the entry.)
 */
export function renamedPath(watchedPath: string, evPath: string): string {
  return path.basename(watchedPath) === evPath ? watchedPath : path.join(watchedPath, evPath);
}
