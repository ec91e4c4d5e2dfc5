// groups.yaml drops a parent group and its child; the child has users, so the deploy keeps it
// (deleted only with --prune) and deletes the parent, and develop moves the child up. That move
// was then read as an edit in Losant: status showed a conflict for the child and every deploy and
// pull exited 3 (review 10, F10). The plan now says where the child goes, and the deploy records
// it as develop then holds it: the next status shows it deleted locally and kept. losant-rest,
// a second client, checks develop.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const TREE = '- name: Org\n  children:\n    - name: East\n    - name: West\n      children:\n        - name: Ops\n';

async function groups(w: World): Promise<Map<string, { id: string; parentId: string | null }>> {
  const items = (await w.losant.experienceGroups.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { id: string; name: string; parentId?: string | null }[];
  return new Map(items.map((g) => [g.name, { id: g.id, parentId: g.parentId ?? null }]));
}

async function setUp(): Promise<World> {
  const w = await openWorld();
  await writeExperience(w.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: TREE, experience: '' });
  expect((await lxp(w, 'deploy')).code).toBe(0);
  const ops = (await groups(w)).get('Ops')!;
  await w.losant.experienceUsers.post({ applicationId: w.server.applicationId, experienceUser: { email: 'o@example.com', password: 'secret-pass-1', experienceGroupIds: [ops.id] } });
  return w;
}

describe('a kept child group whose parent the deploy deletes', () => {
  it('moves up under the nearest group kept: the plan says so, and the next runs see it deleted locally, not a conflict', async () => {
    const w = await setUp();
    const before = await groups(w);
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Org\n');

    const dry = await lxp(w, 'deploy', { dryRun: true });
    expect(dry.stdout).toMatch(/\. skip +group +"Ops" +\(groups\.yaml: has 1 user: deleted only with --prune; its parent "West" is deleted, so develop moves it up, under "Org"\)/);
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes.find((c: { name: string }) => c.name === 'Ops')).toMatchObject({ action: 'skip', parentGone: 'West', movesUnder: 'Org' });

    const after = await groups(w);
    expect([...after.keys()].sort()).toEqual(['Ops', 'Org']);
    expect(after.get('Ops')).toEqual({ id: before.get('Ops')!.id, parentId: before.get('Org')!.id });

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.changes.filter((c: { kind: string }) => c.kind === 'conflict')).toEqual([]);
    expect(status.json.changes.find((c: { name: string }) => c.name === 'Ops')).toMatchObject({ kind: 'deleted-local', action: 'skip' });
    const again = await lxp(w, 'deploy', { json: true });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.changes.find((c: { name: string }) => c.name === 'Ops')).toMatchObject({ action: 'skip', reason: 'has 1 user: deleted only with --prune' });
    expect((await lxp(w, 'pull', { dryRun: true })).code).toBe(0);
  }, 60_000);

  it('every group above it deleted: to the top level, recorded so', async () => {
    const w = await setUp();
    await writeFile(path.join(w.dir, 'groups.yaml'), '[]\n');
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes.find((c: { name: string }) => c.name === 'Ops')).toMatchObject({ parentGone: 'West', movesUnder: null });
    expect(deploy.json.changes.find((c: { name: string }) => c.name === 'Ops').reason).toMatch(/its parent "West" is deleted, so develop moves it up, to the top level$/);
    const after = await groups(w);
    expect([...after.keys()]).toEqual(['Ops']);
    expect(after.get('Ops')!.parentId).toBeNull();
    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.changes.find((c: { name: string }) => c.name === 'Ops')).toMatchObject({ kind: 'deleted-local' });
  }, 60_000);
});
