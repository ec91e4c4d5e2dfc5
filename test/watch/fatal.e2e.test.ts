// A token the API refuses (401) cannot fix itself: the watcher reports it once and stops, no retries.
import { expect, it } from 'vitest';
import { startWatch, WatchFatalError, type WatchEvent } from '../../src/watch/index.js';
import { useCleanups, useWorlds } from '../harness/lifecycle.js';

const openWorld = useWorlds();
const defer = useCleanups(); // closes the watcher first (last registered, first run), then the world

it('a refused token stops the watcher with one clear error and no retries', async () => {
  const world = await openWorld({ files: { 'pages/home.hbs': '<p>home</p>\n' }, prefix: 'lxp-watch-fatal-' });
  const dir = world.dir;
  const wrong = 'not-the-right-token-abcdef';
  const client = world.server.client({ token: wrong, retries: 1, timeoutMs: 5000 });
  const events: WatchEvent[] = [];
  const watcher = startWatch({ dir, client, debounceMs: 20, retry: { baseMs: 10, maxMs: 20 }, onEvent: (e) => events.push(e) });
  defer(() => watcher.close());
  await expect(watcher.ready).rejects.toBeInstanceOf(WatchFatalError);
  const err = await watcher.fatal;
  expect(err.exitCode).toBe(2);
  const errors = events.filter((e) => e.type === 'error');
  expect(errors).toEqual([{ type: 'error', message: expect.stringMatching(/^the API refused the token \(401\): check LOSANT_API_TOKEN or the credentials file/) }]);
  expect(events.filter((e) => e.type === 'retry')).toEqual([]);
  expect(events.filter((e) => e.type === 'ready')).toEqual([]);
  expect(events.at(-1)?.type).toBe('closed');
  expect(JSON.stringify(events)).not.toContain(wrong);
});
