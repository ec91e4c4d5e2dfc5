// A pull killed hard (kill -9) used to leave the files it had written without sync records (the
// records are saved in batches after the writes). In a fresh checkout, the folder-is-the-truth
// rule then took those stale copies for the user's edits: `deploy <path>` and watch pushed them
// over a teammate's newer edit on develop, and a view deleted on develop after the kill was "not
// deployed yet: kept" by the next pull and re-created by the next deploy (review 4, finding 2).
// A pull now saves each record as an intent before writing the file; the next run settles every
// left-over intent against the file. These tests leave the state exactly as such a kill leaves
// it — the unfinished mark, the intents, no records — and run the CLI on it.
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalPath, loadStateFile, statePath, type StateEntry } from '../../src/sync/state.js';
import { writeViews } from '../harness/folder.js';
import { APP_ID, lxp, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const writes = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');
const target = async (dir: string) => Object.values((await loadStateFile(dir)).targets)[0];
const kindOf = (run: { json: any }, name: string) => run.json.changes.find((c: { name: string }) => c.name === name)?.kind;

/**
 * The state a pull killed after saving these intents (and its unfinished mark) but before its next
 * batch of records leaves: no state.json, a journal of two lines. `records` stay as they were
 * (a re-pull of views synced before).
 */
async function leaveAsKilled(dir: string, intents: StateEntry[], records: StateEntry[] = []): Promise<void> {
  const { target: name, applicationId } = await target(dir);
  const head = { target: name, applicationId };
  await rm(statePath(dir), { force: true });
  const lines = [
    { ...head, ...(records.length ? { views: Object.fromEntries(records.map((e) => [e.id, e])) } : {}), unfinishedPull: true },
    { ...head, intents: Object.fromEntries(intents.map((e) => [e.id, e])) },
  ];
  await writeFile(journalPath(dir), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

/** develop holds a layout and 12 pages made by lxp; the folder is a fresh checkout that pulled them all. Returns what the pull recorded, by name. */
async function pulledCheckout(): Promise<{ w: World; records: Map<string, StateEntry> }> {
  const w = await openWorld();
  await writeViews(w.dir, 12);
  expect((await lxp(w, 'deploy')).code).toBe(0);
  for (const name of ['pages', 'layouts', '.lxp']) await rm(path.join(w.dir, name), { recursive: true, force: true });
  const pull = await lxp(w, 'pull', { json: true });
  expect(pull.code, pull.stderr).toBe(0);
  return { w, records: new Map(Object.values((await target(w.dir)).views).map((e) => [e.name, e])) };
}

const idOf = (records: Map<string, StateEntry>, name: string) => records.get(name)!.id;
const patchBody = (w: World, id: string, body: string) =>
  w.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: id, experienceView: { body } });

describe('a pull killed between its writes and its records', () => {
  it('fresh checkout: the pulled files are in step with develop as it was; a teammate\'s later edit is changed remotely and never pushed back; the next pull brings it, removes what develop deleted and finishes', async () => {
    const { w, records } = await pulledCheckout();
    // The kill: every file written but p009–p011 (their writes never happened), records of none saved.
    await leaveAsKilled(w.dir, [...records.values()]);
    for (const name of ['p009', 'p010', 'p011']) await unlink(path.join(w.dir, 'pages', `${name}.hbs`));
    const stale = await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8');
    // Since, a teammate edited p001 and p002 and deleted p003 on develop.
    await patchBody(w, idOf(records, 'p001'), '<i>teammate edit 1</i>');
    await patchBody(w, idOf(records, 'p002'), '<i>teammate edit 2</i>');
    await w.losant.experienceView.delete({ applicationId: APP_ID, experienceViewId: idOf(records, 'p003') });

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.plan.unfinishedPull).toBe(true);
    expect(kindOf(status, 'p001')).toBe('changed-remote');
    expect(kindOf(status, 'p003')).toBe('deleted-remote');
    expect(kindOf(status, 'p004')).toBeUndefined(); // in sync: not listed
    // status saves nothing: the intents are settled again by the run that saves.
    expect((await target(w.dir)).intents).toBeDefined();

    // deploy of the stale file sends nothing: develop's newer p001 is not overwritten.
    const before = (await w.requests()).length;
    const scoped = await lxp(w, 'deploy', { json: true }, ['pages/p001.hbs', 'pages/p003.hbs']);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(await writes(w, before)).toEqual([]);
    expect((await w.remoteViews()).find((v) => v.name === 'p001')!.body).toBe('<i>teammate edit 1</i>');
    // The deploy settled and saved the intents: each pulled file now has its record.
    const settled = await target(w.dir);
    expect(settled.intents).toBeUndefined();
    expect(settled.views[idOf(records, 'p001')]).toEqual(records.get('p001'));
    expect(settled.views[idOf(records, 'p009')]).toBeUndefined();
    expect(await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8')).toBe(stale);

    // The next pull finishes the job: newer content in, the deleted view's file out, the mark cleared.
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect((await target(w.dir)).unfinishedPull).toBeUndefined();
    expect(await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8')).toMatch(/teammate edit 1/);
    expect(await readFile(path.join(w.dir, 'pages/p002.hbs'), 'utf8')).toMatch(/teammate edit 2/);
    await expect(readFile(path.join(w.dir, 'pages/p003.hbs'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(path.join(w.dir, 'pages/p010.hbs'), 'utf8')).resolves.toMatch(/---/);
    // …and nothing is left for a deploy to re-create or revert.
    const dry = await lxp(w, 'deploy', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.changes.filter((c: { action: string }) => c.action !== 'skip')).toEqual([]);
    expect((await lxp(w, 'status')).stdout).toMatch(/Everything in sync \(12 views\)/);
  }, 60_000);

  it('a file the user edited after the kill is a local change: the next pull keeps it (never overwritten silently)', async () => {
    const { w, records } = await pulledCheckout();
    await leaveAsKilled(w.dir, [...records.values()]);
    const file = path.join(w.dir, 'pages/p004.hbs');
    const edited = (await readFile(file, 'utf8')).replace(/\n$/, '\n<p>my edit</p>\n');
    await writeFile(file, edited);

    const status = await lxp(w, 'status', { json: true });
    expect(kindOf(status, 'p004')).toBe('changed-local');
    expect(kindOf(status, 'p005')).toBeUndefined(); // in sync: not listed
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.json.changes.find((c: { name: string }) => c.name === 'p004')).toMatchObject({ action: 'skip' });
    expect(await readFile(file, 'utf8')).toBe(edited);
    // Its intent was dropped, not turned into a record: the file is the user's, not develop's.
    expect((await target(w.dir)).views[idOf(records, 'p004')]).toBeUndefined();
    expect((await target(w.dir)).intents).toBeUndefined();
  }, 60_000);

  it('re-pull of synced views killed between intent and rename: the old content keeps its old record (not a local edit)', async () => {
    const { w, records } = await pulledCheckout();
    // A teammate edits p006; a pull starts writing it and is killed before the rename.
    await patchBody(w, idOf(records, 'p006'), '<i>teammate edit 6</i>');
    const remote = (await w.remoteViews()).find((v) => v.name === 'p006')!;
    const old = records.get('p006')!;
    const intent = { ...old, hash: 'sha256-of-the-new-content', lastUpdated: remote.lastUpdated };
    await leaveAsKilled(w.dir, [intent], [...records.values()]);

    const status = await lxp(w, 'status', { json: true });
    expect(kindOf(status, 'p006')).toBe('changed-remote');
    const before = (await w.requests()).length;
    expect((await lxp(w, 'deploy', { json: true }, ['pages/p006.hbs'])).code).toBe(0);
    expect(await writes(w, before)).toEqual([]);
    expect((await target(w.dir)).views[old.id]).toEqual(old);
    expect((await target(w.dir)).intents).toBeUndefined();
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'pages/p006.hbs'), 'utf8')).toMatch(/teammate edit 6/);
    expect((await lxp(w, 'status')).stdout).toMatch(/Everything in sync \(13 views\)/);
  }, 60_000);
});
