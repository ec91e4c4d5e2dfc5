// `release --include-remote` keeps what was made in the Losant UI, but never an endpoint whose reply
// names a page develop no longer has: a version is immutable, so it would serve that failing reply.
// Refused at plan time (the endpoint already dangles) and, when the page is deleted in Losant while
// the release runs, by the read-back of develop (after the deploy) or of the version (after the
// freeze). The race is injected between the release's steps: the real deploy (plan, check, apply),
// then a delete through losant-rest; develop and the versions are read back with losant-rest too.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, lxpIn, useWorlds, MAIN_AND_HOME, type World } from '../cli/helpers.js';
import { connect } from '../../src/sync/connection.js';
import { release } from '../../src/release/release.js';
import { loadFolderVersionedResources, loadFolderViews } from '../../src/release/folder.js';
import { deployFolder } from '../../src/release/sync-adapter.js';

const openWorld = useWorlds();

/** A synced folder with endpoints.yaml; on develop, made in the UI: page "uip" and GET /ui replying with it. */
async function setUp(): Promise<{ w: World; applicationId: string; pageId: string }> {
  const w = await openWorld({ files: { ...MAIN_AND_HOME } });
  await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: home }\n');
  const first = await lxp(w, 'deploy');
  expect(first.code, first.output).toBe(0);
  const applicationId = w.server.applicationId;
  const layoutId = (await w.remoteViews()).find((v) => v.name === 'main')!.id;
  const page = (await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'uip', viewType: 'page', body: '<p>ui</p>', layoutId } })) as { id: string };
  await w.losant.experienceEndpoints.post({
    applicationId,
    experienceEndpoint: { method: 'get', route: '/ui', enabled: true, access: 'public', staticReply: { type: 'page', value: page.id, statusCode: 200 } },
  });
  return { w, applicationId, pageId: page.id };
}

const versions = async (w: World) => ((await w.losant.experienceVersions.get({ applicationId: w.server.applicationId })).items as Array<{ version: string }>).map((v) => v.version).sort();
const deletePage = (s: { w: World; applicationId: string; pageId: string }) => s.w.losant.experienceView.delete({ applicationId: s.applicationId, experienceViewId: s.pageId });

/** The release as `lxp release <version> --include-remote` runs it, through a real connection; `race` runs after the deploy. */
async function releaseWithRace(w: World, version: string, race: { afterDeploy?: () => Promise<unknown>; beforeFreeze?: () => Promise<unknown> }) {
  const conn = await connect({ dir: w.dir, env: w.env });
  try {
    const client = conn.client;
    if (race.beforeFreeze) {
      const createVersion = client.createVersion.bind(client);
      client.createVersion = async (body) => {
        await race.beforeFreeze!();
        return createVersion(body);
      };
    }
    return await release({
      client,
      version,
      slugs: [],
      domains: [],
      includeRemote: true,
      loadFolder: () => loadFolderViews(w.dir),
      loadResources: () => loadFolderVersionedResources(w.dir),
      deploy: async ({ dryRun }) => {
        const deployed = await deployFolder(conn, { dir: w.dir, dryRun, includeRemote: true, env: w.env });
        await race.afterDeploy?.();
        return deployed;
      },
    }).catch((e: unknown) => e);
  } finally {
    await conn.close();
  }
}

describe('release --include-remote and an endpoint naming a page deleted in Losant', () => {
  it('refused before anything is written when the endpoint already dangles; status says why it fails', async () => {
    const s = await setUp();
    await deletePage(s);
    const status = await lxp(s.w, 'status');
    expect(status.stdout).toMatch(/new remotely +endpoint +"GET \/ui" +not in endpoints\.yaml\n +not from this folder: left alone \(deploy --prune deletes it\); its reply names a page by an id develop has no page for \(\w+: deleted in Losant\), so it fails there — point it at a page in Losant\n/);
    const json = await lxp(s.w, 'status', { json: true });
    expect(json.json.changes.find((c: { name: string }) => c.name === 'GET /ui')).toMatchObject({ kind: 'new-remote', action: 'skip', pageGone: [s.pageId] });
    const before = (await s.w.requests()).length;
    for (const args of [['--dry-run'], [], ['--force']]) {
      const r = await lxpIn(s.w, ['release', 'v1', '--include-remote', ...args, '--json']);
      expect(r.code, r.output).toBe(3);
      expect(r.json.error.code).toBe('develop-differs');
      expect(r.json.error.message).toMatch(/1 endpoint made on develop names a page develop no longer has \(deleted in Losant\), so the version would freeze replies that fail:\n  endpoint "GET \/ui" \(not in endpoints\.yaml\): names a page deleted in Losant\nPoint them at a page in Losant, or delete them there; --include-remote does not keep them\./);
      expect(r.json.differences).toEqual([{ kind: 'new-remote', subject: 'endpoint', name: 'GET /ui', file: 'endpoints.yaml', dangling: true, pageGone: true, notInFolder: true }]);
    }
    expect((await s.w.requests()).slice(before).filter((l) => l.method !== 'GET')).toEqual([]);
    expect(await versions(s.w)).toEqual(['develop']);
  });

  it('the page deleted between the deploy and the read-back of develop: no version is created', async () => {
    const s = await setUp();
    const raced = (await releaseWithRace(s.w, 'v1', { afterDeploy: () => deletePage(s) })) as Error & { done?: string[] };
    expect(raced).toBeInstanceOf(Error);
    expect(raced.message).toMatch(/^develop differs from the folder after the deploy \(1 resource differs: endpoint:GET \/ui \(names a page by a deleted id\)\), so no version was created\. Someone may be editing develop; run `lxp status`/);
    expect(await versions(s.w)).toEqual(['develop']);
    // What the message sends the user to says it too.
    expect((await lxp(s.w, 'status')).stdout).toMatch(/"GET \/ui" +not in endpoints\.yaml\n.*its reply names a page by an id develop has no page for/);
  });

  it('the page deleted between the read-back of develop and the freeze: the version is deleted again', async () => {
    const s = await setUp();
    const raced = (await releaseWithRace(s.w, 'v2', { beforeFreeze: () => deletePage(s) })) as Error;
    expect(raced).toBeInstanceOf(Error);
    expect(raced.message).toMatch(/^develop changed while version v2 was being created, so the version is not the folder \(1 resource differs: endpoint:GET \/ui \(names a page by a deleted id\)\): it was deleted again/);
    expect(await versions(s.w)).toEqual(['develop']);
  });

  it('without a race the endpoint and its page are frozen into the version', async () => {
    const s = await setUp();
    const ok = await releaseWithRace(s.w, 'v3', {});
    expect(ok).toMatchObject({ status: 'created' });
    const frozen = (await s.w.losant.experienceEndpoints.get({ applicationId: s.applicationId, version: 'v3' })).items as Array<{ route: string; staticReply: { value: string } }>;
    const pages = (await s.w.losant.experienceViews.get({ applicationId: s.applicationId, version: 'v3' })).items as Array<{ id: string; name: string }>;
    expect(frozen.find((e) => e.route === '/ui')!.staticReply.value).toBe(pages.find((p) => p.name === 'uip')!.id);
  });
});
