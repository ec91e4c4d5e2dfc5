// Routes under `/lxp-swap-` are lxp's own: a deploy swapping routes parks an endpoint at
// `/lxp-swap-<its own id>` for a moment (route-swaps.ts). An endpoint of a person's at such a
// route was read and pulled as any other, and could be taken for a parked one (review 9, leftover
// 1): endpoints.yaml now refuses the prefix (file, line, field; nothing sent), and a pull that
// meets one on develop — made in Losant, not parked — writes it as develop has it and warns,
// naming it, as for any value develop holds that lxp refuses; the way out it names works.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, MAIN_AND_HOME, useWorlds, writesSince } from './helpers.js';

const openWorld = useWorlds();

const RESERVED = `routes starting "/lxp-swap-" are lxp's own: a deploy that swaps routes parks an endpoint at /lxp-swap-<its id> for a moment, and any endpoint there would be taken for one (choose another route)`;

describe('routes under /lxp-swap-', () => {
  it('endpoints.yaml refuses one, naming file, line and field; status and deploy send nothing', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n- route: /lxp-swap-reports\n  method: post\n');
    const since = (await w.requests()).length;
    for (const command of ['status', 'deploy'] as const) {
      const run = await lxp(w, command, { json: true });
      expect(run.code, run.stderr).toBe(2);
      expect(run.json.issues).toEqual([{ file: 'endpoints.yaml', line: 3, field: '[1].route', message: RESERVED }]);
    }
    const text = await lxp(w, 'deploy');
    expect(text.stderr).toContain(`endpoints.yaml:3 ([1].route): ${RESERVED}`);
    expect(await writesSince(w, since)).toEqual([]);
  });

  it("a teammate's endpoint there (not parked): pull writes it as develop has it and warns; status refuses; a new route deployed moves the same endpoint", async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n  key: home\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const home = ((await w.losant.experienceEndpoints.get({ applicationId })).items as Array<{ id: string }>)[0];
    // The route the home endpoint would be parked at: confusable with a parked one, yet another endpoint's.
    const route = `/lxp-swap-${home.id}`;
    const theirs = (await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route, enabled: true, access: 'public' } })) as { id: string };

    const status = await lxp(w, 'status', { json: true });
    const seen = status.json.changes.find((c: any) => c.resource === 'endpoint' && c.id === theirs.id);
    expect(seen).toMatchObject({ kind: 'new-remote' });
    expect(seen.parkedAt).toBeUndefined();

    const warning = { file: 'endpoints.yaml', line: 4, field: '[1].route', message: `develop's endpoint GET ${route}: ${RESERVED}` };
    const dry = await lxp(w, 'pull', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.leftInvalid).toEqual([warning]);
    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toContain(`warning endpoints.yaml:4 ([1].route): develop's endpoint GET ${route}: ${RESERVED}`);
    expect(pull.stderr).toContain('status and deploy refuse the folder until it is changed there');
    const file = path.join(w.dir, 'endpoints.yaml');
    expect(await readFile(file, 'utf8')).toContain(`route: ${route}`);
    expect((await lxp(w, 'status', { json: true })).json.issues).toEqual([{ file: 'endpoints.yaml', line: 4, field: '[1].route', message: RESERVED }]);

    await writeFile(file, (await readFile(file, 'utf8')).replace(`route: ${route}`, 'route: /reports'));
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    const after = (await w.losant.experienceEndpoint.get({ applicationId, experienceEndpointId: theirs.id })) as { route: string };
    expect(after.route).toBe('/reports');
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
