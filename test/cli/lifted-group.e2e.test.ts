// A group only the folder has (not deployed yet), nested under a group that changes on develop:
// deleted in Losant, the pull moves the entry to the top level of groups.yaml and its plan line says so (text and --json `parentGone`); renamed
// in Losant, the entry stays under its parent, which takes the new name.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();
let world: World;

const groupId = async (w: World, name: string) =>
  ((await w.losant.experienceGroups.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { id: string; name: string }[]).find((g) => g.name === name)!.id;

const DEPLOYED = '# our groups\n- name: Admins\n- name: Night   # the night shift\n';
const WITH_EARLY = '# our groups\n- name: Admins\n- name: Night   # the night shift\n  children:\n    # new team, not deployed yet\n    - name: Early\n      description: "early"\n';

async function setUp(): Promise<string> {
  world = await openWorld();
  await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: DEPLOYED, experience: '' });
  expect((await lxp(world, 'deploy')).code).toBe(0);
  const file = path.join(world.dir, 'groups.yaml');
  await writeFile(file, WITH_EARLY);
  return file;
}

describe('a folder-only group whose parent changes in Losant', () => {
  it('parent deleted: the plan says the entry moves to the top level (text and --json), and the pull does that', async () => {
    const file = await setUp();
    await world.losant.experienceGroup.delete({ applicationId: world.server.applicationId, experienceGroupId: await groupId(world, 'Night') });
    const dry = await lxp(world, 'pull', { dryRun: true, json: true });
    expect(dry.code, dry.stderr).toBe(0);
    const early = dry.json.changes.find((c: { name: string }) => c.name === 'Early');
    expect(early).toMatchObject({ action: 'skip', kind: 'new-local', parentGone: 'Night', reason: 'not deployed yet: kept (pull --prune removes it from the folder); moved to the top level of groups.yaml, as its parent "Night" is deleted on develop' });
    const text = await lxp(world, 'pull');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\. skip +group +"Early" +\(groups\.yaml:6: not deployed yet: kept \(pull --prune removes it from the folder\); moved to the top level of groups\.yaml, as its parent "Night" is deleted on develop\)/);
    const after = await readFile(file, 'utf8');
    expect(after).toMatch(/^- name: Early$/m);
    expect(after).toContain('# new team, not deployed yet');
    expect(after).not.toContain('Night');
    // Nothing more to say next time.
    const again = await lxp(world, 'pull', { json: true });
    expect(again.json.changes.filter((c: { parentGone?: string }) => c.parentGone)).toEqual([]);
  });

  it('parent renamed: the entry stays under it, which takes the new name; no move is announced', async () => {
    const file = await setUp();
    await world.losant.experienceGroup.patch({ applicationId: world.server.applicationId, experienceGroupId: await groupId(world, 'Night'), experienceGroup: { name: 'Day' } });
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: { parentGone?: string }) => c.parentGone)).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(WITH_EARLY.replace('name: Night', 'name: Day'));
    const status = await lxp(world, 'status', { json: true });
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { kind: string; name: string }) => `${c.kind} ${c.name}`)).toEqual(['new-local Early']);
  });
});
