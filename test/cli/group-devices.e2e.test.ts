// A group's `deviceIds` are the folder's only while groups.yaml names them (docs/experience-files.md:
// "a group without deviceIds keeps whatever devices it has"). Starting or stopping to name them is
// the folder's change alone: develop is not "changed" by it, so nothing is a conflict that nobody
// made on develop — while a real edit of the devices on develop (losant-rest, as in the UI) still is.
// Against the local server over loopback.
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, useWorlds, writeSample, type World } from './helpers.js';

const openWorld = useWorlds();
let world: World;

const A = '5f0c0ffee0ddba11cafe0001';
const B = '5f0c0ffee0ddba11cafe0002';

async function groupsOnDevelop(w: World): Promise<{ id: string; name: string; description: string; deviceIds: string[] }[]> {
  const { items } = await w.losant.experienceGroups.get({ applicationId: w.server.applicationId, perPage: 1000 });
  return items as never;
}
const groupNamed = async (w: World, name: string) => (await groupsOnDevelop(w)).find((g) => g.name === name)!;
const writeGroups = (text: string) => writeFile(path.join(world.dir, 'groups.yaml'), text);
const changeOf = (run: { json: any }, name: string) => run.json.changes.find((c: any) => c.resource === 'group' && c.name === name);

describe("groups.yaml's deviceIds: naming them or not is the folder's change", () => {
  it('adding deviceIds to a synced group is changed locally and deployed; dropping them keeps the devices and later edits deploy', async () => {
    world = await openWorld();
    await writeSample(world.dir);
    await writeGroups('- name: G1\n- name: G2\n');
    expect((await lxp(world, 'deploy')).code).toBe(0);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);

    // The documented way to give a group devices: develop did not change.
    await writeGroups(`- name: G1\n  deviceIds: [${A}]\n- name: G2\n`);
    const status = await lxp(world, 'status', { json: true });
    expect(changeOf(status, 'G1')).toMatchObject({ kind: 'changed-local' });
    const deployed = await lxp(world, 'deploy', { json: true });
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(changeOf(deployed, 'G1')).toMatchObject({ action: 'update', status: 'done' });
    expect((await groupNamed(world, 'G1')).deviceIds).toEqual([A]);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);

    // Dropping the line: the group keeps its devices, and any later edit of it is the folder's alone.
    await writeGroups('- name: G1\n- name: G2\n');
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    await writeGroups('- name: G1\n  description: after dropping deviceIds\n- name: G2\n');
    const edited = await lxp(world, 'status', { json: true });
    expect(changeOf(edited, 'G1')).toMatchObject({ kind: 'changed-local' });
    const editDeployed = await lxp(world, 'deploy', { json: true });
    expect(editDeployed.code, editDeployed.stderr).toBe(0);
    const g1 = await groupNamed(world, 'G1');
    expect(g1.description).toBe('after dropping deviceIds');
    expect(g1.deviceIds).toEqual([A]);

    // A pull while the file leaves them alone writes none, and naming the same devices again is in sync.
    expect((await lxp(world, 'pull')).code).toBe(0);
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).not.toMatch(/deviceIds:/);
    await writeGroups(`- name: G1\n  description: after dropping deviceIds\n  deviceIds: [${A}]\n- name: G2\n`);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);

    // Review 8b L10: dropping the line changes nothing on develop, and status says so (the docs
    // said "changed locally"); `deviceIds: []` is how a group's devices are taken out.
    await writeGroups('- name: G1\n  description: after dropping deviceIds\n- name: G2\n');
    const dropped = await lxp(world, 'status');
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toMatch(/Everything in sync/);
    await writeGroups('- name: G1\n  description: after dropping deviceIds\n  deviceIds: []\n- name: G2\n');
    expect(changeOf(await lxp(world, 'status', { json: true }), 'G1')).toMatchObject({ kind: 'changed-local' });
    const emptied = await lxp(world, 'deploy', { json: true });
    expect(changeOf(emptied, 'G1')).toMatchObject({ action: 'update', status: 'done' });
    expect((await groupNamed(world, 'G1')).deviceIds).toEqual([]);
  });

  it("a real edit of the devices on develop is still a conflict once the file names them; a group deleted from the file after a sync with deviceIds is deleted", async () => {
    world = await openWorld();
    await writeSample(world.dir);
    await writeGroups(`- name: G1\n- name: G2\n  deviceIds: [${A}]\n`);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;

    // A teammate gives G1 a device in the UI while the file leaves G1's devices alone: in sync…
    const g1 = await groupNamed(world, 'G1');
    await world.losant.experienceGroup.patch({ applicationId, experienceGroupId: g1.id, experienceGroup: { deviceIds: [B] } });
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    // …until the file names other devices: both sides changed them since the last sync.
    await writeGroups(`- name: G1\n  deviceIds: [${A}]\n- name: G2\n  deviceIds: [${A}]\n`);
    const refused = await lxp(world, 'deploy', { json: true });
    expect(refused.code).toBe(3);
    expect(changeOf(refused, 'G1')).toMatchObject({ action: 'conflict' });
    expect((await groupNamed(world, 'G1')).deviceIds).toEqual([B]);

    // G2, synced with its devices, removed from the file: deleted locally, not a conflict.
    await writeGroups('- name: G1\n');
    const deleted = await lxp(world, 'deploy', { json: true });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(changeOf(deleted, 'G2')).toMatchObject({ action: 'delete', status: 'done' });
    expect((await groupsOnDevelop(world)).map((g) => g.name)).toEqual(['G1']);
  });

  it('a sync record of an earlier lxp (one hash) does not make adding deviceIds a conflict', async () => {
    world = await openWorld();
    await writeSample(world.dir);
    await writeGroups('- name: G1\n');
    expect((await lxp(world, 'deploy')).code).toBe(0);
    // Records as lxp wrote them before they kept both hashes.
    const file = path.join(world.dir, '.lxp', 'state.json');
    const state = JSON.parse(await readFile(file, 'utf8'));
    let stripped = 0;
    for (const t of Object.values<any>(state.targets)) {
      for (const e of Object.values<any>(t.resources?.group ?? {})) {
        if (e.hashes) stripped++;
        delete e.hashes;
      }
    }
    expect(stripped).toBe(1);
    await writeFile(file, JSON.stringify(state));
    await writeGroups(`- name: G1\n  deviceIds: [${A}]\n`);
    const deployed = await lxp(world, 'deploy', { json: true });
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(changeOf(deployed, 'G1')).toMatchObject({ kind: 'changed-local', action: 'update', status: 'done' });
    expect((await groupNamed(world, 'G1')).deviceIds).toEqual([A]);
  });
});
