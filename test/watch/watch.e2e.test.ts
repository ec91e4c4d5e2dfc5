// The real watcher (chokidar on a temp folder) against the real local server over loopback.
import { writeFileSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseViewFile } from '../../src/project/parse.js';
import { formatWatchEvent, type WatchEvent } from '../../src/watch/index.js';
import { LAYOUT, ofType, page, useWatchWorlds, waitFor, type WatchWorld } from './helpers.js';

const openWatchWorld = useWatchWorlds();

/** The body a file's view has, as the folder says. */
async function bodyOf(w: WatchWorld, file: string): Promise<string> {
  return parseViewFile(file, await readFile(path.join(w.dir, file), 'utf8')).view!.body;
}

describe('lxp watch against the local server', () => {
  it('deploys differences at start, then syncs adds, changes, renames (same id) and deletes', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    const status = ofType(w.events, 'status');
    expect(status[0]).toMatchObject({ differences: 2, unit: 'view' });
    expect((await w.remoteView('page', 'home'))?.body).toBe('<h1>Home</h1>\n');
    expect(ofType(w.events, 'ready')).toHaveLength(1);

    // a preview's sample data: reported as changed (for a preview), never pushed
    const before0 = w.sentBodies.length;
    await w.write('pages/home.preview.json', '{"pageData":{}}\n');
    await waitFor(() => ofType(w.events, 'files').some((e) => e.files.includes('pages/home.preview.json')), 'the sample-data change');

    // add
    await w.write('components/nav.hbs', '<nav>n</nav>\n');
    await waitFor(async () => (await w.remoteView('component', 'nav'))?.body === '<nav>n</nav>\n', 'the new component');
    expect(w.sentBodies.slice(before0).map((b) => b.name)).toEqual(['nav']);

    // change
    await w.write('pages/home.hbs', page('<h1>Home v2</h1>'));
    await waitFor(async () => (await w.remoteView('page', 'home'))?.body === '<h1>Home v2</h1>\n', 'the changed page');

    // rename: a move of the file, same content → the same view, renamed
    const before = await w.remoteView('page', 'home');
    const posts = w.requests.filter((r) => r.method === 'POST').length;
    await rename(path.join(w.dir, 'pages/home.hbs'), path.join(w.dir, 'pages/start.hbs'));
    const renamed = await waitFor(() => w.remoteView('page', 'start'), 'the renamed page');
    expect(renamed.id).toBe(before!.id);
    expect(await w.remoteView('page', 'home')).toBeUndefined();
    expect(w.requests.filter((r) => r.method === 'POST').length).toBe(posts);
    expect(ofType(w.events, 'push').some((e) => e.action === 'rename' && e.fromName === 'home' && e.name === 'start')).toBe(true);

    // delete
    await rm(path.join(w.dir, 'components/nav.hbs'));
    await waitFor(async () => (await w.remoteView('component', 'nav')) === undefined, 'the deleted component gone');

    await w.watcher.idle();
    const pushes = ofType(w.events, 'push');
    for (const p of pushes) expect(p.ms).toBeGreaterThanOrEqual(0);
    expect(pushes.filter((p) => p.sinceChangeMs !== undefined).length).toBeGreaterThanOrEqual(4);
  });

  it('coalesces a burst of 100 saves: the final file lands, with far fewer than 100 pushes', async () => {
    const w = await openWatchWorld({ 'pages/counter.hbs': '<p>0</p>\n' });
    const id = (await w.remoteView('page', 'counter'))!.id;
    // Ten bursts of ten saves, each burst written without yielding, with a pause longer than the
    // debounce between bursts, so saves also arrive while a push is in flight. Awaiting each of
    // 100 writes let a loaded machine (two cores, load 10+) pause the loop past the debounce
    // anywhere, and the bound below failed there; now only the ten pauses can split the saves,
    // however slow the machine.
    const file = path.join(w.dir, 'pages/counter.hbs');
    for (let burst = 0; burst < 10; burst++) {
      for (let i = burst * 10 + 1; i <= burst * 10 + 10; i++) writeFileSync(file, `<p>${i}</p>\n`);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitFor(async () => (await w.remoteView('page', 'counter'))?.body === '<p>100</p>\n', 'the last save remotely');
    await w.watcher.idle();
    expect((await w.remoteView('page', 'counter'))?.body).toBe(await bodyOf(w, 'pages/counter.hbs'));
    const patches = w.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/views/${id}`) && r.attempt === 1);
    expect(patches.length).toBeGreaterThanOrEqual(1);
    expect(patches.length).toBeLessThan(20);
    // Never an older save after a newer one.
    const sent = w.sentBodies.filter((b) => b.name === 'counter').map((b) => Number(/<p>(\d+)<\/p>/.exec(b.body ?? '')![1]));
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(100);
  });

  it('reports a bad file with file:line, keeps going, and pushes it once fixed', async () => {
    const w = await openWatchWorld({ 'pages/a.hbs': '<p>a</p>\n', 'pages/b.hbs': '<p>b</p>\n' });
    await w.write('pages/a.hbs', '---\nname: a\n---\n<p>ok</p>\n{{#if x}}\nunclosed\n');
    const invalid = await waitFor(() => ofType(w.events, 'invalid').find((e) => e.file === 'pages/a.hbs'), 'the error');
    expect(invalid.issues[0].line).toBeGreaterThanOrEqual(4);
    // The watcher keeps running: another file still syncs, the bad one is not pushed.
    await w.write('pages/b.hbs', '<p>b2</p>\n');
    await waitFor(async () => (await w.remoteView('page', 'b'))?.body === '<p>b2</p>\n', 'the other file');
    expect((await w.remoteView('page', 'a'))?.body).toBe('<p>a</p>\n');
    // Fixed → pushed.
    await w.write('pages/a.hbs', '---\nname: a\n---\n<p>fixed</p>\n');
    await waitFor(async () => (await w.remoteView('page', 'a'))?.body === '<p>fixed</p>\n', 'the fixed file');
  });

  it('pushes a page naming a missing layout once the layout is added', async () => {
    const w = await openWatchWorld({ 'pages/p.hbs': '<p>p</p>\n' });
    await w.write('pages/p.hbs', page('<p>in a layout</p>'));
    await waitFor(() => ofType(w.events, 'invalid').find((e) => e.file === 'pages/p.hbs' && e.issues[0].field === 'layout'), 'the missing layout');
    await w.write('layouts/main.hbs', LAYOUT);
    await waitFor(async () => (await w.remoteView('page', 'p'))?.body === '<p>in a layout</p>\n', 'the page in its layout');
    const layout = await w.remoteView('layout', 'main');
    expect((await w.remoteView('page', 'p'))?.layoutId).toBe(layout!.id);
  });

  it('keeps changes pending while the server is down and delivers them all when it is back', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/one.hbs': page('one'), 'pages/two.hbs': page('two') });
    await w.stopServer();
    await w.write('pages/one.hbs', page('one v2'));
    await w.write('pages/three.hbs', page('three'));
    await rm(path.join(w.dir, 'pages/two.hbs'));
    await waitFor(() => ofType(w.events, 'retry').length >= 2, 'retries while the server is down');
    expect(w.watcher.pending().length).toBeGreaterThan(0);
    await w.startServerAgain();
    await waitFor(async () => {
      const views = await w.remote();
      const byName = new Map(views.filter((v) => v.viewType === 'page').map((v) => [v.name, v.body]));
      return byName.get('one') === 'one v2\n' && byName.get('three') === 'three\n' && !byName.has('two');
    }, 'every pending change after the restart');
    await w.watcher.idle();
    expect(w.watcher.pending()).toEqual([]);
  });

  it('reports a remote change to a view being edited as a conflict and never overwrites it', async () => {
    const w = await openWatchWorld({ 'pages/shared.hbs': '<p>v1</p>\n' });
    const view = (await w.remoteView('page', 'shared'))!;
    await w.client.patchView(view.id, { body: '<p>edited in the UI</p>\n' });
    await w.write('pages/shared.hbs', '<p>edited locally</p>\n');
    const conflict = await waitFor(() => ofType(w.events, 'conflict').find((e) => e.file === 'pages/shared.hbs'), 'the conflict');
    expect(conflict.reason).toMatch(/both sides/);
    await w.watcher.idle();
    expect((await w.remoteView('page', 'shared'))?.body).toBe('<p>edited in the UI</p>\n');
  });
});

describe('a push reads only what it touches', () => {
  it('by id and by exact name, never a list of all develop; a view made in the UI under a new file\'s name is paired, not created twice; one deleted in the UI while edited here is a conflict', async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': LAYOUT };
    for (let i = 0; i < 40; i++) files[`pages/p${i}.hbs`] = page(`<p>${i}</p>`);
    const w = await openWatchWorld(files);
    await w.watcher.idle();
    const whole = (r: { method: string; path: string }) => r.method === 'GET' && /\/views(\?|$)/.test(r.path) && !/filter=/.test(r.path);
    // The start-up sync lists develop once; a save does not.
    expect(w.requests.filter(whole).length).toBeGreaterThan(0);

    const pushedSince = (n: number, file: string) => ofType(w.events.slice(n), 'push').some((e) => e.file === file);
    let from = w.requests.length;
    let seen = w.events.length;
    await w.write('pages/p3.hbs', page('<p>3 v2</p>'));
    await waitFor(() => pushedSince(seen, 'pages/p3.hbs'), 'the push of p3');
    await w.watcher.idle();
    const reads = w.requests.slice(from).filter((r) => r.method === "GET");
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter(whole)).toEqual([]);
    // the page (by its id and its name) and its layout (by name): a handful, not 41 views
    expect(reads.length).toBeLessThanOrEqual(4);

    // Made in the UI with the content of a file saved here afterwards: the same view, adopted.
    const made = await w.client.createView({ viewType: 'component', name: 'extra', body: '<i>ui</i>\n' });
    from = w.requests.length;
    seen = w.events.length;
    await w.write('components/extra.hbs', '<i>ui</i>\n');
    await waitFor(() => pushedSince(seen, 'components/extra.hbs'), 'the push of extra');
    await w.watcher.idle();
    expect(w.requests.slice(from).filter((r) => r.method === 'POST')).toEqual([]);
    expect((await w.remote()).filter((v) => v.name === 'extra').map((v) => v.id)).toEqual([made.id]);

    // Deleted in the UI, edited here: not re-created behind the other person's back.
    const p5 = (await w.remoteView('page', 'p5'))!;
    await w.client.deleteView(p5.id);
    from = w.requests.length;
    seen = w.events.length;
    await w.write('pages/p5.hbs', page('<p>5 edited</p>'));
    const conflict = await waitFor(() => ofType(w.events.slice(seen), 'conflict').find((e) => e.file === 'pages/p5.hbs'), 'the conflict on p5');
    expect(conflict.reason).toBeTruthy();
    await w.watcher.idle();
    expect(w.requests.slice(from).filter((r) => r.method === 'POST')).toEqual([]);
    expect(w.requests.slice(from).filter(whole)).toEqual([]);
  });
});

describe('review fixes', () => {
  it('never deletes a layout pages still name; deletes it once no page does', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/a.hbs': page('<p>a</p>'), 'pages/b.hbs': page('<p>b</p>') });
    const layout = (await w.remoteView('layout', 'main'))!;
    await rm(path.join(w.dir, 'layouts/main.hbs'));
    const held = await waitFor(() => ofType(w.events, 'skipped').find((e) => e.file === 'layouts/main.hbs'), 'the held delete');
    expect(held.reason).toContain('pages/a.hbs, pages/b.hbs');
    await w.watcher.idle();
    expect((await w.remoteView('layout', 'main'))?.id).toBe(layout.id);
    expect(ofType(w.events, 'push').some((e) => e.action === 'delete')).toBe(false);

    // Another save of a page that still names it: still held, reported once only.
    await w.write('pages/a.hbs', page('<p>a2</p>'));
    await waitFor(() => ofType(w.events, 'invalid').filter((e) => e.file === 'pages/a.hbs').length >= 2, 'the page re-reported');
    await w.watcher.idle();
    expect((await w.remoteView('layout', 'main'))?.id).toBe(layout.id);

    // Putting the file back: same id, the pages keep it.
    await w.write('layouts/main.hbs', LAYOUT);
    await waitFor(async () => (await w.remoteView('page', 'a'))?.body === '<p>a2</p>\n', 'the fixed page');
    await w.watcher.idle();
    expect((await w.remoteView('layout', 'main'))?.id).toBe(layout.id);
    expect((await w.remoteView('page', 'a'))?.layoutId).toBe(layout.id);

    // Pages stop naming it → the delete goes through.
    await w.write('pages/a.hbs', '<p>a3</p>\n');
    await w.write('pages/b.hbs', '<p>b3</p>\n');
    await rm(path.join(w.dir, 'layouts/main.hbs'));
    await waitFor(async () => (await w.remoteView('layout', 'main')) === undefined, 'the layout deleted');
    expect((await w.remoteView('page', 'b'))?.layoutId ?? null).toBeNull();
    expect(ofType(w.events, 'skipped').filter((e) => e.file === 'layouts/main.hbs')).toHaveLength(1);
  });

  it('names the views left unpushed (conflicts, bad files) in the closed event', async () => {
    const w = await openWatchWorld({ 'pages/shared.hbs': '<p>v1</p>\n', 'pages/ok.hbs': '<p>ok</p>\n' });
    const view = (await w.remoteView('page', 'shared'))!;
    await w.client.patchView(view.id, { body: '<p>edited in the UI</p>\n' });
    await w.write('pages/shared.hbs', '<p>edited locally</p>\n');
    await w.write('pages/bad.hbs', '---\nname: bad\n---\n{{#if x}}\n');
    await waitFor(() => ofType(w.events, 'conflict').length > 0 && ofType(w.events, 'invalid').length > 0, 'the conflict and the bad file');
    await w.watcher.idle();
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(closed.notPushed).toEqual([
      { file: 'pages/bad.hbs', why: 'invalid', reason: expect.any(String) },
      { file: 'pages/shared.hbs', why: 'conflict', reason: expect.stringMatching(/both sides/) },
    ]);
    const line = formatWatchEvent(closed, undefined, { time: false })!.text;
    expect(line).not.toMatch(/everything pushed/);
    expect(line).toMatch(/in conflict, not pushed: pages\/shared\.hbs/);
    expect(line).toMatch(/with errors, not pushed: pages\/bad\.hbs/);
  });

  it('forgets a conflict once it is resolved, and then says everything is pushed', async () => {
    const w = await openWatchWorld({ 'pages/shared.hbs': '<p>v1</p>\n' });
    const view = (await w.remoteView('page', 'shared'))!;
    await w.client.patchView(view.id, { body: '<p>ui</p>\n' });
    await w.write('pages/shared.hbs', '<p>local</p>\n');
    await waitFor(() => ofType(w.events, 'conflict').length > 0, 'the conflict');
    // Taking the remote's side (what lxp pull writes) resolves it.
    const filesBefore = ofType(w.events, 'files').length;
    await w.write('pages/shared.hbs', '<p>ui</p>\n');
    await waitFor(() => ofType(w.events, 'files').length > filesBefore, 'the save seen');
    await w.watcher.idle();
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(closed.notPushed).toEqual([]);
    expect(formatWatchEvent(closed, undefined, { time: false })!.text).toBe('stopped; everything pushed, state saved');
  });

  it("says which step of a move through the temporary route a push was (routes that swap; review 8b L8)", () => {
    const push = (swap?: 'away' | 'back') => formatWatchEvent({ type: 'push', action: 'update', resource: 'endpoint', name: 'sx', file: 'endpoints.yaml', ms: 1200, ...(swap ? { swap } : {}) } as WatchEvent, undefined, { time: false })!.text;
    expect(push('away')).toBe('updated endpoint "sx" to its temporary route for now endpoints.yaml in 1.2 s');
    expect(push('back')).toBe('updated endpoint "sx" from its temporary route endpoints.yaml in 1.2 s');
    expect(push()).toBe('updated endpoint "sx" endpoints.yaml in 1.2 s');
  });
});

// A view renamed in Losant onto the name of a file saved while watching (review 9, M3): the push of
// that file is a conflict naming both, reported once and held — not a create Losant refuses with
// 400 AlreadyExists, which the watcher retried for ever.
describe('watch: a new file named as a teammate renames a view', () => {
  it('is a conflict naming both, reported once and held: no create, no 400, no retry', async () => {
    const w = await openWatchWorld({ 'components/c2.hbs': '<p>c2</p>\n' });
    await w.watcher.idle();
    const c2 = (await w.remoteView('component', 'c2'))!;
    await w.client.patchView(c2.id, { name: 'newd' });
    const seen = w.events.length;
    const sentBefore = w.sentBodies.length;
    await w.write('components/newd.hbs', '<p>my new component</p>\n');
    const conflict = await waitFor(() => ofType(w.events.slice(seen), 'conflict').find((e) => e.file === 'components/newd.hbs'), 'the conflict');
    expect(conflict.reason).toBe(
      `develop would have two components "newd" after this deploy: the file components/newd.hbs, not deployed yet, and develop's component "c2" (id ${c2.id}, the file components/c2.hbs), renamed "newd" in Losant. Rename one of them (the file, or the view in Losant), then run again`,
    );
    await w.watcher.idle();
    const after = w.events.slice(seen);
    expect(ofType(after, 'failed')).toEqual([]);
    expect(ofType(after, 'retry')).toEqual([]);
    expect(ofType(after, 'conflict').filter((e) => e.file === 'components/newd.hbs')).toHaveLength(1);
    expect(w.sentBodies.slice(sentBefore)).toEqual([]);
    expect((await w.remote()).filter((v) => v.name === 'newd').map((v) => v.id)).toEqual([c2.id]);
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(formatWatchEvent(closed, undefined, { time: false })!.text).toMatch(/in conflict, not pushed: components\/newd\.hbs/);
  });
});
