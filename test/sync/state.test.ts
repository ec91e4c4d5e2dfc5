import { beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadStateFile, StateError, StateStore, STATE_VERSION } from '../../src/sync/state.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let dir: string;
beforeEach(async () => {
  dir = await tempDir('lxp-state-');
});

const entry = (id: string) => ({ id, viewType: 'page' as const, name: `n${id}`, file: `pages/n${id}.hbs`, hash: 'h', lastUpdated: 't' });

describe('state file', () => {
  it('a missing file is an empty state; saved state reads back, per target and application', async () => {
    expect(await loadStateFile(dir)).toEqual({ version: STATE_VERSION, targets: {} });
    const a = await StateStore.open(dir, 'staging', 'app1');
    a.set(entry('1'));
    a.set(entry('2'));
    a.remove('1');
    a.setFullSync(true);
    await a.compact();
    const b = await StateStore.open(dir, 'staging', 'app2');
    expect(b.current.views).toEqual({});
    b.set(entry('9'));
    await b.compact();
    const again = await StateStore.open(dir, 'staging', 'app1');
    expect(again.current).toEqual({ target: 'staging', applicationId: 'app1', fullSync: true, views: { '2': entry('2') } });
    const file = await loadStateFile(dir);
    expect(Object.keys(file.targets).sort()).toEqual(['staging:app1', 'staging:app2']);
    // Atomic saves leave no temp files behind; compact() folds the journal away.
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);
  });

  it('a run checks the records of its own target only; the others are saved back as they were', async () => {
    await mkdir(path.join(dir, '.lxp'));
    const file = path.join(dir, '.lxp', 'state.json');
    const other = { target: 'prod', applicationId: 'app9', fullSync: true, views: { x: { id: 'x', viewType: 'nonsense' } }, extra: 'kept' };
    await writeFile(file, JSON.stringify({ version: STATE_VERSION, targets: { 'staging:app1': { target: 'staging', applicationId: 'app1', fullSync: false, views: { '1': entry('1') } }, 'prod:app9': other } }));
    const s = await StateStore.open(dir, 'staging', 'app1');
    expect(s.current.views).toEqual({ '1': entry('1') });
    s.set(entry('2'));
    await s.compact();
    expect(JSON.parse(await readFile(file, 'utf8')).targets['prod:app9']).toEqual(other);
    // Its own target's records are checked: a bad one is an error naming the file.
    await expect(StateStore.open(dir, 'prod', 'app9')).rejects.toThrow(/state\.json is corrupt \(target "prod:app9", view "x"\)/);
    await expect(loadStateFile(dir)).rejects.toBeInstanceOf(StateError);
  });

  it('a corrupt file is an error naming the file, never an empty state', async () => {
    await mkdir(path.join(dir, '.lxp'));
    const file = path.join(dir, '.lxp', 'state.json');
    for (const text of ['{not json', '[]', '{"version": 1, "targets": {"x": {"target": "x"}}}', '{"version": 1, "targets": {"t:a": {"target": "t", "applicationId": "a", "views": {"1": {"id": "2"}}}}}']) {
      await writeFile(file, text);
      const err = await loadStateFile(dir).catch((e) => e);
      expect(err).toBeInstanceOf(StateError);
      expect(err.message).toContain(file);
    }
    await writeFile(file, JSON.stringify({ version: 99, targets: {} }));
    await expect(loadStateFile(dir)).rejects.toThrow(/format version 99/);
  });

  it('flushSync writes pending changes at once (for SIGINT)', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('5'));
    s.flushSync();
    expect((await loadStateFile(dir)).targets['t:a'].views['5'].name).toBe('n5');
  });

  it('a save that cannot happen is a clear error, and the old file stays whole', async () => {
    const s = await StateStore.open(dir, 't', 'a');
    s.set(entry('1'));
    await s.compact();
    // .lxp/state.json turned into a folder: the rename cannot replace it.
    await rm(path.join(dir, '.lxp', 'state.json'));
    await mkdir(path.join(dir, '.lxp', 'state.json'));
    s.set(entry('2'));
    await expect(s.compact()).rejects.toThrow(/cannot save .*state\.json/);
  });
});

describe('left-over temp files', () => {
  it('opening the state removes temp files of saves killed long ago, never a fresh one', async () => {
    const lxpDir = path.join(dir, '.lxp');
    await mkdir(lxpDir, { recursive: true });
    await writeFile(path.join(lxpDir, 'state.json.1234567'), '{"half');
    await writeFile(path.join(lxpDir, 'state.json.7654321'), '{"half');
    await writeFile(path.join(lxpDir, 'state.json.notes'), 'not a temp file');
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(path.join(lxpDir, 'state.json.1234567'), old, old);
    await utimes(path.join(lxpDir, 'state.json.notes'), old, old);
    await StateStore.open(dir, 'local', 'a'.repeat(24));
    expect((await readdir(lxpDir)).sort()).toEqual(['state.json.7654321', 'state.json.notes']);
  });
});

describe('format 2: the other kinds', () => {
  it('a views-only file of format 1 reads as is (no kind synced yet) and is saved as format 2 with its views', async () => {
    await mkdir(path.join(dir, '.lxp'));
    const v1 = { version: 1, targets: { 't:a': { target: 't', applicationId: 'a', fullSync: true, views: { '1': entry('1') } } } };
    await writeFile(path.join(dir, '.lxp', 'state.json'), JSON.stringify(v1));
    const s = await StateStore.open(dir, 't', 'a');
    expect(s.current).toEqual({ target: 't', applicationId: 'a', fullSync: true, views: { '1': entry('1') } });
    expect(s.current.resources).toBeUndefined();
    s.setResource('endpoint', { id: 'e1', identity: 'GET /', hash: 'h', lastUpdated: 't' });
    s.markKindsSynced(['endpoint', 'group']);
    await s.compact();
    const saved = JSON.parse(await readFile(path.join(dir, '.lxp', 'state.json'), 'utf8'));
    expect(saved.version).toBe(2);
    expect(saved.targets['t:a'].views).toEqual({ '1': entry('1') });
    expect(saved.targets['t:a'].resources).toEqual({ endpoint: { e1: { id: 'e1', identity: 'GET /', hash: 'h', lastUpdated: 't' } }, group: {} });
    const again = await StateStore.open(dir, 't', 'a');
    expect(again.current.resources).toEqual(saved.targets['t:a'].resources);
    again.removeResource('endpoint', 'e1');
    expect(again.current.resources?.endpoint).toEqual({});
    // Saved as a run ends: no debounced save is left due after the test, to write its folder again once removed.
    await again.compact();
    expect((await loadStateFile(dir)).targets['t:a'].resources).toEqual({ endpoint: {}, group: {} });
  });

  it('corrupt resource records are an error naming the file', async () => {
    await mkdir(path.join(dir, '.lxp'));
    const file = path.join(dir, '.lxp', 'state.json');
    const base = { target: 't', applicationId: 'a', fullSync: true, views: {} };
    for (const resources of [[], { widget: {} }, { endpoint: { e1: { id: 'e2', identity: 'x', hash: 'h', lastUpdated: 't' } } }, { group: { g: { id: 'g', hash: 'h', lastUpdated: 't' } } }]) {
      await writeFile(file, JSON.stringify({ version: 2, targets: { 't:a': { ...base, resources } } }));
      const err = await loadStateFile(dir).catch((e) => e);
      expect(err).toBeInstanceOf(StateError);
      expect(err.message).toContain(file);
    }
  });
});

describe('saving in batches (the journal)', () => {
  const journal = () => path.join(dir, '.lxp', 'state.journal');

  it('flush() appends only what changed since the last save; state.json is written once, by compact()', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    for (let i = 0; i < 50; i++) s.set(entry(String(i)));
    await s.flush();
    s.set(entry('50'));
    s.remove('0');
    await s.flush();
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.journal']);
    const lines = (await readFile(journal(), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.map((l) => Object.keys(l.views).length)).toEqual([50, 2]);
    expect(lines[1].views).toEqual({ '50': entry('50'), '0': null });
    // Another process reading now sees everything saved so far.
    const seen = (await loadStateFile(dir)).targets['t:a'].views;
    expect(Object.keys(seen).length).toBe(50);
    expect(seen['0']).toBeUndefined();
    await s.compact();
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);
    expect(Object.keys(JSON.parse(await readFile(path.join(dir, '.lxp', 'state.json'), 'utf8')).targets['t:a'].views).length).toBe(50);
  });

  it('the journal replays over state.json: records, removals, resources, synced kinds and fullSync', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    s.set(entry('2'));
    s.setResource('group', { id: 'g1', identity: 'ops', hash: 'h', lastUpdated: 't' });
    await s.compact();
    s.remove('1');
    s.set({ ...entry('2'), hash: 'h2' });
    s.removeResource('group', 'g1');
    s.setResource('endpoint', { id: 'e1', identity: 'GET /', hash: 'h', lastUpdated: 't' });
    s.markKindsSynced(['domain']);
    s.setFullSync(true);
    await s.flush();
    const expected = JSON.parse(JSON.stringify(s.current));
    expect((await loadStateFile(dir)).targets['t:a']).toEqual(expected);
    expect((await StateStore.open(dir, 't', 'a')).current).toEqual(expected);
  });

  it('an unfinished pull is marked through the journal (as a kill would leave it) and through state.json, and cleared both ways', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.setUnfinishedPull(true);
    await s.flush();
    expect((await loadStateFile(dir)).targets['t:a'].unfinishedPull).toBe(true);
    await s.compact();
    expect(JSON.parse(await readFile(path.join(dir, '.lxp', 'state.json'), 'utf8')).targets['t:a'].unfinishedPull).toBe(true);
    const again = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    expect(again.current.unfinishedPull).toBe(true);
    again.setUnfinishedPull(false);
    await again.flush();
    expect((await loadStateFile(dir)).targets['t:a'].unfinishedPull).toBeUndefined();
    await again.compact();
    expect(JSON.parse(await readFile(path.join(dir, '.lxp', 'state.json'), 'utf8')).targets['t:a']).not.toHaveProperty('unfinishedPull');
  });

  it('a journal line cut short by a kill is ignored, and cut off before the next append', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    await s.flush();
    await writeFile(journal(), (await readFile(journal(), 'utf8')) + '{"target":"t","applicationId":"a","views":{"2":{"id":"2","vi');
    expect(Object.keys((await loadStateFile(dir)).targets['t:a'].views)).toEqual(['1']);
    const again = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    again.set(entry('3'));
    await again.flush();
    const text = await readFile(journal(), 'utf8');
    expect(text.split('\n').filter(Boolean).map((l) => Object.keys(JSON.parse(l).views))).toEqual([['1'], ['3']]);
    expect(Object.keys((await loadStateFile(dir)).targets['t:a'].views).sort()).toEqual(['1', '3']);
  });

  it('a corrupt whole line is an error naming the journal, never a silent loss', async () => {
    const s = await StateStore.open(dir, 't', 'a');
    s.set(entry('1'));
    await s.flush();
    for (const bad of ['{not json}\n', '{"target":"t","applicationId":"a","views":{"2":{"id":"3"}}}\n', '{"views":{}}\n']) {
      await writeFile(journal(), bad);
      const err = await loadStateFile(dir).catch((e) => e);
      expect(err).toBeInstanceOf(StateError);
      expect(err.message).toContain(journal());
    }
  });

  it('a failed append keeps the batch pending; the next save writes it', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    await s.flush();
    await rm(journal());
    await mkdir(journal());
    s.set(entry('2'));
    await expect(s.flush()).rejects.toThrow(/cannot save .*state\.json/);
    await rm(journal(), { recursive: true });
    s.set(entry('3'));
    await s.flush();
    expect(Object.keys((await loadStateFile(dir)).targets['t:a'].views).sort()).toEqual(['2', '3']);
  });

  it('a killed compaction (state.json written, journal still there) replays to the same state', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    await s.flush();
    s.set({ ...entry('1'), hash: 'newer' });
    s.set(entry('2'));
    const journalBefore = await readFile(journal(), 'utf8');
    await s.compact();
    // As if killed between writing state.json and removing the journal: compact() appended the pending batch first.
    await writeFile(journal(), journalBefore + JSON.stringify({ target: 't', applicationId: 'a', views: { '1': { ...entry('1'), hash: 'newer' }, '2': entry('2') } }) + '\n');
    expect((await loadStateFile(dir)).targets['t:a'].views['1'].hash).toBe('newer');
  });

  it('a dry run (nothing saved) leaves a left-over journal alone', async () => {
    const s = await StateStore.open(dir, 't', 'a');
    s.set(entry('1'));
    s.flushSync();
    const reader = await StateStore.open(dir, 't', 'a');
    await reader.compact();
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.journal']);
  });
});

/** Runs `save` while another process holds the state lock: it has written nothing 200 ms later, and finishes once the lock is released. */
async function expectWaitsForHeldLock(save: () => Promise<void>): Promise<void> {
  const lockfile = await import('proper-lockfile');
  await mkdir(path.join(dir, '.lxp'), { recursive: true });
  const release = await lockfile.lock(path.join(dir, '.lxp', 'state.json'), { realpath: false, lockfilePath: path.join(dir, '.lxp', 'state.lock'), stale: 2000 });
  let saved = false;
  const saving = save().then(() => (saved = true));
  await new Promise((r) => setTimeout(r, 200));
  expect(saved).toBe(false);
  expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.lock']);
  await release();
  await saving;
}

describe('two lxp processes saving into one folder', () => {
  const views = async () => Object.keys((await loadStateFile(dir)).targets['t:a'].views).sort();

  it("a fold never drops the other process's records (one folded first)", async () => {
    const a = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    const b = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    b.set(entry('b1'));
    await b.compact();
    a.set(entry('a1'));
    // a's fold finds a state.json b wrote since: not the synchronous fold from memory, but the disk's.
    await a.compact();
    expect(await views()).toEqual(['a1', 'b1']);
  });

  it('appends and folds interleaved: every record of both ends in state.json, removals too', async () => {
    const a = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    a.set(entry('a1'));
    a.set(entry('gone'));
    await a.flush();
    const b = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    b.set(entry('b1'));
    b.remove('gone');
    await b.flush();
    a.set(entry('a2'));
    await a.flush();
    await b.compact();
    a.set(entry('a3'));
    await a.flush();
    b.set(entry('b2'));
    await b.flush();
    await a.compact();
    expect(await views()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    // Later folds of either keep it all (the other's records are not in either's memory).
    a.set(entry('a4'));
    await a.compact();
    b.set(entry('b3'));
    await b.compact();
    expect(await views()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3']);
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);
  });

  it("flushSync (Ctrl-C) appends to a journal another process folded, and both survive", async () => {
    const a = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    a.set(entry('a1'));
    await a.flush();
    const b = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    b.set(entry('b1'));
    await b.compact();
    // …and takes over a lock a killed process left (2 s stale).
    await mkdir(path.join(dir, '.lxp', 'state.lock'));
    const old = new Date(Date.now() - 10_000);
    await utimes(path.join(dir, '.lxp', 'state.lock'), old, old);
    a.set(entry('a2'));
    a.flushSync();
    expect(await views()).toEqual(['a1', 'a2', 'b1']);
    expect((await readdir(path.join(dir, '.lxp'))).sort()).toEqual(['state.journal', 'state.json']);
  });

  it('a save waits for a lock another process holds, and takes over one left by a killed process', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    await expectWaitsForHeldLock(() => s.flush());
    expect(await views()).toEqual(['1']);
    // A lock nobody refreshes any more (its process was killed) counts as stale once 2 s old.
    await mkdir(path.join(dir, '.lxp', 'state.lock'));
    const old = new Date(Date.now() - 10_000);
    await utimes(path.join(dir, '.lxp', 'state.lock'), old, old);
    s.set(entry('2'));
    await s.compact();
    expect(await views()).toEqual(['1', '2']);
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);
  });
});

describe('the fold at the end of a run', () => {
  it('waits for a lock another process holds (its synchronous path never goes around it), then folds', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    s.set(entry('1'));
    await expectWaitsForHeldLock(() => s.compact());
    expect(Object.keys((await loadStateFile(dir)).targets['t:a'].views)).toEqual(['1']);
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);
  });
});

describe('write-ahead intents of a pull', () => {
  const journal = () => path.join(dir, '.lxp', 'state.journal');
  const lines = async () => (await readFile(journal(), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

  it('intents noted together share one append, which is on disk when they resolve; the record replaces the intent (in memory and on replay)', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    await Promise.all(Array.from({ length: 16 }, (_, i) => s.intend(entry(String(i)))));
    expect((await lines()).map((l) => Object.keys(l.intents).length)).toEqual([16]);
    // What a kill now leaves: every intent, no record.
    expect(Object.keys((await loadStateFile(dir)).targets['t:a'].intents!)).toHaveLength(16);
    // Intents noted before that save starts all join it: one append.
    const first = s.intend(entry('16'));
    const second = [s.intend(entry('17')), s.intend(entry('18'))];
    await Promise.all([first, ...second]);
    expect((await lines()).map((l) => Object.keys(l.intents).length)).toEqual([16, 3]);

    for (let i = 0; i < 18; i++) s.set(entry(String(i)));
    s.dropIntent('18');
    expect(s.current.intents).toBeUndefined();
    await s.flush();
    const t = (await loadStateFile(dir)).targets['t:a'];
    expect(t.intents).toBeUndefined();
    expect(Object.keys(t.views)).toHaveLength(18);
    // The records' line carries no intent nulls: replaying a record clears its intent.
    const last = (await lines()).at(-1);
    expect(last.intents).toEqual({ '18': null });
    await s.compact();
    expect(JSON.parse(await readFile(path.join(dir, '.lxp', 'state.json'), 'utf8')).targets['t:a'].intents).toBeUndefined();
  });

  it('left-over intents are saved into state.json and read back; a corrupt one is an error naming the file', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    await s.intend(entry('1'));
    await s.compact();
    expect((await StateStore.open(dir, 't', 'a')).current.intents).toEqual({ '1': entry('1') });
    const file = path.join(dir, '.lxp', 'state.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.targets['t:a'].intents['1'].hash = 3;
    await writeFile(file, JSON.stringify(data));
    await expect(loadStateFile(dir)).rejects.toThrow(/state\.json is corrupt \(target "t:a", intent "1"\)/);
  });

  it("resource intents (endpoints.yaml…): on disk when they resolve, through the journal and state.json; the record replaces each; a corrupt one is an error", async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    const rec = (id: string) => ({ id, identity: `GET /${id}`, hash: `h${id}`, lastUpdated: 'now' });
    const intent = (id: string) => ({ kind: 'endpoint' as const, file: 'endpoints.yaml', written: `w${id}`, entry: rec(id) });
    await s.intendResources([intent('1'), intent('2')]);
    expect((await lines()).map((l) => Object.keys(l.resourceIntents))).toEqual([['endpoint:1', 'endpoint:2']]);
    expect((await loadStateFile(dir)).targets['t:a'].resourceIntents).toEqual({ 'endpoint:1': intent('1'), 'endpoint:2': intent('2') });
    s.setResource('endpoint', rec('1'));
    await s.flush();
    // Replaying the record clears its intent; the other is left for the next run to settle.
    expect((await loadStateFile(dir)).targets['t:a'].resourceIntents).toEqual({ 'endpoint:2': intent('2') });
    await s.compact();
    expect((await StateStore.open(dir, 't', 'a')).current.resourceIntents).toEqual({ 'endpoint:2': intent('2') });
    s.dropResourceIntent('endpoint:2');
    await s.compact();
    const file = path.join(dir, '.lxp', 'state.json');
    expect(JSON.parse(await readFile(file, 'utf8')).targets['t:a'].resourceIntents).toBeUndefined();
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.targets['t:a'].resourceIntents = { 'endpoint:9': { ...intent('8') } };
    await writeFile(file, JSON.stringify(data));
    await expect(loadStateFile(dir)).rejects.toThrow(/state\.json is corrupt \(target "t:a", resource intent "endpoint:9"\)/);
  });

  it('a failed intent save rejects (the file must not be written); dropping the intent keeps it off disk', async () => {
    const s = await StateStore.open(dir, 't', 'a', { debounceMs: 60_000 });
    await writeFile(path.join(dir, '.lxp'), 'a file where the folder should be');
    await expect(s.intend(entry('1'))).rejects.toThrow(/cannot save/);
    s.dropIntent('1');
    await rm(path.join(dir, '.lxp'));
    s.set(entry('2'));
    await s.flush();
    const t = (await loadStateFile(dir)).targets['t:a'];
    expect(t.intents).toBeUndefined();
    expect(Object.keys(t.views)).toEqual(['2']);
  });
});
