// End-to-end: failures, lost responses, hostile remote names, damaged state, the local target,
// and the built binary.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadProject } from '../../src/project/load.js';
import { lxp, useWorlds, snapshot, writeView, APP_ID } from './helpers.js';

const run = promisify(execFile);
const openWorld = useWorlds();

async function writeMany(dir: string, n: number): Promise<void> {
  await writeView(dir, 'layouts/main.hbs', '<main>{{page}}</main>\n');
  for (let i = 0; i < n; i++) {
    await writeView(dir, `pages/p${String(i).padStart(2, '0')}.hbs`, `---\nlayout: main\n---\n<p>page ${i}</p>\n`);
  }
}

function duplicates(names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) !== i);
}

describe('failures', () => {
  it('a partial failure: the rest finish, failures listed, exit 1; a re-run finishes without duplicates', async () => {
    const world = await openWorld({ failRate: 0.35, seed: 11 });
    await writeMany(world.dir, 14);
    const first = await lxp(world, 'deploy', { json: true }, [], { retries: 0 });
    expect(first.code).toBe(1);
    const statuses = first.json.changes.map((c: any) => c.status);
    expect(statuses).toContain('done');
    expect(statuses.some((s: string) => s === 'failed' || s === 'skipped')).toBe(true);
    for (const c of first.json.changes.filter((x: any) => x.status === 'failed')) expect(c.error).toMatch(/50\d/);
    const landed = (await world.remoteViews()).length;
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(15);

    await world.restart({ failRate: 0 });
    const second = await lxp(world, 'deploy', { json: true });
    expect(second.code).toBe(0);
    const names = (await world.remoteViews()).map((v) => v.name);
    expect(names).toHaveLength(15);
    expect(duplicates(names)).toEqual([]);
    // Only what the first run did not do was sent.
    expect(second.json.changes.filter((c: any) => c.action === 'create')).toHaveLength(15 - landed);
    const third = await lxp(world, 'deploy', { json: true });
    expect(third.json.changes).toEqual([]);
  });

  it('lost create responses are not repeated blindly: no duplicates, state knows every id', async () => {
    const world = await openWorld({ dropRate: 0.4, seed: 3 });
    await writeMany(world.dir, 10);
    const first = await lxp(world, 'deploy', { json: true }, [], { retries: 6 });
    expect(first.code).toBe(0);
    expect((await world.requests()).some((r) => r.dropped)).toBe(true);
    const remote = await world.remoteViews();
    expect(remote).toHaveLength(11);
    expect(duplicates(remote.map((v) => v.name))).toEqual([]);
    const state = JSON.parse(await readFile(path.join(world.dir, '.lxp/state.json'), 'utf8'));
    const recorded = Object.keys(Object.values<any>(state.targets)[0].views).sort();
    expect(recorded).toEqual(remote.map((v) => v.id).sort());
    await world.restart({ dropRate: 0 });
    expect((await lxp(world, 'deploy', { json: true })).json.changes).toEqual([]);
  });

  it('a corrupt state file is a clear error naming it, and nothing is sent', async () => {
    const world = await openWorld();
    await writeMany(world.dir, 2);
    await mkdir(path.join(world.dir, '.lxp'), { recursive: true });
    await writeFile(path.join(world.dir, '.lxp/state.json'), '{"version": 1, "targets": {"x": ');
    const r = await lxp(world, 'deploy');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(world.dir, '.lxp', 'state.json'));
    expect((await world.requests()).filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('pull of hostile names', () => {
  it('never writes outside the folder, gives safe stable files, keeps exact names, round-trips', async () => {
    const world = await openWorld();
    const names = [
      '../../escape',
      'a/../../b',
      '/abs',
      'C:\\evil',
      'back\\slash',
      'con',
      'CON',
      'aux.txt',
      'Home',
      'home',
      'HOME',
      'x:y',
      '.hidden',
      '..',
      'trailing.',
      'star*?"<>|',
      'admin/users',
    ];
    const layout = await world.losant.experienceViews.post({
      applicationId: APP_ID,
      experienceView: { name: '../layout', viewType: 'layout', body: '<b>{{page}}</b>' },
    });
    for (const name of names) {
      await world.losant.experienceViews.post({
        applicationId: APP_ID,
        experienceView: { name, viewType: 'page', body: `<p>${name}</p>`, layoutId: layout.id },
      });
    }
    await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'nul', viewType: 'component', body: 'c' } });
    const outsideBefore = (await readdir(world.root)).sort();

    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code).toBe(0);
    expect((await readdir(world.root)).sort()).toEqual(outsideBefore);
    const files = Object.keys(await snapshot(world.dir)).filter((f) => f !== 'lxp.config.json');
    expect(files).toHaveLength(names.length + 2);
    for (const f of files) expect(f).toMatch(/^(layouts|pages|components)\/[^\\:*?"<>|]+\.hbs$/);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);

    const project = await loadProject(world.dir);
    expect(project.issues).toEqual([]);
    expect(project.views.filter((v) => v.viewType === 'page').map((v) => v.name).sort()).toEqual([...names].sort());
    expect(project.views.find((v) => v.name === '../../escape')!.layout).toBe('../layout');

    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    const again = await lxp(world, 'pull', { json: true });
    expect(again.json.changes.filter((c: any) => c.action === 'write')).toEqual([]);
    // And the pulled folder deploys back without a single write.
    const dep = await lxp(world, 'deploy', { json: true });
    expect(dep.code).toBe(0);
    expect(dep.json.changes.filter((c: any) => ['create', 'update', 'delete', 'rename'].includes(c.action))).toEqual([]);
  });

  it('deleted remotely → file removed; changed locally → kept without --force', async () => {
    const world = await openWorld();
    await writeMany(world.dir, 3);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const remote = await world.remoteViews();
    await world.losant.experienceView.delete({ applicationId: APP_ID, experienceViewId: remote.find((v) => v.name === 'p00')!.id });
    await writeView(world.dir, 'pages/p01.hbs', '---\nlayout: main\n---\nmine\n');
    const r = await lxp(world, 'pull');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(world.dir, 'pages/p00.hbs'))).toBe(false);
    expect(await readFile(path.join(world.dir, 'pages/p01.hbs'), 'utf8')).toContain('mine');
    const forced = await lxp(world, 'pull', { force: true });
    expect(forced.code).toBe(0);
    expect(await readFile(path.join(world.dir, 'pages/p01.hbs'), 'utf8')).toContain('page 1');
  });
});

describe('the local target', () => {
  it('starts the embedded server, says so in one line, keeps a stable application id and no token', async () => {
    const world = await openWorld();
    await writeMany(world.dir, 2);
    const env = { LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '', LOSANT_API_TOKEN: '' };
    const first = await lxp(world, 'deploy', {}, [], { env });
    expect(first.code).toBe(0);
    expect(first.stderr.split('\n').filter((l) => /local/.test(l))).toHaveLength(1);
    const local = JSON.parse(await readFile(path.join(world.dir, '.lxp/local.json'), 'utf8'));
    expect(Object.keys(local)).toEqual(['applicationId']);
    const second = await lxp(world, 'status', { exitCode: true, json: true }, [], { env });
    expect(second.code).toBe(0);
    expect(second.json.applicationId).toBe(local.applicationId);
    expect(second.json.target).toBe('local');
    // The test server (another target) saw nothing.
    expect(await world.remoteViews()).toEqual([]);
  });
});

describe('the built binary', () => {
  const bin = path.resolve('bin/lxp.js');
  it.runIf(existsSync(path.resolve('dist/cli/main.js')))('node bin/lxp.js deploy / status --exit-code / pull --json', async () => {
    const world = await openWorld();
    await writeMany(world.dir, 3);
    const env = { ...world.env };
    const opts = { env, cwd: world.root };
    const dep = await run(process.execPath, [bin, 'deploy', '--dir', 'site'], opts);
    expect(dep.stdout).toContain('Deploy plan: 4 to create');
    expect(dep.stdout).toMatch(/created page "p00" \(pages\/p00\.hbs\)/);
    const st = await run(process.execPath, [bin, 'status', '--dir', 'site', '--exit-code'], opts);
    expect(st.stdout).toContain('Everything in sync');
    await writeView(world.dir, 'pages/p02.hbs', 'changed\n');
    const drift = await run(process.execPath, [bin, 'status', '--dir', 'site', '--exit-code'], opts).catch((e) => e);
    expect(drift.code).toBe(1);
    const conflict = await run(process.execPath, [bin, 'deploy', '--dir', 'site', '--concurrency', 'lots'], opts).catch((e) => e);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/--concurrency/);
    const pl = await run(process.execPath, [bin, 'pull', '--dir', 'site', '--json'], opts);
    const doc = JSON.parse(pl.stdout);
    expect(doc.command).toBe('pull');
    expect(doc.changes.find((c: any) => c.name === 'p02')).toMatchObject({ action: 'skip', kind: 'changed-local', status: 'skipped' });
  });
});
