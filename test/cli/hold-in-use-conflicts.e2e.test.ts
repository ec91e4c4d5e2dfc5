// A watch push holds a layout or page delete that develop still uses (src/sync/layouts-in-use.ts,
// pages-in-use.ts) — also when the same push has a conflict elsewhere. The checks ran only for a
// plan without conflicts (a deploy refuses conflicts first), so a watch batch with one conflict
// pushed such deletes: the page's endpoint answered 500. Asked of prepare() as watch asks it.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { prepare } from '../../src/sync/run.js';
import { lxp, useWorlds } from './helpers.js';

const openWorld = useWorlds();

describe('watch-style holds beside a conflict', () => {
  it('holds the layout and page deletes develop still uses though the plan has a conflict', async () => {
    const w = await openWorld({
      files: { 'layouts/main.hbs': '<main>{{page}}</main>\n', 'pages/home.hbs': '<p>home</p>\n', 'pages/device.hbs': '<p>device</p>\n', 'pages/b.hbs': '<p>b</p>\n' },
    });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const views = await w.remoteViews();
    const id = (type: string, name: string) => views.find((v) => v.viewType === type && v.name === name)!.id;
    await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'uipage', viewType: 'page', layoutId: id('layout', 'main'), body: '<p>ui</p>' } });
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/device', staticReply: { type: 'page', value: id('page', 'device') } } });
    // A conflict: b edited on both sides.
    await w.losant.experienceView.patch({ applicationId, experienceViewId: id('page', 'b'), experienceView: { body: '<p>b in the UI</p>' } });
    await writeFile(path.join(w.dir, 'pages/b.hbs'), '<p>b here</p>\n');
    await rm(path.join(w.dir, 'layouts/main.hbs'));
    await rm(path.join(w.dir, 'pages/device.hbs'));

    const client = createClient({ apiUrl: w.server.url, applicationId, token: w.server.token });
    const prepared = await prepare('deploy', { dir: w.dir, client, target: 'env', skipInvalid: true, holdInUse: true });
    if ('issues' in prepared) throw new Error(JSON.stringify(prepared.issues));
    const { plan } = prepared;
    expect(plan.conflicts).toBe(1);
    const of = (file: string) => plan.changes.find((c) => c.file === file)!;
    expect(of('layouts/main.hbs')).toMatchObject({ action: 'skip', held: 'layout-in-use' });
    expect(of('layouts/main.hbs').reason).toContain('page "uipage" on develop');
    expect(of('pages/device.hbs')).toMatchObject({ action: 'skip', held: 'page-in-use' });
    expect(of('pages/b.hbs').action).toBe('conflict');
  });
});
