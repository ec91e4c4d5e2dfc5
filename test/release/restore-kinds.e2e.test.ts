// A restore counts and lists every kind it changes on develop — views, endpoints and settings, all
// of which a version holds — in its dry run (with or without the pull), its closing line and
// --json (review 7, M3: endpoints deleted and settings replaced were reported as "no view of
// develop" / "it held the same views already"). Against the local server; losant-rest checks
// what develop holds afterwards.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { ENDPOINTS, EXPERIENCE, writeExperience } from '../cli/resources.fixtures.js';

const openWorld = useWorlds();
let world: World; // the test's world, for the helpers below

const lxp = (args: string[]) => runLxp([...args, '--dir', world.dir], { cwd: world.root, env: world.env });

/** v1 released; then develop gains an endpoint, another's description and a global change, views untouched. */
async function developPastV1(): Promise<void> {
  world = await openWorld();
  await writeExperience(world.dir);
  expect((await lxp(['release', 'v1'])).code).toBe(0);
  await writeFile(path.join(world.dir, 'endpoints.yaml'), `${ENDPOINTS.replace('description: Device detail', 'description: Device page')}- route: /extra\n`);
  await writeFile(path.join(world.dir, 'experience.yaml'), EXPERIENCE.replace('"#0af"', '"#f00"'));
  const d = await lxp(['deploy']);
  expect(d.code, d.stderr).toBe(0);
}

describe('lxp restore and the kinds besides views', () => {
  it('a dry run (with and without the pull) lists the endpoints and settings it would change', async () => {
    await developPastV1();
    const noPull = await lxp(['restore', 'v1', '--dry-run', '--no-pull']);
    expect(noPull.code, noPull.stderr).toBe(0);
    expect(noPull.stdout).toContain('Dry run: restoring v1 would change 2 endpoints and the settings of develop, and no file (--no-pull). Nothing was written.');
    expect(noPull.stdout).toMatch(/develop\s+removed\s+endpoint "GET \/extra"/);
    expect(noPull.stdout).toMatch(/develop\s+changed\s+endpoint "device-detail"\s+\(description\)/);
    expect(noPull.stdout).toMatch(/develop\s+changed\s+settings "develop"\s+\(globals\)/);

    const withPull = await lxp(['restore', 'v1', '--dry-run', '--json']);
    expect(withPull.code, withPull.stderr).toBe(0);
    expect(withPull.json.develop).toEqual([
      { change: 'changed', subject: 'endpoint', name: 'device-detail', fields: ['description'] },
      { change: 'removed', subject: 'endpoint', name: 'GET /extra' },
      { change: 'changed', subject: 'settings', name: 'develop', fields: ['globals'] },
    ]);
    expect(withPull.json.files.map((f: { file: string }) => f.file).sort()).toEqual(['endpoints.yaml', 'endpoints.yaml', 'experience.yaml']);
  });

  it('the real restore says what it replaced, and develop holds the version', async () => {
    await developPastV1();
    const r = await lxp(['restore', 'v1', '--yes', '--no-pull']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Develop now holds v1 (2 endpoints and the settings changed).');
    expect(r.stdout).not.toContain('same views');
    const applicationId = world.server.applicationId;
    const routes = (await world.losant.experienceEndpoints.get({ applicationId })).items.map((e: { route: string }) => e.route).sort();
    expect(routes).toEqual(['/', '/api/data', '/devices/{deviceId}']);
    const develop = await world.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' });
    expect(develop.globals).toContainEqual({ key: 'brandColor', json: '"#0af"' });

    // Restoring it again changes nothing on develop, and says so of every kind.
    const again = await lxp(['restore', 'v1', '--yes', '--no-pull']);
    expect(again.stdout).toContain('Develop now holds v1 (it held the same views, endpoints and settings already).');
  });
});
