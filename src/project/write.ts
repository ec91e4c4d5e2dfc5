// The only code that changes files of the experience folder. Whatever a remote view is named,
// nothing is written outside the folder: the path must be a plain relative path, every folder on
// the way must resolve (through symlinks) inside the folder, and the file itself must not be a
// symlink. Writes are atomic (temp file + rename), so an interrupted pull never leaves half a view.
//
// A pull writes its views through one FolderFiles: the folder checks of each sub-folder are made
// once per run, and each file costs a handful of synchronous system calls (lstat, open, write,
// close, rename) instead of write-file-atomic's dozen thread-pool round trips and its fsync. No
// fsync per pulled view: see docs/internals.md ("Writing pulled files") for why that is safe.
import { type Stats, closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { updateViewFile } from './serialize.js';
import type { ViewContent } from './view.js';

export class UnsafePathError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`refusing to touch ${JSON.stringify(file)}: ${reason}`);
  }
}

/** Splits a relative posix path into segments, refusing anything that could leave the folder. */
function safeSegments(file: string): string[] {
  if (typeof file !== 'string' || file === '') throw new UnsafePathError(file, 'empty path');
  if (file.includes('\0')) throw new UnsafePathError(file, 'NUL in path');
  if (file.includes('\\')) throw new UnsafePathError(file, 'backslash in path');
  if (file.startsWith('/') || path.isAbsolute(file) || /^[a-zA-Z]:/.test(file)) throw new UnsafePathError(file, 'absolute path');
  const segments = file.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new UnsafePathError(file, 'path with empty, "." or ".." parts');
  return segments;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

let tempCounter = 0;

/**
 * Reads and writes files of one experience folder, every path checked (see the top of this file).
 * The real path of the folder and of each sub-folder checked are kept for the object's life (one
 * run), so a pull of 2000 views checks `pages/` once, not 2000 times.
 */
export class FolderFiles {
  private realRoot: string | undefined;
  /** Sub-folder (relative, posix) → its real path, checked inside the folder. */
  private readonly folders = new Map<string, string>();

  /** `durable`: fsync each file before its rename (single writes of files a person edits; a pull does without). */
  constructor(
    readonly dir: string,
    private readonly opts: { durable?: boolean } = {},
  ) {}

  private root(): string {
    return (this.realRoot ??= realpathSync(this.dir));
  }

  /**
   * The real path of the folder holding `file`, each folder on the way checked to resolve inside
   * the experience folder; missing folders are made when `create`, else undefined.
   */
  private parent(file: string, segments: string[], create: boolean): string | undefined {
    const realRoot = this.root();
    let current = realRoot;
    for (let i = 0; i < segments.length - 1; i++) {
      const rel = segments.slice(0, i + 1).join('/');
      const known = this.folders.get(rel);
      if (known !== undefined) {
        current = known;
        continue;
      }
      const seg = segments[i];
      const next = path.join(current, seg);
      if (create && !lstatOrUndefined(next)) {
        // Another process may make the same folder between the check and the mkdir; EEXIST then
        // falls through to the checks below, which run on whatever is there now.
        try {
          mkdirSync(next);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
      if (!lstatOrUndefined(next)) return undefined;
      const real = realpathSync(next);
      if (!isInside(realRoot, real)) throw new UnsafePathError(file, `${seg} leads outside the experience folder`);
      if (!lstatSync(real).isDirectory()) throw new UnsafePathError(file, `${seg} is not a folder`);
      this.folders.set(rel, real);
      current = real;
    }
    return current;
  }

  /** The file's path once checked, and what is there now (undefined: nothing). Never a symlink. */
  private target(file: string, create: boolean): { target: string; st: Stats | undefined } | undefined {
    const segments = safeSegments(file);
    const parent = this.parent(file, segments, create);
    if (parent === undefined) return undefined;
    const target = path.join(parent, segments[segments.length - 1]);
    const st = lstatOrUndefined(target);
    if (st?.isSymbolicLink()) throw new UnsafePathError(file, 'it is a symbolic link');
    if (st && !st.isFile()) throw new UnsafePathError(file, 'it is not a file');
    return { target, st };
  }

  /**
   * Why `file` could not be written or removed (a symbolic link, not a file, a folder on the way
   * that leads outside), by the very checks a write makes; undefined when it could. Changes nothing.
   */
  unwritable(file: string): string | undefined {
    try {
      this.target(file, false);
      return undefined;
    } catch (err) {
      if (err instanceof UnsafePathError) return err.reason;
      // lstat refused (a name too long, a folder not readable): a write would be refused the same way.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== undefined) return `it cannot be reached (${code})`;
      throw err;
    }
  }

  /**
   * `file (why)` for each of `files` a write would refuse (unwritable()), and a short list of the
   * first five for a message: what lxp init and lxp import check before their first write.
   */
  unwritableAmong(files: readonly string[]): { problems: string[]; listed: string } {
    const problems = files.flatMap((file) => {
      const why = this.unwritable(file);
      return why === undefined ? [] : [`${file} (${why})`];
    });
    return { problems, listed: `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}` };
  }

  /** The current text of a file of the folder, or undefined when there is none. */
  read(file: string): string | undefined {
    const t = this.target(file, false);
    return t?.st ? readFileSync(t.target, 'utf8') : undefined;
  }

  /**
   * Rewrites a file from its current text (undefined: there is none) in one go: the path is
   * checked and looked at once for both the read and the write (a pull of 2000 new files makes
   * 2000 lstat calls fewer than read() then write()). Returns the text written.
   */
  update(file: string, change: (current: string | undefined) => string): string {
    const checked = this.target(file, true)!;
    const text = change(checked.st ? readFileSync(checked.target, 'utf8') : undefined);
    this.#write(checked, text);
    return text;
  }

  /** Removes a file and the sub-folders it leaves empty, deepest first; keeps layouts/, pages/, components/. Gone already: fine. */
  remove(file: string): void {
    const segments = safeSegments(file);
    const parent = this.parent(file, segments, false);
    if (parent === undefined) return;
    try {
      unlinkSync(path.join(parent, segments[segments.length - 1]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (let depth = segments.length - 1; depth >= 2; depth--) {
      const rel = segments.slice(0, depth).join('/');
      try {
        rmdirSync(path.join(this.root(), ...segments.slice(0, depth)));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTDIR') break;
        throw err;
      }
      for (const known of [...this.folders.keys()]) if (known === rel || known.startsWith(`${rel}/`)) this.folders.delete(known);
    }
  }

  /**
   * Writes a file atomically: a temp file beside it (created exclusively, so never through a
   * symlink), then a rename over it. An existing file keeps its mode (and, for root, its owner).
   */
  write(file: string, text: string): void {
    this.#write(this.target(file, true)!, text);
  }

  #write({ target, st }: { target: string; st: Stats | undefined }, text: string): void {
    const temp = `${target}.lxp-${process.pid}-${++tempCounter}`;
    const fd = openSync(temp, 'wx', st ? st.mode & 0o7777 : 0o666);
    try {
      try {
        if (st) {
          fchmodSync(fd, st.mode & 0o7777);
          if (process.getuid?.() === 0 && (st.uid !== 0 || st.gid !== 0)) fchownSync(fd, st.uid, st.gid);
        }
        const bytes = Buffer.from(text, 'utf8');
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
        if (this.opts.durable) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
    } catch (err) {
      try {
        unlinkSync(temp);
      } catch {
        /* already renamed or never made */
      }
      throw err;
    }
  }
}

/** Writes a view file (path relative to `dir`, forward slashes) atomically and durably (fsynced), creating its folders. */
export async function writeViewFile(dir: string, file: string, text: string): Promise<void> {
  new FolderFiles(dir, { durable: true }).write(file, text);
}

/**
 * The current text of a file of the folder (path relative to `dir`), or undefined when there is
 * none. Same path checks as writes: a symlink or a path leading outside is refused, never read.
 */
export async function readFolderFile(dir: string, file: string): Promise<string | undefined> {
  return new FolderFiles(dir).read(file);
}

/**
 * Writes a pulled view into its file, changing only what changed in the file's current text (see
 * updateViewFile): comments and the style of untouched front matter survive a pull. Returns the
 * text written.
 */
export async function writePulledView(dir: string | FolderFiles, file: string, v: ViewContent): Promise<string> {
  const files = typeof dir === 'string' ? new FolderFiles(dir, { durable: true }) : dir;
  return files.update(file, (current) => updateViewFile(current, v, file));
}

/**
 * Removes a view file and the folders it leaves empty (up to, not including, its type folder).
 * A file that is already gone is not an error.
 */
export async function removeViewFile(dir: string | FolderFiles, file: string): Promise<void> {
  (typeof dir === 'string' ? new FolderFiles(dir) : dir).remove(file);
}
