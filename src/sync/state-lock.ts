// The lock around every write of .lxp/state.json and .lxp/state.journal, so that two lxp
// processes in one folder (a `lxp watch` in one terminal, a `lxp deploy` or `lxp pull` in
// another) never lose each other's records. A journal append is held only for the append; a
// fold reads what is on disk under the lock, so a line another process appended is folded in,
// never dropped with the journal (see StateStore.fold).
//
// proper-lockfile: a lock directory made with mkdir (atomic on every file system), its mtime
// refreshed while held, so a lock left by a killed process counts as stale after STALE_MS and
// is taken over. It loads only when the lock is found taken (see withStateLock).
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { makeDir, makeDirSync } from '../project/make-dir.js';

/** Beside state.json, in the folder's .lxp. */
export const LOCK_NAME = 'state.lock';

/** A lock whose holder stopped refreshing it this long ago is taken over (proper-lockfile's minimum). */
const STALE_MS = 2000;

/** Waiting for another process's lock: it is held for one append or one fold (milliseconds), or until it goes stale. */
const RETRIES = { retries: 120, minTimeout: 5, maxTimeout: 50, factor: 1.5 };


type LockFile = typeof import('proper-lockfile');

/** `stateFile`: .lxp/state.json (it need not exist); the lock is .lxp/state.lock beside it. */
function lockDir(stateFile: string): string {
  return path.join(path.dirname(stateFile), LOCK_NAME);
}

function options(stateFile: string) {
  return {
    realpath: false,
    lockfilePath: lockDir(stateFile),
    stale: STALE_MS,
    retries: RETRIES,
    // A lock taken over as stale while we still hold it: another process decided we were dead.
    // The write in hand still completes (each file is written atomically); nothing to crash for.
    onCompromised: () => undefined,
  };
}

/** The error when the lock cannot be had: names the lock, says what holds it. */
export class StateLockError extends Error {
  constructor(readonly file: string) {
    super(`this folder's sync state is locked by another running lxp (${file}); try again once it has finished`);
  }
}

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException).code === code;

/**
 * Runs `fn` holding the folder's state lock. The common case — nobody else holds it — is one
 * mkdir and one rmdir, in proper-lockfile's own format (a directory), so its waiting and its
 * stale check see it; only when the lock is taken is proper-lockfile loaded (~18 ms of module
 * loading on this machine, which a run that finds the lock free never pays) to wait for it or
 * take over a stale one. A free-path hold is not refreshed: it lasts one append or one fold.
 */
export async function withStateLock<T>(stateFile: string, fn: () => Promise<T>): Promise<T> {
  const dir = lockDir(stateFile);
  await makeDir(path.dirname(stateFile), { private: true });
  let release: () => Promise<void>;
  try {
    await mkdir(dir);
    release = () => rmdir(dir);
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
    const mod = (await import('proper-lockfile')) as LockFile & { default?: LockFile };
    try {
      release = await (mod.default ?? mod).lock(stateFile, options(stateFile));
    } catch (lockErr) {
      if (isCode(lockErr, 'ELOCKED')) throw new StateLockError(dir);
      throw lockErr;
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Runs `fn` holding the folder's state lock if the lock is free right now (one mkdirSync; the
 * lock is released with rmdirSync), and returns what it returned; returns undefined without
 * running `fn` when another process holds it (the caller then waits with withStateLock).
 */
export function withFreeStateLockSync<T>(stateFile: string, fn: () => T): T | undefined {
  const dir = lockDir(stateFile);
  makeDirSync(path.dirname(stateFile), { private: true });
  try {
    mkdirSync(dir);
  } catch (err) {
    if (isCode(err, 'EEXIST')) return undefined;
    throw err;
  }
  try {
    return fn();
  } finally {
    try {
      rmdirSync(dir);
    } catch {
      // already gone (taken over as stale): nothing to release
    }
  }
}

/**
 * For signal handlers (no event loop left to wait on): takes the lock if it can within ~1 s,
 * spinning (a lock older than STALE_MS is taken over); runs `fn` either way — a Ctrl-C's last
 * batch is better appended unlocked (it could be lost only to a fold running at that very
 * moment) than not at all.
 */
export function withStateLockSync(stateFile: string, fn: () => void): void {
  const dir = lockDir(stateFile);
  makeDirSync(path.dirname(stateFile), { private: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let held = false;
  for (let tries = 0; tries < 100 && !held; tries++) {
    try {
      mkdirSync(dir);
      held = true;
    } catch (err) {
      if (!isCode(err, 'EEXIST')) break;
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmdirSync(dir);
      } catch {
        // gone meanwhile, or not ours to remove: try again
      }
      Atomics.wait(pause, 0, 0, 10);
    }
  }
  try {
    fn();
  } finally {
    if (held) {
      try {
        rmdirSync(dir);
      } catch {
        // already gone: nothing to release
      }
    }
  }
}
