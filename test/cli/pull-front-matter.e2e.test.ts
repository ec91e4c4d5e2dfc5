// End-to-end (issue 9, "Nothing a user wrote is lost"): `lxp pull` against the real local server
// keeps what a person wrote in front matter. A remote body change leaves the front matter byte
// for byte; a remote metadata change rewrites only the keys that changed.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, useWorlds, writeView, APP_ID, type World } from './helpers.js';

const openWorld = useWorlds();
let world: World;

const FRONT = `---
# Device list: linked from the nav.
description: 'All devices'   # shown in the Losant UI
layout: main
tags: { area: devices, owner: "web team" }
---
`;

async function setUp(): Promise<string> {
  world = await openWorld();
  await writeView(world.dir, 'layouts/main.hbs', '<main>{{ page }}</main>\n');
  await writeView(world.dir, 'pages/devices.hbs', `${FRONT}<ul></ul>\n`);
  expect((await lxp(world, 'deploy')).code).toBe(0);
  return (await world.remoteViews()).find((v) => v.name === 'devices')!.id;
}

describe('pull keeps what a user wrote in front matter', () => {
  it('a remote body change: the front matter stays byte-identical', async () => {
    const id = await setUp();
    await world.losant.experienceView.patch({ applicationId: APP_ID, experienceViewId: id, experienceView: { body: '<ol>{{#each pageData}}<li/>{{/each}}</ol>\n' } });
    expect((await lxp(world, 'pull')).code).toBe(0);
    expect(await readFile(path.join(world.dir, 'pages/devices.hbs'), 'utf8')).toBe(`${FRONT}<ol>{{#each pageData}}<li/>{{/each}}</ol>\n`);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
  });

  it('a remote metadata change: only the changed keys are rewritten, comments and styles kept', async () => {
    const id = await setUp();
    await world.losant.experienceView.patch({
      applicationId: APP_ID,
      experienceViewId: id,
      experienceView: { description: 'Every device', viewTags: { area: 'devices', owner: 'ops', 'lxp-managed': 'true' } },
    });
    expect((await lxp(world, 'pull')).code).toBe(0);
    expect(await readFile(path.join(world.dir, 'pages/devices.hbs'), 'utf8')).toBe(
      FRONT.replace("'All devices'", "'Every device'").replace('owner: "web team"', 'owner: ops') + '<ul></ul>\n',
    );
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
  });
});
