// A teammate renames a group (or re-routes an endpoint) in Losant onto the name (route) of an
// entry the folder added or renamed and has not deployed: both claim one identity. A pull must
// not write the file with one entry for both (the folder's would vanish, comments and all), and a
// deploy must not make develop hold the name twice: each refuses (exit 3) naming both, nothing
// written, until one is renamed (review 7, H1).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonChange } from '../../src/cli/output/json.js';
import { lxp, remoteGroups, useWorlds, writesSince, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const groups = remoteGroups;
const endpoints = async (w: World) =>
  (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as { id: string; route: string; method: string; description: string }[];
const renameGroupInUi = async (w: World, from: string, to: string) => {
  const id = (await groups(w)).find((g) => g.name === from)!.id;
  await w.losant.experienceGroup.patch({ applicationId: w.server.applicationId, experienceGroupId: id, experienceGroup: { name: to } });
  return id;
};

const GROUPS = `- name: Night
  description: night shift
- name: Operators
`;
const ENDPOINTS = `- route: /
  reply: { page: home }
- route: /night
  description: night ep
`;

async function inSync(w: World): Promise<void> {
  await writeExperience(w.dir, { groups: GROUPS, endpoints: ENDPOINTS, experience: '' });
  const deployed = await lxp(w, 'deploy');
  expect(deployed.code, deployed.stderr).toBe(0);
}

describe('a rename in Losant onto a name the folder claims', () => {
  it('a new local group and endpoint, a teammate renames Night → Team and re-routes /night → /team: status, pull and deploy refuse, nothing written; renamed, both kept', async () => {
    const world = await openWorld();
    await inSync(world);
    const groupsFile = path.join(world.dir, 'groups.yaml');
    const endpointsFile = path.join(world.dir, 'endpoints.yaml');
    await writeFile(groupsFile, `${GROUPS}- name: Team   # my new team, not deployed yet\n  description: local new team\n`);
    await writeFile(endpointsFile, `${ENDPOINTS}\n# my new endpoint, not deployed yet\n- route: /team\n  description: local team endpoint\n`);
    const night = await renameGroupInUi(world, 'Night', 'Team');
    const nightEp = (await endpoints(world)).find((e) => e.route === '/night')!;
    await world.losant.experienceEndpoint.patch({ applicationId: world.server.applicationId, experienceEndpointId: nightEp.id, experienceEndpoint: { route: '/team' } });
    const files = { groups: await readFile(groupsFile, 'utf8'), endpoints: await readFile(endpointsFile, 'utf8') };
    const before = (await world.requests()).length;

    const status = await lxp(world, 'status', { json: true });
    const conflicts = (r: typeof status) => r.json.changes.filter((c: { action: string }) => c.action === 'conflict');
    expect(conflicts(status).map((c: { resource: string; name: string }) => `${c.resource} ${c.name}`).sort()).toEqual(['endpoint GET /night', 'endpoint GET /team', 'group Night', 'group Team']);
    const statusText = await lxp(world, 'status');
    expect(statusText.stdout).toContain(`develop would have two groups "Team" after this deploy: the entry at groups.yaml:4, not deployed yet, and develop's "Night" (id ${night}), renamed "Team" in Losant. Rename one of them (in groups.yaml or in Losant), then run again`);

    for (const force of [false, true]) {
      const pull = await lxp(world, 'pull', { json: true, force });
      expect(pull.code, pull.stderr).toBe(3);
      expect(pull.json.error.message).toMatch(/^4 conflicts: nothing was written \(resources that would share a name \(endpoints: a route\) need one renamed first\)$/);
      const team = conflicts(pull).find((c: { resource: string; line: number }) => c.resource === 'group' && c.line === 4);
      expect(team).toMatchObject({ collision: true, name: 'Team' });
      expect(team.reason).toBe(`groups.yaml would hold two groups "Team" after this pull: the entry at groups.yaml:4, not deployed yet, and develop's "Night" (id ${night}), renamed "Team" in Losant. Rename one of them (in groups.yaml or in Losant), then run again`);
    }
    const deploy = await lxp(world, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(await readFile(groupsFile, 'utf8')).toBe(files.groups);
    expect(await readFile(endpointsFile, 'utf8')).toBe(files.endpoints);
    expect(await writesSince(world, before)).toEqual([]);
    expect((await groups(world)).filter((g) => g.name === 'Team')).toHaveLength(1);

    // Renamed in the folder, the collision is gone: the pull takes the teammate's rename and keeps ours.
    await writeFile(groupsFile, files.groups.replace('- name: Team   #', '- name: Crew   #'));
    await writeFile(endpointsFile, files.endpoints.replace('- route: /team\n', '- route: /crew\n'));
    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    const groupsAfter = await readFile(groupsFile, 'utf8');
    expect(groupsAfter).toContain('- name: Team\n  description: night shift\n');
    expect(groupsAfter).toContain('- name: Crew   # my new team, not deployed yet\n  description: local new team\n');
    const endpointsAfter = await readFile(endpointsFile, 'utf8');
    expect(endpointsAfter).toContain('- route: /team\n  description: night ep\n');
    expect(endpointsAfter).toContain('# my new endpoint, not deployed yet\n- route: /crew\n  description: local team endpoint\n');
  });

  it('an entry renamed here onto the name a teammate renames another group to: pull refuses (pull --force takes develop\'s); nothing lost', async () => {
    const world = await openWorld();
    await inSync(world);
    const groupsFile = path.join(world.dir, 'groups.yaml');
    const mine = GROUPS.replace('- name: Operators\n', '- name: Zed   # renamed by me\n');
    await writeFile(groupsFile, mine);
    const night = await renameGroupInUi(world, 'Night', 'Zed');
    const before = (await world.requests()).length;
    const pull = await lxp(world, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(3);
    const zed = pull.json.changes.find((c: JsonChange) => c.action === 'conflict' && c.line === 3);
    expect(zed.reason).toBe(`groups.yaml would hold two groups "Zed" after this pull: the entry at groups.yaml:3, renamed here from "Operators", and develop's "Night" (id ${night}), renamed "Zed" in Losant. Rename one of them (in groups.yaml or in Losant), then run again`);
    expect(await readFile(groupsFile, 'utf8')).toBe(mine);
    expect((await lxp(world, 'deploy', { json: true })).code).toBe(3);
    expect(await writesSince(world, before)).toEqual([]);
    // --force takes develop's side for our rename (Operators comes back): no collision left.
    const forced = await lxp(world, 'pull', { force: true });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(groupsFile, 'utf8')).toBe('- name: Zed\n  description: night shift\n- name: Operators   # renamed by me\n');
  });

  it('deploy never makes twins: a new local entry named as a teammate renames a group is refused; deploy --force renames develop\'s back first, then creates ours', async () => {
    const world = await openWorld();
    await inSync(world);
    const groupsFile = path.join(world.dir, 'groups.yaml');
    await writeFile(groupsFile, `${GROUPS}- name: Crew   # my new crew\n  description: local crew\n`);
    const night = await renameGroupInUi(world, 'Night', 'Crew');
    const before = (await world.requests()).length;
    const deploy = await lxp(world, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(deploy.json.changes.find((c: { action: string; name: string }) => c.action === 'conflict' && c.name === 'Crew').reason).toBe(
      `develop would have two groups "Crew" after this deploy: the entry at groups.yaml:4, not deployed yet, and develop's "Night" (id ${night}), renamed "Crew" in Losant. Rename one of them (in groups.yaml or in Losant), then run again`,
    );
    expect(await writesSince(world, before)).toEqual([]);
    const forced = await lxp(world, 'deploy', { json: true, force: true });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await groups(world)).map((g) => `${g.name}: ${g.description}`).sort()).toEqual(['Crew: local crew', 'Night: night shift', 'Operators: ']);
  });
});
