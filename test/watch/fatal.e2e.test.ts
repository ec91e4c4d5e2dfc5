// A token the API refuses (401) cannot fix itself: the watcher reports it once and stops, no retries.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { startServer } from '../../src/server/index.js';
import { startWatch, WatchFatalError, type WatchEvent } from '../../src/watch/index.js';
import { APP_ID, TOKEN } from './helpers.js';

it('a refused token stops the watcher with one clear error and no retries', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'lxp-watch-fatal-'));
  const dir = path.join(root, 'site');
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>home</p>\n');
  const server = await startServer({ port: 0, dataDir: path.join(root, 'data'), token: TOKEN, applicationId: APP_ID });
  const wrong = 'not-the-right-token-abcdef';
  const client = createClient({ apiUrl: server.url, applicationId: APP_ID, token: wrong, retries: 1, timeoutMs: 5000, backoff: { baseMs: 5, maxMs: 20 } });
  const events: WatchEvent[] = [];
  const watcher = startWatch({ dir, client, debounceMs: 20, retry: { baseMs: 10, maxMs: 20 }, onEvent: (e) => events.push(e) });
  try {
    await expect(watcher.ready).rejects.toBeInstanceOf(WatchFatalError);
    const err = await watcher.fatal;
    expect(err.exitCode).toBe(2);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toEqual([{ type: 'error', message: 'the API refused the token (401): check LOSANT_API_TOKEN or the credentials file' }]);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(events.filter((e) => e.type === 'ready')).toEqual([]);
    expect(events.at(-1)?.type).toBe('closed');
    expect(JSON.stringify(events)).not.toContain(wrong);
  } finally {
    await watcher.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});
