// YAML anchors and aliases in the experience files (review 7, L7): sharing one value among many
// entries is ordinary YAML and deploys; an alias bomb is a bad file — exit 2, file and line,
// nothing sent — not a crash that accuses the user of an attack.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

describe('anchors in endpoints.yaml', () => {
  it('one unauthorized reply shared by 120 endpoints deploys; a bomb is invalid-folder at its line', async () => {
    const world = await openWorld();
    const lines = ['- route: /', '  reply: { page: home }', '- route: /r0', '  access: authenticated', '  unauthorized: &login { redirect: /login }'];
    for (let i = 1; i < 120; i++) lines.push(`- route: /r${i}`, '  access: authenticated', '  unauthorized: *login');
    await writeExperience(world.dir, { endpoints: `${lines.join('\n')}\n`, groups: '', experience: '' });
    const deployed = await lxp(world, 'deploy', { json: true });
    expect(deployed.code, deployed.stderr).toBe(0);
    const eps = (await world.losant.experienceEndpoints.get({ applicationId: world.server.applicationId })).items as { route: string; unauthorizedReply?: { type: string; value: string } }[];
    expect(eps).toHaveLength(121);
    expect(eps.find((e) => e.route === '/r119')!.unauthorizedReply).toMatchObject({ type: 'redirect', value: '/login' });

    const bomb = ['- route: /bomb', '  tags:', '    a: &a x'];
    for (let level = 1; level <= 6; level++) bomb.push(`    l${level}: &l${level} [${Array(10).fill(`*${level === 1 ? 'a' : `l${level - 1}`}`).join(', ')}]`);
    await writeFile(path.join(world.dir, 'endpoints.yaml'), `${bomb.join('\n')}\n`);
    const before = (await world.requests()).length;
    for (const command of ['status', 'deploy'] as const) {
      const r = await lxp(world, command, { json: true });
      expect(r.code, command).toBe(2);
      expect(r.json.error.code).toBe('invalid-folder');
      expect(r.json.issues).toEqual([expect.objectContaining({ file: 'endpoints.yaml', line: 4, message: expect.stringMatching(/^unreadable YAML: its aliases \(\*a is used 10 times\) expand to more than 10000 copies/) })]);
    }
    const text = await lxp(world, 'status');
    expect(text.stderr).toContain('endpoints.yaml:4: unreadable YAML: its aliases');
    expect(text.stderr).not.toContain('attack');
    expect((await world.requests()).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
