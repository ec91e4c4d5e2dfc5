// `lxp versions` with a slug and a domain whose version was deleted (in the UI or the API): they
// are listed with the truth — the version does not exist, they answer 404 — in text and --json,
// so the broken pointers can be seen (review 9, L5).
import { describe, expect, it } from 'vitest';
import { lxpIn, type World } from '../cli/helpers.js';
import { useWorlds } from '../harness/lifecycle.js';
import { request } from '../runtime/helpers.js';

const openWorld = useWorlds();

/** A world whose slug staging-r9 and domain old.example.com point at v1.3.0, deleted; production at v2. */
async function worldWithDeletedVersion(): Promise<World> {
  const world = await openWorld({ prefix: 'lxp-versions-missing-' });
  const applicationId = world.server.applicationId;
  const losant = world.losant;
  await losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1.3.0' } });
  await losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v2' } });
  await losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'staging-r9', version: 'v1.3.0' } });
  await losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'production', version: 'v2' } });
  await losant.experienceDomains.post({ applicationId, experienceDomain: { domainName: 'old.example.com', version: 'v1.3.0' } });
  await losant.experienceVersion.delete({ applicationId, experienceVersionIdOrName: 'v1.3.0' });
  return world;
}

describe('lxp versions: slugs and domains at a deleted version', () => {
  it('the server serves the slug 404, and lxp versions lists it first as a missing version, text and --json', async () => {
    const world = await worldWithDeletedVersion();
    expect((await request(world.server.port, '/', { host: 'staging-r9.localhost' })).status).toBe(404);

    const json = await lxpIn(world, ['versions', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const rows = json.json.versions as { version: string; slugs: string[]; domains: string[]; missing?: boolean }[];
    expect(rows[0]).toEqual({ version: 'v1.3.0', description: '', creationDate: '', slugs: ['staging-r9'], domains: ['old.example.com'], missing: true });
    expect(rows.find((r) => r.version === 'v2')).toMatchObject({ slugs: ['production'] });
    expect(rows.find((r) => r.version === 'v2')).not.toHaveProperty('missing');

    const text = await lxpIn(world, ['versions']);
    expect(text.code, text.stderr).toBe(0);
    const line = text.stdout.split('\n').find((l) => l.startsWith('v1.3.0'));
    expect(line).toMatch(/^v1\.3\.0 \(missing\)\s+-\s+slug:staging-r9, domain:old\.example\.com\s+no such version \(deleted\): these answer 404/);
  });
});
