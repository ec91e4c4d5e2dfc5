// What `lxp import --target` says about each file and each view of develop without one, given the
// folder's sync state (src/import/sync-fate.ts): the cases the end-to-end tests
// (./workspace.e2e.test.ts) do not reach — both sides changed since the folder last synced.
import { describe, expect, it } from 'vitest';
import { syncFate } from '../../src/import/sync-fate.js';
import { serializeViewFile } from '../../src/project/serialize.js';
import { hashContent, type ViewContent } from '../../src/project/view.js';
import type { TargetState } from '../../src/sync/state.js';
import type { ImportedView } from '../../src/import/imported.js';

const page = (name: string, body: string): ViewContent => ({ viewType: 'page', name, description: '', layout: null, contentType: null, tags: {}, body });
const state = (views: TargetState['views']): TargetState => ({ target: 'staging', applicationId: 'a'.repeat(24), fullSync: true, views });

describe('syncFate', () => {
  it('a file and its view both changed since the folder last synced it: the folder\'s record stays, the line says deploy and pull refuse to run until it is settled', () => {
    const synced = page('Home', '<p>synced</p>');
    const develop = page('Home', '<p>teammate</p>');
    const file = page('Home', '<p>workspace</p>');
    const views: ImportedView[] = [{ view: file, from: { file: 'experience/pages/Home.hbs', line: 1 }, develop: { id: 'h', lastUpdated: 't', hash: hashContent(develop), differs: ['body'] } }];
    const planned = [{ file: 'pages/Home.hbs', text: serializeViewFile(file, 'pages/Home.hbs'), source: 'experience/pages/Home.hbs' }];
    const fate = syncFate(views, [], planned, state({ h: { id: 'h', viewType: 'page', name: 'Home', file: 'pages/Home.hbs', hash: hashContent(synced), lastUpdated: 's' } }), () => true);
    expect(fate.records).toEqual([]);
    expect(fate.conflicts).toBe(1);
    expect(fate.report).toEqual([
      {
        kind: 'metadata',
        file: 'experience/pages/Home.hbs',
        message:
          'the body differs from develop\'s page "Home", and both changed since this folder last synced it: the file is kept, and lxp status shows a conflict — a whole lxp deploy or lxp pull refuses to run (exit 3) until it is settled: lxp deploy --force pages/Home.hbs sends the file, lxp pull --force pages/Home.hbs takes develop\'s',
      },
    ]);
  });

  it('a view of develop the folder synced, whose file is gone, changed in Losant since: a conflict, not a delete', () => {
    const synced = page('Old', '<p>synced</p>');
    const fate = syncFate([], [{ id: 'o', viewType: 'page', name: 'Old', managed: true, hash: hashContent(page('Old', '<p>edited</p>')) }], [], state({ o: { id: 'o', viewType: 'page', name: 'Old', file: 'pages/Old.hbs', hash: hashContent(synced), lastUpdated: 's' } }), () => false);
    expect(fate.deletedByDeploy).toBe(0);
    expect(fate.report).toEqual([
      {
        kind: 'remote-only',
        message:
          'the page "Old" of develop has no file in the workspace, and this folder\'s sync record has it in pages/Old.hbs, which is not in the folder, while develop changed it since: not imported; lxp status shows a conflict, and a whole lxp deploy or lxp pull refuses to run until lxp pull --force pages/Old.hbs brings it back (or lxp deploy --force deletes it)',
      },
    ]);
    // Unchanged in Losant since: the next deploy deletes it.
    const same = syncFate([], [{ id: 'o', viewType: 'page', name: 'Old', managed: true, hash: hashContent(synced) }], [], state({ o: { id: 'o', viewType: 'page', name: 'Old', file: 'pages/Old.hbs', hash: hashContent(synced), lastUpdated: 's' } }), () => false);
    expect(same.deletedByDeploy).toBe(1);
    expect(same.wholePullBringsIn).toBe(0);
  });
});
