// Review 11 R24: a slug another application has is refused by the API (400 AlreadyExists) every
// time, yet deploy said "Run the command again to finish" (exit 1, `changes-failed`), which no run
// could make true. It now says what is true — the slug is taken elsewhere, choose another — and
// that running again would repeat it; exit 1 stays (the other changes were applied).
// losant-rest, a second client, gives the other application the slug.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample } from './helpers.js';

const openWorld = useWorlds();
const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb';

describe('deploy of a slug another application has', () => {
  it('says the slug is taken and that running again would fail the same way, not "run again to finish"', async () => {
    const w = await openWorld({ applications: [{ id: OTHER, name: 'Other' }] });
    await w.losant.experienceSlugs.post({ applicationId: OTHER, experienceSlug: { slug: 'taken-one', version: 'develop' } });
    await writeSample(w.dir);
    await writeFile(path.join(w.dir, 'experience.yaml'), 'slugs: [taken-one]\n');

    const text = await lxp(w, 'deploy');
    expect(text.code).toBe(1);
    const out = text.stdout + text.stderr;
    expect(out).toContain('the slug "taken-one" is taken by another application (slugs are unique across Losant): choose another in experience.yaml');
    expect(out).toMatch(/1 failed\. The API refused it as sent \(its line says why\): running the command again would send the same request — change the folder first\./);
    expect(out).not.toMatch(/again to finish/);

    const json = await lxp(w, 'deploy', { json: true });
    expect(json.code).toBe(1);
    expect(json.json.error.code).toBe('changes-failed');
    expect(json.json.error.message).toBe('1 change failed. The API refused it as sent (its line says why): running the command again would send the same request — change the folder first.');
    const slug = (json.json.changes as { resource: string; error?: string }[]).find((c) => c.resource === 'slug')!;
    expect(slug.error).toContain('is taken by another application');
  });
});
