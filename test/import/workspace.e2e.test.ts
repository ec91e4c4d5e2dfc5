// An official-CLI workspace (issue 13): bodies from the files, and with --target the metadata
// only Losant has (layouts, descriptions, tags, content types), matched by the ids the CLI
// recorded, by name, or by name without the CLI's "-1" suffix — so that a deploy right after the
// import to the same application changes no view's content, and the deploy after it sends nothing.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { writesOf } from '../cli/helpers.js';
import { loadProject } from '../../src/project/load.js';
import { WORKSPACE_FIXTURE } from './helpers.js';

const openWorld = useWorlds();
let world: World; // the test's world (seeded, with the workspace), for the helpers below
let ws: string;
let ids: Record<string, string>;

const body = (file: string) => readFile(path.join(WORKSPACE_FIXTURE, 'experience', file), 'utf8');

/** develop as the workspace's application has it: what the official CLI downloaded, plus what only Losant knows. */
async function seed(): Promise<void> {
  const applicationId = world.server.applicationId;
  const post = async (experienceView: Record<string, unknown>) => (await world.losant.experienceViews.post({ applicationId, experienceView })).id as string;
  ids = {};
  ids.layout = await post({ name: 'Main Layout', viewType: 'layout', description: 'Site shell', viewTags: { area: 'shell' }, body: await body('layouts/Main Layout.hbs') });
  ids.header = await post({ name: 'header', viewType: 'component', body: await body('components/header.hbs') });
  ids.home = await post({ name: 'Home Page', viewType: 'page', layoutId: ids.layout, description: 'Landing', viewTags: { area: 'public' }, headers: { 'content-type': 'text/html' }, body: await body('pages/Home Page.hbs') });
  ids.status = await post({ name: 'api/status', viewType: 'page', headers: { 'content-type': 'application/json' }, body: await body('pages/api/status.hbs') });
  ids.dashboard = await post({ name: 'Dashboard', viewType: 'page', layoutId: ids.layout, description: 'Charts', body: await body('pages/Renamed Locally.hbs') });
  ids.report = await post({ name: 'Weekly Report', viewType: 'page', layoutId: ids.layout, body: await body('pages/Weekly Report-1.hbs') });
  ids.legacy = await post({ name: 'Legacy', viewType: 'page', body: '<p>old</p>' });
}

/** The workspace as `losant experience download` leaves it: files, .losant/ with the application and the ids. */
async function workspace(): Promise<string> {
  const dir = path.join(world.root, 'ws');
  await cp(WORKSPACE_FIXTURE, dir, { recursive: true });
  const entry = (file: string, id: string) => `${file}:\n  file: ${file}\n  id: ${id}\n  md5: 0\n  remoteTime: 0\n  localTime: 0\n`;
  await mkdir(path.join(dir, '.losant'));
  await writeFile(path.join(dir, '.losant', '.application.yml'), `applicationId: ${world.server.applicationId}\napplicationName: Fleet\n`);
  await writeFile(path.join(dir, '.losant', 'experience.yml'), entry('experience/pages/Renamed Locally.hbs', ids.dashboard) + entry('experience/pages/Home Page.hbs', ids.home));
  return dir;
}

/** The environment of a CI job that names the server and token, and lets the target name the application. */
function envWithoutApp(): NodeJS.ProcessEnv {
  const { LOSANT_APPLICATION_ID: _app, ...env } = world.env;
  return env;
}
const run = (args: string[], env = envWithoutApp()) => runLxp(args, { cwd: world.root, env });

/** The workspace imported without --target into `imported` (bodies only), whose lxp.config.json then defines the target "staging" as its default. */
async function importBodiesOnly(): Promise<{ bare: NodeJS.ProcessEnv; site: string }> {
  const bare = { PATH: process.env.PATH, HOME: world.root };
  const site = path.join(world.root, 'imported');
  expect((await run(['import', 'ws', '--dir', 'imported'], bare)).code).toBe(0);
  const configFile = path.join(site, 'lxp.config.json');
  await writeFile(configFile, JSON.stringify({ ...JSON.parse(await readFile(configFile, 'utf8')), defaultTarget: 'staging', targets: { staging: { applicationId: world.server.applicationId } } }));
  return { bare, site };
}

beforeEach(async () => {
  world = await openWorld();
  await seed();
  ws = await workspace();
});

describe('lxp import of an official-CLI workspace', () => {
  it('with --target: metadata from Losant, bodies from the files; the next deploy changes no content and the one after sends nothing', async () => {
    const out = path.join(world.root, 'imported');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.source).toMatchObject({ kind: 'workspace', format: 'folder' });
    expect(r.json.application).toEqual({ id: world.server.applicationId, name: 'Fleet' });

    // The target the workspace named is in the new lxp.config.json (never a token), at the API its
    // views were read from (LOSANT_API_URL), as `lxp init --from` records it (review 7, L4).
    const config = JSON.parse(await readFile(path.join(out, 'lxp.config.json'), 'utf8'));
    expect(config.targets).toEqual({ staging: { applicationId: world.server.applicationId, apiUrl: world.server.url } });
    expect(await readFile(path.join(out, 'lxp.config.json'), 'utf8')).not.toContain(world.server.token);

    const views = new Map((await loadProject(out)).views.map((v) => [`${v.viewType}:${v.name}`, v]));
    expect([...views.keys()].sort()).toEqual(['component:header', 'layout:Main Layout', 'page:Dashboard', 'page:Home Page', 'page:Weekly Report', 'page:api/status']);
    expect(views.get('page:Home Page')).toMatchObject({ layout: 'Main Layout', description: 'Landing', tags: { area: 'public' }, contentType: 'text/html', body: await body('pages/Home Page.hbs') });
    expect(views.get('page:api/status')).toMatchObject({ layout: null, contentType: 'application/json', body: await body('pages/api/status.hbs') });
    expect(views.get('page:Dashboard')).toMatchObject({ layout: 'Main Layout', description: 'Charts' }); // matched by the recorded id
    expect(views.get('page:Weekly Report')).toMatchObject({ layout: 'Main Layout' }); // matched without the CLI's -1
    expect(views.get('layout:Main Layout')).toMatchObject({ description: 'Site shell', tags: { area: 'shell' } });

    const report: { kind: string; file?: string; message: string }[] = r.json.report;
    expect(report).toContainEqual(expect.objectContaining({ kind: 'remote-only', message: expect.stringContaining('"Legacy"') }));
    expect(report).toContainEqual(expect.objectContaining({ kind: 'application-resource', file: 'files/' }));
    expect(report).toContainEqual(expect.objectContaining({ kind: 'unused-file', file: 'experience/components/notes.txt' }));
    expect(JSON.stringify(report)).not.toContain('.losant');

    // status: every imported view in sync; only develop's view without a file differs (new remotely).
    const status = await run(['status', '--dir', out, '--target', 'staging', '--json']);
    const kinds = status.json.changes.map((c: { name: string; kind: string; action: string }) => `${c.name}:${c.kind}:${c.action}`).sort();
    expect(kinds).toEqual(['Dashboard:in-sync:mark', 'Home Page:in-sync:mark', 'Legacy:new-remote:skip', 'Main Layout:in-sync:mark', 'Weekly Report:in-sync:mark', 'api/status:in-sync:mark', 'header:in-sync:mark']);

    const before = await world.remoteViews();
    const deploy = await run(['deploy', '--dir', out, '--target', 'staging', '--json']);
    expect(deploy.code, deploy.stdout).toBe(0);
    const actions = new Set(deploy.json.changes.map((c: { action: string }) => c.action));
    expect([...actions].every((a) => a === 'mark' || a === 'skip'), JSON.stringify(deploy.json.changes)).toBe(true);
    // Content untouched: only the managed tag was added.
    const strip = (vs: typeof before) =>
      vs
        .map(({ lastUpdated: _l, viewTags, ...v }) => ({ ...v, viewTags: Object.fromEntries(Object.entries(viewTags ?? {}).filter(([k]) => k !== 'lxp-managed')) }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(strip(await world.remoteViews())).toEqual(strip(before));

    const again = await run(['deploy', '--dir', out, '--target', 'staging', '--json']);
    expect(again.code).toBe(0);
    expect(writesOf(again)).toBe(0);
  });

  it('the API recorded is the one read: the folder works without LOSANT_API_URL; a workspace naming another API beside it is refused', async () => {
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const { LOSANT_API_URL: _url, ...noUrl } = envWithoutApp();
    const status = await run(['status', '--dir', path.join(world.root, 'imported'), '--json'], noUrl);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.json.target).toBe('staging');

    // .losant/.application.yml says another API: one would be read, the other recorded. Refused, nothing written.
    await writeFile(path.join(ws, '.losant', '.application.yml'), `applicationId: ${world.server.applicationId}\napplicationName: Fleet\napiUrl: https://api.example.com\n`);
    const two = await run(['import', 'ws', '--dir', 'other', '--target', 'staging']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`.losant/.application.yml's apiUrl https://api.example.com and LOSANT_API_URL=${world.server.url} name two APIs: give one`);
    expect(existsSync(path.join(world.root, 'other'))).toBe(false);

    // Another application in LOSANT_APPLICATION_ID (review 11 R10): it would be read, the workspace's recorded. Refused, nothing written.
    await writeFile(path.join(ws, '.losant', '.application.yml'), `applicationId: ${world.server.applicationId}\napplicationName: Fleet\n`);
    const apps = await run(['import', 'ws', '--dir', 'third', '--target', 'staging'], { ...envWithoutApp(), LOSANT_APPLICATION_ID: 'ab'.repeat(12) });
    expect(apps.code, apps.stdout + apps.stderr).toBe(2);
    expect(apps.stderr).toContain(`.losant/.application.yml's applicationId ${world.server.applicationId} and LOSANT_APPLICATION_ID=${'ab'.repeat(12)} name two applications`);
    expect(existsSync(path.join(world.root, 'third'))).toBe(false);
  });

  it('views of develop lxp manages with no file: reported as deleted by the next deploy unless pulled, apart from hand-made ones; the target is the default', async () => {
    // Black-box review #5 (H1): the report said "not imported (lxp pull brings it in)" of every
    // such view, while the next deploy deletes those carrying lxp's tag (a fresh checkout's rule).
    const applicationId = world.server.applicationId;
    await world.losant.experienceViews.post({ applicationId, experienceView: { name: 'Old Managed', viewType: 'page', body: '<p>lxp made me</p>', viewTags: { 'lxp-managed': 'true' } } });
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = path.join(world.root, 'imported');
    expect(r.stdout).toContain(
      'Deleted by the next lxp deploy unless pulled first (views of develop with no file in the workspace that lxp manages, tag lxp-managed, or that this folder synced: each line says which lxp pull brings it in):\n' +
        '  the page "Old Managed" of develop has no file in the workspace and lxp manages it (tag lxp-managed): not imported, and the next lxp deploy from this folder deletes it unless lxp pull brings it in first\n',
    );
    expect(r.stdout).toContain('  the page "Legacy" of develop has no file in the workspace: not imported; made in Losant (no lxp-managed tag), so lxp deploy leaves it alone (lxp pull brings it in)\n');
    expect(r.stdout).toMatch(/Next: lxp pull \(it brings in the 1 view lxp manages that the workspace lacks, which a deploy would delete\), lxp status, then lxp deploy/);
    const json = await run(['import', 'ws', '--dir', 'imported2', '--target', 'staging', '--json']);
    expect(json.json.report.filter((i: { kind: string }) => i.kind.startsWith('remote-only')).map((i: { kind: string; message: string }) => `${i.kind} ${/"(.*?)"/.exec(i.message)![1]}`)).toEqual([
      'remote-only-managed Old Managed',
      'remote-only Legacy',
    ]);

    // The target is the folder's default, as `lxp init --from` records it: the "Next: lxp status" compares with it.
    expect(JSON.parse(await readFile(path.join(out, 'lxp.config.json'), 'utf8'))).toMatchObject({ defaultTarget: 'staging', targets: { staging: { applicationId } } });
    const dry = await run(['deploy', '--dir', out, '--dry-run', '--json']);
    expect(dry.json.target).toBe('staging');
    const deletes = dry.json.changes.filter((c: { action: string }) => c.action === 'delete').map((c: { name: string }) => c.name);
    expect(deletes).toEqual(['Old Managed']); // what the report said; Legacy (hand-made) is left alone
    expect(dry.json.changes).toContainEqual(expect.objectContaining({ name: 'Legacy', action: 'skip', kind: 'new-remote' }));
  });

  it('a file edited since the download: kept, and said', async () => {
    await writeFile(path.join(ws, 'experience/pages/Home Page.hbs'), '<h1>Edited</h1>\n');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.report).toContainEqual(expect.objectContaining({ kind: 'metadata', file: 'experience/pages/Home Page.hbs', message: expect.stringContaining('body differs') }));
    expect((await loadProject(path.join(world.root, 'imported'))).views.find((v) => v.name === 'Home Page')!.body).toBe('<h1>Edited</h1>\n');
  });

  it('without --target: bodies only, and the report says what is missing and how to get it', async () => {
    const r = await run(['import', 'ws', '--dir', 'imported', '--json'], { PATH: process.env.PATH, HOME: world.root });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.report).toContainEqual(expect.objectContaining({ kind: 'metadata', message: expect.stringContaining('--target') }));
    const views = (await loadProject(path.join(world.root, 'imported'))).views;
    expect(views.find((v) => v.name === 'Home Page')).toMatchObject({ layout: null, description: '', tags: {} });
    expect(JSON.parse(await readFile(path.join(world.root, 'imported', 'lxp.config.json'), 'utf8')).targets).toEqual({});
    // A workspace has no settings: null, as for every kind a source does not have.
    expect(r.json.counts).toMatchObject({ endpoints: null, groups: null, settings: null, users: null });
  });

  it('the advice without --target works as written: into a new --dir, or into the same folder with --force once the target is defined', async () => {
    const bare = { PATH: process.env.PATH, HOME: world.root };
    const first = await run(['import', 'ws', '--dir', 'imported', '--json'], bare);
    expect(first.code, first.stdout).toBe(0);
    const advice: string = first.json.report.find((i: { kind: string; message: string }) => i.kind === 'metadata' && i.message.includes('--target')).message;
    expect(advice).toContain('--force');
    expect(advice).toContain('--dir');
    // Into a new folder: works as it is.
    const fresh = await run(['import', 'ws', '--dir', 'imported2', '--target', 'staging', '--json']);
    expect(fresh.code, fresh.stdout).toBe(0);
    // Into the same folder: --force, with the target defined in its lxp.config.json.
    const configFile = path.join(world.root, 'imported', 'lxp.config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    config.targets = { staging: { applicationId: world.server.applicationId } };
    await writeFile(configFile, JSON.stringify(config));
    const again = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await loadProject(path.join(world.root, 'imported'))).views.find((v) => v.name === 'Home Page')).toMatchObject({ layout: 'Main Layout', description: 'Landing' });
  });

  it('imported again with --target --force: the first import\'s file of a workspace file develop names otherwise is removed, so the deploy makes no second copy (review 10, F12)', async () => {
    const { bare, site } = await importBodiesOnly();

    const again = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.json.removed).toEqual([
      { file: 'pages/Renamed Locally.hbs', source: 'experience/pages/Renamed Locally.hbs', now: 'pages/Dashboard.hbs' },
      { file: 'pages/Weekly Report-1.hbs', source: 'experience/pages/Weekly Report-1.hbs', now: 'pages/Weekly Report.hbs' },
    ]);
    expect(existsSync(path.join(site, 'pages/Renamed Locally.hbs'))).toBe(false);
    expect(existsSync(path.join(site, 'pages/Weekly Report-1.hbs'))).toBe(false);
    // The folder now holds what an import with --target into a new folder holds: one file per workspace file.
    const names = (await loadProject(site)).views.map((v) => `${v.viewType}:${v.name}`).sort();
    expect(names).toEqual(['component:header', 'layout:Main Layout', 'page:Dashboard', 'page:Home Page', 'page:Weekly Report', 'page:api/status']);

    // The deploy creates nothing: develop (read with losant-rest) keeps one view of each name.
    const before = (await world.remoteViews()).map((v) => v.id).sort();
    const deploy = await run(['deploy', '--dir', site, '--json']);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.json.changes.filter((c: { action: string }) => c.action === 'create')).toEqual([]);
    expect((await world.remoteViews()).map((v) => v.id).sort()).toEqual(before);

    // Text output lists the removal.
    const bare2 = await run(['import', 'ws', '--dir', 'imported3'], bare);
    expect(bare2.code).toBe(0);
    await writeFile(path.join(world.root, 'imported3', 'lxp.config.json'), JSON.stringify({ targets: { staging: { applicationId: world.server.applicationId } } }));
    const text = await run(['import', 'ws', '--dir', 'imported3', '--target', 'staging', '--force']);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain('  - pages/Renamed Locally.hbs (an earlier import\'s file of experience/pages/Renamed Locally.hbs, written now as pages/Dashboard.hbs): removed\n');
  });

  it('imported again with --target --force, a file develop names with other case ("home page.hbs" → "Home Page"): the earlier file goes on a disk that tells case apart (review 10, F12)', async () => {
    const { rename } = await import('node:fs/promises');
    await rename(path.join(ws, 'experience/pages/Home Page.hbs'), path.join(ws, 'experience/pages/home page.hbs'));
    await writeFile(path.join(ws, '.losant', 'experience.yml'), `experience/pages/home page.hbs:\n  file: experience/pages/home page.hbs\n  id: ${ids.home}\n`);
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported'], { PATH: process.env.PATH, HOME: world.root })).code).toBe(0);
    await writeFile(path.join(site, 'lxp.config.json'), JSON.stringify({ targets: { staging: { applicationId: world.server.applicationId } } }));
    const caseBlind = existsSync(path.join(site, 'pages/Home Page.hbs')); // true on a disk that ignores case
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await loadProject(site)).views.filter((v) => v.name.toLowerCase() === 'home page').map((v) => v.name)).toEqual(['Home Page']);
    expect(r.json.removed.map((x: { file: string }) => x.file)).toEqual(caseBlind ? ['pages/Weekly Report-1.hbs'] : ['pages/Weekly Report-1.hbs', 'pages/home page.hbs']);
  });

  it('imported again with --target --force, the first import\'s file edited since: refused, naming both files, nothing written (review 10, F12)', async () => {
    const bare = { PATH: process.env.PATH, HOME: world.root };
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported'], bare)).code).toBe(0);
    const configFile = path.join(site, 'lxp.config.json');
    await writeFile(configFile, JSON.stringify({ targets: { staging: { applicationId: world.server.applicationId } } }));
    const edited = path.join(site, 'pages/Renamed Locally.hbs');
    await writeFile(edited, `${await readFile(edited, 'utf8')}<p>my edit</p>\n`);
    const home = await readFile(path.join(site, 'pages/Home Page.hbs'), 'utf8');

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.json.error.code).toBe('refused');
    expect(r.json.error.message).toContain(
      'pages/Renamed Locally.hbs (it differs from what that import writes from the workspace file now: edited since, or the workspace changed; this import writes experience/pages/Renamed Locally.hbs as pages/Dashboard.hbs)',
    );
    expect(r.json.error.message).toContain('Nothing was written.');
    expect(r.json.error.message).not.toContain('Weekly Report-1.hbs'); // unchanged: it would be removed
    expect(await readFile(edited, 'utf8')).toContain('<p>my edit</p>');
    expect(existsSync(path.join(site, 'pages/Dashboard.hbs'))).toBe(false);
    expect(existsSync(path.join(site, 'pages/Weekly Report-1.hbs'))).toBe(true);
    expect(await readFile(path.join(site, 'pages/Home Page.hbs'), 'utf8')).toBe(home);
  });

  it('imported again with --target --force, a file it writes again under its name edited since: refused as a removal is, nothing written (review 11, R19)', async () => {
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported'], { PATH: process.env.PATH, HOME: world.root })).code).toBe(0);
    await writeFile(path.join(site, 'lxp.config.json'), JSON.stringify({ targets: { staging: { applicationId: world.server.applicationId } } }));
    const home = path.join(site, 'pages/Home Page.hbs');
    await writeFile(home, `---\ndescription: my careful work\n---\n${await readFile(home, 'utf8')}<p>my edit</p>\n`);
    const before = await readFile(home, 'utf8');

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.json.error.code).toBe('refused');
    expect(r.json.error.message).toContain(
      "pages/Home Page.hbs (it differs from what that import writes from the workspace file now: edited since, or the workspace changed; this import writes experience/pages/Home Page.hbs again as pages/Home Page.hbs, with develop's metadata)",
    );
    expect(r.json.error.message).toContain('Nothing was written.');
    expect(await readFile(home, 'utf8')).toBe(before);
    expect(existsSync(path.join(site, 'pages/Dashboard.hbs'))).toBe(false);
  });

  it('with --target, the views matched are recorded in the sync state: a teammate\'s edit in Losant after the import shows as changed remotely, and neither deploy nor watch sends the folder\'s copy over it (review 10, F16)', async () => {
    const site = path.join(world.root, 'imported');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.recorded).toBe(6);
    const state = JSON.parse(await readFile(path.join(site, '.lxp', 'state.json'), 'utf8'));
    const records = state.targets[`staging:${world.server.applicationId}`].views;
    expect(Object.keys(records).sort()).toEqual(Object.values(ids).filter((id) => id !== ids.legacy).sort());
    expect(records[ids.dashboard]).toMatchObject({ name: 'Dashboard', file: 'pages/Dashboard.hbs', viewType: 'page' });
    expect((await run(['status', '--dir', site, '--json'])).json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { name: string }) => c.name)).toEqual(['Legacy']);

    // A teammate edits the component in the Losant UI (losant-rest, the second client).
    const applicationId = world.server.applicationId;
    await world.losant.experienceView.patch({ applicationId, experienceViewId: ids.header, experienceView: { body: '<nav>teammate</nav>' } });
    const status = await run(['status', '--dir', site, '--json']);
    expect(status.json.changes).toContainEqual(expect.objectContaining({ name: 'header', kind: 'changed-remote' }));
    const text = await run(['status', '--dir', site]);
    expect(text.stdout).not.toContain('never synced');

    // watch's start-up sync (which pushes without a plan to confirm) leaves it alone, and so does a deploy.
    const bodyOf = async (id: string) => (await world.remoteViews()).find((v) => v.id === id)!.body;
    let stop!: () => void;
    const stopped = new Promise<void>((res) => (stop = res));
    const watch = await runLxp(['watch', '--dir', site, '--json'], { cwd: world.root, env: envWithoutApp(), stopSignal: stopped, onOutput: (out) => void (out.includes('"type":"ready"') && stop()) });
    expect(watch.code, watch.stderr).toBe(0);
    expect(await bodyOf(ids.header)).toBe('<nav>teammate</nav>');
    const deploy = await run(['deploy', '--dir', site, '--json']);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.json.changes).toContainEqual(expect.objectContaining({ name: 'header', action: 'skip' }));
    expect(await bodyOf(ids.header)).toBe('<nav>teammate</nav>');
    // And a pull brings it in.
    expect((await run(['pull', '--dir', site])).code).toBe(0);
    expect(await readFile(path.join(site, 'components/header.hbs'), 'utf8')).toContain('<nav>teammate</nav>');
  });

  it('with --target, a file whose body differs from develop\'s is recorded against develop as read now: changed locally, the next deploy sends it, a pull keeps it, and a later edit in Losant is a conflict (review 10b, F11)', async () => {
    await writeFile(path.join(ws, 'experience/pages/Home Page.hbs'), '<h1>Edited</h1>\n');
    const site = path.join(world.root, 'imported');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.recorded).toBe(5);
    expect(r.json.recordedChanged).toBe(1);
    expect(r.json.report).toContainEqual({
      kind: 'metadata',
      file: 'experience/pages/Home Page.hbs',
      message: 'the body differs from develop\'s page "Home Page": the file is kept, and the next deploy sends it (lxp status: changed locally; a pull keeps it, lxp pull --force pages/Home Page.hbs takes develop\'s)',
    });
    const state = JSON.parse(await readFile(path.join(site, '.lxp', 'state.json'), 'utf8'));
    expect(state.targets[`staging:${world.server.applicationId}`].views[ids.home]).toMatchObject({ file: 'pages/Home Page.hbs', name: 'Home Page' });
    // Every claim of that line, checked: status, a pull (dry run), a deploy (dry run).
    const status = await run(['status', '--dir', site]);
    expect(status.stdout).toMatch(/changed locally\s+page\s+"Home Page"/);
    const pull = await run(['pull', '--dir', site, '--dry-run', '--json']);
    expect(pull.json.changes).toContainEqual(expect.objectContaining({ name: 'Home Page', action: 'skip' }));
    const deploy = await run(['deploy', '--dir', site, '--dry-run', '--json']);
    expect(deploy.json.changes).toContainEqual(expect.objectContaining({ name: 'Home Page', action: 'update' }));
    // A teammate's edit in Losant after the import: a conflict, never overwritten without --force.
    await world.losant.experienceView.patch({ applicationId: world.server.applicationId, experienceViewId: ids.home, experienceView: { body: '<h1>teammate</h1>' } });
    const after = await run(['deploy', '--dir', site, '--json']);
    expect(after.code).toBe(3);
    expect((await world.remoteViews()).find((v) => v.id === ids.home)!.body).toBe('<h1>teammate</h1>');
  });

  it('with --target into a folder whose sync state cannot be read: refused before the first write, the state named', async () => {
    const site = path.join(world.root, 'imported');
    await mkdir(path.join(site, '.lxp'), { recursive: true });
    await writeFile(path.join(site, '.lxp', 'state.json'), '{');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.json.error.code).toBe('invalid-state');
    expect(r.json.error.message).toContain('state.json is not valid JSON');
    expect(existsSync(path.join(site, 'pages'))).toBe(false);
    expect(existsSync(path.join(site, 'lxp.config.json'))).toBe(false);
  });

  it('imported again with --target --force into a folder that has synced (review 10b, F11): each line says what the next deploy really does, and the advice never pulls over what the import kept', async () => {
    const applicationId = world.server.applicationId;
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported', '--target', 'staging'])).code).toBe(0);
    // A whole deploy: the folder has synced (its state holds a record of each view and fullSync).
    expect((await run(['deploy', '--dir', site])).code).toBe(0);
    // Since then: a teammate edits the home page in Losant; another folder deploys a page this one never had;
    // the workspace's header is edited (the official CLI's user).
    await world.losant.experienceView.patch({ applicationId, experienceViewId: ids.home, experienceView: { body: '<h1>teammate</h1>' } });
    await world.losant.experienceViews.post({ applicationId, experienceView: { name: 'Elsewhere', viewType: 'page', body: '<p>other folder</p>', viewTags: { 'lxp-managed': 'true' } } });
    await writeFile(path.join(ws, 'experience/components/header.hbs'), '<nav>workspace edit</nav>\n');

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const line = (name: string) => r.json.report.find((i: { message: string }) => i.message.includes(`"${name}"`))?.message as string;
    expect(line('Home Page')).toBe(
      'the body differs from develop\'s page "Home Page", which changed in Losant since this folder last synced it (the file holds what the folder had then): the file is kept, and lxp deploy leaves develop\'s alone (lxp status: changed remotely); lxp pull takes develop\'s over the file, lxp deploy --force pages/Home Page.hbs sends the file',
    );
    expect(line('header')).toBe('the body differs from develop\'s component "header": the file is kept, and the next deploy sends it (lxp status: changed locally; a pull keeps it, lxp pull --force components/header.hbs takes develop\'s)');
    expect(line('Elsewhere')).toBe(
      'the page "Elsewhere" of develop has no file in the workspace and lxp manages it (tag lxp-managed), but this folder has no sync record of it: not imported; lxp deploy leaves it alone (lxp status: new remotely, not from this folder), and lxp pull brings it in',
    );
    expect(r.json.report.filter((i: { kind: string }) => i.kind === 'remote-only-managed')).toEqual([]);
    // The workspace's body of the home page is what the file holds now.
    expect(await readFile(path.join(site, 'pages/Home Page.hbs'), 'utf8')).toContain(await body('pages/Home Page.hbs'));

    // Each claim, against what the commands do.
    const status = await run(['status', '--dir', site, '--json']);
    const kinds = Object.fromEntries(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { name: string; kind: string }) => [c.name, c.kind]));
    expect(kinds).toEqual({ 'Home Page': 'changed-remote', header: 'changed-local', Elsewhere: 'new-remote', Legacy: 'new-remote' });
    const deploy = await run(['deploy', '--dir', site, '--dry-run', '--json']);
    const actions = Object.fromEntries(deploy.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { name: string; action: string }) => [c.name, c.action]));
    expect(actions).toEqual({ 'Home Page': 'skip', header: 'update', Elsewhere: 'skip', Legacy: 'skip' });
    const pull = await run(['pull', '--dir', site, '--dry-run', '--json']);
    expect(pull.json.changes).toContainEqual(expect.objectContaining({ name: 'header', action: 'skip' }));

    // The closing advice: no whole pull first (it would take develop's over the home page the import kept).
    const text = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force']);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain('The folder validates. Next: lxp status, then lxp deploy (--target <name> for an application of lxp.config.json).\n');
    expect(text.stdout).toContain('  1 view recorded as changed locally (.lxp/: the file differs from develop\'s view as read now, listed below)');
  });

  it('imported again with --target --force after a deploy of the bodies-only import: the views that deploy made, whose files this import removes, are said to be deleted by the next deploy — and are (review 10b, F11)', async () => {
    const { site } = await importBodiesOnly();
    // The deploy makes a page "Renamed Locally" next to develop's Dashboard (the workspace file's view, by the id the CLI recorded).
    expect((await run(['deploy', '--dir', site])).code).toBe(0);

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.removed.map((x: { file: string }) => x.file)).toEqual(['pages/Renamed Locally.hbs']);
    const deleted = r.json.report.filter((i: { kind: string }) => i.kind === 'remote-only-managed').map((i: { message: string }) => i.message);
    expect(deleted).toEqual([
      'the page "Renamed Locally" of develop has no file in the workspace, and this folder\'s sync record has it in pages/Renamed Locally.hbs, which is not in the folder: not imported, and the next lxp deploy deletes it from develop unless lxp pull --force pages/Renamed Locally.hbs brings it back first',
    ]);
    const dry = await run(['deploy', '--dir', site, '--dry-run', '--json']);
    expect(dry.json.changes.filter((c: { action: string }) => c.action === 'delete').map((c: { name: string }) => c.name)).toEqual(['Renamed Locally']);
    // A plain pull does not bring them back (deleted locally: kept deleted), as the lines say.
    const pull = await run(['pull', '--dir', site, '--dry-run', '--json']);
    expect(pull.json.changes.filter((c: { name: string }) => c.name === 'Renamed Locally')).toMatchObject([{ action: 'skip' }]);
    // And the advice does not send the person to a whole pull for them.
    const text = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force']);
    expect(text.stdout).not.toMatch(/Next: lxp pull/);
    expect(text.stdout).toContain('which deletes the 1 view of develop listed under "Deleted by the next lxp deploy" unless each is brought in first as its line says.');
  });

  it('two imports with --target matching one workspace file to a view develop renamed in between: the view is written into the folder\'s file of it, never a second file (fix10f leftover)', async () => {
    const applicationId = world.server.applicationId;
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported', '--target', 'staging'])).code).toBe(0);
    await world.losant.experienceView.patch({ applicationId, experienceViewId: ids.dashboard, experienceView: { name: 'Charts' } });

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.report).toContainEqual({
      kind: 'metadata',
      file: 'experience/pages/Renamed Locally.hbs',
      message: 'develop\'s page "Charts" is written in pages/Dashboard.hbs, this folder\'s file of it (its sync record\'s), as a pull writes it — not in a second file',
    });
    expect(existsSync(path.join(site, 'pages/Charts.hbs'))).toBe(false);
    const pages = (await loadProject(site)).views.filter((v) => v.viewType === 'page');
    expect(pages.map((v) => `${v.name}:${v.file}`).sort()).toEqual(['Charts:pages/Dashboard.hbs', 'Home Page:pages/Home Page.hbs', 'Weekly Report:pages/Weekly Report.hbs', 'api/status:pages/api/status.hbs']);
    // In sync with develop: nothing to create or delete, only the tags of a first deploy.
    const status = await run(['status', '--dir', site, '--json']);
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { name: string }) => c.name)).toEqual(['Legacy']);
    const deploy = await run(['deploy', '--dir', site, '--json']);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.json.changes.filter((c: { action: string }) => !['mark', 'skip'].includes(c.action))).toEqual([]);
  });

  it('an import with --target that would write a view under the name the folder\'s file of another view of develop still has: refused, nothing written (fix10f leftover)', async () => {
    const applicationId = world.server.applicationId;
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported', '--target', 'staging'])).code).toBe(0);
    // In Losant: "Weekly Report" renamed away, and the hand-made "Legacy" renamed onto its old name.
    await world.losant.experienceView.patch({ applicationId, experienceViewId: ids.report, experienceView: { name: 'Weekly Summary' } });
    await world.losant.experienceView.patch({ applicationId, experienceViewId: ids.legacy, experienceView: { name: 'Weekly Report' } });
    const file = await readFile(path.join(site, 'pages/Weekly Report.hbs'), 'utf8');
    const state = await readFile(path.join(site, '.lxp', 'state.json'), 'utf8');

    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.json.error.code).toBe('refused');
    expect(r.json.error.message).toContain(
      'pages/Weekly Report.hbs is this folder\'s file of develop\'s page "Weekly Summary", which was "Weekly Report" when this folder last synced it; develop\'s page "Weekly Report" is now another one, which this import writes as pages/Weekly Report~93d5e6a0.hbs: two files would name it. Bring the rename in first (lxp pull pages/Weekly Report.hbs), then import again',
    );
    expect(r.json.error.message).toMatch(/Nothing was written\.$/);
    expect(await readFile(path.join(site, 'pages/Weekly Report.hbs'), 'utf8')).toBe(file);
    expect(existsSync(path.join(site, 'pages/Weekly Report~93d5e6a0.hbs'))).toBe(false);
    expect(await readFile(path.join(site, '.lxp', 'state.json'), 'utf8')).toBe(state);

    // As the message says: the pull of that file brings the rename in, and the import then goes through, valid, one file per view.
    expect((await run(['pull', '--dir', site, 'pages/Weekly Report.hbs'])).code).toBe(0);
    const again = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await readFile(path.join(site, 'pages/Weekly Report.hbs'), 'utf8')).toContain('name: Weekly Summary');
    const dry = await run(['deploy', '--dir', site, '--dry-run', '--json']);
    expect(dry.json.changes.filter((c: { action: string }) => c.action === 'create' || c.action === 'delete')).toEqual([]);
  });

  it('with --target into a folder whose pull did not finish: refused, nothing written', async () => {
    const site = path.join(world.root, 'imported');
    expect((await run(['import', 'ws', '--dir', 'imported', '--target', 'staging'])).code).toBe(0);
    const { StateStore } = await import('../../src/sync/state.js');
    const store = await StateStore.open(site, 'staging', world.server.applicationId);
    store.setUnfinishedPull(true);
    await store.compact();
    await writeFile(path.join(ws, 'experience/components/header.hbs'), '<nav>workspace edit</nav>\n');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--force', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.message).toContain('a pull into this folder from target "staging" did not finish');
    expect(await readFile(path.join(site, 'components/header.hbs'), 'utf8')).not.toContain('workspace edit');
  });

  it('--target that nothing defines: exit 2 before anything is written', async () => {
    await writeFile(path.join(ws, '.losant', '.application.yml'), 'applicationName: Fleet\n');
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('usage');
    expect(r.json.error.message).toContain("and the workspace's .losant/.application.yml holds no applicationId (24 hex digits);");
    // Review 5, L7: a file that does not parse is said to be one, not "the workspace does not name its application".
    await writeFile(path.join(ws, '.losant', '.application.yml'), 'applicationId: [5f0c\n  : :\n');
    const broken = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("and the workspace's .losant/.application.yml cannot be read as YAML, so it names no application;");
    await rm(path.join(ws, '.losant', '.application.yml'));
    const missing = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging']);
    expect(missing.stderr).toContain('and the workspace does not name its application (it has no .losant/.application.yml);');
    expect(existsSync(path.join(world.root, 'imported'))).toBe(false);
  });

  it('an API that does not answer: exit 1 api-error after retries, nothing written (docs/import.md, Exit codes)', async () => {
    // A port nothing listens on: bind one, then close it.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json'], { ...envWithoutApp(), LOSANT_API_URL: `http://127.0.0.1:${closed}` });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('api-error');
    expect(existsSync(path.join(world.root, 'imported'))).toBe(false);
  });

  it('a token the API refuses: exit 2, nothing written', async () => {
    const r = await run(['import', 'ws', '--dir', 'imported', '--target', 'staging', '--json'], { ...envWithoutApp(), LOSANT_API_TOKEN: 'wrong-token' });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('token-refused');
    expect(r.stdout).not.toContain('wrong-token');
    await expect(readFile(path.join(world.root, 'imported', 'lxp.config.json'), 'utf8')).rejects.toThrow();
  });
});
