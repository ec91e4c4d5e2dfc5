// Persistence: a restart on the same data folder serves the same data, and a write answered 2xx
// survives kill -9 of a `lxp server` child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/server/index.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { startTestServer } from '../harness/server.js';

const root = join(import.meta.dirname, '..', '..');
// The file's data folders, removed after its last test; every server a test starts is stopped after
// it, passed or failed (a test that restarts on the same folder still closes the first one itself).
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer);
let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('lxp-persist-');
});

describe('restart on the same data folder', () => {
  test('serves the same application, data and token-independent state; lastUpdated keeps increasing', async () => {
    const dataDir = join(tmp, 'restart');
    const first = await startServer({ dataDir, applicationName: 'Kept' });
    const view = await first.losant.experienceViews.post({ applicationId: first.applicationId, experienceView: { name: 'kept', viewType: 'page', body: 'v1' } });
    await first.losant.experienceVersions.post({ applicationId: first.applicationId, experienceVersion: { version: 'v1' } });
    await first.close();

    // No applicationId given: the one already in the folder is served.
    const second = await startServer({ dataDir, token: 'another-token', applicationId: undefined });
    expect(second.applicationId).toBe(first.applicationId);
    expect(await second.losant.application.get({ applicationId: second.applicationId })).toMatchObject({ name: 'Kept' });
    expect(await second.losant.experienceView.get({ applicationId: second.applicationId, experienceViewId: view.id })).toEqual(view);
    expect((await second.losant.experienceViews.get({ applicationId: second.applicationId, version: 'v1' })).totalCount).toBe(1);
    const patched = await second.losant.experienceView.patch({
      applicationId: second.applicationId,
      experienceViewId: view.id,
      experienceView: { body: 'v2' },
    });
    expect(Date.parse(patched.lastUpdated)).toBeGreaterThan(Date.parse(view.lastUpdated));
  });
});

describe('file modes', () => {
  const modeOf = (f: string) => (statSync(f).mode & 0o777).toString(8);

  test("the database (with its -wal and -shm) holding users' password hashes is 0600, its folder 0700 when lxp made it; an existing 0644 one is tightened", async () => {
    const dataDir = join(tmp, 'modes', 'data');
    const s = await startServer({ dataDir, child: true });
    await s.losant.experienceUsers.post({ applicationId: s.applicationId, experienceUser: { email: 'ada@example.com', password: 'secret-pass-1' } });
    const files = readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE));
    expect(files.sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);
    for (const f of files) expect(modeOf(join(dataDir, f)), f).toBe('600');
    expect(modeOf(dataDir)).toBe('700');
    await s.close();

    // A folder and database of an earlier lxp (0755 / 0644): the folder is the user's; the files are tightened.
    chmodSync(dataDir, 0o755);
    for (const f of readdirSync(dataDir)) chmodSync(join(dataDir, f), 0o644);
    await startServer({ dataDir, child: true, applicationId: undefined });
    for (const f of readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE))) expect(modeOf(join(dataDir, f)), f).toBe('600');
    expect(modeOf(dataDir)).toBe('755');
  });

  test('an existing data folder keeps its mode', async () => {
    const dataDir = join(tmp, 'modes', 'mine');
    mkdirSync(dataDir, { recursive: true, mode: 0o750 });
    chmodSync(dataDir, 0o750);
    const s = await startServer({ dataDir });
    await s.close();
    expect(modeOf(dataDir)).toBe('750');
    expect(modeOf(join(dataDir, DATABASE_FILE))).toBe('600');
  });
});

describe('stored view JSON', () => {
  test('a database written before views kept their JSON (or under an older format) answers exactly as before', async () => {
    const dataDir = join(tmp, 'wire');
    const first = await startServer({ dataDir });
    const appId = first.applicationId;
    const views = first.losant.experienceViews;
    const layout = await views.post({ applicationId: appId, experienceView: { name: 'main', viewType: 'layout', body: '<main>{{page}}</main>' } });
    await views.post({ applicationId: appId, experienceView: { name: 'home', viewType: 'page', layoutId: layout.id, body: '<h1>{{title}}</h1>', viewTags: { a: 'b' } } });
    await views.post({ applicationId: appId, experienceView: { name: 'api', viewType: 'page', body: '{}', headers: { 'content-type': 'application/json' } } });
    await views.post({ applicationId: appId, experienceView: { name: 'card', viewType: 'component', description: 'A “card”', body: '<div>✓</div>' } });
    await first.losant.experienceVersions.post({ applicationId: appId, experienceVersion: { version: 'v1' } });
    const before = await views.get({ applicationId: appId, perPage: 1000 });
    const beforeV1 = await views.get({ applicationId: appId, version: 'v1', perPage: 1000 });
    await first.close();

    // As an lxp of before the wire column left it: migration 1 only, no stored JSON.
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec('ALTER TABLE views DROP COLUMN wire; ALTER TABLE views DROP COLUMN wire_format; PRAGMA user_version = 1;');
    db.close();
    const second = await startServer({ dataDir });
    expect(await second.losant.experienceViews.get({ applicationId: appId, perPage: 1000 })).toEqual(before);
    expect(await second.losant.experienceViews.get({ applicationId: appId, version: 'v1', perPage: 1000 })).toEqual(beforeV1);
    const home = before.items.find((v: { name: string }) => v.name === 'home');
    expect(home).toMatchObject({ layoutId: layout.id, layoutName: 'main' });
    expect(await second.losant.experienceView.get({ applicationId: appId, experienceViewId: home.id })).toEqual(home);
    await second.close();

    // Rows kept under another format are rebuilt too.
    const db2 = new Database(join(dataDir, DATABASE_FILE));
    db2.exec("UPDATE views SET wire = CAST('{\"stale\":true}' AS BLOB), wire_format = 0");
    db2.close();
    const third = await startServer({ dataDir });
    expect(await third.losant.experienceViews.get({ applicationId: appId, perPage: 1000 })).toEqual(before);
  });
});

describe('view JSON kept in memory', () => {
  test('a request that fails after writing views (rolled back) leaves every list and view as it was', async () => {
    const h = await startServer();
    const appId = h.applicationId;
    await h.losant.experience.bootstrap({ applicationId: appId, options: { slug: 'first-slug' } });
    const page = await h.losant.experienceViews.post({ applicationId: appId, experienceView: { name: 'mine', viewType: 'page', body: 'x' } });
    const before = await h.losant.experienceViews.get({ applicationId: appId, perPage: 1000 });
    // Replaces develop's views, then finds the slug taken: the whole request rolls back.
    const refused = await h.raw('PATCH', '/bootstrap', { body: { replaceExisting: true, slug: 'first-slug' } });
    expect(refused.status).toBe(400);
    expect(await h.losant.experienceViews.get({ applicationId: appId, perPage: 1000 })).toEqual(before);
    expect(await h.losant.experienceView.get({ applicationId: appId, experienceViewId: page.id })).toEqual(
      before.items.find((v: { id: string }) => v.id === page.id),
    );
  });
});

describe('lxp server as a child process', () => {
  beforeAll(() => {
    // The CLI runs from dist/. tsc still emits when files owned by others have type errors.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'ignore' });
    if (!existsSync(join(root, 'dist', 'cli', 'commands', 'server.js'))) throw new Error('build of dist/ failed');
  }, 180_000);

  function launch(args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
    const child = spawn(process.execPath, [join(root, 'bin', 'lxp.js'), 'server', ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout! });
    const firstLine = new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`lxp server exited early with code ${code}`)));
    });
    return { child, firstLine };
  }

  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  test('--json prints one line {type: listening, url, applicationId, token, experienceUrl} once listening; SIGTERM closes it cleanly', async () => {
    const { child, firstLine } = launch(['--json', '--data', ':memory:', '--app', 'abcdefabcdefabcdefabcdef', '--token', 'tok-1']);
    const info = JSON.parse(await firstLine);
    expect(info).toEqual({
      type: 'listening',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      applicationId: 'abcdefabcdefabcdefabcdef',
      applicationIds: ['abcdefabcdefabcdefabcdef'],
      token: 'tok-1',
      experienceUrl: expect.stringMatching(/^http:\/\/abcdefabcdefabcdefabcdef\.localhost:\d+\/$/),
      dataDir: null,
    });
    const res = await fetch(`${info.url}/applications/${info.applicationId}/experience/views`, { headers: { authorization: 'Bearer tok-1' } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });

  test('bad flags exit 2 with a message', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'lxp.js'), 'server', '--fail-rate', '2'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--fail-rate');
  });

  test('every write answered 2xx survives kill -9', async () => {
    const dataDir = join(tmp, 'killed');
    const appId = '0123456789abcdef01234567';
    const server = await startServer({ child: true, dataDir, applicationId: appId, token: 'tok-2' });
    const { url } = server;
    const child = server.child!;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/applications/${appId}/experience${path}`, {
        method,
        headers: { authorization: 'Bearer tok-2', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { id: string; lastUpdated: string } };
    };
    const created: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await call('POST', '/views', { name: `survivor-${i}`, viewType: 'component', body: `n${i}` });
      expect(r.status).toBe(201);
      created.push(r.body.id);
    }
    const patched = await call('PATCH', `/views/${created[0]}`, { body: 'patched just before the kill' });
    expect(patched.status).toBe(200);
    const deleted = await call('DELETE', `/views/${created[1]}`);
    expect(deleted.status).toBe(200);

    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');

    const after = await startServer({ dataDir, token: 't', applicationId: undefined });
    expect(after.applicationId).toBe(appId);
    const res = await fetch(`${after.url}/applications/${appId}/experience/views?perPage=1000`, { headers: { authorization: 'Bearer t' } });
    const list = (await res.json()) as { totalCount: number; items: Array<{ id: string; body: string; lastUpdated: string }> };
    expect(list.totalCount).toBe(39);
    expect(new Set(list.items.map((v) => v.id))).toEqual(new Set(created.filter((id) => id !== created[1])));
    const first = list.items.find((v) => v.id === created[0])!;
    expect(first.body).toBe('patched just before the kill');
    expect(first.lastUpdated).toBe(patched.body.lastUpdated);
  });
});
