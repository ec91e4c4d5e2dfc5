// Release and restore that never write before they refuse, whose dry runs refuse alike, and
// whose messages are true (issue 9, "Release and restore"). The CLI in-process against the real
// local server; losant-rest plays the person editing develop in the Losant UI, and checks what
// landed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp, type Run } from '../harness/cli.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { writeView } from '../harness/folder.js';

const openWorld = useWorlds();
let world: World; // the test's world, for the helpers below

async function lxp(args: string[]): Promise<Run> {
  return runLxp([...args, '--dir', world.dir], { cwd: world.dir, env: world.env });
}

const writes = async (since: number) => (await world.requests()).slice(since).filter((r) => r.method !== 'GET');
const mark = async () => (await world.requests()).length;

async function versions(): Promise<string[]> {
  const res = await world.losant.experienceVersions.get({ applicationId: world.server.applicationId });
  return (res.items as { version: string }[]).map((v) => v.version).sort();
}

async function viewsOf(version?: string): Promise<Record<string, string>> {
  const res = await world.losant.experienceViews.get({ applicationId: world.server.applicationId, perPage: 1000, ...(version ? { version } : {}) });
  return Object.fromEntries((res.items as { viewType: string; name: string; body: string }[]).map((v) => [`${v.viewType}:${v.name}`, v.body]));
}

/** Makes a view on develop as a person in the Losant UI would: no lxp tag, no file. */
async function makeInUi(viewType: string, name: string, body: string): Promise<void> {
  await world.losant.experienceViews.post({ applicationId: world.server.applicationId, experienceView: { viewType, name, body } });
}

async function editInUi(viewType: string, name: string, body: string): Promise<void> {
  const res = await world.losant.experienceViews.get({ applicationId: world.server.applicationId, perPage: 1000 });
  const view = (res.items as { id: string; viewType: string; name: string }[]).find((v) => v.viewType === viewType && v.name === name)!;
  await world.losant.experienceView.patch({ applicationId: world.server.applicationId, experienceViewId: view.id, experienceView: { body } });
}

const FILES = {
  'layouts/main.hbs': '<main>{{page}}</main>\n',
  'pages/home.hbs': '---\nlayout: main\n---\n<h1>Home A</h1>\n',
  'components/nav.hbs': '<nav>nav</nav>\n',
};

async function deployed(): Promise<void> {
  world = await openWorld({ files: FILES });
  const first = await lxp(['deploy', '--json']);
  expect(first.code, first.stderr).toBe(0);
}

describe('lxp release never freezes a develop that differs from the folder', () => {
  it('a view made in the UI: dry run and real run refuse alike (exit 3, named, nothing written)', async () => {
    await deployed();
    await makeInUi('component', 'banner', '<b>from the UI</b>');
    const before = await mark();

    const dry = await lxp(['release', 'v1', '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('develop holds 1 view the folder does not have, which the version would freeze:');
    expect(dry.stderr).toContain('component "banner" (components/banner.hbs)');
    expect(dry.stderr).toContain('--include-remote');

    // --json: the refusal is an outcome, and what differs is data, not only words (review 3).
    const dryJson = await lxp(['release', 'v1', '--dry-run', '--json']);
    expect(dryJson.code).toBe(3);
    expect(dryJson.json).toMatchObject({ outcome: 'refused', error: { code: 'develop-differs' }, differences: [{ kind: 'new-remote', subject: 'component', name: 'banner', file: 'components/banner.hbs' }] });
    // A dry run had no step to do: none is "not done".
    expect(dryJson.json.error).not.toHaveProperty('notDone');

    const real = await lxp(['release', 'v1', '--json']);
    expect(real.code).toBe(3);
    expect(real.json).toMatchObject({ command: 'release', outcome: 'refused', exitCode: 3, version: 'v1', dryRun: false, error: { code: 'develop-differs', notDone: ['deploy the folder to develop', 'create the version', 're-point slugs and domains'] } });
    expect(dryJson.json).toMatchObject({ version: 'v1', dryRun: true });
    expect(real.json.differences).toEqual([{ kind: 'new-remote', subject: 'component', name: 'banner', file: 'components/banner.hbs' }]);
    expect(real.json.error.message).toContain('component "banner"');
    expect(await writes(before)).toEqual([]);
    expect(await versions()).toEqual(['develop']);
  });

  it('a conflict: outcome conflicts as deploy --json gives it, the conflicting view as data; a dry run "would be refused"', async () => {
    await deployed();
    await editInUi('page', 'home', '<h1>Home from the UI</h1>\n');
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Home edited here</h1>\n');
    // And a view made in the UI: the release's own check would refuse it too, and says so now (review 4).
    await makeInUi('component', 'banner', '<b>from the UI</b>');
    const before = await mark();
    const dry = await lxp(['release', 'v1', '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toMatch(/the deploy to develop would be refused \(conflicts\): 1 conflict/);
    const real = await lxp(['release', 'v1', '--json']);
    expect(real.code).toBe(3);
    expect(real.json).toMatchObject({ outcome: 'conflicts', error: { code: 'conflicts' } });
    expect(real.json.error.message).toMatch(/the deploy to develop was refused \(conflicts\)/);
    expect(real.json.deploy.report.outcome).toBe('conflicts');
    expect(real.json.deploy.report.writes).toMatchObject([{ action: 'conflict', viewType: 'page', name: 'home', status: 'conflict' }]);
    expect(real.json.differences).toEqual([{ kind: 'new-remote', subject: 'component', name: 'banner', file: 'components/banner.hbs' }]);
    expect(real.json.error.message).toContain('Once the conflicts are resolved, the release would still refuse: develop holds 1 view the folder does not have');
    expect(await writes(before)).toEqual([]);
    expect(await versions()).toEqual(['develop']);
  });

  it('--include-remote freezes the UI view into the version; --prune deletes it first', async () => {
    await deployed();
    await makeInUi('component', 'banner', '<b>from the UI</b>');
    const dry = await lxp(['release', 'v1', '--include-remote', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.status).toBe('would-create');
    const included = await lxp(['release', 'v1', '--include-remote', '--json']);
    expect(included.code, included.stderr).toBe(0);
    expect(Object.keys(await viewsOf('v1')).sort()).toEqual(['component:banner', 'component:nav', 'layout:main', 'page:home']);

    const pruned = await lxp(['release', 'v2', '--prune', '--json']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(Object.keys(await viewsOf('v2')).sort()).toEqual(['component:nav', 'layout:main', 'page:home']);
    expect(Object.keys(await viewsOf()).sort()).toEqual(['component:nav', 'layout:main', 'page:home']);
  });

  it('a view edited in the UI since the last sync: the dry run says what the real run says (exit 3), --force overwrites', async () => {
    await deployed();
    await editInUi('page', 'home', '<h1>edited in the UI</h1>\n');
    const before = await mark();
    const dry = await lxp(['release', 'v1', '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('page "home" (pages/home.hbs): edited on develop');
    const real = await lxp(['release', 'v1']);
    expect(real.code).toBe(3);
    expect(real.stderr).toBe(dry.stderr);
    expect(await writes(before)).toEqual([]);
    expect(await versions()).toEqual(['develop']);

    const forced = await lxp(['release', 'v1', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await viewsOf('v1'))['page:home']).toBe('<h1>Home A</h1>\n');
  });

  it('the dry run refuses a version name clash and an unknown slug with the real run’s exit code', async () => {
    await deployed();
    expect((await lxp(['release', 'v1'])).code).toBe(0);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Home B</h1>\n');
    for (const args of [['release', 'v1'], ['release', 'v2', '--slug', 'nosuchslug']]) {
      const dry = await lxp([...args, '--dry-run']);
      const real = await lxp(args);
      expect(dry.code, args.join(' ')).toBe(2);
      expect(real.code, args.join(' ')).toBe(2);
    }
    expect(await versions()).toEqual(['develop', 'v1']);
  });

  it('warns about unknown components and helpers; --strict refuses before anything is sent', async () => {
    await deployed();
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>{{nosuchhelper 1}}</h1>{{component "navv"}}\n');
    const warned = await lxp(['release', 'v1', '--json']);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.json.warnings.map((w: { name: string; line: number }) => `${w.name}:${w.line}`)).toEqual(['navv:4', 'nosuchhelper:4']);
    const text = await lxp(['release', 'v2', '--dry-run']);
    expect(text.stderr).toContain('warning pages/home.hbs:4 (body): no component named "navv" in this folder (did you mean "nav"?)');
    const before = await mark();
    const strict = await lxp(['release', 'v2', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('no helper named "nosuchhelper"');
    expect(await writes(before)).toEqual([]);
  });
});

describe('lxp restore checks before it writes, and says what it did', () => {
  async function withTwoEditions(): Promise<void> {
    await deployed();
    expect((await lxp(['release', 'v1'])).code).toBe(0);
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Home B</h1>\n');
    expect((await lxp(['deploy'])).code).toBe(0);
  }

  it('a local edit the pull would conflict with: refused before develop is touched (exit 3), dry run alike', async () => {
    await withTwoEditions();
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Home C, not deployed</h1>\n');
    const before = await mark();
    const dry = await lxp(['restore', 'v1', '--dry-run']);
    expect(dry.code).toBe(3);
    const real = await lxp(['restore', 'v1', '--yes', '--json']);
    expect(real.code).toBe(3);
    expect(real.json.error).toMatchObject({ code: 'conflicts' });
    // The outcome every conflict refusal has (deploy, pull, release), not `error` (review 7, L3).
    expect(real.json).toMatchObject({ outcome: 'conflicts', exitCode: 3 });
    expect(real.json.error.message).toContain('page "home" (pages/home.hbs): edited in the folder since the last sync, and v1 holds other content');
    expect(real.json.error.message).toContain('develop is unchanged');
    // The pull's own reason ("changed on both sides", "pull --force") is not what a restore needs.
    expect(real.json.error.message).not.toMatch(/both sides|pull --force/);
    expect(await writes(before)).toEqual([]);
    expect((await viewsOf())['page:home']).toBe('<h1>Home B</h1>\n');
    expect(await readFile(path.join(world.dir, 'pages/home.hbs'), 'utf8')).toContain('Home C');
  });

  it('a local edit of a view the version does not have: the refusal says the restore would remove it', async () => {
    await deployed();
    expect((await lxp(['release', 'v1'])).code).toBe(0);
    await writeView(world.dir, 'components/banner.hbs', '<p>banner</p>\n');
    expect((await lxp(['deploy'])).code).toBe(0);
    await writeView(world.dir, 'components/banner.hbs', '<p>banner</p>\n<p>local edit</p>\n');
    const before = await mark();
    const r = await lxp(['restore', 'v1', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('component "banner" (components/banner.hbs): edited in the folder since the last sync, and v1 does not have it: the restore would remove it');
    expect(r.stderr).not.toMatch(/both sides|pull --force/);
    expect(r.stderr).toContain('restore with --force to let the pull overwrite them, or with --no-pull to leave the folder alone');
    expect(await writes(before)).toEqual([]);
  });

  // Review 7 L2: the reason for an endpoint said "no sync record tells…" although one exists.
  it('a local edit of an endpoint the version does not have: the reason is the true one', async () => {
    await deployed();
    expect((await lxp(['release', 'v1'])).code).toBe(0);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '- route: /admin\n  reply: { page: home }\n  key: admin\n');
    expect((await lxp(['deploy'])).code).toBe(0);
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '- route: /admin\n  reply: { page: home }\n  key: admin\n  description: local admin edit\n');
    const r = await lxp(['restore', 'v1', '--dry-run']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('endpoint "admin" (endpoints.yaml): edited in the folder since the last sync, and v1 does not have it: the restore would remove it');
    expect(r.stderr).not.toMatch(/no sync record/);
  });

  it('--dry-run lists what would change on develop and in the folder', async () => {
    await withTwoEditions();
    const before = await mark();
    const dry = await lxp(['restore', 'v1', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: restoring v1 would change 1 view of develop, and 1 file in the folder. Nothing was written.');
    expect(dry.stdout).toMatch(/develop\s+changed\s+page "home"/);
    expect(dry.stdout).toMatch(/folder\s+write\s+page "home"\s+pages\/home\.hbs/);
    const json = await lxp(['restore', 'v1', '--dry-run', '--json']);
    expect(json.json).toMatchObject({ outcome: 'dry-run', restored: false, develop: [{ change: 'changed', viewType: 'page', name: 'home' }], files: [{ action: 'write', file: 'pages/home.hbs' }], kept: [] });
    expect(await writes(before)).toEqual([]);
  });

  it('a local edit the pull keeps: the restore goes on and says the edit survived', async () => {
    await withTwoEditions();
    await writeView(world.dir, 'components/nav.hbs', '<nav>nav, edited here</nav>\n');
    const r = await lxp(['restore', 'v1', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Develop now holds v1 (1 view changed).');
    expect(r.stdout).toContain('The folder was pulled: 1 file written or removed.');
    expect(r.stdout).toContain('1 local edit was kept, so the folder differs from v1 there:');
    expect(r.stdout).toMatch(/components\/nav\.hbs \(component "nav"\): changed locally: kept/);
    expect(r.stdout).toContain('lxp pull --force');
    expect((await viewsOf())['page:home']).toBe('<h1>Home A</h1>\n');
    expect(await readFile(path.join(world.dir, 'pages/home.hbs'), 'utf8')).toContain('Home A');
    expect(await readFile(path.join(world.dir, 'components/nav.hbs'), 'utf8')).toContain('edited here');
  });

  it('a kept file never deployed is dropped by pull --prune, as the restore says; with an edit too, --force --prune drops both (review 9, L6)', async () => {
    await withTwoEditions();
    await writeView(world.dir, 'pages/new-local.hbs', '<p>brand new local work</p>\n');
    const one = await lxp(['restore', 'v1', '--yes']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/pages\/new-local\.hbs \(page "new-local"\): /);
    expect(one.stdout).toContain('Deploy it to put it on develop, or run `lxp pull --prune` to drop it.');
    await writeView(world.dir, 'components/nav.hbs', '<nav>nav, edited here</nav>\n');
    const two = await lxp(['restore', 'v1', '--yes', '--json']);
    expect(two.code, two.stderr).toBe(0);
    expect(two.json.kept).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'pages/new-local.hbs', drop: '--prune' }), expect.objectContaining({ file: 'components/nav.hbs', drop: '--force' })]));
    const text = await lxp(['restore', 'v1', '--yes']);
    expect(text.stdout).toContain('Deploy them to put them on develop, or run `lxp pull --force --prune` to drop them.');
    // The advice is true: that pull leaves the folder as v1 has it.
    const pull = await lxp(['pull', '--force', '--prune']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(existsSync(path.join(world.dir, 'pages/new-local.hbs'))).toBe(false);
    expect(await readFile(path.join(world.dir, 'components/nav.hbs'), 'utf8')).not.toContain('edited here');
  });

  it('--force lets the pull overwrite the conflicting edit', async () => {
    await withTwoEditions();
    await writeView(world.dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Home C, not deployed</h1>\n');
    const r = await lxp(['restore', 'v1', '--yes', '--force', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ outcome: 'restored', restored: true, pulled: true, kept: [] });
    expect(await readFile(path.join(world.dir, 'pages/home.hbs'), 'utf8')).toContain('Home A');
  });
});

describe('lxp release refuses an invalid folder as deploy does', () => {
  it('names every problem (views and experience files), says nothing was written, sends no request, dry run alike', async () => {
    await deployed();
    await writeView(world.dir, 'pages/bad.hbs', '---\nlayout: nope\n---\n{{#if}}\n');
    await writeView(world.dir, 'endpoints.yaml', '- route: /x\n  method: FETCH\n');
    const before = await mark();
    for (const args of [['release', 'v1'], ['release', 'v1', '--dry-run']]) {
      const text = await lxp(args);
      expect(text.code, text.stderr).toBe(2);
      expect(text.stderr).toMatch(/^error pages\/bad\.hbs:2 \(layout\): no layout named "nope"/m);
      expect(text.stderr).toMatch(/^error pages\/bad\.hbs:\d+ \(body\): invalid Handlebars/m);
      expect(text.stderr).toMatch(/^error endpoints\.yaml:2 .*method/m);
      expect(text.stderr).toMatch(/^lxp: 3 problems in the folder; nothing was written$/m);
      const json = await lxp([...args, '--json']);
      expect(json.code).toBe(2);
      // The envelope deploy gives for an invalid folder.
      expect(json.json).toMatchObject({ outcome: 'invalid', error: { code: 'invalid-folder', message: '3 problems in the folder; nothing was written' }, warnings: [] });
      expect(json.json.issues.map((i: { file: string; field?: string }) => `${i.file} ${i.field}`)).toEqual(['pages/bad.hbs layout', 'pages/bad.hbs body', 'endpoints.yaml [0].method']);
    }
    // A mistake of the command line is said first (it costs nothing to check).
    for (const args of [['release'], ['release', 'develop']]) {
      const r = await lxp([...args, '--json']);
      expect(r.code).toBe(2);
      expect(r.json.error.code, args.join(' ')).toBe('usage');
    }
    expect((await world.requests()).length).toBe(before);
    expect(await versions()).toEqual(['develop']);
  });
});
