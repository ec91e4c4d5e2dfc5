// Review 6b / closing note 6: `lxp watch` held a layout delete only while a page of the folder
// named it; a page made in Losant still using the layout was not counted, so removing the
// layout's file pushed the delete and that page answered 500 (`lxp deploy` refuses the same
// delete). Both commands now count a layout's users in one place (src/sync/layouts-in-use.ts):
// watch holds the delete, saying which page, and pushes it once develop's page no longer uses it.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/watch/index.js';
import { LAYOUT, useWatchWorlds, waitFor } from './helpers.js';

const openWatchWorld = useWatchWorlds();

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) => events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('lxp watch and a layout a page of develop still uses', () => {
  it('holds the delete, says which page, pushes the rest; deletes the layout once that page is gone', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': '<h1>Home</h1>\n' });
    const applicationId = w.server.applicationId;
    const layout = (await w.remoteView('layout', 'main'))!;
    const ui = await w.server.losant.experienceViews.post({ applicationId, experienceView: { name: 'uipage', viewType: 'page', layoutId: layout.id, body: '<p>ui</p>' } });

    await rm(path.join(w.dir, 'layouts/main.hbs'));
    const held = await waitFor(() => ofType(w.events, 'skipped').find((e) => e.file === 'layouts/main.hbs'), 'the held delete');
    expect(held).toMatchObject({ resource: 'view', viewType: 'layout', name: 'main' });
    expect(held.reason).toBe(
      'still used by page "uipage" on develop, not from this folder: not deleted until no page names it in layout: (give that page another layout on develop, or delete it there)',
    );
    await w.watcher.idle();
    expect((await w.remoteView('layout', 'main'))?.id).toBe(layout.id);
    expect(ofType(w.events, 'push').some((e) => e.action === 'delete')).toBe(false);

    // The watcher goes on: another save is pushed, the layout stays, the hold is reported once.
    await w.write('pages/home.hbs', '<h1>Home 2</h1>\n');
    await waitFor(async () => (await w.remoteView('page', 'home'))?.body?.includes('Home 2'), 'the next save pushed');
    await w.watcher.idle();
    expect((await w.remoteView('layout', 'main'))?.id).toBe(layout.id);
    expect(ofType(w.events, 'skipped').filter((e) => e.file === 'layouts/main.hbs')).toHaveLength(1);

    // develop's page deleted in Losant: the next push deletes the layout.
    await w.server.losant.experienceView.delete({ applicationId, experienceViewId: ui.id });
    await w.write('pages/home.hbs', '<h1>Home 3</h1>\n');
    await waitFor(async () => (await w.remoteView('layout', 'main')) === undefined, 'the layout deleted');
    expect(ofType(w.events, 'push').some((e) => e.action === 'delete' && e.name === 'main')).toBe(true);
  });
});
