// Review 7 L5: two endpoints swapping routes. Losant keeps one endpoint per route, so each update
// failed with 400 whichever went first, and "Run the command again to finish" could never come
// true. Refused before any write (exit 2) with the two-step way that works.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const entries = (x: string, y: string) => `- route: ${x}\n  reply: { page: home }\n  key: sx\n- route: ${y}\n  reply: { page: home }\n  key: sy\n`;

describe('endpoints that swap routes', () => {
  it('are refused before any write, naming both; moved through a free route in two deploys, they keep their ids', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const file = path.join(w.dir, 'endpoints.yaml');
    await writeFile(file, entries('/swap-x', '/swap-y'));
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const ids = async () => new Map(((await w.losant.experienceEndpoints.get({ applicationId: w.server.applicationId })).items as any[]).map((e) => [e.route, e.id]));
    const before = await ids();

    await writeFile(file, entries('/swap-y', '/swap-x'));
    const sent = (await w.requests()).length;
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(2);
    expect(deploy.stderr).toMatch(/endpoints\.yaml:1: .*takes the route GET \/swap-y that .* leaves, .*routes that swap cannot move in one deploy\. Move one of them to a free route first/);
    expect(deploy.stderr).toMatch(/endpoints\.yaml:4: .*takes the route GET \/swap-x/);
    expect((await w.requests()).slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);

    // The way the message gives.
    await writeFile(file, entries('/swap-tmp', '/swap-x'));
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await writeFile(file, entries('/swap-y', '/swap-x'));
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const after = await ids();
    expect(after.get('/swap-y')).toBe(before.get('/swap-x'));
    expect(after.get('/swap-x')).toBe(before.get('/swap-y'));
  });
});
