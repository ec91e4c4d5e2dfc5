// End-to-end: slugs and custom domains in experience.yaml. Deploy creates the declared ones at
// develop and never moves an existing one; --prune deletes undeclared ones. A certificate comes
// from the environment or a file outside the folder and never appears in any output, log, state
// or file of the folder.
import { describe, expect, it } from 'vitest';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, useWorlds, writeSample, type Run, type World } from './helpers.js';
import { makeExperience } from '../harness/folder.js';

const openWorld = useWorlds();

/** Test certificates: distinctive lines that must never leave the process. */
const pem = (label: string, marker: string) => `-----BEGIN ${label}-----\n${marker}${'A'.repeat(64)}\n${marker}${'B'.repeat(64)}\n-----END ${label}-----\n`;
const CERT = pem('CERTIFICATE', 'LXPTESTCERTONE');
const CERT2 = pem('CERTIFICATE', 'LXPTESTCERTTWO');
const KEY = pem('PRIVATE KEY', 'LXPTESTKEYSECRET');
const MARKERS = ['LXPTESTCERTONE', 'LXPTESTCERTTWO', 'LXPTESTKEYSECRET', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'];

const EXPERIENCE = `slugs: [my-app-staging]
domains:
  - name: app.example.com
    certificate: { env: LXP_TEST_CERT }
    key: { env: LXP_TEST_KEY }
`;

/** Every file under a folder (with .lxp/), as text. */
async function allText(dir: string): Promise<string> {
  let out = '';
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((await stat(p)).size < 5_000_000) out += `\n${p}\n${await readFile(p, 'latin1')}`;
    }
  };
  await walk(dir);
  return out;
}

function expectNoSecret(text: string, where: string): void {
  for (const m of MARKERS) expect(text.includes(m), `${where} holds ${m}`).toBe(false);
}

describe('slugs and domains', () => {
  it('creates declared slugs and domains at develop, sends the certificate, never shows it anywhere', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    await writeFile(path.join(world.dir, 'experience.yaml'), EXPERIENCE);
    const applicationId = world.server.applicationId;
    const env = { LXP_TEST_CERT: CERT, LXP_TEST_KEY: KEY };
    const runs: Run[] = [];
    const run = async (...args: Parameters<typeof lxp>) => {
      const r = await lxp(args[0], args[1], args[2], args[3], { env, ...args[4] });
      runs.push(r);
      return r;
    };

    // Without the variables a deploy that must send the certificate is refused before any write.
    const before = (await world.requests()).length;
    const missing = await lxp(world, 'deploy', { json: true });
    runs.push(missing);
    expect(missing.code).toBe(2);
    expect(missing.json.issues[0].message).toMatch(/environment variable LXP_TEST_CERT is not set/);
    expect((await world.requests()).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);

    const deployed = await run(world, 'deploy', { json: true, verbose: true });
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json.changes.filter((c: any) => c.resource !== 'view').map((c: any) => [c.resource, c.action, c.name])).toEqual([
      ['slug', 'create', 'my-app-staging'],
      ['domain', 'create', 'app.example.com'],
    ]);
    const domains = (await world.losant.experienceDomains.get({ applicationId })).items;
    expect(domains).toHaveLength(1);
    expect(domains[0]).toMatchObject({ domainName: 'app.example.com', version: 'develop', sslCert: CERT });

    // In sync; status, diff and text output say so without the certificate.
    expect((await run(world, 'status', { exitCode: true, verbose: true })).code).toBe(0);
    await run(world, 'diff', { verbose: true });
    await run(world, 'deploy', { verbose: true });

    // A rotated certificate is a difference, and deploy sends the new one (never moving the domain).
    const rotated = { LXP_TEST_CERT: CERT2, LXP_TEST_KEY: KEY };
    const status = await run(world, 'status', { json: true }, [], { env: rotated });
    expect(status.json.changes).toEqual([expect.objectContaining({ resource: 'domain', kind: 'changed-local', name: 'app.example.com' })]);
    const diff = await run(world, 'diff', {}, [], { env: rotated });
    expect(diff.stdout).toContain('certificateServed: another certificate');
    const update = await run(world, 'deploy', { json: true, verbose: true }, [], { env: rotated });
    expect(update.code, update.stderr).toBe(0);
    const after = (await world.losant.experienceDomains.get({ applicationId })).items[0];
    expect(after).toMatchObject({ id: domains[0].id, sslCert: CERT2, version: 'develop' });

    // Pull writes the domain without any certificate, into a fresh folder too.
    const fresh = await makeExperience(world.root, {}, { name: 'fresh' });
    const pulled = await run({ ...world, dir: fresh } as World, 'pull', { json: true, verbose: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    const text = await readFile(path.join(fresh, 'experience.yaml'), 'utf8');
    expect(text).toMatch(/domains:\n {2}- name: app\.example\.com\n/);
    expect(text).not.toMatch(/certificate|key:/);

    for (const r of runs) expectNoSecret(`${r.stdout}\n${r.stderr}`, 'an output');
    expectNoSecret(await allText(world.dir), 'the folder (state included)');
    expectNoSecret(await allText(fresh), 'the pulled folder');
    expectNoSecret(await readFile(path.join(world.root, 'requests.log'), 'utf8'), 'the request log');
  });

  it('never moves an existing slug; --prune deletes undeclared ones (never the application id slug)', async () => {
    const world = await openWorld();
    await writeSample(world.dir);
    const applicationId = world.server.applicationId;
    await world.losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1' } });
    await world.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'my-app-prod', version: 'v1' } });
    await world.losant.experienceSlugs.post({ applicationId, experienceSlug: { slug: 'old-demo', version: 'develop' } });
    await writeFile(path.join(world.dir, 'experience.yaml'), 'slugs: [my-app-prod, my-app-staging]\n');
    const own = (await world.losant.experienceSlugs.get({ applicationId })).items.find((s: any) => s.slug === applicationId).version;
    const deployed = await lxp(world, 'deploy', { json: true });
    expect(deployed.code, deployed.stderr).toBe(0);
    const slugs = async () => Object.fromEntries((await world.losant.experienceSlugs.get({ applicationId })).items.map((s: any) => [s.slug, s.version]));
    expect(await slugs()).toEqual({ [applicationId]: own, 'my-app-prod': 'v1', 'my-app-staging': 'develop', 'old-demo': 'develop' });
    expect(deployed.json.changes.find((c: any) => c.name === 'old-demo')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/--prune/) });
    const pruned = await lxp(world, 'deploy', { json: true, prune: true });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(await slugs()).toEqual({ [applicationId]: own, 'my-app-prod': 'v1', 'my-app-staging': 'develop' });
    // A slug dropped from the file after a sync is still deleted only with --prune.
    await writeFile(path.join(world.dir, 'experience.yaml'), 'slugs: [my-app-prod]\n');
    expect((await lxp(world, 'deploy')).code).toBe(0);
    expect(Object.keys(await slugs())).toContain('my-app-staging');
    expect((await lxp(world, 'deploy', { prune: true })).code).toBe(0);
    expect(Object.keys(await slugs()).sort()).toEqual([applicationId, 'my-app-prod'].sort());
  });
});
