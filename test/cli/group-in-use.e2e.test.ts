// Review 11 R4: a deploy that deletes a group Losant then takes out of develop's endpoints —
// changing who may call them — when the run leaves those endpoints alone: `lxp deploy
// groups.yaml` (endpoints.yaml not part of the run), a folder without endpoints.yaml, or an
// endpoint made in Losant that endpoints.yaml does not hold. A whole deploy of a folder whose
// endpoints.yaml still names the group was refused by the folder's checks; these are refused too,
// before any write, naming the endpoints and the way out, as for a page develop still replies with.
// losant-rest, a second client, checks develop.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const GROUPS = '- name: Admins\n- name: Customers\n';
const ENDPOINTS = '- route: /\n  reply: { page: home }\n- route: /devices\n  access: group\n  groups: [Admins, Customers]\n';

const writes = async (w: World) => (await w.requests()).filter((r) => r.method !== 'GET').length;

async function groupIds(w: World): Promise<Map<string, string>> {
  const items = (await w.losant.experienceGroups.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { id: string; name: string }[];
  return new Map(items.map((g) => [g.name, g.id]));
}

async function accessOf(w: World, route: string): Promise<string[]> {
  const items = (await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as { route: string; experienceGroups?: { id: string }[] }[];
  return (items.find((e) => e.route === route)?.experienceGroups ?? []).map((g) => g.id).sort();
}

describe("deleting a group develop's endpoints still list, from what the run leaves alone", () => {
  it('lxp deploy groups.yaml: refused before any write while endpoints.yaml (not part of the run) names it; a whole deploy once it does not', async () => {
    const w = await openWorld();
    await writeExperience(w.dir, { endpoints: ENDPOINTS, groups: GROUPS, experience: '' });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const ids = await groupIds(w);
    const access = await accessOf(w, '/devices');
    expect(access).toEqual([ids.get('Admins'), ids.get('Customers')].sort());

    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Admins\n');
    const before = await writes(w);
    for (const dryRun of [true, false]) {
      const r = await lxp(w, 'deploy', { json: true, dryRun }, ['groups.yaml']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.json).toMatchObject({ outcome: 'invalid', error: { code: 'invalid-folder' } });
      expect(r.json.issues).toHaveLength(1);
      expect(r.json.issues[0].file).toBe('groups.yaml');
      // endpoints.yaml names a group groups.yaml no longer has: it does not validate.
      expect(r.json.issues[0].message).toContain(
        `group "Customers" is still in the access of develop's endpoint GET /devices, which this run leaves alone (endpoints.yaml does not validate: not pushed until fixed)`,
      );
      expect(r.json.issues[0].message).toContain('Not deleted — fix endpoints.yaml, without the group in its entries');
    }
    // The advice, followed: the entry without the group. endpoints.yaml validates, and is still not part of the run.
    await writeFile(path.join(w.dir, 'endpoints.yaml'), ENDPOINTS.replace('[Admins, Customers]', '[Admins]'));
    const narrowed = await lxp(w, 'deploy', { json: true }, ['groups.yaml']);
    expect(narrowed.code, narrowed.stderr).toBe(2);
    expect(narrowed.json.issues[0].message).toContain(
      `group "Customers" is still in the access of develop's endpoint GET /devices, which this run leaves alone (endpoints.yaml is not part of it)`,
    );
    expect(narrowed.json.issues[0].message).toContain('deploy endpoints.yaml with it (a whole lxp deploy), once its entries no longer name the group');
    expect(await writes(w)).toBe(before);
    expect(await groupIds(w)).toEqual(ids);
    expect(await accessOf(w, '/devices')).toEqual(access);

    // And that advice: a whole deploy.
    const done = await lxp(w, 'deploy');
    expect(done.code, done.output).toBe(0);
    expect([...(await groupIds(w)).keys()]).toEqual(['Admins']);
    expect(await accessOf(w, '/devices')).toEqual([ids.get('Admins')]);
  });

  it("without endpoints.yaml, and an endpoint made in Losant beside endpoints.yaml: refused, naming it; deleted once develop's endpoint no longer lists it", async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    await writeFile(path.join(w.dir, 'groups.yaml'), GROUPS);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const ids = await groupIds(w);
    const made = await w.losant.experienceEndpoints.post({
      applicationId,
      experienceEndpoint: { method: 'get', route: '/ui', access: 'group', experienceGroupIds: [ids.get('Customers')!] },
    });
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Admins\n');
    const before = await writes(w);
    const r = await lxp(w, 'deploy', { json: true });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.issues[0].message).toContain(
      `group "Customers" is still in the access of develop's endpoint GET /ui, which deploy leaves alone without endpoints.yaml`,
    );
    const text = await lxp(w, 'deploy');
    expect(text.stderr).toMatch(/groups\.yaml: group "Customers" is still in the access/);
    expect(text.stderr).toMatch(/nothing was written/);

    // endpoints.yaml without the endpoint made in Losant: it is left alone, and still refused.
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n');
    const covered = await lxp(w, 'deploy', { json: true });
    expect(covered.code, covered.stderr).toBe(2);
    expect(covered.json.issues.map((i: { message: string }) => i.message).join('\n')).toContain(
      `group "Customers" is still in the access of develop's endpoint GET /ui, not from this folder (made in Losant), which deploy leaves alone`,
    );
    expect(await writes(w)).toBe(before);
    expect(await groupIds(w)).toEqual(ids);

    // Changed on develop first: the delete goes through.
    await w.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: made.id, experienceEndpoint: { access: 'authenticated', experienceGroupIds: [] } });
    const done = await lxp(w, 'deploy');
    expect(done.code, done.output).toBe(0);
    expect([...(await groupIds(w)).keys()]).toEqual(['Admins']);
  });
});
