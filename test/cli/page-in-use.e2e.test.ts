// Review 6 M2: a folder without endpoints.yaml (or whose experience.yaml declares no settings)
// leaves develop's endpoints (settings) alone — but a deploy deleting a page they reply with left
// their routes answering 500. Such a delete is refused before any write, naming what uses the
// page and the way out, as the folder's own endpoints.yaml is refused when it names a deleted
// page; develop is asked only when the plan deletes a page.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const FILES: Record<string, string> = {
  ...MAIN_AND_HOME,
  'pages/device.hbs': '---\nlayout: main\n---\n<p>device</p>\n',
  'pages/spare.hbs': '---\nlayout: main\n---\n<p>spare</p>\n',
  'components/badge.hbs': '<b>badge</b>\n',
};

const writes = async (w: World) => (await w.requests()).filter((r) => r.method !== 'GET').length;
const reads = async (w: World, what: RegExp) => (await w.requests()).filter((r) => r.method === 'GET' && what.test(r.path)).length;
const ENDPOINTS = /\/experience\/endpoints(\?|$)/;
const DEVELOP = /\/experience\/versions\/develop(\?|$)/;

async function pageId(w: World, name: string): Promise<string | undefined> {
  return (await w.remoteViews()).find((v) => v.viewType === 'page' && v.name === name)?.id;
}

describe('deleting a page develop still replies with, from what the folder leaves alone', () => {
  it('without endpoints.yaml and settings: refused before any write (dry run too), naming the endpoints, the setting and the way out', async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const device = (await pageId(w, 'device'))!;
    // Made in the UI: the folder has no endpoints.yaml and no settings.
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/devices/{id}', staticReply: { type: 'page', value: device } } });
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/opt', access: 'authenticated', unauthorizedReply: { type: 'page', value: device } } });
    await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: { type: 'page', value: device } } });
    await rm(path.join(w.dir, 'pages/device.hbs'));

    const before = await writes(w);
    for (const dryRun of [true, false]) {
      const r = await lxp(w, 'deploy', { json: true, dryRun });
      expect(r.code, r.stderr).toBe(2);
      expect(r.json).toMatchObject({ outcome: 'invalid', error: { code: 'invalid-folder' } });
      expect(r.json.issues).toHaveLength(1);
      const [issue] = r.json.issues;
      expect(issue.file).toBe('pages/device.hbs');
      expect(issue.message).toContain('page "device" is still used on develop by endpoint GET /devices/{id} (reply) and endpoint GET /opt (unauthorized reply), which deploy leaves alone without endpoints.yaml');
      expect(issue.message).toContain("develop's settings (notFound), which deploy leaves alone while experience.yaml declares no settings");
      expect(issue.message).toMatch(/add the endpoints to endpoints\.yaml \(lxp pull endpoints\.yaml writes develop's\)/);
      expect(issue.message).toMatch(/declare notFound and unauthorized in experience\.yaml/);
    }
    const text = await lxp(w, 'deploy');
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/pages\/device\.hbs: page "device" is still used on develop/);
    expect(text.stderr).toMatch(/nothing was written/);
    expect(await writes(w)).toBe(before);
    expect(await pageId(w, 'device')).toBe(device);

    // Re-pointed on develop: the delete goes through.
    const endpoints = (await w.losant.experienceEndpoints.get({ applicationId })).items as { id: string }[];
    for (const e of endpoints) await w.losant.experienceEndpoint.delete({ applicationId, experienceEndpointId: e.id });
    await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: null } });
    const done = await lxp(w, 'deploy');
    expect(done.code, done.output).toBe(0);
    expect(await pageId(w, 'device')).toBeUndefined();
  });

  it('develop is asked only when the plan deletes a page: not by status, nor by a deploy without one', async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const endpointsBefore = await reads(w, ENDPOINTS);
    const developBefore = await reads(w, DEVELOP);

    await rm(path.join(w.dir, 'components/badge.hbs'));
    await writeFile(path.join(w.dir, 'pages/home.hbs'), '---\nlayout: main\n---\n<p>home 2</p>\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await rm(path.join(w.dir, 'pages/spare.hbs'));
    expect((await lxp(w, 'status')).code).toBe(0);
    expect(await reads(w, ENDPOINTS)).toBe(endpointsBefore);
    expect(await reads(w, DEVELOP)).toBe(developBefore);

    // An unused page: one list of endpoints and one read of develop's settings, and it is deleted.
    const r = await lxp(w, 'deploy');
    expect(r.code, r.output).toBe(0);
    expect(await reads(w, ENDPOINTS)).toBe(endpointsBefore + 1);
    expect(await reads(w, DEVELOP)).toBe(developBefore + 1);
    expect(await pageId(w, 'spare')).toBeUndefined();
  });

  it('with endpoints.yaml: an endpoint of develop not from the folder (made in the UI) counts too; nothing is read twice', async () => {
    const w = await openWorld({ files: { ...FILES, 'endpoints.yaml': '- route: /\n  reply: { page: home }\n', 'experience.yaml': 'notFound: { page: home }\n' } });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const device = (await pageId(w, 'device'))!;
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/legacy', staticReply: { type: 'page', value: device } } });
    await rm(path.join(w.dir, 'pages/device.hbs'));
    const before = await writes(w);
    const endpointsBefore = await reads(w, ENDPOINTS);
    const developBefore = await reads(w, DEVELOP);
    const r = await lxp(w, 'deploy', { json: true });
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.issues[0].message).toMatch(/^page "device" is still used on develop by endpoint GET \/legacy \(reply\), not from this folder \(made in Losant\), which deploy leaves alone: .*add the endpoint to endpoints\.yaml and point it at another page/);
    expect(await writes(w)).toBe(before);
    // Both files are covered: develop's endpoints and settings were read once each, with the plan.
    expect(await reads(w, ENDPOINTS)).toBe(endpointsBefore + 1);
    expect(await reads(w, DEVELOP)).toBe(developBefore + 1);
  });
});
