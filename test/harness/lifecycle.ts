// The one lifecycle of what a test file opens — worlds, servers, watchers, temp folders: called
// once at the top of a file (or of a describe), each helper registers the hook that closes what
// was opened through it, and returns the function that opens. Everything opened is closed, last
// opened first, whether the test passed or failed, and a close that throws does not keep the
// others from running (its error fails the hook afterwards). No test file keeps a `let x` and
// its own afterEach/afterAll to close it.
import { afterAll, afterEach } from 'vitest';
import { removeRoot, tempRoot } from './folder.js';
import { startWorld, type World, type WorldOptions } from './world.js';

/** 'test': closed after each test (the default); 'file': after the last test of the file (or describe). */
export type Lifetime = 'test' | 'file';

/**
 * The function that schedules a clean-up for the end of the lifetime. For what no opener below
 * covers (a child process to kill, a folder made elsewhere): `defer(() => child.kill())`.
 */
export function useCleanups(lifetime: Lifetime = 'test'): (cleanup: () => unknown) => void {
  const pending: (() => unknown)[] = [];
  (lifetime === 'test' ? afterEach : afterAll)(() => runCleanups(pending.splice(0)));
  return (cleanup) => void pending.push(cleanup);
}

/** Runs every clean-up, last first, each even when one before it threw; then throws what they threw. */
export async function runCleanups(cleanups: (() => unknown)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} clean-ups failed`);
}

/** `open` wrapped so that whatever it opens is closed at the end of the lifetime. */
export function useOpener<A extends unknown[], T extends { close(): unknown }>(
  open: (...args: A) => Promise<T>,
  lifetime: Lifetime = 'test',
): (...args: A) => Promise<T> {
  const defer = useCleanups(lifetime);
  return async (...args) => {
    const opened = await open(...args);
    defer(() => opened.close());
    return opened;
  };
}

/**
 * The world lifecycle of a test file: the function it returns starts a world (as startWorld does)
 * that is closed — server stopped, temp root removed — after the test that started it (or, with
 * 'file', after the file's last test). Every world is closed, not only the last.
 */
export function useWorlds(lifetime: Lifetime = 'test'): (opts?: WorldOptions) => Promise<World> {
  return useOpener(startWorld, lifetime);
}

/** Temp folders (tempRoot) removed at the end of the lifetime. */
export function useTempRoots(lifetime: Lifetime = 'test'): (prefix?: string) => Promise<string> {
  const defer = useCleanups(lifetime);
  return async (prefix) => {
    const root = await tempRoot(prefix);
    defer(() => removeRoot(root));
    return root;
  };
}
