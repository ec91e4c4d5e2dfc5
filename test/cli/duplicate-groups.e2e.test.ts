// Losant lets two experience groups share a name (its API checks nothing); groups.yaml cannot
// (names are how the folder and endpoints name groups). When develop has such twins, made in the
// UI, lxp must neither guess which one the folder means (and overwrite somebody's group) nor let a
// pull write a second group over the folder's entry of that name.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, lxpIn, remoteGroups, useWorlds, writesSince, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const groups = remoteGroups;
const makeInUi = async (w: World, name: string, description: string) =>
  ((await w.losant.experienceGroups.post({ applicationId: w.server.applicationId, experienceGroup: { name, description } })) as { id: string }).id;

describe('groups with one name twice on develop', () => {
  it('two made in the UI before the first deploy: a conflict naming both, no --force resolves it, nothing written; fixed in Losant, the deploy adopts the one left', async () => {
    const world = await openWorld();
    const a = await makeInUi(world, 'Operators', 'first');
    const b = await makeInUi(world, 'Operators', 'second');
    await writeExperience(world.dir);
    const before = (await world.requests()).length;
    for (const force of [false, true]) {
      const r = await lxp(world, 'deploy', { json: true, ...(force ? { force: true } : {}) });
      expect(r.code, JSON.stringify(r.json.error) + JSON.stringify(r.json.issues)).toBe(3);
      expect(r.json.error.message).toBe('1 conflict: nothing was written (resources develop has twice need renaming in Losant first)');
      const conflict = r.json.changes.find((c: { action: string }) => c.action === 'conflict');
      expect(conflict).toMatchObject({ resource: 'group', name: 'Operators', twins: [a, b].sort() });
      expect(conflict.reason).toContain(`develop has 2 groups "Operators" that lxp did not make (ids ${[a, b].sort().join(', ')})`);
    }
    const text = await lxp(world, 'deploy');
    expect(text.stderr).toMatch(/conflict group "Operators" \(groups\.yaml\): develop has 2 groups "Operators"/);
    // status says the same in text as in --json: a conflict, with the ids and the advice.
    const status = await lxp(world, 'status');
    expect(status.stdout).toMatch(/^ {2}conflict +group +"Operators" +groups\.yaml:6\n {6}develop has 2 groups "Operators" that lxp did not make \(ids [0-9a-f, ]+\), and groups\.yaml names one: rename or delete all but one in Losant/m);
    const diff = await lxp(world, 'diff', {}, ['groups.yaml']);
    expect(diff.stdout).toMatch(/^# develop has 2 groups "Operators" that lxp did not make/m);
    // lxp users cannot tell the twins apart by path either: it names their ids.
    const add = await lxpIn(world, ['users', 'add', 'bob@example.com', '--group', 'Operators', '--json']);
    expect(add.code).toBe(2);
    expect(add.json.error.message).toBe(`2 groups are named "Operators", with the same path: "Operators" (id ${[a, b].sort()[0]}), "Operators" (id ${[a, b].sort()[1]}) — name one by its id`);
    expect(await writesSince(world, before)).toEqual([]);
    expect((await groups(world)).filter((g) => g.name === 'Operators').map((g) => g.description).sort()).toEqual(['first', 'second']);

    await world.losant.experienceGroup.patch({ applicationId: world.server.applicationId, experienceGroupId: b, experienceGroup: { name: 'Operators (old)' } });
    const fixed = await lxp(world, 'deploy', { json: true });
    expect(fixed.code, fixed.stderr).toBe(0);
    const ops = (await groups(world)).filter((g) => g.name === 'Operators');
    expect(ops.map((g) => g.id)).toEqual([a]);
  });

  it('a twin of a group lxp manages, made in the UI: deploy leaves it alone, pull does not write it over the folder entry', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const managed = (await groups(world)).find((g) => g.name === 'Operators')!;
    const twin = await makeInUi(world, 'Operators', 'made in the UI');

    const status = await lxp(world, 'status', { json: true });
    expect(status.code).toBe(0);
    expect(status.json.changes.filter((c: { resource: string; action: string }) => c.resource === 'group' && c.action !== 'in-sync')).toEqual([
      expect.objectContaining({ action: 'skip', id: twin, twins: [managed.id], reason: `a second group "Operators" (id ${twin}) besides the one of this folder (id ${managed.id}), not from this folder: left alone (deploy --prune deletes it)` }),
    ]);
    const statusText = await lxp(world, 'status');
    expect(statusText.stdout).toContain(`new remotely      group     "Operators"  groups.yaml  (a second group "Operators" (id ${twin}) besides the one of this folder (id ${managed.id})`);
    const before = (await world.requests()).length;
    expect((await lxp(world, 'deploy')).code).toBe(0);
    expect(await writesSince(world, before)).toEqual([]);

    // A run narrowed to endpoints.yaml (as a watch push is) resolves "Operators" to the folder's
    // group, not to the twin: nothing differs, and a forced deploy keeps the endpoint on it.
    const scoped = await lxp(world, 'status', { json: true }, ['endpoints.yaml']);
    expect(scoped.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync')).toEqual([]);
    const forced = await lxp(world, 'deploy', { json: true, force: true }, ['endpoints.yaml']);
    expect(forced.code, forced.stderr).toBe(0);
    const endpoints = (await world.losant.experienceEndpoints.get({ applicationId: world.server.applicationId })).items as { route: string; experienceGroups?: { id: string }[] }[];
    expect(endpoints.find((e) => e.route === '/devices/{deviceId}')!.experienceGroups!.map((g) => g.id)).toEqual([managed.id]);

    const yamlBefore = await readFile(path.join(world.dir, 'groups.yaml'), 'utf8');
    const pull = await lxp(world, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.json.changes.filter((c: { resource: string }) => c.resource === 'group')).toEqual([
      expect.objectContaining({ action: 'skip', id: twin, reason: `a second group "Operators" (id ${twin}) besides the one of this folder (id ${managed.id}): groups.yaml holds one per name, so it is not pulled (rename or delete it in Losant)` }),
    ]);
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).toBe(yamlBefore);
    const again = await lxp(world, 'deploy', { json: true });
    expect(again.code).toBe(0);
    expect((await groups(world)).find((g) => g.id === managed.id)).toMatchObject({ name: 'Operators' });

    // --prune deletes the stray, as any group not from the folder; the folder's stays.
    const pruned = await lxp(world, 'deploy', { json: true, prune: true });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.json.changes.filter((c: { resource: string; action: string }) => c.resource === 'group' && c.action !== 'in-sync')).toEqual([
      expect.objectContaining({ action: 'delete', id: twin, status: 'done' }),
    ]);
    expect((await groups(world)).filter((g) => g.name === 'Operators').map((g) => g.id)).toEqual([managed.id]);
  });
});
