// End-to-end: lxp status / diff / deploy / pull against the real local server over loopback.
import { describe, expect, it } from 'vitest';
import { cp, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, lxpIn, listFiles, useWorlds, snapshot, writeSample, writeView, APP_ID, TOKEN, type World } from './helpers.js';
import { besidesViewList } from '../harness/server.js';

const openWorld = useWorlds();

const writes = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');

describe('deploy', () => {
  it('deploys a folder, then a second deploy sends no write and a pull changes no file', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const first = await lxp(world, 'deploy', { json: true });
    expect(first.code).toBe(0);
    expect(first.json.changes.map((c: any) => [c.action, c.viewType, c.name, c.status])).toEqual([
      ['create', 'layout', 'main', 'done'],
      ['create', 'component', 'header', 'done'],
      ['create', 'page', 'about', 'done'],
      ['create', 'page', 'api/data', 'done'],
      ['create', 'page', 'home', 'done'],
    ]);
    // What landed, seen through the official client.
    const remote = await world.remoteViews();
    const byName = Object.fromEntries(remote.map((v) => [v.name, v]));
    expect(byName.home.layoutId).toBe(byName.main.id);
    expect(byName.home.viewTags).toEqual({ area: 'public', 'lxp-managed': 'true' });
    expect(byName['api/data'].headers).toEqual({ 'content-type': 'application/json' });
    expect(byName.main.description).toBe('Main layout');
    expect(byName.header.body).toBe('<header>Site</header>\n');

    const before = (await world.requests()).length;
    const second = await lxp(world, 'deploy', { json: true });
    expect(second.code).toBe(0);
    expect(await writes(world, before)).toEqual([]);
    const lists = (await world.requests()).slice(before).filter((r) => r.method === 'GET');
    expect(lists).toHaveLength(1);

    const files = await snapshot(world.dir);
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code).toBe(0);
    expect(pulled.json.changes.filter((c: any) => c.action === 'write' || c.action === 'remove')).toEqual([]);
    expect(await snapshot(world.dir)).toEqual(files);

    const status = await lxp(world, 'status', { exitCode: true });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Everything in sync (5 views)');
  });

  it('one changed file among many: exactly one write', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await writeView(world.dir, 'pages/about.hbs', '---\nlayout: main\n---\n<p>About us, changed</p>\n');
    const status = await lxp(world, 'status', { exitCode: true });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/changed locally\s+page\s+"about"/);
    const before = (await world.requests()).length;
    const run = await lxp(world, 'deploy');
    expect(run.code).toBe(0);
    const w = await writes(world, before);
    expect(w.map((r) => r.method)).toEqual(['PATCH']);
    const about = (await world.remoteViews()).find((v) => v.name === 'about')!;
    expect(about.body).toBe('<p>About us, changed</p>\n');
  });

  it('refuses an invalid folder with every problem at once, exit 2, no request but the read of the views sent ahead', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    await writeView(world.dir, 'pages/bad.hbs', '---\nlayout: nowhere\ncolour: red\n---\n{{#if}}\n');
    await writeView(world.dir, 'components/broken.hbs', '{{#each items}}\n');
    const before = (await world.requests()).length;
    const run = await lxp(world, 'deploy');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pages\/bad\.hbs:\d+/);
    expect(run.stderr).toMatch(/components\/broken\.hbs/);
    expect(run.stderr).toMatch(/colour/);
    expect(run.stderr).toMatch(/nowhere/);
    expect(besidesViewList((await world.requests()).slice(before))).toEqual([]);
    const json = await lxp(world, 'deploy', { json: true });
    expect(json.code).toBe(2);
    expect(json.json.issues.length).toBeGreaterThanOrEqual(3);
  });

  it('dry run prints the plan and sends no write', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const run = await lxp(world, 'deploy', { dryRun: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Deploy plan: 5 to create');
    expect(run.stdout).toMatch(/\+ create\s+layout\s+"main"/);
    expect(await writes(world, 0)).toEqual([]);
  });
});

describe('files unchanged by stat (the parse cache records each file\'s stat)', () => {
  it('skips files by stat, yet deploys an edit that keeps size and mtime, and diff shows a skipped file\'s body', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const OLD = 1_700_000_000; // a whole second, so that it can be put back exactly
    const about = path.join(world.dir, 'pages/about.hbs');
    await utimes(about, OLD, OLD);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    // Files changed in the last 2 s are racily clean and get no stamp: wait that out (a delay, not a timed assertion).
    await new Promise((r) => setTimeout(r, 2200));
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    const cache = JSON.parse(await readFile(path.join(world.dir, '.lxp/cache/parse.json'), 'utf8'));
    expect(Object.values(cache.entries).every((e: any) => typeof e.stamp === 'string')).toBe(true);

    // Same size, modification time put back: only the change time (and the bytes) differ.
    const before = await stat(about);
    await writeFile(about, '---\nlayout: main\n---\n<p>Abort us</p>\n');
    await utimes(about, OLD, OLD);
    expect([(await stat(about)).size, (await stat(about)).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const since = (await world.requests()).length;
    const run = await lxp(world, 'deploy', { json: true });
    expect(run.code).toBe(0);
    expect((await writes(world, since)).map((r) => r.method)).toEqual(['PATCH']);
    expect((await world.remoteViews()).find((v) => v.name === 'about')!.body).toBe('<p>Abort us</p>\n');

    // home.hbs is skipped by stat; a change on develop makes diff read its body to show both sides.
    const home = (await world.remoteViews()).find((v) => v.name === 'home')!;
    await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: '<h1>edited in the UI</h1>' } });
    const diff = await lxp(world, 'diff');
    expect(diff.stdout).toContain('-<h1>edited in the UI</h1>');
    expect(diff.stdout).toContain('+<h1>{{pageData.title}}</h1>');
  });
});

describe('conflicts', () => {
  it('a view changed on both sides: deploy and pull refuse (exit 3, nothing written); --force wins', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const home = (await world.remoteViews()).find((v) => v.name === 'home')!;
    await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: '<h1>edited in the UI</h1>' } });
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\ntags: { area: public }\n---\n<h1>edited locally</h1>\n');
    // An unrelated local change, which a refused deploy must not send either.
    await writeView(world.dir, 'pages/about.hbs', '---\nlayout: main\n---\n<p>About, v2</p>\n');

    const status = await lxp(world, 'status');
    expect(status.stdout).toMatch(/conflict\s+page\s+"home"/);
    expect(status.stdout).toMatch(/fields that differ: body/);

    const before = (await world.requests()).length;
    const dep = await lxp(world, 'deploy', { json: true });
    expect(dep.code).toBe(3);
    expect(dep.json.changes.find((c: any) => c.name === 'home')).toMatchObject({ action: 'conflict', status: 'conflict' });
    expect(await writes(world, before)).toEqual([]);

    const files = await snapshot(world.dir);
    const pl = await lxp(world, 'pull');
    expect(pl.code).toBe(3);
    expect(await snapshot(world.dir)).toEqual(files);

    const forced = await lxp(world, 'deploy', { force: true });
    expect(forced.code).toBe(0);
    const after = (await world.remoteViews()).find((v) => v.name === 'home')!;
    expect(after.body).toBe('<h1>edited locally</h1>\n');
    expect(after.id).toBe(home.id);
  });

  it('the commands the conflict message and the docs name resolve one file: pull --force <file> takes develop\'s, deploy --force <file> the folder\'s', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const home = (await world.remoteViews()).find((v) => v.name === 'home')!;
    const conflict = async (remote: string, local: string) => {
      await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: remote } });
      await writeView(world.dir, 'pages/home.hbs', `---\nlayout: main\ntags: { area: public }\n---\n${local}`);
    };
    await conflict('<h1>ui 1</h1>', '<h1>local 1</h1>\n');
    const plain = await lxp(world, 'pull', {}, ['pages/home.hbs']);
    expect(plain.code).toBe(3);
    expect(plain.output).toContain("deploy --force keeps the folder's version, pull --force takes develop's");
    expect(plain.output).toContain("1 conflict: nothing was written (pull --force takes develop's side)");
    const taken = await lxp(world, 'pull', { force: true }, ['pages/home.hbs']);
    expect(taken.code).toBe(0);
    expect(await readFile(path.join(world.dir, 'pages/home.hbs'), 'utf8')).toContain('<h1>ui 1</h1>');

    await conflict('<h1>ui 2</h1>', '<h1>local 2</h1>\n');
    expect((await lxp(world, 'deploy', {}, ['pages/home.hbs'])).code).toBe(3);
    const kept = await lxp(world, 'deploy', { force: true }, ['pages/home.hbs']);
    expect(kept.code).toBe(0);
    expect((await world.remoteViews()).find((v) => v.name === 'home')!.body).toBe('<h1>local 2</h1>\n');

    // The docs advise the same commands (watch's conflict paragraph once said a plain `lxp pull <file>`).
    const docs = path.resolve(import.meta.dirname, '../../docs');
    for (const f of ['watch-preview-dev.md', 'troubleshooting.md']) {
      const text = (await readFile(path.join(docs, f), 'utf8')).replace(/\s+/g, ' ');
      expect(text, f).toContain('lxp pull --force <file>');
      expect(text, f).not.toMatch(/`lxp pull <file>` takes the remote/);
    }
  });

  it('a remote-only change is left alone by deploy and taken by pull', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const header = (await world.remoteViews()).find((v) => v.name === 'header')!;
    await world.losant.experienceView.patch({
      applicationId: APP_ID,
      experienceViewId: header.id,
      experienceView: { body: '<header>New</header>', description: 'from the UI' },
    });
    const dep = await lxp(world, 'deploy', { json: true });
    expect(dep.code).toBe(0);
    expect(dep.json.changes.find((c: any) => c.name === 'header')).toMatchObject({ kind: 'changed-remote', action: 'skip' });
    expect((await world.remoteViews()).find((v) => v.name === 'header')!.body).toBe('<header>New</header>');

    const pl = await lxp(world, 'pull');
    expect(pl.code).toBe(0);
    expect(await readFile(path.join(world.dir, 'components/header.hbs'), 'utf8')).toBe('---\ndescription: from the UI\n---\n<header>New</header>');
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
  });
});

describe('renames', () => {
  it('a layout renamed with its pages: ids kept, pages keep their layout, no page write', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const before0 = await world.remoteViews();
    const id = (n: string) => before0.find((v) => v.name === n)!.id;

    // Layout file moved (its default name changes) and the pages follow; a page file moved too.
    await rename(path.join(world.dir, 'layouts/main.hbs'), path.join(world.dir, 'layouts/base.hbs'));
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: base\ntags: { area: public }\n---\n<h1>{{pageData.title}}</h1>\n');
    await unlink(path.join(world.dir, 'pages/about.hbs'));
    await writeView(world.dir, 'pages/about-us.hbs', '---\nlayout: base\n---\n<p>About us</p>\n');

    const plan = await lxp(world, 'deploy', { dryRun: true, json: true });
    expect(plan.json.changes.map((c: any) => [c.action, c.name, c.fromName])).toEqual([
      ['rename', 'base', 'main'],
      ['update', 'about-us', 'about'],
      ['record', 'home', undefined],
    ]);
    const before = (await world.requests()).length;
    const run = await lxp(world, 'deploy');
    expect(run.code).toBe(0);
    expect((await writes(world, before)).map((r) => r.method)).toEqual(['PATCH', 'PATCH']);

    const after = await world.remoteViews();
    expect(after).toHaveLength(5);
    const byName = Object.fromEntries(after.map((v) => [v.name, v]));
    expect(byName.base.id).toBe(id('main'));
    expect(byName['about-us'].id).toBe(id('about'));
    expect(byName.home.layoutId).toBe(id('main'));
    expect(byName['about-us'].layoutId).toBe(id('main'));
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    expect((await lxp(world, 'deploy', { json: true })).json.changes).toEqual([]);
  });
});

describe('fresh checkout', () => {
  it('no duplicates, a deleted file is deleted remotely, a hand-made view is untouched (and --prune deletes it)', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await world.losant.experienceViews.post({
      applicationId: APP_ID,
      experienceView: { name: 'made-in-ui', viewType: 'page', body: '<p>hand made</p>' },
    });
    const ids = Object.fromEntries((await world.remoteViews()).map((v) => [v.name, v.id]));

    // A CI checkout: the same files, no .lxp/, one page deleted, one changed.
    const checkout = path.join(world.root, 'checkout');
    await cp(world.dir, checkout, { recursive: true, filter: (src) => !src.includes(`${path.sep}.lxp`) });
    await unlink(path.join(checkout, 'pages/about.hbs'));
    await writeView(checkout, 'components/header.hbs', '<header>Site v2</header>\n');
    world.dir = checkout;

    const status = await lxp(world, 'status');
    expect(status.stdout).toMatch(/deleted locally\s+page\s+"about"/);
    expect(status.stdout).toMatch(/new remotely\s+page\s+"made-in-ui"/);

    const run = await lxp(world, 'deploy', { json: true });
    expect(run.code).toBe(0);
    const acted = run.json.changes.filter((c: any) => !['record'].includes(c.action)).map((c: any) => [c.action, c.name]);
    expect(acted).toEqual([
      ['update', 'header'],
      ['delete', 'about'],
      ['skip', 'made-in-ui'],
    ]);
    const after = await world.remoteViews();
    expect(after.map((v) => v.name).sort()).toEqual(['api/data', 'header', 'home', 'made-in-ui', 'main']);
    for (const v of after) expect(v.id).toBe(ids[v.name]);
    expect(after.find((v) => v.name === 'made-in-ui')!.body).toBe('<p>hand made</p>');

    const pruned = await lxp(world, 'deploy', { prune: true, json: true });
    expect(pruned.code).toBe(0);
    expect((await world.remoteViews()).map((v) => v.name)).not.toContain('made-in-ui');
  });

  it('an empty folder never deletes everything without --force', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const empty = path.join(world.root, 'empty');
    await writeView(empty, 'README.md', 'nothing here\n');
    await writeView(empty, 'lxp.config.json', '{}\n');
    world.dir = empty;
    const run = await lxp(world, 'deploy');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no view files: refusing to delete 5 remote views/);
    expect(await world.remoteViews()).toHaveLength(5);
  });
});

describe('.lxpignore', () => {
  it('views whose files are ignored are left alone: never deleted by deploy, never pulled into an ignored path', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);

    // Ignoring a deployed page does not delete it remotely, and the run is still a whole-folder one.
    await writeFile(path.join(world.dir, '.lxpignore'), 'pages/about.hbs\ndrafts/\n');
    const dry = await lxp(world, 'deploy', { dryRun: true, json: true });
    expect(dry.code).toBe(0);
    expect(dry.json.changes.filter((c: any) => c.action === 'delete')).toEqual([]);
    expect(dry.json.plan.scoped).toBe(false);

    // A view made in the UI whose file would be ignored: pull does not write it, deploy does not delete it.
    await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'drafts/secret', viewType: 'page', body: '<p>r</p>' } });
    expect((await lxp(world, 'pull')).code).toBe(0);
    expect(await listFiles(world.dir)).not.toContain('pages/drafts/secret.hbs');
    expect((await lxp(world, 'deploy', { prune: true })).code).toBe(0);
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['about', 'api/data', 'drafts/secret', 'header', 'home', 'main']);
  });
});

describe('narrowing', () => {
  it('paths narrow deploy to part of the folder', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const run = await lxp(world, 'deploy', { json: true }, ['site/layouts', 'site/components/header.hbs']);
    expect(run.code).toBe(0);
    expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['header', 'main']);
    const rest = await lxp(world, 'status', { json: true });
    expect(rest.json.changes.map((c: any) => [c.kind, c.name])).toEqual([
      ['new-local', 'about'],
      ['new-local', 'api/data'],
      ['new-local', 'home'],
    ]);
  });
});

describe('paths that name nothing', () => {
  it('are refused (exit 2) instead of passing as in sync; a remote-only view can still be named by its file', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const typo = await lxp(world, 'status', { exitCode: true }, ['pages/abuot.hbs']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/pages\/abuot\.hbs: matches no view/);
    const before = (await world.requests()).filter((r) => r.method !== 'GET').length;
    expect((await lxp(world, 'deploy', {}, ['pages/home.hbs', 'nope/'])).code).toBe(2);
    expect((await world.requests()).filter((r) => r.method !== 'GET').length).toBe(before);

    await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'from-ui', viewType: 'page', body: 'x' } });
    const pulled = await lxp(world, 'pull', {}, ['pages/from-ui.hbs']);
    expect(pulled.code).toBe(0);
    expect(await listFiles(world.dir)).toContain('pages/from-ui.hbs');
  });
});

describe('paths typed in a subfolder of the experience', () => {
  it('are read relative to the current directory, and to the folder when nothing is there; a path that names nothing says where it looked', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\ntags: { area: public }\n---\n<h1>Changed</h1>\n');
    await writeView(world.dir, 'pages/about.hbs', '---\nlayout: main\n---\n<p>About them</p>\n');
    await writeView(world.dir, 'components/header.hbs', '<header>Changed</header>\n');
    const pages = path.join(world.dir, 'pages');
    const status = async (paths: string[]) => (await lxpIn(world, ['status', ...paths, '--json'], { cwd: pages })).json;
    const files = (r: any) => r.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => c.file).sort();

    // Relative to the folder (nothing at pages/pages/…), relative to here, a glob of either.
    expect(files(await status(['pages/home.hbs']))).toEqual(['pages/home.hbs']);
    expect(files(await status(['home.hbs']))).toEqual(['pages/home.hbs']);
    expect(files(await status(['pages/*.hbs']))).toEqual(['pages/about.hbs', 'pages/home.hbs']);
    // "." here is this folder only, not the whole experience.
    expect(files(await status(['.']))).toEqual(['pages/about.hbs', 'pages/home.hbs']);

    const typo = await lxpIn(world, ['status', 'pages/hmoe.hbs'], { cwd: pages });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('pages/hmoe.hbs: matches no view or experience file: nothing at pages/pages/hmoe.hbs or pages/hmoe.hbs in the folder (ignored files do not count), nor on develop');
    expect(typo.stderr).toContain('1 path given names nothing; nothing was written');
    expect(typo.stderr).not.toMatch(/problem in the folder/);

    // An experience file the folder lacks: status does not look at develop's endpoints at all, so it does not claim there are none (review 4).
    const absent = await lxpIn(world, ['status', 'endpoints.yaml']);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain("endpoints.yaml: is not in the folder, so status, diff and deploy leave develop's endpoints alone (lxp pull endpoints.yaml writes it from develop)");
    expect(absent.stderr).not.toMatch(/nor on develop/);
  });
});

describe('a rate-limited API', () => {
  it("the text summary says the API's rate limit refused requests that were sent again (review 4: only --verbose and --json said so)", async () => {
    // A bucket of 5 requests a second, and 30 creates sent 8 at a time: some are refused, all land.
    const world = await openWorld({ throttle: 5 });
    for (let i = 0; i < 30; i++) await writeView(world.dir, `components/c${i}.hbs`, `<p>${i}</p>\n`);
    const r = await lxpIn(world, ['deploy', '--concurrency', '8']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Deployed: 30 changes applied \(the API's rate limit refused \d+ requests?; each was sent again after the wait it asked for\)/);
    // Without refusals, nothing of the kind.
    await writeView(world.dir, 'components/c0.hbs', '<p>zero</p>\n');
    await new Promise((r) => setTimeout(r, 1100)); // the bucket refills (one request)
    const one = await lxpIn(world, ['deploy']);
    expect(one.stdout).toMatch(/Deployed: 1 change applied$/m);
  }, 120_000);
});

describe('a refused token', () => {
  it('is exit 2 with a hint where tokens come from, and the token is not printed', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const run = await lxp(world, 'status', {}, [], { env: { ...world.env, LOSANT_API_TOKEN: 'not-the-token-123' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused the token: check LOSANT_API_TOKEN/);
    expect(run.stdout + run.stderr).not.toContain('not-the-token-123');
  });
});

describe('diff', () => {
  it('shows unified diffs of metadata and body, remote against local', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\ndescription: The home page\ntags: { area: public }\n---\n<h1>Welcome</h1>\n');
    const run = await lxp(world, 'diff', { exitCode: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('--- remote/pages/home.hbs');
    expect(run.stdout).toContain('+++ local/pages/home.hbs');
    expect(run.stdout).toContain('-description: ""');
    expect(run.stdout).toContain('+description: "The home page"');
    expect(run.stdout).toContain('-<h1>{{pageData.title}}</h1>');
    expect(run.stdout).toContain('+<h1>Welcome</h1>');
  });

  it('shows a change in the final newline alone (review 9, L1), text and --json', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Welcome</h1>');
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Welcome</h1>\n');
    const run = await lxp(world, 'diff', { exitCode: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('-<h1>Welcome</h1>\n\\ No newline at end of file\n+<h1>Welcome</h1>');
    const json = await lxp(world, 'diff', { json: true });
    const diffs = JSON.stringify(json.json);
    expect(diffs).toContain('\\\\ No newline at end of file');
  });
});

describe('secrets', () => {
  it('the token never appears in output, --json or files, even with --verbose and failures', async () => {
    const world = await openWorld({ failRate: 1 });
    await writeSample(world.dir);
    const runs = [
      await lxp(world, 'deploy', { verbose: true }, [], { retries: 1 }),
      await lxp(world, 'deploy', { json: true, verbose: true }, [], { retries: 1 }),
      await lxp(world, 'status', { verbose: true }, [], { retries: 0 }),
    ];
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }
    expect(runs[0].stderr).toMatch(/GET \/applications\/.*\/views/);
    const state = await readFile(path.join(world.dir, '.lxp/state.json'), 'utf8').catch(() => '');
    expect(state).not.toContain(TOKEN);
    await rm(path.join(world.dir, '.lxp'), { recursive: true, force: true });
    expect(await listFiles(world.dir)).not.toContain('.lxp/state.json');
  });
});

describe('protected targets', () => {
  it('deploying to a protected target without a TTY needs --yes', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    await writeFile(
      path.join(world.dir, 'lxp.config.json'),
      JSON.stringify({ targets: { production: { applicationId: APP_ID, apiUrl: world.server.url, protected: true } } }),
    );
    const env = { LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '' };
    const refused = await lxp(world, 'deploy', { target: 'production' }, [], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/protected: pass --yes/);
    expect(await world.remoteViews()).toEqual([]);
    const ok = await lxp(world, 'deploy', { target: 'production', yes: true }, [], { env });
    expect(ok.code).toBe(0);
    expect(await world.remoteViews()).toHaveLength(5);
  });
});

describe('concurrency setting', () => {
  // Requests in flight at once, from the server's log: each entry ends at `time` and lasted `ms`.
  const maxInFlight = (log: Array<{ time?: string; ms: number; method: string }>) => {
    const spans = log.filter((r) => r.method !== 'GET').map((r) => ({ end: Date.parse(r.time!), start: Date.parse(r.time!) - r.ms }));
    let max = 0;
    for (const s of spans) {
      // 2 ms of slack: the log's clock has millisecond resolution.
      const overlapping = spans.filter((o) => o.start < s.end - 2 && o.end > s.start + 2).length;
      max = Math.max(max, overlapping);
    }
    return max;
  };
  const pages = async (dir: string, n: number, tag: string) => {
    for (let i = 0; i < n; i++) await writeView(dir, `pages/p${i}.hbs`, `<p>${tag} ${i}</p>\n`);
  };

  it('lxp.config.json "concurrency" bounds the writes in flight; --concurrency overrides it', async () => {
    const world = await openWorld({ latencyMs: 40 });
    await writeFile(path.join(world.dir, 'lxp.config.json'), JSON.stringify({ concurrency: 1 }));
    await pages(world.dir, 10, 'one');
    expect((await lxp(world, 'deploy')).code).toBe(0);
    expect(maxInFlight(await world.requests())).toBe(1);

    const before = (await world.requests()).length;
    await pages(world.dir, 10, 'two');
    expect((await lxp(world, 'deploy', { concurrency: '5' })).code).toBe(0);
    expect(maxInFlight((await world.requests()).slice(before))).toBeGreaterThan(1);
  });

  it('"auto" is the default; --json reports the concurrency and the limit reached; --verbose shows the limit', async () => {
    const world = await openWorld();
    await pages(world.dir, 6, 'one');
    const auto = await lxp(world, 'deploy', { json: true });
    expect(auto.code).toBe(0);
    const c = auto.json.requests.concurrency;
    expect(c.mode).toBe('auto');
    expect(c.peak).toBeGreaterThanOrEqual(8);
    expect(c.lowest).toBeLessThanOrEqual(c.limit);
    expect(c.limit).toBeLessThanOrEqual(64);

    await pages(world.dir, 6, 'two');
    const fixed = await lxp(world, 'deploy', { json: true, concurrency: '3' });
    expect(fixed.json.requests.concurrency).toEqual({ mode: 'fixed', limit: 3, peak: 3, lowest: 3 });

    await writeFile(path.join(world.dir, 'lxp.config.json'), JSON.stringify({ concurrency: 2 }));
    await pages(world.dir, 6, 'three');
    const fromConfig = await lxp(world, 'deploy', { json: true });
    expect(fromConfig.json.requests.concurrency.limit).toBe(2);
    await pages(world.dir, 6, 'four');
    const flagWins = await lxp(world, 'deploy', { json: true, concurrency: 'auto' });
    expect(flagWins.json.requests.concurrency.mode).toBe('auto');

    await writeFile(path.join(world.dir, 'lxp.config.json'), JSON.stringify({ concurrency: 'auto' }));
    const verbose = await lxp(world, 'status', { verbose: true });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/GET \/applications\/\w+\/experience\/views\?\S+ → 200 \d+ms \[limit 8\]/);
  });

  it('a concurrency that is neither "auto" nor 1–64 is refused before any request (exit 2)', async () => {
    const world = await openWorld();
    await pages(world.dir, 2, 'x');
    for (const bad of ['0', '65', 'lots', '2.5']) {
      const r = await lxp(world, 'deploy', { concurrency: bad });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--concurrency must be "auto" or an integer from 1 to 64 (got "${bad}")`);
    }
    await writeFile(path.join(world.dir, 'lxp.config.json'), JSON.stringify({ concurrency: 'fast' }));
    const r = await lxp(world, 'deploy');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(concurrency): must be "auto" or an integer from 1 to 64');
    expect(await world.requests()).toEqual([]);
  });
});
