// Review 5: after a pull brings in an endpoint made in the Losant UI, `lxp status` said
// "Everything in sync" and the next deploy wrote (its lxp-managed tag). The tag is harmless, but a
// deploy after "in sync" must not write unannounced: status says the next deploy tags it.
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

describe('status and a resource in sync that the next deploy tags', () => {
  it('says so under "Everything in sync"; the deploy then tags it, and status has nothing more to say', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await w.losant.experienceEndpoints.post({ applicationId: w.server.applicationId, experienceEndpoint: { route: '/made-in-ui', method: 'get', access: 'public', enabled: true } });
    expect((await lxp(w, 'pull')).code).toBe(0);

    const status = await lxp(w, 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Everything in sync \(\d+ resources\)\n1 resource in sync that the next deploy tags as managed by lxp \(lxp-managed; nothing else changes\)\n$/);
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.json.changes.filter((c: { action: string }) => c.action === 'mark')).toHaveLength(1);
    expect((await lxp(w, 'status')).stdout).not.toMatch(/tags as managed/);
  });
});
