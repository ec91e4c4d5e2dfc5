// A pull edits groups.yaml and endpoints.yaml in place even when a group changes parent on
// develop (review 7, M1): a parent deleted in Losant while its child exists only in the folder,
// or a group moved under another parent, keeps every comment, quote, flow list and the file's own
// editor directive; where an edit in place is impossible (a YAML anchor shared by a changed value),
// the file keeps its head and the pull says it was written anew.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const groupId = async (w: World, name: string) =>
  ((await w.losant.experienceGroups.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { id: string; name: string }[]).find((g) => g.name === name)!.id;

const HEAD = `# yaml-language-server: $schema=./vendor/lxp/schema/groups.schema.json
# Groups: who may see what (the template's documentation header)
`;
const DEPLOYED = `${HEAD}
# our groups: ask Ann before changing
- name: Admins   # keep
  description: "Admin people"
- name: Night
  children:
    # the kid team
    - name: Kid   # keep me
      description: 'kid'
      tags: { shift: early }   # flow

# - name: Example   (a commented example)
`;

describe('pull keeps what was written in groups.yaml and endpoints.yaml', () => {
  it('a parent deleted in Losant whose new child is only in the folder: the child goes to the top, every comment and the directive stay', async () => {
    const world = await openWorld();
    // Night's deployed child moves under Admins first (a group deleted in Losant names no child group then).
    const deployed = DEPLOYED.replace('- name: Admins   # keep\n  description: "Admin people"\n- name: Night\n', '- name: Admins   # keep\n  description: "Admin people"\n').replace('\n# our groups', '\n- name: Night\n\n# our groups');
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: deployed, experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const file = path.join(world.dir, 'groups.yaml');
    const withEarly = deployed.replace('- name: Night\n', '- name: Night\n  children:\n    # new team, not deployed yet\n    - name: Early\n      description: "early"\n');
    await writeFile(file, withEarly);
    await world.losant.experienceGroup.delete({ applicationId: world.server.applicationId, experienceGroupId: await groupId(world, 'Night') });
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: { warning?: string }) => c.warning)).toEqual([]);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(HEAD)).toBe(true);
    for (const kept of ['# our groups: ask Ann before changing\n', '# keep', 'description: "Admin people"', '# the kid team\n', '# keep me', "description: 'kid'", '{ shift: early }', '# flow', '# new team, not deployed yet\n', 'description: "early"', '# - name: Example   (a commented example)\n'])
      expect(text, kept).toContain(kept);
    expect(text).not.toMatch(/name: Night/);
    expect(text).toMatch(/^- name: Early$/m);
    expect(text).toMatch(/^ {4}- name: Kid +# keep me$/m);
    const status = await lxp(world, 'status', { json: true });
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { kind: string; name: string }) => `${c.kind} ${c.name}`)).toEqual(['new-local Early']);
  });

  it('a group moved under another parent in Losant keeps its subtree\'s comments and style', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: DEPLOYED, experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await world.losant.experienceGroup.patch({ applicationId: world.server.applicationId, experienceGroupId: await groupId(world, 'Kid'), experienceGroup: { parentId: await groupId(world, 'Admins') } });
    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    const text = await readFile(path.join(world.dir, 'groups.yaml'), 'utf8');
    expect(text.startsWith(HEAD)).toBe(true);
    expect(text).toMatch(/- name: Admins +# keep\n {2}description: "Admin people"\n {2}children:\n {4}# the kid team\n {4}- name: Kid +# keep me\n {6}description: 'kid'\n {6}tags: \{ shift: early \} +# flow\n- name: Night\n/);
    expect(text).toContain('# - name: Example   (a commented example)\n');
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a group renamed and moved in Losant keeps its subtree\'s comments and style', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: DEPLOYED, experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await world.losant.experienceGroup.patch({ applicationId: world.server.applicationId, experienceGroupId: await groupId(world, 'Kid'), experienceGroup: { name: 'Teen', parentId: await groupId(world, 'Admins') } });
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: { warning?: string }) => c.warning)).toEqual([]);
    const text = await readFile(path.join(world.dir, 'groups.yaml'), 'utf8');
    expect(text.startsWith(HEAD)).toBe(true);
    expect(text).toMatch(/- name: Admins +# keep\n {2}description: "Admin people"\n {2}children:\n {4}# the kid team\n {4}- name: Teen +# keep me\n {6}description: 'kid'\n {6}tags: \{ shift: early \} +# flow\n- name: Night\n/);
    expect(text).toContain('# - name: Example   (a commented example)\n');
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a group moved in Losant under a parent new to the file keeps its subtree\'s comments and style', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: DEPLOYED, experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const app = { applicationId: world.server.applicationId };
    const shifts = (await world.losant.experienceGroups.post({ ...app, experienceGroup: { name: 'Shifts', description: 'all shifts', parentId: await groupId(world, 'Admins') } })) as { id: string };
    await world.losant.experienceGroup.patch({ ...app, experienceGroupId: await groupId(world, 'Kid'), experienceGroup: { parentId: shifts.id } });
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: { warning?: string }) => c.warning)).toEqual([]);
    const text = await readFile(path.join(world.dir, 'groups.yaml'), 'utf8');
    expect(text.startsWith(HEAD)).toBe(true);
    expect(text).toMatch(/- name: Admins +# keep\n {2}description: "Admin people"\n {2}children:\n {4}- name: Shifts\n {6}description: all shifts\n {6}children:\n {8}# the kid team\n {8}- name: Kid +# keep me\n {10}description: 'kid'\n {10}tags: \{ shift: early \} +# flow\n- name: Night\n/);
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('an anchor shared by a value a teammate changed: endpoints.yaml keeps its head and the pull says it was written anew', async () => {
    const world = await openWorld();
    const endpoints = '# yaml-language-server: $schema=./vendor/lxp/schema/endpoints.schema.json\n# our routes\n- route: /\n  reply: { page: home }\n- route: /a\n  description: &d Shared   # one text for both\n- route: /b\n  description: *d\n';
    await writeExperience(world.dir, { endpoints, groups: '', experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const a = ((await world.losant.experienceEndpoints.get({ applicationId: world.server.applicationId })).items as { id: string; route: string }[]).find((e) => e.route === '/a')!;
    await world.losant.experienceEndpoint.patch({ applicationId: world.server.applicationId, experienceEndpointId: a.id, experienceEndpoint: { description: 'New' } });
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    const warned = pulled.json.changes.filter((c: { warning?: string }) => c.warning);
    expect(warned).toEqual([expect.objectContaining({ file: 'endpoints.yaml', warning: expect.stringMatching(/^endpoints\.yaml was written anew, its comments among the entries lost \(those above the first entry and its editor directive kept\): .*YAML anchor/) })]);
    const text = await readFile(path.join(world.dir, 'endpoints.yaml'), 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=./vendor/lxp/schema/endpoints.schema.json\n# our routes\n')).toBe(true);
    const shown = await lxp(world, 'pull');
    expect(shown.code).toBe(0);
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});

// Review 8b L12: `lxp init`'s groups.yaml holds `[]` above its commented-out examples; the first
// pull into it wrote every group on that one flow line.
describe("the first pull into init's groups.yaml (`[]`)", () => {
  it('writes the groups in block style where `[]` stood, apart by blank lines as into a missing file, keeping the header and the commented-out examples', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', experience: '' });
    const template = await readFile(path.join(import.meta.dirname, '../../templates/groups.yaml'), 'utf8');
    expect(template).toMatch(/^\[\]$/m);
    await writeFile(path.join(world.dir, 'groups.yaml'), template);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;
    await world.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Devs' } });
    await world.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Ops', deviceQueryJson: '{"attr":{"$gt":5}}' } });

    const pulled = await lxp(world, 'pull', {}, ['groups.yaml']);
    expect(pulled.code, pulled.output).toBe(0);
    const [before, after] = template.split(/^\[\]\n/m);
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).toBe(`${before}- name: Devs\n\n- name: Ops\n  deviceQuery:\n    attr:\n      $gt: 5\n${after}`);
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
