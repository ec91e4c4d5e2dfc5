// lxp init --from <target> and --bootstrap: a folder made from an application, against the local
// server; afterwards status finds everything in sync and deploy writes nothing.
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, useWorlds } from './helpers.js';
import { runLxp } from '../harness/cli.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const exists = (p: string) => stat(p).then(() => true, () => false);

describe('lxp init --from', () => {
  it('pulls views, endpoints, groups and settings into a new folder with its config; then everything is in sync', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await runLxp(['deploy', '--dir', world.dir], { cwd: world.root, env: world.env })).code).toBe(0);

    const init = await runLxp(['init', 'copy', '--from', 'env', '--json'], { cwd: world.root, env: world.env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json).toMatchObject({ command: 'init', outcome: 'created', from: 'env', created: ['.gitignore', '.lxpignore', 'lxp.config.json'] });
    const copy = path.join(world.root, 'copy');
    expect(await listFiles(copy)).toEqual([
      '.gitignore',
      '.lxpignore',
      'components/header.hbs',
      'endpoints.yaml',
      'experience.yaml',
      'groups.yaml',
      'layouts/main.hbs',
      'lxp.config.json',
      'pages/about.hbs',
      'pages/api/data.hbs',
      'pages/home.hbs',
    ]);
    expect(await readFile(path.join(copy, 'endpoints.yaml'), 'utf8')).toContain('key: device-detail');
    // The pulled YAML files' editor directives lead to schemas that exist, as lxp.config.json's
    // "$schema" does (no node_modules/lxp here: the running lxp's own copy).
    const config = JSON.parse(await readFile(path.join(copy, 'lxp.config.json'), 'utf8'));
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) {
      const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(await readFile(path.join(copy, f), 'utf8'))?.[1];
      expect(ref, f).toBe(path.posix.join(path.posix.dirname(config.$schema), f.replace('.yaml', '.schema.json')));
      expect(await exists(path.resolve(copy, ref!)), ref).toBe(true);
    }
    const before = (await world.requests()).length;
    const status = await runLxp(['status', '--exit-code'], { cwd: copy, env: world.env });
    expect(status.code, status.stdout).toBe(0);
    expect((await runLxp(['deploy'], { cwd: copy, env: world.env })).code).toBe(0);
    expect((await world.requests()).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('--application-id records the target in lxp.config.json (the token stays out of it)', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await runLxp(['deploy', '--dir', world.dir], { cwd: world.root, env: world.env })).code).toBe(0);
    const env = { PATH: process.env.PATH, HOME: world.root, NO_COLOR: '1', LOSANT_API_TOKEN: world.server.token };
    const init = await runLxp(['init', 'staging-site', '--from', 'staging', '--application-id', world.server.applicationId, '--api-url', world.server.url], { cwd: world.root, env });
    expect(init.code, init.stderr).toBe(0);
    const dir = path.join(world.root, 'staging-site');
    const config = JSON.parse(await readFile(path.join(dir, 'lxp.config.json'), 'utf8'));
    expect(config).toMatchObject({ defaultTarget: 'staging', targets: { staging: { applicationId: world.server.applicationId, apiUrl: world.server.url } } });
    expect(JSON.stringify(config)).not.toContain(world.server.token);
    expect((await runLxp(['status', '--exit-code'], { cwd: dir, env })).code).toBe(0);
  });

  it('the API it pulled from is recorded: LOSANT_API_URL without --api-url; --from env records no target (review 6, L5)', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await runLxp(['deploy', '--dir', world.dir], { cwd: world.root, env: world.env })).code).toBe(0);
    const env = { PATH: process.env.PATH, HOME: world.root, NO_COLOR: '1', LOSANT_API_TOKEN: world.server.token };
    const init = await runLxp(['init', 'mirror', '--from', 'staging', '--application-id', world.server.applicationId], { cwd: world.root, env: { ...env, LOSANT_API_URL: world.server.url } });
    expect(init.code, init.stderr).toBe(0);
    const dir = path.join(world.root, 'mirror');
    const config = JSON.parse(await readFile(path.join(dir, 'lxp.config.json'), 'utf8'));
    expect(config.targets.staging).toEqual({ applicationId: world.server.applicationId, apiUrl: world.server.url });
    // Later, without LOSANT_API_URL: the same API.
    expect((await runLxp(['status', '--exit-code'], { cwd: dir, env })).code).toBe(0);

    const named = await runLxp(['init', 'other', '--from', 'env', '--application-id', world.server.applicationId], { cwd: world.root, env: { ...env, LOSANT_API_URL: world.server.url } });
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/--from env reads the target from the environment \(LOSANT_APPLICATION_ID, LOSANT_API_URL\) and records none; to record a target, name it: --from staging --application-id …\. Nothing was written\./);
    expect(await exists(path.join(world.root, 'other'))).toBe(false);

    // Two APIs named at once (the environment would win for the pull, the flag be recorded): refused (review 6b, L-c).
    const two = await runLxp(['init', 'third', '--from', 'staging', '--application-id', world.server.applicationId, '--api-url', 'https://api.example.com'], { cwd: world.root, env: { ...env, LOSANT_API_URL: world.server.url } });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`--api-url https://api.example.com and LOSANT_API_URL=${world.server.url} name two APIs: give one`);
    expect(await exists(path.join(world.root, 'third'))).toBe(false);

    // The same for the application (review 11 R10): LOSANT_APPLICATION_ID would be pulled, --application-id recorded.
    const other = 'ab'.repeat(12);
    const apps = await runLxp(['init', 'fourth', '--from', 'staging', '--application-id', other, '--json'], {
      cwd: world.root,
      env: { ...env, LOSANT_API_URL: world.server.url, LOSANT_APPLICATION_ID: world.server.applicationId },
    });
    expect(apps.code, apps.stderr).toBe(2);
    expect(apps.json.error.message).toContain(`--application-id ${other} and LOSANT_APPLICATION_ID=${world.server.applicationId} name two applications`);
    expect(apps.json.error.message).toContain('Nothing was written.');
    expect(await exists(path.join(world.root, 'fourth'))).toBe(false);
  });

  it('a target it cannot use leaves nothing behind', async () => {
    const world = await openWorld();
    const bad = await runLxp(['init', 'nope', '--from', 'env', '--json'], { cwd: world.root, env: { ...world.env, LOSANT_API_TOKEN: 'wrong' } });
    expect(bad.code).toBe(2);
    expect(bad.json.error.code).toBe('token-refused');
    expect(await exists(path.join(world.root, 'nope'))).toBe(false);
    const unknown = await runLxp(['init', 'nope', '--from', 'staging'], { cwd: world.root, env: world.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown target "staging"/);
    expect(await exists(path.join(world.root, 'nope'))).toBe(false);
  });

  it('--force into a folder the pull would refuse: the problem printed, nothing written or sent (review 11 R8)', async () => {
    const world = await openWorld();
    const site = path.join(world.root, 'half');
    for (const [file, text] of [['endpoints.yaml', '- route: [\n'], ['pages', 'a file where the pages folder goes\n']] as const) {
      await rm(site, { recursive: true, force: true });
      await mkdir(site);
      await writeFile(path.join(site, file), text);
      const since = (await world.requests()).length;
      for (const json of [false, true]) {
        const r = await runLxp(['init', 'half', '--from', 'env', '--force', ...(json ? ['--json'] : [])], { cwd: world.root, env: world.env });
        expect(r.code, r.stderr).toBe(2);
        if (json) {
          expect(r.json).toMatchObject({ outcome: 'invalid', error: { code: 'invalid-folder' } });
          expect(r.json.issues).toEqual([expect.objectContaining({ file })]);
        } else {
          expect(r.stderr).toMatch(new RegExp(`lxp: 1 problem in .*half, which the pull would refuse; nothing was written or sent[^\\n]*\\n  ${file}`));
          expect(r.stdout).not.toContain('everything in sync');
        }
      }
      expect(await listFiles(site)).toEqual([file]);
      expect((await world.requests()).slice(since)).toEqual([]);
    }
  });

  it('--force over a view file develop has another copy of: the kept file named, not "everything in sync" (review 11 R1)', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await runLxp(['deploy', '--dir', world.dir], { cwd: world.root, env: world.env })).code).toBe(0);
    const site = path.join(world.root, 'mine');
    await mkdir(path.join(site, 'pages'), { recursive: true });
    await writeFile(path.join(site, 'pages/home.hbs'), '<p>my own home</p>\n');
    const r = await runLxp(['init', 'mine', '--from', 'env', '--force'], { cwd: world.root, env: world.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("The pull kept one of the folder's own files or entries, which differs from develop's (lxp status lists it):");
    expect(r.stdout).toMatch(/  pages\/home\.hbs  page "home": never synced with this target: the folder's kept \(pull --force takes develop's\)/);
    expect(r.stdout).toContain('lxp status    # the difference above');
    expect(r.stdout).not.toContain('everything in sync');
    // What it said: status lists it (a conflict, now that a whole pull is on record), and the way out works.
    const status = await runLxp(['status', '--json'], { cwd: site, env: world.env });
    expect(status.json.changes.map((c: { file: string }) => c.file)).toEqual(['pages/home.hbs']);
    expect((await runLxp(['pull', '--force', 'pages/home.hbs'], { cwd: site, env: world.env })).code).toBe(0);
    expect((await runLxp(['status', '--exit-code'], { cwd: site, env: world.env })).code).toBe(0);
  });

  it('a pull that refuses after the config files: its conflicts printed, no "everything in sync" (review 11 R8)', async () => {
    const world = await openWorld({ files: {} });
    expect((await runLxp(['init', 'bb'], { cwd: world.root, env: world.env })).code).toBe(0);
    // develop's endpoint at / has another key than the template's (home): a collision the pull refuses.
    await world.losant.experienceEndpoints.post({
      applicationId: world.server.applicationId,
      experienceEndpoint: { method: 'get', route: '/', endpointTags: { 'lxp-key': 'start' }, staticReply: { type: 'redirect', value: '/x' } },
    });
    const r = await runLxp(['init', 'bb', '--force', '--from', 'env'], { cwd: world.root, env: world.env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/conflict endpoint "start" \(endpoints\.yaml\): endpoints\.yaml would hold two endpoints GET \//);
    expect(r.stderr).toMatch(/lxp: the pull into the new folder did not finish: 2 conflicts/);
    expect(r.stdout).not.toContain('everything in sync');
    expect(r.stdout).toContain('what the pull left');
    const status = await runLxp(['status'], { cwd: path.join(world.root, 'bb'), env: world.env });
    expect(status.stdout).toContain('A pull into this folder did not finish');
  });
});

describe('lxp init --bootstrap', () => {
  it("creates Losant's starter experience on the target, pulls it, and never shows the starter user's password", async () => {
    const world = await openWorld();
    const init = await runLxp(['init', 'starter', '--bootstrap', '--target', 'env', '--json'], { cwd: world.root, env: world.env });
    expect(init.code, init.stderr).toBe(0);
    expect(Object.keys(init.json.bootstrap).sort()).toEqual(['email', 'resourceSuffix']);
    expect(init.json.bootstrap.email).toMatch(/^test\.user\.\w+@example\.com$/);
    expect(init.output).not.toMatch(/password/i);
    const dir = path.join(world.root, 'starter');
    const files = await listFiles(dir);
    expect(files).toEqual(expect.arrayContaining(['endpoints.yaml', 'groups.yaml', 'lxp.config.json']));
    expect(files.filter((f) => f.startsWith('pages/'))).toHaveLength(2);
    expect(await readFile(path.join(dir, 'endpoints.yaml'), 'utf8')).toMatch(/route: \/login/);
    expect((await runLxp(['status', '--exit-code'], { cwd: dir, env: world.env })).code).toBe(0);
    // A second bootstrap of the same application is refused by the API: nothing is created.
    const again = await runLxp(['init', 'again', '--bootstrap', '--target', 'env'], { cwd: world.root, env: world.env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already has views or endpoints/);
    expect(await exists(path.join(world.root, 'again'))).toBe(false);
  });
});
