// End-to-end: endpoints, groups, develop's settings and slugs through status / deploy / pull,
// against the local server over loopback; losant-rest sets up and reads back.
import { describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, snapshot, useWorlds, type World } from './helpers.js';
import { ENDPOINTS, GROUPS, writeExperience } from './resources.fixtures.js';
import { makeExperience } from '../harness/folder.js';
import { besidesViewList } from '../harness/server.js';

const openWorld = useWorlds();

const writesSince = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');

async function remote(w: World) {
  const applicationId = w.server.applicationId;
  const [endpoints, groups, develop, slugs, views] = await Promise.all([
    w.losant.experienceEndpoints.get({ applicationId }),
    w.losant.experienceGroups.get({ applicationId, perPage: 1000 }),
    w.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' }),
    w.losant.experienceSlugs.get({ applicationId }),
    w.remoteViews(),
  ]);
  return { endpoints: endpoints.items as any[], groups: groups.items as any[], develop, slugs: slugs.items as any[], views };
}

describe('deploy and pull of endpoints, groups, settings and slugs', () => {
  it('one wording for every summary: status --exit-code\'s message counts what the text counts, and both kinds of invalid file end with the same lxp: line', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await writeFile(path.join(world.dir, 'pages/home.hbs'), '<p>changed</p>\n');
    const text = await lxp(world, 'status', { exitCode: true });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^1 resource differs, \d+ in sync$/m);
    const json = await lxp(world, 'status', { exitCode: true, json: true });
    expect(json.json.error).toEqual({ code: 'differences', message: '1 resource differs from develop' });

    // A bad view file (found while reading the folder) and a bad YAML entry (found with the other kinds).
    const before = (await world.requests()).length;
    await writeFile(path.join(world.dir, 'pages/bad.hbs'), '---\nlayout: nope\n---\nx\n');
    const views = await lxp(world, 'deploy');
    expect(views.code).toBe(2);
    await rm(path.join(world.dir, 'pages/bad.hbs'));
    await writeFile(path.join(world.dir, 'endpoints.yaml'), `${await readFile(path.join(world.dir, 'endpoints.yaml'), 'utf8')}- route: /zz\n  bogus: 1\n`);
    const yaml = await lxp(world, 'deploy');
    expect(yaml.code).toBe(2);
    for (const run of [views, yaml]) expect(run.stderr.trim().split('\n').pop()).toBe('lxp: 1 problem in the folder; nothing was written');
    expect(await writesSince(world, before)).toEqual([]);
  });

  it('every problem at once: a bad view and bad YAML entries are named together by status, diff, deploy and pull, before any request but the read of the views sent ahead', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    await writeFile(path.join(world.dir, 'pages/bad.hbs'), '---\nlayout: nope\n---\nx\n');
    await writeFile(path.join(world.dir, 'endpoints.yaml'), `${await readFile(path.join(world.dir, 'endpoints.yaml'), 'utf8')}- route: /zz\n  bogus: 1\n`);
    await writeFile(path.join(world.dir, 'experience.yaml'), `${await readFile(path.join(world.dir, 'experience.yaml'), 'utf8')}bogus: 1\n`);
    const before = (await world.requests()).length;
    for (const command of ['status', 'diff', 'deploy', 'pull'] as const) {
      const r = await lxp(world, command, { json: true });
      expect(r.code, command).toBe(2);
      // A layout the folder lacks stops what sends the folder, not a pull (which brings develop's).
      const files = command === 'pull' ? ['endpoints.yaml', 'experience.yaml'] : ['endpoints.yaml', 'experience.yaml', 'pages/bad.hbs'];
      expect(r.json, command).toMatchObject({ target: null, outcome: 'invalid', error: { code: 'invalid-folder', message: `${files.length} problems in the folder; nothing was written` } });
      expect(r.json.issues.map((i: { file: string }) => i.file).sort(), command).toEqual(files);
    }
    expect(besidesViewList((await world.requests()).slice(before))).toEqual([]);
  });

  it('deploys every kind, reads back every field, then a second deploy writes nothing and a pull changes no file', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    const first = await lxp(world, 'deploy', { json: true });
    expect(first.code, first.stderr).toBe(0);
    const byResource = (r: string) => first.json.changes.filter((c: any) => c.resource === r).map((c: any) => [c.action, c.name, c.status]);
    expect(byResource('group')).toEqual([
      ['create', 'Customer 1', 'done'],
      ['create', 'Customers', 'done'],
      ['create', 'Operators', 'done'],
    ]);
    expect(byResource('endpoint')).toEqual([
      ['create', 'GET /', 'done'],
      ['create', 'POST /api/data', 'done'],
      ['create', 'device-detail', 'done'],
    ]);
    expect(byResource('settings')).toEqual([['update', 'develop', 'done']]);
    expect(byResource('slug')).toEqual([['create', 'my-app-staging', 'done']]);

    const r = await remote(world);
    const page = (name: string) => r.views.find((v) => v.name === name && v.viewType === 'page')!.id;
    const group = (name: string) => r.groups.find((g) => g.name === name)!;
    expect(group('Customer 1').parentId).toBe(group('Customers').id);
    expect(group('Customer 1').deviceTags).toEqual([{ key: 'site', value: 's1' }]);
    expect(group('Customers').description).toBe('All customers');
    expect(group('Operators').groupTags).toEqual({ 'lxp-managed': 'true' });
    const detail = r.endpoints.find((e) => e.route === '/devices/{deviceId}')!;
    expect(detail).toMatchObject({
      method: 'get',
      access: 'group',
      description: 'Device detail',
      enabled: true,
      endpointTags: { area: 'devices', 'lxp-managed': 'true', 'lxp-key': 'device-detail' },
      staticReply: { type: 'page', value: page('about'), statusCode: 200 },
      unauthorizedReply: { type: 'redirect', value: '/login' },
    });
    expect(detail.experienceGroups.map((g: any) => g.id)).toEqual([group('Operators').id]);
    expect(r.endpoints.find((e) => e.route === '/')!.staticReply).toEqual({ type: 'page', value: page('home') });
    expect(r.endpoints.find((e) => e.route === '/api/data')!).toMatchObject({ method: 'post', access: 'public' });
    expect(r.develop).toMatchObject({
      globals: [
        { key: 'brandColor', json: '"#0af"' },
        { key: 'features', json: '{"alerts":true}' },
      ],
      endpointDefaultCors: true,
      allowedCorsOrigins: ['https://example.com'],
      notFoundReply: { type: 'page', value: page('home'), statusCode: 404 },
      responseHeaders: { 'x-frame-options': 'DENY' },
    });
    expect(r.slugs.find((s) => s.slug === 'my-app-staging')).toMatchObject({ version: 'develop' });

    const before = (await world.requests()).length;
    const second = await lxp(world, 'deploy', { json: true });
    expect(second.code, second.stderr).toBe(0);
    expect(await writesSince(world, before)).toEqual([]);
    // One list per kind (views, endpoints, groups, develop, slugs), concurrently.
    const lists = (await world.requests()).slice(before).map((l) => l.path.replace(/\?.*/, '').replace(/^.*\/experience\//, ''));
    expect(lists.sort()).toEqual(['endpoints', 'groups', 'slugs', 'versions/develop', 'views']);

    const files = await snapshot(world.dir);
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: any) => c.action === 'write' || c.action === 'remove')).toEqual([]);
    expect(await snapshot(world.dir)).toEqual(files);

    const status = await lxp(world, 'status', { exitCode: true });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('Everything in sync');
  });

  it('pull into an empty folder writes the three files; deploying them again writes nothing', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const fresh = await makeExperience(world.root, {}, { name: 'fresh' });
    const other = { ...world, dir: fresh } as World;
    const pulled = await lxp(other, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    const endpoints = await readFile(path.join(fresh, 'endpoints.yaml'), 'utf8');
    expect(endpoints).toContain('key: device-detail');
    expect(await readFile(path.join(fresh, 'groups.yaml'), 'utf8')).toContain('Customer 1');
    expect(await readFile(path.join(fresh, 'experience.yaml'), 'utf8')).toContain('my-app-staging');
    // Entries hold only what differs from the defaults, as a person writes them: no `method: get`.
    expect(endpoints).toMatch(/^- route: \/\n {2}reply:/m);
    expect(endpoints).not.toContain('method: get');
    expect(endpoints).toMatch(/^- route: \/api\/data\n {2}method: post$/m);
    await rm(path.join(fresh, '.lxp'), { recursive: true, force: true });
    const before = (await world.requests()).length;
    const again = await lxp(other, 'deploy', { json: true });
    expect(again.code, again.stderr).toBe(0);
    expect(await writesSince(world, before)).toEqual([]);
  });
});

const idOf = (list: any[], pick: (x: any) => boolean) => list.find(pick)?.id as string | undefined;

describe('identity survives edits', () => {
  it('editing a route, method or access updates the endpoint (id kept), with .lxp/ and from a fresh clone without it', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const before = await remote(world);
    const keyed = idOf(before.endpoints, (e) => e.route === '/devices/{deviceId}')!;
    const plain = idOf(before.endpoints, (e) => e.route === '/api/data')!;

    // With .lxp/: a keyless endpoint's route and method change, a keyed one's route and access.
    await writeFile(
      path.join(world.dir, 'endpoints.yaml'),
      ENDPOINTS.replace('- route: /api/data\n  method: post', '- route: /api/values\n  method: put').replace('/devices/{deviceId}\n  access: group', '/device/{id}\n  access: authenticated'),
    );
    const edit = await lxp(world, 'deploy', { json: true });
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.json.changes.filter((c: any) => c.resource === 'endpoint').map((c: any) => [c.action, c.fromName, c.name])).toEqual([
      ['rename', 'POST /api/data', 'PUT /api/values'],
      ['update', undefined, 'device-detail'],
    ]);
    let after = await remote(world);
    expect(idOf(after.endpoints, (e) => e.route === '/device/{id}' && e.access === 'authenticated')).toBe(keyed);
    expect(idOf(after.endpoints, (e) => e.route === '/api/values' && e.method === 'put')).toBe(plain);
    expect(after.endpoints).toHaveLength(3);

    // A fresh clone (no .lxp/): the key recorded on the endpoint finds it; the keyless one pairs
    // because nothing but its route changed.
    await rm(path.join(world.dir, '.lxp'), { recursive: true, force: true });
    await writeFile(
      path.join(world.dir, 'endpoints.yaml'),
      ENDPOINTS.replace('- route: /api/data\n  method: post', '- route: /api/v2/values\n  method: put').replace('/devices/{deviceId}\n  access: group', '/d/{id}\n  access: public\n  enabled: false'),
    );
    const fresh = await lxp(world, 'deploy', { json: true });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.json.plan.fresh).toBe(true);
    after = await remote(world);
    expect(idOf(after.endpoints, (e) => e.route === '/d/{id}' && e.enabled === false && e.access === 'public')).toBe(keyed);
    expect(idOf(after.endpoints, (e) => e.route === '/api/v2/values')).toBe(plain);
    expect(after.endpoints).toHaveLength(3);
    expect(fresh.json.changes.filter((c: any) => ['create', 'delete'].includes(c.action))).toEqual([]);
  });

  it('a group with users that --prune deletes says so on its plan line: its users lose the membership (review 6, L6)', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;
    const ui = (await world.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'UIGroup' } })) as { id: string };
    await world.losant.experienceUsers.post({ applicationId, experienceUser: { email: 'g1@example.com', password: 'password1', experienceGroupIds: [ui.id] } });
    const kept = await lxp(world, 'deploy', { json: true, dryRun: true });
    expect(kept.json.changes.find((c: any) => c.name === 'UIGroup')).toMatchObject({ action: 'skip', reason: 'not from this folder: left alone (deploy --prune deletes it)' });
    const pruned = await lxp(world, 'deploy', { json: true, dryRun: true, prune: true });
    expect(pruned.json.changes.find((c: any) => c.name === 'UIGroup')).toMatchObject({ action: 'delete', reason: 'has 1 user, who loses this membership (the users stay)' });
    const text = await lxp(world, 'deploy', { dryRun: true, prune: true });
    expect(text.stdout).toMatch(/- delete\s+group\s+"UIGroup"\s+\(groups\.yaml: has 1 user, who loses this membership \(the users stay\)\)/);
    // A release's dry run lists the same write with the same words (review 6b, L-a).
    const { runLxp } = await import('../harness/cli.js');
    const release = await runLxp(['release', 'v9', '--dry-run', '--prune', '--dir', world.dir], { cwd: world.root, env: world.env });
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toMatch(/- delete\s+group\s+"UIGroup"\s+groups\.yaml \(has 1 user, who loses this membership \(the users stay\)\)/);
    const releaseJson = await runLxp(['release', 'v9', '--dry-run', '--prune', '--json', '--dir', world.dir], { cwd: world.root, env: world.env });
    expect(releaseJson.json.deploy.report.writes.find((w: any) => w.name === 'UIGroup')).toMatchObject({ action: 'delete', reason: 'has 1 user, who loses this membership (the users stay)' });
  });

  it('renaming a group keeps its id and its users; children and endpoints naming it get no request', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;
    const groups = (await remote(world)).groups;
    const customers = idOf(groups, (g) => g.name === 'Customers')!;
    const operators = idOf(groups, (g) => g.name === 'Operators')!;
    const user = await world.losant.experienceUsers.post({
      applicationId,
      experienceUser: { email: 'ann@example.com', password: 'password1', experienceGroupIds: [customers, operators] },
    });

    await writeFile(path.join(world.dir, 'groups.yaml'), GROUPS.replace('name: Customers', 'name: Clients').replace('name: Operators', 'name: Staff'));
    await writeFile(path.join(world.dir, 'endpoints.yaml'), ENDPOINTS.replace('groups: [Operators]', 'groups: [Staff]'));
    const before = (await world.requests()).length;
    const renamed = await lxp(world, 'deploy', { json: true });
    expect(renamed.code, renamed.stderr).toBe(0);
    const sent = (await world.requests()).slice(before).filter((r) => r.method !== 'GET');
    expect(sent.map((r) => `${r.method} ${r.path.replace(/^.*\/experience\//, '')}`).sort()).toEqual([`PATCH groups/${customers}`, `PATCH groups/${operators}`]);
    const after = await remote(world);
    expect(after.groups.find((g) => g.id === customers)!.name).toBe('Clients');
    expect(after.groups.find((g) => g.id === operators)!.name).toBe('Staff');
    expect(after.groups.find((g) => g.name === 'Customer 1')!.parentId).toBe(customers);
    const back = await world.losant.experienceUser.get({ applicationId, experienceUserId: user.id });
    expect([...back.experienceGroups.map((g: any) => g.id)].sort()).toEqual([customers, operators].sort());
    expect(after.groups.find((g) => g.id === customers)!.experienceUserIds).toEqual([user.id]);

    // Deploying groups never touches a group's users, nor its devices when the file does not list them;
    // pull writes neither.
    const devices = ['5f0c0ffee0ddba11cafe00d1', '5f0c0ffee0ddba11cafe00d2'];
    await world.losant.experienceGroup.patch({ applicationId, experienceGroupId: customers, experienceGroup: { deviceIds: devices } });
    await writeFile(path.join(world.dir, 'groups.yaml'), '- name: Clients\n  description: changed\n  children:\n    - name: Customer 1\n      deviceTags: [{ key: site, value: s1 }]\n- name: Staff\n');
    await writeFile(path.join(world.dir, 'endpoints.yaml'), ENDPOINTS.replace('groups: [Operators]', 'groups: [Staff]'));
    const updated = await lxp(world, 'deploy', { json: true });
    expect(updated.code, updated.stderr).toBe(0);
    expect((await world.losant.experienceUser.get({ applicationId, experienceUserId: user.id })).experienceGroups).toHaveLength(2);
    expect(updated.json.changes.find((c: any) => c.name === 'Clients')).toMatchObject({ action: 'update', status: 'done' });
    expect((await remote(world)).groups.find((g) => g.id === customers)!.deviceIds).toEqual(devices);
    expect((await lxp(world, 'pull')).code).toBe(0);
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).not.toMatch(/deviceIds|ann@example|experienceUser/);
    await writeFile(path.join(world.dir, 'groups.yaml'), '- name: Staff\n');
    const kept = await lxp(world, 'deploy', { json: true });
    expect(kept.code, kept.stderr).toBe(0);
    const clients = kept.json.changes.find((c: any) => c.name === 'Clients');
    expect(clients).toMatchObject({ action: 'skip', reason: expect.stringMatching(/has 1 user.*--prune/) });
    expect(kept.json.changes.find((c: any) => c.name === 'Customer 1')).toMatchObject({ action: 'delete', status: 'done' });
    expect((await remote(world)).groups.map((g) => g.name).sort()).toEqual(['Clients', 'Staff']);
    const pruned = await lxp(world, 'deploy', { json: true, prune: true });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect((await remote(world)).groups.map((g) => g.name)).toEqual(['Staff']);
  });

  it('a remote edit of an endpoint is a conflict: exit 3, nothing written; --force takes the folder', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;
    const id = idOf((await remote(world)).endpoints, (e) => e.route === '/')!;
    await world.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: id, experienceEndpoint: { description: 'edited in the UI' } });
    await writeFile(path.join(world.dir, 'endpoints.yaml'), ENDPOINTS.replace('- route: /\n', '- route: /\n  description: edited here\n'));
    const files = await snapshot(world.dir);
    const before = (await world.requests()).length;
    const refused = await lxp(world, 'deploy', { json: true });
    expect(refused.code).toBe(3);
    expect(refused.json.error.code).toBe('conflicts');
    expect(refused.json.changes.find((c: any) => c.action === 'conflict')).toMatchObject({ resource: 'endpoint', name: 'GET /', file: 'endpoints.yaml', line: 2 });
    expect(await writesSince(world, before)).toEqual([]);
    const pullRefused = await lxp(world, 'pull', { json: true });
    expect(pullRefused.code).toBe(3);
    expect(await snapshot(world.dir)).toEqual(files);
    const status = await lxp(world, 'status');
    expect(status.stdout).toMatch(/conflict\s+endpoint\s+"GET \/"\s+endpoints\.yaml:2/);
    expect(status.stdout).toMatch(/fields that differ: description/);
    // diff: the entry as YAML, develop's (remote/) against the folder's (local/).
    const diff = await lxp(world, 'diff', {}, ['endpoints.yaml']);
    expect(diff.stdout).toContain('--- remote/endpoints.yaml (endpoint GET /)');
    expect(diff.stdout).toContain('+++ local/endpoints.yaml (endpoint GET /)');
    expect(diff.stdout).toMatch(/^-description: edited in the UI$/m);
    expect(diff.stdout).toMatch(/^\+description: edited here$/m);
    const forced = await lxp(world, 'deploy', { json: true, force: true });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await remote(world)).endpoints.find((e) => e.id === id)!.description).toBe('edited here');
  });

  it('a route clash and an unknown page are refused before any request but the read of the views sent ahead, every problem with file:line', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, {
      endpoints: '- route: /devices/{deviceId}\n- route: /devices/{userId}\n- route: /x\n  reply: { page: nope }\n- route: /y\n  groups: [Nobody]\n',
    });
    const before = (await world.requests()).length;
    const refused = await lxp(world, 'deploy', { json: true });
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('invalid-folder');
    const issues = refused.json.issues.map((i: any) => `${i.file}:${i.line}`);
    expect(issues).toEqual(expect.arrayContaining(['endpoints.yaml:1', 'endpoints.yaml:2', 'endpoints.yaml:4', 'endpoints.yaml:6']));
    expect(refused.json.issues.some((i: any) => /clashes with/.test(i.message))).toBe(true);
    expect(refused.json.issues.some((i: any) => /no page named "nope"/.test(i.message))).toBe(true);
    expect(besidesViewList((await world.requests()).slice(before))).toEqual([]);

    // Without groups.yaml the target's groups count: a group it lacks is refused after the lists, before any write.
    await rm(path.join(world.dir, 'groups.yaml'));
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n- route: /y\n  access: group\n  groups: [Nobody]\n');
    const unknown = await lxp(world, 'deploy', { json: true });
    expect(unknown.code).toBe(2);
    expect(unknown.json.issues).toEqual([{ file: 'endpoints.yaml', line: 3, message: expect.stringMatching(/names the group "Nobody", which the target does not have and this deploy does not create/) }]);
    expect((await world.requests()).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('narrowing and ignoring', () => {
  it('paths narrow a run to one file (endpoints.yaml, groups.yaml, experience.yaml); .lxpignore leaves a file alone on both sides', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    // Only the groups: no view, endpoint or setting is sent.
    const groups = await lxp(world, 'deploy', { json: true }, ['groups.yaml']);
    expect(groups.code, groups.stderr).toBe(0);
    expect([...new Set(groups.json.changes.map((c: any) => c.resource))]).toEqual(['group']);
    expect(groups.json.plan.scoped).toBe(true);
    expect((await remote(world)).endpoints).toEqual([]);
    // experience.yaml alone cannot go first either (its settings reply with pages not on the target
    // yet): status refuses it as deploy does (review 10b, F14).
    const status = await lxp(world, 'status', { json: true }, ['experience.yaml']);
    expect(status.code, status.stdout).toBe(2);
    expect(status.json.issues).toEqual([expect.objectContaining({ file: 'experience.yaml', message: expect.stringMatching(/names the page "\w+", which the target does not have and this deploy does not create/) })]);
    // Endpoints alone cannot go first: the pages they reply with are not on the target yet.
    const alone = await lxp(world, 'deploy', { json: true, dryRun: true }, ['endpoints.yaml']);
    expect(alone.code).toBe(2);
    expect(alone.json.issues.map((i: any) => i.line)).toEqual([2, 4]);
    const dry = await lxp(world, 'deploy', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.changes.filter((c: any) => c.resource === 'endpoint').map((c: any) => [c.action, c.status])).toEqual([
      ['create', 'planned'],
      ['create', 'planned'],
      ['create', 'planned'],
    ]);
    expect((await remote(world)).endpoints).toEqual([]);
    const typo = await lxp(world, 'status', {}, ['endpoint.yaml']);
    expect(typo.code).toBe(2);

    // groups.yaml ignored: deploy leaves the groups alone, pull never writes the file.
    await writeFile(path.join(world.dir, '.lxpignore'), 'groups.yaml\n');
    await writeFile(path.join(world.dir, 'groups.yaml'), '- name: Operators\n');
    const all = await lxp(world, 'deploy', { json: true });
    expect(all.code, all.stderr).toBe(0);
    expect(all.json.changes.filter((c: any) => c.resource === 'group')).toEqual([]);
    expect((await remote(world)).groups.map((g) => g.name).sort()).toEqual(['Customer 1', 'Customers', 'Operators']);
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).toBe('- name: Operators\n');
  });
});
