// The lock around every write of .lxp/state.json and .lxp/state.journal, so that two lxp
// processes in one folder (a `lxp watch` in one terminal, a `lxp deploy` or `lxp pull` in
// another) never lose each other's records. A journal append is held only for the append; a
// fold reads what is on disk under the lock, so a line another process appended is folded in,
// never dropped with the journal (see StateStore.fold).
//
// proper-lockfile: a lock directory made with mkdir (atomic on every file system), its mtime
// refreshed while held, so a lock left by a killed process counts as stale after STALE_MS and
// is taken over. It loads only when a run saves state: a status or a no-op never pays for it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeDir } from '../project/make-dir.js';

/** Beside state.json, in the folder's .lxp. */
export const LOCK_NAME = 'state.lock';

/** A lock whose holder stopped refreshing it this long ago is taken over (proper-lockfile's minimum). */
const STALE_MS = 2000;

/** Waiting for another process's lock: it is held for one append or one fold (milliseconds), or until it goes stale. */
const RETRIES = { retries: 120, minTimeout: 5, maxTimeout: 50, factor: 1.5 };


type LockFile = typeof import('proper-lockfile');
let lockFile: LockFile | undefined;

/** Loads proper-lockfile ahead of need: a run that has something to save calls this, so a Ctrl-C's synchronous save finds it loaded. */
export async function loadStateLock(): Promise<LockFile> {
  if (!lockFile) {
    const mod = (await import('proper-lockfile')) as LockFile & { default?: LockFile };
    lockFile = mod.default ?? mod;
  }
  return lockFile;
}

/** `stateFile`: .lxp/state.json (it need not exist); the lock is .lxp/state.lock beside it. */
function options(stateFile: string) {
  return {
    realpath: false,
    lockfilePath: path.join(path.dirname(stateFile), LOCK_NAME),
    stale: STALE_MS,
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

/** Runs `fn` holding the folder's state lock (waiting for another process's, taking over a stale one). */
export async function withStateLock<T>(stateFile: string, fn: () => Promise<T>): Promise<T> {
  const lf = await loadStateLock();
  await makeDir(path.dirname(stateFile));
  let release: () => Promise<void>;
  try {
    release = await lf.lock(stateFile, { ...options(stateFile), retries: RETRIES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new StateLockError(options(stateFile).lockfilePath);
    throw err;
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * For signal handlers (no event loop left to wait on): takes the lock if it can within ~1 s,
 * spinning; runs `fn` either way — a Ctrl-C's last batch is better appended unlocked (it could
 * be lost only to a fold running at that very moment) than not at all.
 */
export function withStateLockSync(stateFile: string, fn: () => void): void {
  mkdirSync(path.dirname(stateFile), { recursive: true });
  const lf = lockFile;
  let release: (() => void) | undefined;
  if (lf) {
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let tries = 0; tries < 100 && !release; tries++) {
      try {
        release = lf.lockSync(stateFile, options(stateFile));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') break;
        Atomics.wait(pause, 0, 0, 10);
      }
    }
  }
  try {
    fn();
  } finally {
    try {
      release?.();
    } catch {
      // released by the exit anyway (proper-lockfile removes its locks when the process exits)
    }
  }
}
