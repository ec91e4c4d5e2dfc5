// Review 6 M3: a page of develop whose layoutId names no layout (the layout deleted in Losant)
// read as "no layout": a pull stripped `layout: main` from every page that used it (and removed
// the layout file), after which status called the broken pages in sync and deploy never repaired
// them. Such a page now reads as naming a deleted layout: it differs from every file, pull keeps
// the folder's page and layout files and says why, and deploy --force puts the layout back.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';

const openWorld = useWorlds();

const PAGE = '---\nlayout: main\n---\n<p>two</p>\n';
const FILES: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n', 'pages/two.hbs': PAGE };

describe('a page whose layout was deleted in Losant', () => {
  it('is never in sync: pull keeps the files and says why; deploy --force puts the layout back and re-points the page', async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const views = await w.remoteViews();
    const main = views.find((v) => v.name === 'main')!.id;
    await w.losant.experienceView.delete({ applicationId, experienceViewId: main });

    const status = await lxp(w, 'status', { json: true });
    expect(status.json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => [c.name, c.kind])).toEqual(
      expect.arrayContaining([
        ['main', 'deleted-remote'],
        ['two', 'changed-remote'],
      ]),
    );

    // Deploy's advice is the one way that works (a pull keeps these files): deploy --force.
    const dry = await lxp(w, 'deploy', { json: true, dryRun: true });
    const planned = (n: string) => dry.json.changes.find((c: any) => c.name === n);
    expect(planned('two')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/names a layout that no longer exists .*: deploy --force puts the folder's back/) });
    expect(planned('main')).toMatchObject({ action: 'skip', stillNamedBy: 'pages', reason: expect.stringMatching(/^deleted on develop while develop's pages still name it .*: pull keeps the file, deploy --force re-creates it/) });
    // status says the same under the line (not a bare "deleted remotely").
    expect((await lxp(w, 'status')).stdout).toMatch(/deleted remotely +layout +"main" .*\n +deleted on develop while develop's pages still name it \(they fail to render there\): pull keeps the file/);

    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    const byName = (n: string) => pull.json.changes.find((c: any) => c.name === n);
    expect(byName('two')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/^develop's page names a layout that no longer exists \(id [0-9a-f]{24}, deleted in Losant\)/) });
    expect(byName('main')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/^deleted on develop, but develop's pages still name it/) });
    expect(await readFile(path.join(w.dir, 'pages', 'two.hbs'), 'utf8')).toBe(PAGE);
    expect(await readFile(path.join(w.dir, 'layouts', 'main.hbs'), 'utf8')).toBe(FILES['layouts/main.hbs']);

    const fixed = await lxp(w, 'deploy', { json: true, force: true });
    expect(fixed.code, fixed.stderr).toBe(0);
    const after = await w.remoteViews();
    const newMain = after.find((v) => v.name === 'main')!;
    expect(after.find((v) => v.name === 'two')!.layoutId).toBe(newMain.id);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a page the folder holds without a layout is not "in sync" with develop\'s broken one: deploy sends the folder\'s (no layout)', async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const main = (await w.remoteViews()).find((v) => v.name === 'main')!.id;
    await w.losant.experienceView.delete({ applicationId, experienceViewId: main });
    await writeFile(path.join(w.dir, 'pages', 'two.hbs'), '<p>two</p>\n');
    const status = await lxp(w, 'status', { json: true });
    expect(status.json.outcome).not.toBe('in-sync');
    const fixed = await lxp(w, 'deploy', { json: true, force: true });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((await w.remoteViews()).find((v) => v.name === 'two')!.layoutId ?? null).toBeNull();
  });
});
