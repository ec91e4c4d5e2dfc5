// `lxp release --prune` — what lxp's own refusal suggests for a view made in the UI — deletes
// whatever develop has that the folder does not declare. Review 5 found it deleting the slug that
// served production, while the text dry run (and a protected target's question) said only "would
// deploy 3 changes". Now: a slug or domain serving a version is never deleted by a deploy, --prune
// or not, and the dry run lists each write the deploy would make.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp, type Run } from '../harness/cli.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';

const openWorld = useWorlds();
let world: World; // the test's world, for the helpers below

const lxp = (args: string[]): Promise<Run> => runLxp([...args, '--dir', world.dir], { cwd: world.dir, env: world.env });

const FILES = {
  'layouts/main.hbs': '<main>{{page}}</main>\n',
  'pages/home.hbs': '---\nlayout: main\n---\n<h1>Home</h1>\n',
  'experience.yaml': 'slugs: [staging-app, production-app, spare-app]\n',
};

async function slugs(): Promise<Record<string, string | null>> {
  const res = await world.losant.experienceSlugs.get({ applicationId: world.server.applicationId });
  return Object.fromEntries((res.items as { slug: string; version: string | null }[]).filter((s) => s.slug !== world.server.applicationId).map((s) => [s.slug, s.version]));
}

describe('release --prune and the slugs that serve a release', () => {
  it('lists every delete in the dry run, deletes the view and the idle slug, never the slug serving a version', async () => {
    world = await openWorld({ files: FILES });
    expect((await lxp(['release', 'v1', '--slug', 'production-app'])).code).toBe(0);
    expect(await slugs()).toEqual({ 'staging-app': 'develop', 'production-app': 'v1', 'spare-app': 'develop' });

    // experience.yaml now lists only staging; someone made a component in the UI.
    await writeFile(path.join(world.dir, 'experience.yaml'), 'slugs: [staging-app]\n');
    await world.losant.experienceViews.post({ applicationId: world.server.applicationId, experienceView: { viewType: 'component', name: 'banner', body: '<b>ui</b>' } });

    const refused = await lxp(['release', 'v2', '--dry-run']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/delete them with --prune — which deletes everything else develop has that the folder does not declare too .*`--dry-run --prune` lists each delete/);

    const dry = await lxp(['release', 'v2', '--dry-run', '--prune']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: would deploy 2 changes to develop, then create version v2\.$/m);
    expect(dry.stdout).toMatch(/^ {2}- delete {3}component "banner" {2}components\/banner\.hbs$/m);
    expect(dry.stdout).toMatch(/^ {2}- delete {3}slug {6}"spare-app" {2}experience\.yaml$/m);
    // Not deleted, and said so where --prune is reviewed.
    expect(dry.stdout).toMatch(/^ {2}\. left {5}slug {6}"production-app" {2}experience\.yaml: serves version v1: no deploy deletes a slug that serves a version/m);
    expect(dry.stdout).not.toMatch(/delete +slug +"production-app"/);

    const real = await lxp(['release', 'v2', '--prune']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^ {2}- delete {3}slug {6}"spare-app" {2}experience\.yaml$/m);
    expect(await slugs()).toEqual({ 'staging-app': 'develop', 'production-app': 'v1' });

    // A plain deploy --prune leaves it too, and says why.
    const deploy = await lxp(['deploy', '--prune', '--json']);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes).toContainEqual(expect.objectContaining({ resource: 'slug', name: 'production-app', action: 'skip', reason: expect.stringMatching(/^serves version v1: no deploy deletes a slug that serves a version, --prune or not/) }));
    expect(await slugs()).toEqual({ 'staging-app': 'develop', 'production-app': 'v1' });
  });
});
