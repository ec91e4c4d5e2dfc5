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
import { afterEach, describe, expect, it } from 'vitest';
import { lxp, startWorld, type World } from './helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const FILES: Record<string, string> = {
  'layouts/main.hbs': '<main>{{page}}</main>\n',
  'pages/home.hbs': '---\nlayout: main\n---\n<p>home</p>\n',
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
  const w = (world = await startWorld({ files: FILES }));
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
