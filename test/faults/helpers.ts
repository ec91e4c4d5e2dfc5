// Shared by the fault suite: a built CLI to spawn, experience folders of many views, the remote
// read over plain HTTP, and the end-state check every fault test finishes with.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { journalPath, loadStateFile, parseStateFile, statePath, type StateFile } from '../../src/sync/state.js';
import { useCleanups, useOpener, useTempRoots } from '../harness/lifecycle.js';
import { APP_ID, TOKEN, ensureBuilt, startTestServer, type TestServer, type TestServerOptions } from '../harness/server.js';

export { APP_ID, BIN, ROOT, TOKEN, ensureBuilt, startTestServer, type TestServer } from '../harness/server.js';
export { makeExperience, removeRoot, tempRoot, writeViews } from '../harness/folder.js';
export { spawnLxp, type Spawned } from '../harness/cli.js';

/**
 * The scratch space of a suite that spawns lxp and servers to kill, in the harness's lifecycle:
 * the CLI built once, a fresh temp root per test (`root()`), servers (`startServer`) and other
 * clean-ups (`defer`); after each test the clean-ups run (last first), then the servers stop,
 * then the roots go.
 */
export function useScratch(): { root(): Promise<string>; startServer(opts?: TestServerOptions): Promise<TestServer>; defer(cleanup: () => unknown): void } {
  const tempDir = useTempRoots();
  const startServer = useOpener(startTestServer);
  const defer = useCleanups();
  beforeAll(() => ensureBuilt(), 180_000);
  return { root: () => tempDir(), startServer, defer };
}

export interface RemoteView {
  id: string;
  name: string;
  viewType: string;
  body: string;
  layoutId?: string | null;
}

/** Every develop view, read with plain fetch (retrying the server's own injected failures). */
export async function remoteViews(url: string): Promise<RemoteView[]> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}/applications/${APP_ID}/experience/views?perPage=1000`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.ok) {
      const list = (await res.json()) as { items: RemoteView[]; totalCount: number };
      expect(list.items.length).toBe(list.totalCount);
      return list.items;
    }
    if (attempt > 50) throw new Error(`cannot list views: HTTP ${res.status}`);
    await new Promise((r) => setTimeout(r, res.status === 429 ? 1000 : 20));
  }
}

/**
 * Lines of a server request log. The server may be appending while this reads, so only lines
 * already ended by a newline count: a half-written last line is left for the next poll.
 */
export async function logLines(file: string): Promise<Array<{ method: string; path: string; status: number; dropped?: boolean }>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Resolves once the log holds at least `n` lines for which `pick` holds (polls the file). */
export async function waitForLog(file: string, n: number, pick: (e: { method: string; status: number }) => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await logLines(file)).filter(pick).length >= n) return;
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error(`the log never reached ${n} matching lines`);
}

/**
 * The end state every fault test asks for: the remote holds exactly the folder's views with
 * their bodies, no view twice, and the state file (when there is one) parses and names only
 * views that exist.
 */
export async function expectConverged(dir: string, url: string, allowTemp = false): Promise<void> {
  const project = await loadProject(dir);
  expect(project.issues).toEqual([]);
  const remote = await remoteViews(url);
  const keys = remote.map((v) => `${v.viewType}:${v.name}`);
  expect(keys.length - new Set(keys).size).toBe(0);
  expect(keys.sort()).toEqual(project.views.map((v) => `${v.viewType}:${v.name}`).sort());
  const byKey = new Map(remote.map((v) => [`${v.viewType}:${v.name}`, v]));
  for (const v of project.views) expect(byKey.get(`${v.viewType}:${v.name}`)?.body, v.name).toBe(v.body);
  await expectStateSound(dir, new Set(remote.map((v) => v.id)), allowTemp);
}

/**
 * No half-written or corrupt state: state.json whole, and its journal (.lxp/state.journal, the
 * batches a run saved before it was killed) whole line by line but for a last line the kill cut
 * short. Unless `allowTemp` (a process killed in the middle of write-file-atomic leaves its temp
 * file, or mid-run its journal), nothing beside state.json. Returns the state as lxp reads it.
 */
export async function expectStateSound(dir: string, remoteIds?: Set<string>, allowTemp = false): Promise<StateFile | undefined> {
  const file = statePath(dir);
  if (!existsSync(file) && !existsSync(journalPath(dir))) return undefined;
  if (existsSync(file)) parseStateFile(await readFile(file, 'utf8'), file);
  const state = await loadStateFile(dir);
  if (remoteIds) {
    for (const t of Object.values(state.targets)) for (const id of Object.keys(t.views)) expect(remoteIds.has(id), `state names ${id}`).toBe(true);
  }
  const stray = (await readdir(path.dirname(file))).filter((f) => f.startsWith('state.') && f !== 'state.json');
  if (!allowTemp) expect(stray).toEqual([]);
  return state;
}
