// Creating a folder and its missing parents without Node's `mkdir({ recursive: true })`, which
// spins forever at full CPU when an existing parent answers ENOENT for a child it will never hold
// (anything under /proc or /sys, a dangling symbolic link): it takes the ENOENT to mean "parent
// missing", finds the parent there, and retries. Here the walk goes up once with stat to the
// nearest folder that exists, then down with one plain mkdir per missing part, so every failure
// is final and said in words: which folder, and why (a file in the way, permission, read-only).
import { chmodSync, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A folder lxp needs cannot be made: invalid input (exit 2), nothing else was written. */
export class FolderError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly folder: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'FolderError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

function reason(err: NodeJS.ErrnoException, folder: string): string {
  const code = err.code ?? '';
  // The parent exists (we just checked or made it), so ENOENT means it cannot hold new folders.
  if (code === 'ENOENT') return `${path.dirname(folder)} does not allow new folders (a system or virtual file system)`;
  return REASONS[code] ?? err.message;
}

function fail(folder: string, err: NodeJS.ErrnoException): FolderError {
  return new FolderError(`cannot create the folder ${folder}: ${reason(err, folder)}${err.code ? ` (${err.code})` : ''}`, folder, err.code);
}

function statOrMissing(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a part above is a file; the walk up finds and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fail(p, err as NodeJS.ErrnoException);
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The folders `dir` needs made, outermost first (none when it exists), without making any:
 * throws when something in the way means it cannot be made (a file, a dangling link, no root).
 * Lets a command refuse before it writes anything.
 */
export function foldersToMake(dir: string): string[] {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    const st = statOrMissing(current);
    if (st) {
      if (!st.isDirectory()) throw new FolderError(`cannot create the folder ${target}: ${current} is a file, not a folder`, target, 'ENOTDIR');
      break;
    }
    if (isLink(current)) throw new FolderError(`cannot create the folder ${target}: ${current} is a symbolic link to something that does not exist`, target, 'ENOENT');
    if (path.dirname(current) === current) throw new FolderError(`cannot create the folder ${target}: ${current} does not exist`, target, 'ENOENT');
    missing.unshift(current);
  }
  return missing;
}

export interface MakeDirOptions {
  /**
   * The folders made are their owner's alone (0700, whatever the umask): `.lxp/` (sync state, the
   * local server's token and database) and the server's data folder. A folder that exists keeps
   * its mode: it is the user's.
   */
  private?: boolean;
}

/** Makes `dir` (absolute or relative to the working directory) and any missing parents. */
export function makeDirSync(dir: string, opts: MakeDirOptions = {}): void {
  for (const folder of foldersToMake(dir)) {
    try {
      mkdirSync(folder);
    } catch (err) {
      // Made by someone else in the meantime: fine when it is a folder.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrMissing(folder)?.isDirectory()) continue;
      throw fail(folder, err as NodeJS.ErrnoException);
    }
    // chmod, not mkdir's mode: the umask cannot loosen it (nor, with 077, make it differ).
    if (opts.private) chmodSync(folder, 0o700);
  }
}

/** makeDirSync for async callers (a few stat/mkdir calls: not worth a second implementation). */
export async function makeDir(dir: string, opts: MakeDirOptions = {}): Promise<void> {
  makeDirSync(dir, opts);
}
