// Review 6 M2 (layouts): a deploy deleted a layout that a page made in the Losant UI still used —
// the same plan listing that page as left alone — and the page then answered 500. Such a delete
// is refused before any write, naming the pages and the way out; with --prune the pages go too.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';

const openWorld = useWorlds();

const FILES: Record<string, string> = {
  'layouts/main.hbs': '<main>{{page}}</main>\n',
  'layouts/other.hbs': '<div>{{page}}</div>\n',
  'pages/home.hbs': '---\nlayout: other\n---\n<p>home</p>\n',
};

describe('deleting a layout a page of develop still uses', () => {
  it('is refused before any write when the page is not from the folder; --prune deletes both', async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const main = (await w.remoteViews()).find((v) => v.viewType === 'layout' && v.name === 'main')!.id;
    await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'uipage', viewType: 'page', layoutId: main, body: '<p>ui</p>' } });
    await rm(path.join(w.dir, 'layouts', 'main.hbs'));

    const writes = async () => (await w.requests()).filter((r) => r.method !== 'GET').length;
    const before = await writes();
    for (const dryRun of [true, false]) {
      const r = await lxp(w, 'deploy', { json: true, dryRun });
      expect(r.code, r.stderr).toBe(2);
      expect(r.json.error.code).toBe('invalid-folder');
      expect(r.json.issues).toEqual([
        {
          file: 'layouts/main.hbs',
          message:
            'layout "main" is still used on develop by page "uipage", not from this folder (left alone by deploy): deleting the layout would break it (Losant answers 500). Give it another layout on develop, or delete it there (deploy --prune deletes views the folder does not have), first',
        },
      ]);
    }
    expect(await writes()).toBe(before);
    expect((await w.remoteViews()).some((v) => v.id === main)).toBe(true);

    const pruned = await lxp(w, 'deploy', { json: true, prune: true });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect((await w.remoteViews()).map((v) => v.name).sort()).toEqual(['home', 'other']);
  });

  it('is refused for a deploy narrowed to the layout too, and for a page of the folder that develop has naming it (one count of its users)', async () => {
    const w = await openWorld({ files: { ...FILES, 'pages/away.hbs': '---\nlayout: main\n---\n<p>away</p>\n' } });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const main = (await w.remoteViews()).find((v) => v.viewType === 'layout' && v.name === 'main')!.id;
    await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'uipage', viewType: 'page', layoutId: main, body: '<p>ui</p>' } });
    await rm(path.join(w.dir, 'layouts', 'main.hbs'));

    // The page of develop is outside the run's paths: it is left as it is, and still counts.
    const r = await lxp(w, 'deploy', { json: true }, ['layouts/main.hbs']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.issues).toEqual([
      {
        file: 'layouts/main.hbs',
        message:
          'layout "main" is still used by this folder\'s page pages/away.hbs: deleting the layout would break it on develop (Losant answers 500). Give it another layout, or keep layouts/main.hbs; ' +
          'it is also used on develop by page "uipage", not from this folder (left alone by deploy): deleting the layout would break it (Losant answers 500). Give it another layout on develop, or delete it there (deploy --prune deletes views the folder does not have), first',
      },
    ]);
    expect((await w.remoteViews()).some((v) => v.id === main)).toBe(true);
  });
});
