// A release freezes develop's endpoints and settings with its views, and refuses when any of
// them differs from the folder. Against the local server; losant-rest reads the version back.
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runLxp } from '../harness/cli.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { ENDPOINTS, EXPERIENCE, writeExperience } from '../cli/resources.fixtures.js';
import { release } from '../../src/release/release.js';
import { loadFolderVersionedResources, loadFolderViews } from '../../src/release/folder.js';

const openWorld = useWorlds();

const lxp = (w: World, args: string[]) => runLxp([...args, '--dir', w.dir], { cwd: w.root, env: w.env });

describe('release and the other kinds', () => {
  it("freezes develop's endpoints and settings into the version; the version's endpoints read back", async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    const applicationId = world.server.applicationId;
    const r = await lxp(world, ['release', 'v1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ outcome: 'created', version: 'v1' });
    const frozen = (await world.losant.experienceEndpoints.get({ applicationId, version: 'v1' })).items;
    expect(frozen.map((e: any) => `${e.method.toUpperCase()} ${e.route}`).sort()).toEqual(['GET /', 'GET /devices/{deviceId}', 'POST /api/data']);
    const pages = (await world.losant.experienceViews.get({ applicationId, version: 'v1' })).items;
    const about = pages.find((v: any) => v.name === 'about');
    expect(frozen.find((e: any) => e.route === '/devices/{deviceId}')).toMatchObject({
      access: 'group',
      staticReply: { type: 'page', value: about.id, statusCode: 200 },
      endpointTags: { area: 'devices', 'lxp-key': 'device-detail', 'lxp-managed': 'true' },
    });
    const v1 = await world.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'v1' });
    expect(v1).toMatchObject({ globals: [{ key: 'brandColor', json: '"#0af"' }, { key: 'features', json: '{"alerts":true}' }], endpointDefaultCors: true, responseHeaders: { 'x-frame-options': 'DENY' } });

    // Re-running the same release finishes nothing new; a changed endpoint under the same name is refused.
    expect((await lxp(world, ['release', 'v1', '--json'])).json).toMatchObject({ outcome: 'existing' });
    await writeFile(path.join(world.dir, 'endpoints.yaml'), ENDPOINTS.replace('description: Device detail', 'description: Device page'));
    const clash = await lxp(world, ['release', 'v1', '--json']);
    expect(clash.code).toBe(2);
    expect(clash.json.error.message).toMatch(/already exists with other content \(1 resource differs: endpoint:device-detail \(changed\)\)/);
  });

  it('refuses to freeze a develop whose endpoints or settings differ from the folder: no version is created', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    const applicationId = world.server.applicationId;
    expect((await lxp(world, ['deploy'])).code).toBe(0);
    // Someone edits develop's settings in the UI: the deploy leaves that alone (changed remotely)…
    await world.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { responseHeaders: { 'x-frame-options': 'SAMEORIGIN' } } });
    const r = await lxp(world, ['release', 'v2', '--json']);
    expect(r.code).not.toBe(0);
    expect(r.json.error.code).toBe('develop-differs');
    expect(r.json.error.message).toMatch(/settings "develop" \(experience\.yaml\): edited on develop/);
    const versions = (await world.losant.experienceVersions.get({ applicationId })).items.map((v: any) => v.version);
    expect(versions).toEqual(['develop']);
    // …and once the folder takes develop's side (pull), the release goes through.
    expect((await lxp(world, ['pull'])).code).toBe(0);
    const ok = await lxp(world, ['release', 'v2', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const v2 = await world.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'v2' });
    expect(v2.responseHeaders).toEqual({ 'x-frame-options': 'SAMEORIGIN' });
    expect(EXPERIENCE).toContain('DENY');

    // An edit that lands between the deploy and the version (a race) is caught by reading develop back.
    const client = world.server.client();
    const endpointId = (await client.listEndpoints()).find((e) => e.route === '/')!.id;
    const raced = await release({
      client,
      version: 'v3',
      slugs: [],
      domains: [],
      loadFolder: () => loadFolderViews(world.dir),
      loadResources: () => loadFolderVersionedResources(world.dir),
      deploy: async () => {
        await world.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: endpointId, experienceEndpoint: { description: 'racing edit' } });
        return { changes: 0 };
      },
    }).catch((e) => e);
    expect(raced.message).toMatch(/develop differs from the folder after the deploy \(1 resource differs: endpoint:GET \/ \(changed\)\)/);
    expect((await world.losant.experienceVersions.get({ applicationId })).items.map((v: any) => v.version).sort()).toEqual(['develop', 'v2']);
  });

  it('an edit that lands after develop was read back, just before the freeze, is caught in the version itself: deleted again, no slug re-pointed (review 6, H1)', async () => {
    const world = await openWorld();
    await writeExperience(world.dir);
    const applicationId = world.server.applicationId;
    expect((await lxp(world, ['deploy'])).code).toBe(0);
    const stage = await world.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'stage' } });
    const client = world.server.client();
    const createVersion = client.createVersion.bind(client);
    // A teammate's view lands between the release's read-back of develop and its version request.
    client.createVersion = async (body) => {
      await world.losant.experienceViews.post({ applicationId, experienceView: { name: 'sneaky', viewType: 'component', body: '<i>s</i>' } });
      return createVersion(body);
    };
    const run = (version: string) =>
      release({
        client,
        version,
        slugs: ['stage'],
        domains: [],
        loadFolder: () => loadFolderViews(world.dir),
        loadResources: () => loadFolderVersionedResources(world.dir),
        deploy: async () => ({ changes: 0 }),
      });
    const raced = await run('v4').catch((e) => e);
    expect(raced.message).toMatch(/develop changed while version v4 was being created, so the version is not the folder \(1 view differs: component:sneaky \(extra\)\): it was deleted again, and no slug or domain was re-pointed/);
    expect(raced.done).toEqual(['deployed the folder to develop (0 changes)']);
    expect(raced.notDone).toEqual(['create version v4', 're-point slug stage to v4']);
    expect(stage.version).not.toBe('v4');
    expect((await world.losant.experienceVersions.get({ applicationId })).items.map((v: any) => v.version)).toEqual(['develop']);
    expect((await world.losant.experienceSlug.get({ applicationId, experienceSlugId: stage.id })).version).toBe(stage.version);

    // Without the race the version is checked, then the slug re-pointed.
    client.createVersion = createVersion;
    await world.losant.experienceView.delete({ applicationId, experienceViewId: (await client.listViews()).find((v) => v.name === 'sneaky')!.id });
    const ok = await run('v4');
    expect(ok).toMatchObject({ status: 'created', repoints: [expect.objectContaining({ kind: 'slug', name: 'stage', to: 'v4', changed: true })] });
    expect((await world.losant.experienceSlug.get({ applicationId, experienceSlugId: stage.id })).version).toBe('v4');
  });

  it('points --slug at a slug experience.yaml lists and develop lacks: the deploy creates it (dry run: nothing written); any other unknown slug is refused', async () => {
    const world = await openWorld({ files: { 'layouts/main.hbs': '{{page}}\n', 'pages/home.hbs': '---\nlayout: main\n---\n<p>home</p>\n' } });
    const applicationId = world.server.applicationId;
    await writeFile(path.join(world.dir, 'experience.yaml'), 'slugs: [my-stg]\n');
    const slugs = async () => (await world.losant.experienceSlugs.get({ applicationId })).items.map((s: any) => `${s.slug}@${s.version}`).sort();
    const seeded = await slugs();
    const before = (await world.requests()).length;
    const writes = async () => (await world.requests()).slice(before).filter((l) => l.method !== 'GET');

    const dry = await lxp(world, ['release', 'v1', '--slug', 'my-stg', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/slug my-stg: develop → v1 \(the deploy would create it at develop\) \(would re-point\)/);
    const dryJson = await lxp(world, ['release', 'v1', '--slug', 'my-stg', '--dry-run', '--json']);
    expect(dryJson.json.repoints).toEqual([{ kind: 'slug', id: '', name: 'my-stg', from: 'develop', to: 'v1', changed: true, created: true }]);
    expect(await writes()).toEqual([]);
    expect(await slugs()).toEqual(seeded);

    // A slug neither develop nor experience.yaml has is still refused, before any write.
    const nope = await lxp(world, ['release', 'v1', '--slug', 'my-stg', '--slug', 'nope', '--dry-run']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toMatch(/no slug "nope" in this application/);
    expect(nope.stderr).not.toMatch(/my-stg/);

    const r = await lxp(world, ['release', 'v1', '--slug', 'my-stg', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.repoints).toMatchObject([{ kind: 'slug', name: 'my-stg', from: 'develop', to: 'v1', changed: true, created: true }]);
    expect(await slugs()).toEqual([...seeded, 'my-stg@v1'].sort());

    // The version exists: the release does not deploy, so a slug still to be created cannot be pointed.
    await writeFile(path.join(world.dir, 'experience.yaml'), 'slugs: [my-stg, later]\n');
    const again = await lxp(world, ['release', 'v1', '--slug', 'later']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/slug "later" does not exist yet: experience.yaml lists it, but version "v1" already exists, so this release does not deploy\. Run `lxp deploy` to create it, then release again\./);
  });
});
