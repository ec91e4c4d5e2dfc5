// Review 7 H3: something deleted in the Losant UI while develop still names it. (a) A group
// deleted in Losant (which drops it from the endpoints naming it and moves its children to the
// top) made every endpoint naming it and every child of it a false "changed locally" conflict.
// (b) A page deleted in Losant while develop's endpoints or settings still reply with it: pull
// removed the file and its record, left a folder no command accepts, and a later pull --force
// wrote the raw view id into the file. The folder's side compares by the sync record (as for a
// page deleted with its endpoint, review 6b); a pull keeps a page develop still names, and never
// writes an id as a name.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const FILES: Record<string, string> = {
  ...MAIN_AND_HOME,
  'pages/rp.hbs': '---\nlayout: main\n---\n<p>rp</p>\n',
  'pages/denied.hbs': '---\nlayout: main\n---\n<p>denied</p>\n',
  'pages/nf.hbs': '---\nlayout: main\n---\n<p>not found</p>\n',
};
const GROUPS = '- name: Operators\n- name: Viewers\n# parent team\n- name: Par\n  children:\n    # the kid team\n    - name: Kid   # keep\n      description: "kid"\n';
const ENDPOINTS = [
  '- route: /',
  '  reply: { page: home }',
  '  key: home',
  '- route: /ops',
  '  access: group',
  '  groups: [Operators, Viewers]   # who may see it',
  '  reply: { page: home }',
  '  key: ops',
  '- route: /rp',
  '  reply: { page: rp }',
  '  key: rp',
  '- route: /secret',
  '  access: authenticated',
  '  unauthorized: { page: denied, status: 403 }',
  '  key: secret',
  '',
].join('\n');
const EXPERIENCE = 'notFound: { page: nf, status: 404 }   # our 404 page\n';

async function setUp(): Promise<World> {
  const w = await openWorld({ files: FILES });
  await writeFile(path.join(w.dir, 'groups.yaml'), GROUPS);
  await writeFile(path.join(w.dir, 'endpoints.yaml'), ENDPOINTS);
  await writeFile(path.join(w.dir, 'experience.yaml'), EXPERIENCE);
  const deploy = await lxp(w, 'deploy');
  expect(deploy.code, deploy.output).toBe(0);
  expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  return w;
}

const differing = (json: any) => json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => `${c.resource}:${c.name}:${c.kind}:${c.action}`).sort();
const read = (w: World, f: string) => readFile(path.join(w.dir, f), 'utf8');

describe('a group deleted in Losant that the folder still names', () => {
  it('its endpoints and children are "changed remotely", not conflicts; pull takes it all', async () => {
    const w = await setUp();
    const applicationId = w.server.applicationId;
    const groups = (await w.losant.experienceGroups.get({ applicationId })).items as { id: string; name: string }[];
    for (const name of ['Viewers', 'Par']) await w.losant.experienceGroup.delete({ applicationId, experienceGroupId: groups.find((g) => g.name === name)!.id });

    const status = await lxp(w, 'status', { json: true });
    expect(differing(status.json)).toEqual(['endpoint:ops:changed-remote:skip', 'group:Kid:changed-remote:skip', 'group:Par:deleted-remote:skip', 'group:Viewers:deleted-remote:skip']);
    expect((await lxp(w, 'deploy', { dryRun: true })).code).toBe(0);
    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.output).toBe(0);
    expect(await read(w, 'endpoints.yaml')).toContain('  groups: [Operators]   # who may see it\n');
    const groupsFile = await read(w, 'groups.yaml');
    expect(groupsFile).not.toMatch(/Viewers|Par\b/);
    expect(groupsFile).toMatch(/- name: Kid/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});

describe('a group deleted in Losant, groups.yaml absent from the folder', () => {
  it('the endpoints naming it compare by its sync record too (review 7 L6: no false conflict)', async () => {
    const w = await setUp();
    const applicationId = w.server.applicationId;
    await rm(path.join(w.dir, 'groups.yaml'));
    const viewers = ((await w.losant.experienceGroups.get({ applicationId })).items as any[]).find((g) => g.name === 'Viewers');
    await w.losant.experienceGroup.delete({ applicationId, experienceGroupId: viewers.id });
    const status = await lxp(w, 'status', { json: true });
    expect(differing(status.json)).toEqual(['endpoint:ops:changed-remote:skip']);
  });
});

describe("a page deleted in Losant that develop's endpoints and settings still name", () => {
  const pageIds = async (w: World) => new Map((await w.remoteViews()).map((v) => [v.name, v.id]));
  const deletePages = async (w: World, names: string[]) => {
    const ids = await pageIds(w);
    for (const n of names) await w.losant.experienceView.delete({ applicationId: w.server.applicationId, experienceViewId: ids.get(n)! });
    return names.map((n) => ids.get(n)!);
  };

  it('status says what names it; pull keeps the file and writes no id; deploy --force puts it back and points them at it', async () => {
    const w = await setUp();
    const gone = await deletePages(w, ['rp', 'denied', 'nf']);
    const before = { endpoints: await read(w, 'endpoints.yaml'), experience: await read(w, 'experience.yaml') };

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(differing(status.json)).toEqual(['view:denied:deleted-remote:skip', 'view:nf:deleted-remote:skip', 'view:rp:deleted-remote:skip']);
    // Status says why the pages stay, in the pull's words: what still names each, and that pull keeps the file.
    const named = (json: any, name: string) => json.changes.find((c: any) => c.name === name);
    expect(named(status.json, 'rp')).toMatchObject({ stillNamedBy: 'endpoint "rp"', reason: expect.stringMatching(/develop's endpoint "rp" still names it .*pull keeps the file/) });
    expect(named(status.json, 'nf')).toMatchObject({ stillNamedBy: 'settings "develop"' });
    const text = await lxp(w, 'status');
    expect(text.stdout).toMatch(/deleted remotely +page +"rp" .*\n +deleted on develop while develop's endpoint "rp" still names it \(its reply fails there\): pull keeps the file, deploy --force re-creates it and points at it what names it \(the folder's entries, and develop's endpoints and settings the folder leaves alone\)\n/);
    expect(text.stdout).toMatch(/deleted remotely +page +"denied" .*\n +deleted on develop while develop's endpoint "secret" still names it/);
    const dry = await lxp(w, 'pull', { json: true, dryRun: true });
    for (const n of ['rp', 'denied', 'nf']) expect(named(dry.json, n).stillNamedBy).toBe(named(status.json, n).stillNamedBy);
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.json.changes.find((c: any) => c.name === 'rp').error ?? pull.json.changes.find((c: any) => c.name === 'rp').reason).toMatch(/develop's endpoint "rp" still names it/);
    expect(pull.json.changes.find((c: any) => c.name === 'nf').error ?? pull.json.changes.find((c: any) => c.name === 'nf').reason).toMatch(/develop's settings "develop" still names it/);
    for (const f of ['pages/rp.hbs', 'pages/denied.hbs', 'pages/nf.hbs']) expect(await read(w, f)).toContain('<p>');
    const forced = await lxp(w, 'pull', { force: true });
    expect(forced.code, forced.output).toBe(0);
    expect(await read(w, 'endpoints.yaml')).toBe(before.endpoints);
    expect(await read(w, 'experience.yaml')).toBe(before.experience);
    // The folder is still one every command accepts.
    expect((await lxp(w, 'status')).code).toBe(0);

    const deploy = await lxp(w, 'deploy', { force: true });
    expect(deploy.code, deploy.output).toBe(0);
    const ids = await pageIds(w);
    const endpoints = (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as any[];
    expect(endpoints.find((e) => e.route === '/rp').staticReply.value).toBe(ids.get('rp'));
    expect(endpoints.find((e) => e.route === '/secret').unauthorizedReply.value).toBe(ids.get('denied'));
    const develop = (await w.losant.experienceVersion.get({ applicationId: w.server.applicationId, experienceVersionIdOrName: 'develop' })) as any;
    expect(develop.notFoundReply.value).toBe(ids.get('nf'));
    for (const id of gone) expect([...ids.values()]).not.toContain(id);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a folder that lost the page and its record: pull --force writes no raw id, and says why', async () => {
    const w = await setUp();
    const [id] = await deletePages(w, ['rp']);
    await rm(path.join(w.dir, 'pages/rp.hbs'));
    for (let i = 0; i < 2; i++) {
      const pull = await lxp(w, 'pull', { force: true, json: true });
      expect(pull.code, pull.stderr).toBe(0);
      expect(await read(w, 'endpoints.yaml')).not.toContain(id);
    }
    const last = await lxp(w, 'pull', { force: true, json: true });
    const rp = last.json.changes.find((c: any) => c.resource === 'endpoint' && c.name === 'rp');
    expect(rp).toMatchObject({ action: 'skip' });
    expect(rp.error ?? rp.reason).toContain(`develop's endpoint names a page id ${id} that no longer exists`);
  });
});

describe('a whole pull that keeps a local edit naming what develop deleted', () => {
  it('warns, naming the file and the reference, as a narrowed pull does', async () => {
    const w = await setUp();
    const applicationId = w.server.applicationId;
    const viewers = ((await w.losant.experienceGroups.get({ applicationId })).items as any[]).find((g) => g.name === 'Viewers');
    await w.losant.experienceGroup.delete({ applicationId, experienceGroupId: viewers.id });
    // A new endpoint, not deployed yet, naming the group: the pull keeps it and drops the group from groups.yaml.
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${ENDPOINTS}- route: /view\n  access: group\n  groups: [Viewers]\n  key: view\n`);
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.json.lacking.map((i: any) => `${i.file}:${i.line} ${i.message}`)).toEqual([expect.stringMatching(/^endpoints\.yaml:18 no group named "Viewers"/)]);
    expect((await lxp(w, 'status')).code).toBe(2);
    // The text says so on stderr, with the way out that is true after a whole pull.
    const again = await lxp(w, 'pull');
    expect(again.stderr).toMatch(/warning endpoints\.yaml:18.*no group named "Viewers"/);
    expect(again.stderr).toContain("It comes from the folder's own changes (edited, added or deleted locally and not deployed), which this pull kept");
    expect(again.stderr).not.toContain('A whole `lxp pull` brings it');
  });
});

// Review 8b H6: a folder that leaves develop's settings alone (experience.yaml declaring none) and
// has no endpoints.yaml did not list them for status, diff and deploy: a page deleted in Losant
// that develop's notFound or a UI endpoint still names was plainly "deleted remotely: pull to
// delete the file", with no stillNamedBy, while pull kept the file and said why.
describe('a page deleted in Losant that develop still names, where the folder leaves settings and endpoints alone', () => {
  it('status (human and --json), diff, deploy and a narrowed pull say what the whole pull does, and why', async () => {
    const w = await openWorld({ files: FILES });
    await writeFile(path.join(w.dir, 'experience.yaml'), '# develop\'s settings are left alone\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const ids = new Map((await w.remoteViews()).map((v) => [v.name, v.id]));
    await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: { type: 'page', value: ids.get('nf'), statusCode: 404 } } });
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/ui-rp', enabled: true, access: 'public', staticReply: { type: 'page', value: ids.get('rp') } } });
    for (const n of ['nf', 'rp']) await w.losant.experienceView.delete({ applicationId, experienceViewId: ids.get(n)! });

    const before = (await w.requests()).length;
    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(differing(status.json)).toEqual(['view:nf:deleted-remote:skip', 'view:rp:deleted-remote:skip']);
    // What names a page is listed (develop's endpoints and settings), and nothing else: not the
    // groups, which name no page (review 10: the listing also read them).
    const listed = (await w.requests()).slice(before).map((r) => `${r.method} ${r.path.replace(`/applications/${applicationId}`, '')}`);
    expect(listed.filter((r) => !r.startsWith('GET /experience/views')).sort()).toEqual(['GET /experience/endpoints', 'GET /experience/versions/develop']);
    const named = (json: any, name: string) => json.changes.find((c: any) => c.name === name);
    expect(named(status.json, 'nf')).toMatchObject({ stillNamedBy: 'settings "develop"', reason: expect.stringMatching(/^deleted on develop while develop's settings "develop" still names it \(its reply fails there\): pull keeps the file, deploy --force re-creates it/) });
    expect(named(status.json, 'rp')).toMatchObject({ stillNamedBy: 'endpoint "GET /ui-rp"' });
    expect(status.stdout).not.toContain('pull to delete the file');
    const text = await lxp(w, 'status');
    expect(text.stdout).toMatch(/deleted remotely +page +"nf" .*\n +deleted on develop while develop's settings "develop" still names it \(its reply fails there\): pull keeps the file/);
    expect(text.stdout).toMatch(/deleted remotely +page +"rp" .*\n +deleted on develop while develop's endpoint "GET \/ui-rp" still names it/);
    // diff, deploy and pull plan the same lines with the same reasons.
    for (const run of [await lxp(w, 'diff', { json: true }), await lxp(w, 'deploy', { json: true, dryRun: true }), await lxp(w, 'pull', { json: true, dryRun: true })]) {
      for (const n of ['nf', 'rp']) expect(named(run.json, n)).toMatchObject({ action: 'skip', stillNamedBy: named(status.json, n).stillNamedBy });
    }
    // A pull narrowed to the page keeps it as the whole pull does (it listed neither endpoints nor settings).
    const narrowed = await lxp(w, 'pull', { json: true }, ['pages/nf.hbs']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(named(narrowed.json, 'nf')).toMatchObject({ action: 'skip', stillNamedBy: 'settings "develop"' });
    expect(await read(w, 'pages/nf.hbs')).toContain('<p>not found</p>');
  });
});
