// End-to-end: the no-op check (src/sync/noop.ts, docs/internals.md "The no-op check"). A
// whole-folder run that finds everything in step notes what it saw; the next one ends at the check
// when the folder, the state and develop's list are exactly as noted — and never when any of them
// changed. The record is doctored (its in-sync count) so that a run that ended at the check says
// so; every other run must plan as usual. Remote state is checked through losant-rest.
import { describe, expect, it } from 'vitest';
import { readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, useWorlds, writeSample, writeView, APP_ID, type World } from './helpers.js';

const openWorld = useWorlds();

const NOOP = '.lxp/cache/noop.json';
/** The in-sync count a doctored record reports: only a run that ended at the check can say it. */
const DOCTORED = 4242;

const writes = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');

/** Files, the state and the record changed in the last 2 s are racily clean: wait that out (a delay, not a timed assertion). */
const settle = () => new Promise((r) => setTimeout(r, 2200));

/** The sample deployed, settled, noted by a status, and the record doctored. */
async function noted(before?: (dir: string) => Promise<void>): Promise<World> {
  const w = await openWorld();
  await writeSample(w.dir);
  await before?.(w.dir);
  const OLD = 1_700_000_000; // a whole second, so that it can be put back exactly
  await utimes(path.join(w.dir, 'pages/about.hbs'), OLD, OLD);
  expect((await lxp(w, 'deploy')).code).toBe(0);
  await settle();
  expect((await lxp(w, 'status', { exitCode: true })).code).toBe(0);
  const file = path.join(w.dir, NOOP);
  const record = JSON.parse(await readFile(file, 'utf8'));
  expect(record.inSync).toBe(5);
  await writeFile(file, JSON.stringify({ ...record, inSync: DOCTORED }));
  return w;
}

describe('the no-op check', () => {
  it('a run on a folder, state and develop as noted ends at the check: in sync, list pages only, nothing written', async () => {
    const world = await noted();
    const since = (await world.requests()).length;
    const run = await lxp(world, 'deploy', { json: true });
    expect(run.code).toBe(0);
    expect(run.json.plan.inSync).toBe(DOCTORED);
    expect(run.json.changes).toEqual([]);
    const requests = (await world.requests()).slice(since);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.method === 'GET' && r.path.includes('/experience/views'))).toBe(true);
    // status and diff end there too, and say in sync.
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(DOCTORED);
    const diff = await lxp(world, 'diff');
    expect(diff.stdout).toContain('No differences.');
    const dry = await lxp(world, 'deploy', { json: true, dryRun: true });
    expect([dry.json.outcome, dry.json.plan.inSync]).toEqual(['dry-run', DOCTORED]);
    const text = await lxp(world, 'deploy');
    expect(text.stdout).toContain(`nothing to do (${DOCTORED} views in sync)`);
    // A run that is not a plain whole-folder one plans as usual.
    expect((await lxp(world, 'status', { json: true }, ['pages/home.hbs'])).json.plan.inSync).toBe(1);
    expect((await lxp(world, 'deploy', { json: true, force: true })).json.plan.inSync).toBe(5);
  });

  it('an edit that keeps size and mtime is deployed (one PATCH, the new body on develop)', async () => {
    const world = await noted();
    const about = path.join(world.dir, 'pages/about.hbs');
    const before = await stat(about);
    await writeFile(about, '---\nlayout: main\n---\n<p>Abort us</p>\n');
    await utimes(about, before.atime, before.mtime);
    expect([(await stat(about)).size, (await stat(about)).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const since = (await world.requests()).length;
    const run = await lxp(world, 'deploy', { json: true });
    expect(run.code).toBe(0);
    expect(run.json.plan.inSync).toBe(4);
    expect((await writes(world, since)).map((r) => r.method)).toEqual(['PATCH']);
    expect((await world.remoteViews()).find((v) => v.name === 'about')!.body).toBe('<p>Abort us</p>\n');
  });

  it('a deleted file and a new file are deployed (the view deleted, the new one created)', async () => {
    let world = await noted();
    await unlink(path.join(world.dir, 'pages/about.hbs'));
    const del = await lxp(world, 'deploy', { json: true });
    expect(del.code).toBe(0);
    expect(del.json.plan.inSync).toBe(4);
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['api/data', 'header', 'home', 'main']);

    await world.close();
    world = await noted();
    await writeView(world.dir, 'pages/contact.hbs', '---\nlayout: main\n---\n<p>Contact</p>\n');
    const add = await lxp(world, 'deploy', { json: true });
    expect(add.code).toBe(0);
    expect(add.json.plan.inSync).toBe(5);
    expect((await world.remoteViews()).find((v) => v.name === 'contact')?.body).toBe('<p>Contact</p>\n');
  });

  it('a view edited, created or deleted on develop is seen', async () => {
    let world = await noted();
    const remote = await world.remoteViews();
    const home = remote.find((v) => v.name === 'home')!;
    await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: '<h1>edited in the UI</h1>' } });
    const edited = await lxp(world, 'status', { exitCode: true });
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/changed remotely\s+page\s+"home"/);

    // Put back byte for byte but for lastUpdated: still a difference of the list, planned as usual.
    await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: home.body } });
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(5);

    await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'ui-page', viewType: 'page', body: '<p>ui</p>' } });
    const created = await lxp(world, 'status', { exitCode: true });
    expect(created.code).toBe(1);
    expect(created.stdout).toMatch(/new remotely\s+page\s+"ui-page"/);

    await world.close();
    world = await noted();
    const header = (await world.remoteViews()).find((v) => v.name === 'header')!;
    await world.losant.experienceView.delete({ applicationId: APP_ID, experienceViewId: header.id });
    const deleted = await lxp(world, 'status', { exitCode: true });
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(/deleted remotely\s+component\s+"header"/);
  });

  it('another state, a .lxpignore, an experience file or another target: planned as usual', async () => {
    let world = await noted();
    // state.json rewritten with the same bytes (another file, another stamp): the same state, still at the check.
    const state = path.join(world.dir, '.lxp/state.json');
    const text = await readFile(state, 'utf8');
    await unlink(state);
    await writeFile(state, text);
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(DOCTORED);
    // The same records in other bytes: another state for the check, planned as usual.
    await writeFile(state, JSON.stringify(JSON.parse(text)));
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(5);

    await world.close();
    world = await noted();
    await writeFile(path.join(world.dir, '.lxpignore'), 'pages/about.hbs\n');
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(4);

    await world.close();
    world = await noted();
    await writeFile(path.join(world.dir, 'groups.yaml'), '- name: Team\n');
    const run = await lxp(world, 'status', { json: true });
    expect(run.code).toBe(0);
    expect(run.json.plan.inSync).toBe(5);
    expect(run.json.changes.map((c: { resource: string; name: string }) => [c.resource, c.name])).toContainEqual(['group', 'Team']);

    await world.close();
    world = await noted();
    await writeFile(path.join(world.dir, 'lxp.config.json'), JSON.stringify({ targets: { other: { applicationId: APP_ID, apiUrl: world.server.url } } }));
    const other = await lxp(world, 'status', { json: true, target: 'other' });
    expect(other.code).toBe(0);
    expect(other.json.plan.inSync).not.toBe(DOCTORED);
  });

  it('files .lxpignore leaves out are in the record, their bytes no part of the check; a new file beside them is', async () => {
    const world = await noted(async (dir) => {
      await writeFile(path.join(dir, '.lxpignore'), 'pages/drafts/\n');
      await writeView(dir, 'pages/drafts/wip.hbs', '---\nlayout: main\n---\n<p>wip</p>\n');
    });
    const record = JSON.parse(await readFile(path.join(world.dir, NOOP), 'utf8'));
    expect(record.files).toContain('pages/drafts/wip.hbs');
    await writeView(world.dir, 'pages/drafts/wip.hbs', '---\nlayout: main\n---\n<p>still a draft</p>\n');
    expect((await lxp(world, 'deploy', { json: true })).json.plan.inSync).toBe(DOCTORED);
    await writeView(world.dir, 'pages/drafts/next.hbs', '<p>next</p>\n');
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(5);
    await unlink(path.join(world.dir, 'pages/drafts/next.hbs'));
    await writeView(world.dir, 'pages/new.hbs', '---\nlayout: main\n---\n<p>new</p>\n');
    const run = await lxp(world, 'deploy', { json: true });
    expect(run.json.plan.inSync).toBe(5);
    expect((await world.remoteViews()).map((v) => v.name)).toContain('new');
    expect((await world.remoteViews()).map((v) => v.name)).not.toContain('drafts/wip');
  });

  it('a run right after a deploy notes a record (the state by its bytes), and the next run ends at the check', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    // The view files settle; the state the deploy writes will not have by the next run.
    await settle();
    expect((await lxp(world, 'deploy')).code).toBe(0);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    const file = path.join(world.dir, NOOP);
    const record = JSON.parse(await readFile(file, 'utf8'));
    // Written within 2 s of the state: its stamp cannot vouch for its bytes, its digest does.
    expect(record.state).toBeNull();
    expect(typeof record.stateDigest).toBe('string');
    await writeFile(file, JSON.stringify({ ...record, inSync: DOCTORED }));
    expect((await lxp(world, 'deploy', { json: true })).json.plan.inSync).toBe(DOCTORED);
    // A state with other bytes is planned as usual at once, racy or not.
    const state = path.join(world.dir, '.lxp/state.json');
    await writeFile(state, JSON.stringify(JSON.parse(await readFile(state, 'utf8'))));
    expect((await lxp(world, 'deploy', { json: true })).json.plan.inSync).toBe(5);
  });

  it('a record is written only when every file and .lxpignore had settled, and dropped when unreadable', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    // At once: the files changed in the last 2 s.
    expect((await lxp(world, 'status')).code).toBe(0);
    await expect(stat(path.join(world.dir, NOOP))).rejects.toThrow();
    await settle();
    expect((await lxp(world, 'status')).code).toBe(0);
    await stat(path.join(world.dir, NOOP));
    await writeFile(path.join(world.dir, NOOP), '{not json');
    expect((await lxp(world, 'status', { json: true })).json.plan.inSync).toBe(5);
    await rm(path.join(world.dir, '.lxp/cache'), { recursive: true });
    expect((await lxp(world, 'deploy', { json: true })).json.plan.inSync).toBe(5);
  });
});
