// The only code that changes files of the experience folder. Whatever a remote view is named,
// nothing is written outside the folder: the path must be a plain relative path, every folder on
// the way must resolve (through symlinks) inside the folder, and the file itself must not be a
// symlink. Writes are atomic (temp file + rename), so an interrupted pull never leaves half a view.
import { lstat, mkdir, readFile, realpath, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { updateViewFile } from './serialize.js';
import type { ViewContent } from './view.js';

export class UnsafePathError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly file: string,
    reason: string,
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

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Checks the folders of `segments` (all but the last) inside `realRoot`: each existing one must
 * resolve inside it. Returns the real path of the parent folder, creating missing folders when asked.
 */
async function checkedParent(realRoot: string, file: string, segments: string[], create: boolean): Promise<string | undefined> {
  let current = realRoot;
  for (const seg of segments.slice(0, -1)) {
    const next = path.join(current, seg);
    if (create && !(await exists(next))) {
      // Another write may create the same folder between the check and the mkdir; EEXIST then
      // falls through to the checks below, which run on whatever is there now.
      try {
        await mkdir(next);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    if (await exists(next)) {
      const real = await realpath(next);
      if (!isInside(realRoot, real)) throw new UnsafePathError(file, `${seg} leads outside the experience folder`);
      const st = await lstat(real);
      if (!st.isDirectory()) throw new UnsafePathError(file, `${seg} is not a folder`);
      current = real;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Writes a view file (path relative to `dir`, forward slashes) atomically, creating its folders. */
export async function writeViewFile(dir: string, file: string, text: string): Promise<void> {
  const segments = safeSegments(file);
  const realRoot = await realpath(dir);
  const parent = (await checkedParent(realRoot, file, segments, true))!;
  const target = path.join(parent, segments[segments.length - 1]);
  if (await exists(target)) {
    const st = await lstat(target);
    if (st.isSymbolicLink()) throw new UnsafePathError(file, 'it is a symbolic link');
    if (!st.isFile()) throw new UnsafePathError(file, 'it is not a file');
  }
  // write-file-atomic would follow a symlink; the checks above make sure there is none.
  await writeFileAtomic(target, text, { encoding: 'utf8' });
}

/**
 * The current text of a file of the folder (path relative to `dir`), or undefined when there is
 * none. Same path checks as writes: a symlink or a path leading outside is refused, never read.
 */
export async function readFolderFile(dir: string, file: string): Promise<string | undefined> {
  const segments = safeSegments(file);
  const realRoot = await realpath(dir);
  const parent = await checkedParent(realRoot, file, segments, false);
  if (parent === undefined) return undefined;
  const target = path.join(parent, segments[segments.length - 1]);
  if (!(await exists(target))) return undefined;
  const st = await lstat(target);
  if (st.isSymbolicLink()) throw new UnsafePathError(file, 'it is a symbolic link');
  if (!st.isFile()) throw new UnsafePathError(file, 'it is not a file');
  return readFile(target, 'utf8');
}

/**
 * Writes a pulled view into its file, changing only what changed in the file's current text (see
 * updateViewFile): comments and the style of untouched front matter survive a pull. Returns the
 * text written.
 */
export async function writePulledView(dir: string, file: string, v: ViewContent): Promise<string> {
  const text = updateViewFile(await readFolderFile(dir, file), v, file);
  await writeViewFile(dir, file, text);
  return text;
}

/**
 * Removes a view file and the folders it leaves empty (up to, not including, its type folder).
 * A file that is already gone is not an error.
 */
export async function removeViewFile(dir: string, file: string): Promise<void> {
  const segments = safeSegments(file);
  const realRoot = await realpath(dir);
  const parent = await checkedParent(realRoot, file, segments, false);
  if (parent === undefined) return;
  try {
    await unlink(path.join(parent, segments[segments.length - 1]));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Prune sub-folders the removal emptied, deepest first; keep layouts/, pages/, components/.
  for (let depth = segments.length - 1; depth >= 2; depth--) {
    try {
      await rmdir(path.join(realRoot, ...segments.slice(0, depth)));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTDIR') break;
      throw err;
    }
  }
}
