// A kind's file deleted from the folder after a sync (review 7, L6): status and deploy leave the
// kind alone (the folder does not declare it), and pull agrees with the docs — it writes the file
// once develop has any, rather than calling every group "deleted locally, not restored".
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

describe('groups.yaml deleted after a sync', () => {
  it('status: in sync; pull writes develop\'s groups back (not "deleted locally"); then in sync both ways', async () => {
    const world = await openWorld();
    await writeExperience(world.dir, { endpoints: '- route: /\n  reply: { page: home }\n', groups: '- name: Night\n  description: night shift\n- name: Ops\n  children:\n    - name: Early\n', experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    await rm(path.join(world.dir, 'groups.yaml'));

    const status = await lxp(world, 'status', { json: true });
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync')).toEqual([]);
    const dry = await lxp(world, 'pull', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    const groups = dry.json.changes.filter((c: { resource: string }) => c.resource === 'group');
    expect(groups.map((c: { kind: string; action: string; name: string }) => `${c.kind} ${c.action} ${c.name}`).sort()).toEqual(['new-remote write Early', 'new-remote write Night', 'new-remote write Ops']);

    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout + pulled.stderr).not.toContain('deleted locally');
    expect(await readFile(path.join(world.dir, 'groups.yaml'), 'utf8')).toMatch(/- name: Night\n {2}description: night shift\n[\s\S]*- name: Ops\n {2}children:\n {4}- name: Early\n/);
    const after = await lxp(world, 'pull', { json: true, dryRun: true });
    expect(after.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync')).toEqual([]);
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});

// Review 8b L11: experience.yaml's `slugs:` key removed after a sync — the pull wrote develop's
// other slugs but skipped the one the folder had synced as "deleted locally", writing a `slugs:`
// list missing a slug develop has. The key is a kind of its own, declared whole like a file.
describe('experience.yaml without `slugs:` after a sync', () => {
  it('status: in sync; pull writes every slug develop has (none "deleted locally"), keeping the rest of the file', async () => {
    const world = await openWorld();
    const settings = 'globals:\n  - key: brand   # our colour\n    value: "#0af"\n';
    await writeExperience(world.dir, { experience: `${settings}slugs: [synced-slug]\n` });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const applicationId = world.server.applicationId;
    for (const slug of ['team-slug', 'xn--caf-dma']) await world.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug, version: 'develop' } });
    await writeFile(path.join(world.dir, 'experience.yaml'), settings);

    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
    const dry = await lxp(world, 'pull', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    const slugs = dry.json.changes.filter((c: { resource: string }) => c.resource === 'slug');
    expect(slugs.map((c: { kind: string; action: string; name: string }) => `${c.kind} ${c.action} ${c.name}`).sort()).toEqual(['new-remote write synced-slug', 'new-remote write team-slug', 'new-remote write xn--caf-dma']);
    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout + pulled.stderr).not.toContain('deleted locally');
    const text = await readFile(path.join(world.dir, 'experience.yaml'), 'utf8');
    expect(text.startsWith(settings)).toBe(true);
    expect(text).toMatch(/slugs:[\s\S]*synced-slug[\s\S]*team-slug[\s\S]*xn--caf-dma/);
    expect((await lxp(world, 'status', { json: true })).json.outcome).toBe('in-sync');
    expect((await lxp(world, 'pull', { json: true, dryRun: true })).json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync')).toEqual([]);
  });
});
