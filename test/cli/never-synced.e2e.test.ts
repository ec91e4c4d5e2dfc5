// Black-box review #5, C2: the README's quick start (`lxp init`, then `lxp deploy`) pointed at an
// application that already has settings must leave develop's globals, CORS, replies and headers
// alone; and a difference the folder never synced with the target is said to be one ("never
// synced"), not "changed locally" — nobody changed anything in a brand-new folder.
import { describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useWorlds, APP_ID, type World, MAIN_AND_HOME } from './helpers.js';
import { runLxp } from '../harness/cli.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

/** Settings made in the Losant UI, never by lxp. */
const UI_SETTINGS = {
  globals: [
    { key: 'apiKey', json: '"k-123"' },
    { key: 'brand', json: '"Acme"' },
  ],
  endpointDefaultCors: true,
  allowedCorsOrigins: ['https://app.example.com'],
  responseHeaders: { 'Content-Security-Policy': "default-src 'self'" },
};

async function developSettings(w: World) {
  const v = (await w.losant.experienceVersion.get({ applicationId: APP_ID, experienceVersionIdOrName: 'develop' })) as any;
  return { globals: v.globals, endpointDefaultCors: v.endpointDefaultCors, allowedCorsOrigins: v.allowedCorsOrigins, responseHeaders: v.responseHeaders };
}

async function setDevelopSettings(w: World): Promise<void> {
  await w.losant.experienceVersion.patch({ applicationId: APP_ID, experienceVersionIdOrName: 'develop', experienceVersion: UI_SETTINGS });
  expect(await developSettings(w)).toMatchObject(UI_SETTINGS);
}

describe("a folder that never synced develop's settings", () => {
  it("lxp init's folder, deployed to an application with settings, leaves them alone (README quick start)", async () => {
    const world = await openWorld();
    await setDevelopSettings(world);
    const init = await runLxp(['init', 'fresh'], { cwd: world.root, env: world.env });
    expect(init.code, init.stderr).toBe(0);
    const dir = path.join(world.root, 'fresh');

    // A page made in the UI with the template's name: the folder's replaces it, and status says so first (README, Quick start).
    await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'home', viewType: 'page', body: '<p>made in the UI</p>' } });
    const status = await runLxp(['status', '--json'], { cwd: dir, env: world.env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.changes.filter((c: any) => c.resource === 'settings')).toEqual([]);
    const text = await runLxp(['status'], { cwd: dir, env: world.env });
    expect(text.stdout).toMatch(/^ {2}never synced {6}page {6}"home" {2}pages\/home\.hbs {2}\(no sync record with this target: deploy replaces develop's description, layout, body with the folder's; pull --force takes develop's\)$/m);

    const deploy = await runLxp(['deploy', '--json'], { cwd: dir, env: world.env });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes.map((c: any) => `${c.action} ${c.resource} ${c.name}`).sort()).toEqual([
      'create endpoint home',
      'create view footer',
      'create view header',
      'create view main',
      'update view home',
    ]);
    expect(await developSettings(world)).toMatchObject(UI_SETTINGS);
    const after = await runLxp(['status', '--exit-code'], { cwd: dir, env: world.env });
    expect(after.code, after.stdout).toBe(0);
  });

  // Review 9 H1 refused this deploy (two endpoints GET /); review 11 R22: the README promises the first
  // deploy replaces develop's, and Losant keeps one endpoint per route — the template's keyed entry takes it.
  it("init's endpoint at / on an application whose GET / was made in the UI: taken by the first deploy, its id kept", async () => {
    const world = await openWorld();
    const start = (await world.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'start', viewType: 'page', body: 'x' } })).id as string;
    const ep = (await world.losant.experienceEndpoints.post({ applicationId: APP_ID, experienceEndpoint: { route: '/', method: 'get', access: 'public', staticReply: { type: 'page', value: start } } })).id as string;
    expect((await runLxp(['init', 'fresh'], { cwd: world.root, env: world.env })).code).toBe(0);
    const dir = path.join(world.root, 'fresh');
    const status = await runLxp(['status'], { cwd: dir, env: world.env });
    expect(status.stdout).toMatch(/never synced +endpoint +"home"/);
    expect(status.stdout).toContain(`takes develop's endpoint GET / made in Losant (id ${ep})`);
    const deploy = await runLxp(['deploy'], { cwd: dir, env: world.env });
    expect(deploy.code, deploy.stderr).toBe(0);
    const items = (await world.losant.experienceEndpoints.get({ applicationId: APP_ID })).items as { id: string; route: string; method: string; endpointTags?: Record<string, string> }[];
    const roots = items.filter((e) => e.route === '/' && e.method === 'get');
    expect(roots.map((e) => [e.id, e.endpointTags?.['lxp-key']])).toEqual([[ep, 'home']]);
  });

  it('are "never synced" in status and the plan (not "changed locally"); once synced, an edit is "changed locally"', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    await setDevelopSettings(world);
    const env = world.env;
    const cwd = world.dir;

    const status = await runLxp(['status'], { cwd, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      /^ {2}never synced {6}settings {2}"develop" {2}experience\.yaml:1 {2}\(no sync record with this target: deploy replaces develop's cors, globals, notFound, responseHeaders with the folder's; pull --force takes develop's\)$/m,
    );
    expect(status.stdout).not.toMatch(/changed locally/);
    const json = await runLxp(['status', '--json'], { cwd, env });
    // --json keeps the kind (deploy still treats the folder as the truth) and says it was never synced.
    expect(json.json.changes.find((c: any) => c.resource === 'settings')).toMatchObject({ kind: 'changed-local', action: 'update', neverSynced: true });

    const dry = await runLxp(['deploy', '--dry-run'], { cwd, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/~ update {3}settings {2}"develop" {2}\(experience\.yaml:1: never synced with this target: replaces develop's cors, globals, notFound, responseHeaders with the folder's\)/);

    const pull = await runLxp(['pull', '--dry-run'], { cwd, env });
    expect(pull.stdout).toMatch(/\. skip {5}settings {2}"develop" {2}\(experience\.yaml:1: never synced with this target: the folder's kept, develop's cors, globals, notFound, responseHeaders differ \(pull --force takes develop's\)\)/);

    expect((await runLxp(['deploy'], { cwd, env })).code).toBe(0);
    await writeFile(path.join(cwd, 'experience.yaml'), 'globals: [{ key: brandColor, value: "#f00" }]\n');
    const edited = await runLxp(['status'], { cwd, env });
    expect(edited.stdout).toMatch(/^ {2}changed locally {3}settings {2}"develop" {2}experience\.yaml:1$/m);
    expect(edited.stdout).not.toMatch(/never synced/);
  });
});

// Review 6 M1: the one rule the docs' table states (docs/commands.md, "Never synced or conflict").
describe('a file and a remote view that differ with no sync record of that view', () => {
  it('are a conflict once the folder has finished a whole-folder sync (the whole pull refused, a narrowed one not), "never synced" in a fresh folder', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const run = (args: string[]) => runLxp([...args, '--dir', w.dir], { cwd: w.root, env: w.env });
    expect((await run(['deploy'])).code).toBe(0);
    await writeFile(path.join(w.dir, 'pages/contact.hbs'), '<p>my local contact</p>\n');
    await w.losant.experienceViews.post({ applicationId: APP_ID, experienceView: { name: 'contact', viewType: 'page', body: '<p>remote contact</p>\n' } });
    const home = (await w.remoteViews()).find((v) => v.name === 'home')!;
    await w.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: home.id, experienceView: { body: '<p>home, edited in the UI</p>\n' } });

    const pull = await run(['pull', '--json']);
    expect(pull.code).toBe(3);
    expect(pull.json.changes.filter((c: any) => c.action === 'conflict').map((c: any) => [c.name, c.error])).toEqual([['contact', expect.stringMatching(/^on both sides with different content and no sync record/)]]);
    const readHome = () => readFile(path.join(w.dir, 'pages/home.hbs'), 'utf8');
    expect(await readHome()).not.toMatch(/edited in the UI/); // the whole pull wrote nothing
    expect((await run(['deploy', '--dry-run'])).code).toBe(3);
    const narrowed = await run(['pull', 'pages/home.hbs']);
    expect(narrowed.code, narrowed.output).toBe(0);
    expect(await readHome()).toMatch(/edited in the UI/);

    // Without .lxp/ the folder is fresh: the same two files are "never synced", and pull keeps the file.
    await rm(path.join(w.dir, '.lxp'), { recursive: true, force: true });
    const status = await run(['status', '--json']);
    expect(status.json.changes.find((c: any) => c.name === 'contact')).toMatchObject({ kind: 'changed-local', neverSynced: true });
    const fresh = await run(['pull', '--dry-run', '--json']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.json.changes.find((c: any) => c.name === 'contact')).toMatchObject({ action: 'skip' });
  });
});

// Review 7 H2: a pull of develop's default settings recorded the kind with no settings record in
// it; the folder then declaring settings (as experience.yaml's template says to) was called a
// conflict (exit 3 on every deploy and release). Then it was "never synced" — untrue, the pull had
// seen develop's settings, and a deploy settled it by replacing whatever was edited in Losant since.
// Now the run that saw the defaults records them (src/sync/default-settings.ts): settings declared
// afterwards are "changed locally" while develop still has the defaults, and a conflict once develop
// was edited in Losant too.
describe("settings declared after a pull that found develop's defaults", () => {
  it('are "changed locally" after deploy+pull and in an init --from folder, and deploy sends them', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const run = (args: string[], cwd = w.dir) => runLxp(args, { cwd, env: w.env });
    expect((await run(['deploy'])).code).toBe(0);
    expect((await run(['pull'])).code).toBe(0);
    const init = await run(['init', 'copy', '--from', 'env'], w.root);
    expect(init.code, init.stderr).toBe(0);
    const copy = path.join(w.root, 'copy');
    const declare = (dir: string, value: string) => writeFile(path.join(dir, 'experience.yaml'), `globals:\n  - key: site\n    value: ${value}\n`);

    for (const dir of [w.dir, copy]) {
      await declare(dir, 'S');
      const status = await run(['status', '--json'], dir);
      expect(status.code, status.stderr).toBe(0);
      const settings = status.json.changes.find((c: any) => c.resource === 'settings');
      expect(settings).toMatchObject({ kind: 'changed-local', action: 'update' });
      expect(settings.neverSynced).toBeUndefined();
    }
    const deploy = await run(['deploy', '--json']);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect((await developSettings(w)).globals).toEqual([{ key: 'site', json: '"S"' }]);
    // Once synced, the settings follow their record: an edit is "changed locally".
    await declare(w.dir, 'T');
    expect((await run(['status', '--json'])).json.changes.find((c: any) => c.resource === 'settings')).toMatchObject({ kind: 'changed-local', action: 'update' });
    expect((await run(['status', '--json'])).json.changes.find((c: any) => c.resource === 'settings').neverSynced).toBeUndefined();
  });

  it('edited in Losant after that pull, and declared in the folder: a conflict, not "never synced" — no deploy replaces the edit unasked', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const run = (args: string[]) => runLxp(args, { cwd: w.dir, env: w.env });
    expect((await run(['deploy'])).code).toBe(0);
    expect((await run(['pull'])).code).toBe(0);
    expect(await readFile(path.join(w.dir, 'experience.yaml'), 'utf8').catch(() => '')).not.toMatch(/responseHeaders|globals/);
    // A teammate adds a header in the Losant UI; the folder leaves settings alone meanwhile…
    await w.losant.experienceVersion.patch({ applicationId: APP_ID, experienceVersionIdOrName: 'develop', experienceVersion: { responseHeaders: { 'x-frame-options': 'DENY' } } });
    expect((await run(['status', '--json'])).json.changes.filter((c: any) => c.resource === 'settings' && c.kind !== 'new-remote')).toEqual([]);
    // …then declares a global.
    await writeFile(path.join(w.dir, 'experience.yaml'), 'globals:\n  - key: site\n    value: S\n');
    const status = await run(['status']);
    expect(status.stdout).toMatch(/conflict +settings +"develop" +experience\.yaml:1\n +local: changed; remote: changed [^;]+; fields that differ: globals, responseHeaders/);
    expect(status.stdout).not.toMatch(/never synced/);
    const deploy = await run(['deploy']);
    expect(deploy.code, deploy.output).toBe(3);
    expect((await developSettings(w)).responseHeaders).toEqual({ 'x-frame-options': 'DENY' });
    // The usual ways out: take develop's side (the header joins the file), or keep the folder's with --force.
    const pulled = await run(['pull', '--force']);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await readFile(path.join(w.dir, 'experience.yaml'), 'utf8')).toMatch(/x-frame-options: DENY/);
  });

  it('still new to a folder that declares none: a pull writes an edit made in Losant into experience.yaml', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const run = (args: string[]) => runLxp(args, { cwd: w.dir, env: w.env });
    expect((await run(['deploy'])).code).toBe(0);
    expect((await run(['pull'])).code).toBe(0);
    await w.losant.experienceVersion.patch({ applicationId: APP_ID, experienceVersionIdOrName: 'develop', experienceVersion: { responseHeaders: { 'x-frame-options': 'DENY' } } });
    const pulled = await run(['pull']);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await readFile(path.join(w.dir, 'experience.yaml'), 'utf8')).toMatch(/x-frame-options: DENY/);
    expect((await run(['status', '--exit-code'])).code).toBe(0);
  });
});
