// chokidar re-reads a watched folder — readdir, then an lstat of every entry, each through the
// `ignored` test — on EVERY event in it, content edits included (upstream: paulmillr/chokidar#1028,
// "writing to a file should be O(1)"). In an experience with 1800 pages, one save made chokidar
// lstat 1800 files, often twice (the throttled re-read): ~75–110 ms of CPU a save against ~4 ms,
// more than the whole push costs. The listing only changes when an entry is added, removed or
// renamed, and each of those changes the folder's own mtime/ctime; a content edit does not.
//
// This handler (chokidar's own NodeFsHandler — exported by chokidar as 'chokidar/handler.js' —
// with its folder read overridden) skips a re-read when the folder's stat is exactly what it was just
// before the last read — and only when that stat was old enough to be trusted: a folder changed
// within RACY_MS of the stat that recorded it is always read again (file-system clocks are coarse:
// a second add in the same clock tick keeps the same mtime; FAT counts in 2 s steps), as git does
// for racily clean files. Anything else (first reads, new folders, polling) is chokidar's as is.
// It also reads a folder that appears once more after its watch is on (see _handleDir), and never
// reads a folder through a link to a folder (see throughLink).
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FSWatcher, Throttler, WatchHelper } from 'chokidar';
import { NodeFsHandler } from 'chokidar/handler.js';

/**
 * A folder stat newer than this when taken is not trusted to stand for its listing. It must exceed
 * the coarsest timestamp step of a file system lxp may watch (FAT: 2 s; HFS+, ext3: 1 s; others a
 * clock tick), with a margin for clocks; longer only makes every event re-read for longer after
 * an add or a delete (and a fresh checkout's first saves).
 */
export const RACY_MS = 3000;

type Signature = string;

function signatureOf(st: { ino: number; dev: number; mtimeMs: number; ctimeMs: number; size: number; nlink: number }): Signature {
  return `${st.dev}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.nlink}`;
}

export class ListingAwareHandler extends NodeFsHandler {
  /** Per folder: its stat taken just before the last read of its listing (only when old enough to trust). */
  private readonly listed = new Map<string, Signature>();
  /** Re-reads skipped (for tests). */
  skipped = 0;

  constructor(
    fsw: FSWatcher,
    /** See RACY_MS (tests shorten it: utimes can put a folder's mtime in the past, never its ctime). */
    private readonly racyMs: number = RACY_MS,
    /** The watched folder: the folders under it are read only if no link to a folder leads to them. */
    private readonly root?: string,
    /** Names of the root's own entries that may be links to folders, read through (the type folders). */
    private readonly linkedFolders: ReadonlySet<string> = new Set(),
  ) {
    super(fsw);
  }

  override _handleRead(directory: string, initialAdd: boolean, wh: WatchHelper, target: string | undefined, dir: string, depth: number, throttler: Throttler): Promise<unknown> | undefined {
    if (target !== undefined) return super._handleRead(directory, initialAdd, wh, target, dir, depth, throttler);
    const key = path.join(directory, '');
    return (async () => {
      // Polling already fires only when the folder's own stat changes.
      if (!this.fsw.options.usePolling && (await this.unchanged(key))) {
        this.skipped++;
        return undefined;
      }
      // A folder chokidar watches that has been replaced by a link to a folder (its old watch, or a
      // throttled re-read, still fires: chokidar asks `ignored` about an entry when it appears,
      // not each time it reads it). Reading it would walk the link's target as if it were the
      // folder — one that loops (components/kit -> ..) reported components/kit/pages/… as files.
      // The link is dropped from chokidar's tree instead: its files are reported as removed and
      // the folder's removal asks for a whole-folder sync, which reports the link (never followed).
      // (Checked only when the stat says the listing may have changed: through a link put where the
      // folder stood, the stat is another folder's, or this one's moved away — a move sets its ctime.)
      const link = await this.throughLink(key);
      if (this.fsw.closed) return undefined;
      if (link !== undefined) {
        this.listed.delete(key);
        this.fsw._remove(path.dirname(link), path.basename(link), true);
        return undefined;
      }
      return super._handleRead(directory, initialAdd, wh, target, dir, depth, throttler);
    })();
  }

  /** Whether the folder's stat is exactly what it was before its last read (and old enough to trust); records it. */
  private async unchanged(key: string): Promise<boolean> {
    const before = Date.now();
    let signature: Signature | undefined;
    try {
      const st = await stat(key);
      // In the future, or changed within RACY_MS: another change in the same clock step would look the same.
      if (before - Math.max(st.mtimeMs, st.ctimeMs) > this.racyMs) signature = signatureOf(st);
    } catch {
      // Gone or unreadable: chokidar's read reports it.
    }
    if (signature !== undefined && this.listed.get(key) === signature) return true;
    if (signature === undefined) this.listed.delete(key);
    else this.listed.set(key, signature);
    return false;
  }

  /**
   * The first link on the way from the root to `folder` (the folder itself included), if any,
   * but for one of `linkedFolders` at the top. One lstat per level below the root: a read is of a
   * type folder or one under it, a few deep.
   */
  private async throughLink(folder: string): Promise<string | undefined> {
    if (this.root === undefined) return undefined;
    const rel = path.relative(this.root, folder);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    let at = this.root;
    for (const [i, part] of rel.split(path.sep).entries()) {
      at = path.join(at, part);
      if (i === 0 && this.linkedFolders.has(part)) continue;
      try {
        if ((await lstat(at)).isSymbolicLink()) return at;
      } catch {
        return undefined; // gone: chokidar's read reports it
      }
    }
    return undefined;
  }

  /**
   * chokidar reads a folder that appears (made, or renamed into place) and only then watches it: an
   * entry added in between raises no event and is never reported — a file written right after
   * `mkdir`, or during a `git checkout` or a folder rename. Once the watch is on, the folder is read
   * once more: whatever the first read missed is reported as added (later changes raise events).
   */
  override async _handleDir(dir: string, stats: Stats, initialAdd: boolean, depth: number, target: string | undefined, wh: WatchHelper, realpath: string): Promise<(() => void) | undefined> {
    // chokidar records every link it meets in a listing (its "follow a link once" guard, keyed by the
    // link's path) and never forgets one that is not followed: a real folder put where a link to a
    // folder stood would be neither read nor watched. Links to folders are never followed here, so
    // a record under the path of a folder that is no link is stale.
    if (target === undefined && path.resolve(dir) === realpath) this.fsw._symlinkPaths.delete(realpath);
    const closer = await super._handleDir(dir, stats, initialAdd, depth, target, wh, realpath);
    if (!initialAdd && target === undefined && closer && !this.fsw.closed) {
      await this._handleRead(dir, false, wh, target, dir, depth, undefined as unknown as Throttler);
    }
    return closer;
  }
}

/** A chokidar FSWatcher whose folder re-reads go through ListingAwareHandler. */
export function listingAwareWatcher(watcher: FSWatcher, opts: { racyMs?: number; root?: string; linkedFolders?: ReadonlySet<string> } = {}): ListingAwareHandler {
  const handler = new ListingAwareHandler(watcher, opts.racyMs, opts.root, opts.linkedFolders);
  watcher._nodeFsHandler = handler;
  return handler;
}
