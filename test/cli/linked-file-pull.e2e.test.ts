// A file of the folder that lxp never writes — an experience file that is a symbolic link to a
// file shared from elsewhere, which status and deploy read through — used to fail the pull's
// write, set the unfinished-pull mark, and then block every deploy and release with "`lxp pull`
// finishes it", which it never could (review 7, L8). The pull now checks the files it would
// change before its first write: refused (exit 2) naming the file, nothing written, no mark.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStateFileSync } from '../../src/sync/state.js';
import { writeViews } from '../harness/folder.js';
import { lxp, lxpIn, useWorlds } from './helpers.js';

const openWorld = useWorlds();

const marker = (dir: string) => Object.values(readStateFileSync(dir).targets)[0]?.unfinishedPull ?? false;
const ENDPOINTS = '- route: /\n  description: home\n  reply: { page: p000 }\n';

describe('a pull that would change a file lxp never writes', () => {
  it('is refused before its first write, naming the file; no unfinished mark; deploy and release still go', async () => {
    const w = await openWorld();
    await writeViews(w.dir, 2);
    const shared = path.join(w.root, 'shared');
    await mkdir(shared);
    await writeFile(path.join(shared, 'endpoints.yaml'), ENDPOINTS);
    await symlink(path.join(shared, 'endpoints.yaml'), path.join(w.dir, 'endpoints.yaml'));
    expect((await lxp(w, 'deploy')).code).toBe(0);
    expect((await lxp(w, 'status')).stdout).toMatch(/Everything in sync/);

    // A teammate edits the endpoint and a page in Losant.
    const applicationId = w.server.applicationId;
    const [endpoint] = (await w.losant.experienceEndpoints.get({ applicationId })).items;
    await w.losant.experienceEndpoint.patch({ applicationId, experienceEndpointId: endpoint.id, experienceEndpoint: { description: 'edited in Losant' } });
    const page = (await w.remoteViews()).find((v) => v.name === 'p001')!;
    await w.losant.experienceView.patch({ applicationId, experienceViewId: page.id, experienceView: { body: '<p>edited in Losant</p>' } });
    const pageBefore = await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8');

    for (const flags of [{ json: true, dryRun: true }, { json: true }]) {
      const pull = await lxp(w, 'pull', flags);
      expect(pull.code, pull.stderr).toBe(2);
      expect(pull.json).toMatchObject({ outcome: 'refused', error: { code: 'refused' } });
      expect(pull.json.error.message).toContain('the pull would change endpoints.yaml (it is a symbolic link), which a pull never writes');
      expect(pull.json.error.message).toContain('nothing was written');
    }
    const text = await lxp(w, 'pull');
    expect(text.stderr).toMatch(/endpoints\.yaml \(it is a symbolic link\)/);
    expect(text.stderr).not.toMatch(/run the command again|lxp pull` finishes/i);

    // Nothing written (not even the page the pull could have written), no mark, the link intact.
    expect(await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8')).toBe(pageBefore);
    expect(await readFile(path.join(shared, 'endpoints.yaml'), 'utf8')).toBe(ENDPOINTS);
    expect(marker(w.dir)).toBe(false);
    const status = await lxp(w, 'status');
    expect(status.stdout).not.toMatch(/did not finish/);
    const deploy = await lxp(w, 'deploy', { json: true, dryRun: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    const release = await lxpIn(w, ['release', 'v1', '--dry-run', '--json']);
    expect(release.json.error?.message ?? '').not.toMatch(/did not finish/);

    // A pull of the page alone writes it: only the files a pull would change are checked.
    const scoped = await lxp(w, 'pull', { json: true }, ['pages/p001.hbs']);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'pages/p001.hbs'), 'utf8')).toContain('edited in Losant');
  }, 60_000);
});
