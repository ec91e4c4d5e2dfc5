import { describe, expect, it } from 'vitest';
import { fileForView } from '../../src/project/naming.js';
import type { LocalView, ViewContent } from '../../src/project/view.js';
import { hashContent } from '../../src/project/view.js';
import { developRefusal, leftOnDevelop } from '../../src/release/develop-check.js';
import { plan } from '../../src/sync/plan.js';
import type { RemoteView } from '../../src/sync/remote.js';
import type { TargetState } from '../../src/sync/state.js';

const content = (viewType: ViewContent['viewType'], name: string, body: string): ViewContent => ({ viewType, name, description: '', layout: null, contentType: null, tags: {}, body });
const local = (c: ViewContent, file: string): LocalView => ({ ...c, file });
const remote = (id: string, c: ViewContent, managed = true, lastUpdated = '2024-01-01T00:00:00.000Z'): RemoteView => ({ id, content: c, managed, lastUpdated }) as RemoteView;

function deployPlan(opts: { force?: boolean; prune?: boolean } = {}) {
  const home = content('page', 'home', '<p>home</p>');
  const about = content('page', 'about', '<p>about</p>');
  const gone = content('page', 'gone', '<p>gone</p>');
  const state: TargetState = {
    fullSync: true,
    views: {
      a1: { id: 'a1', viewType: 'page', name: 'about', file: 'pages/about.hbs', hash: hashContent(about), lastUpdated: '2024-01-01T00:00:00.000Z' },
      g1: { id: 'g1', viewType: 'page', name: 'gone', file: 'pages/gone.hbs', hash: hashContent(gone), lastUpdated: '2024-01-01T00:00:00.000Z' },
    },
  } as unknown as TargetState;
  return plan({
    direction: 'deploy',
    local: [local(home, 'pages/home.hbs'), local(about, 'pages/about.hbs'), local(gone, 'pages/gone.hbs')],
    remote: [
      remote('h1', home),
      // Edited in the UI: the API moved its lastUpdated.
      remote('a1', content('page', 'about', '<p>about, edited in the UI</p>'), true, '2024-01-02T00:00:00.000Z'),
      remote('b1', content('component', 'banner', '<b>made in the UI</b>'), false),
    ],
    state,
    force: opts.force,
    prune: opts.prune,
    fileFor: fileForView,
  });
}

describe('what a deploy leaves on develop', () => {
  it('names views made on develop, edited there and deleted there', () => {
    const left = leftOnDevelop(deployPlan());
    expect(left).toHaveLength(3);
    expect(left).toEqual(
      expect.arrayContaining([
        { kind: 'new-remote', subject: 'component', name: 'banner', file: 'components/banner.hbs' },
        { kind: 'changed-remote', subject: 'page', name: 'about', file: 'pages/about.hbs' },
        { kind: 'deleted-remote', subject: 'page', name: 'gone', file: 'pages/gone.hbs' },
      ]),
    );
  });

  it('a refusal names every view and what to do; --include-remote keeps views made on develop', () => {
    const message = developRefusal(deployPlan())!;
    expect(message).toContain('develop holds 1 view the folder does not have, which the version would freeze:\n  component "banner" (components/banner.hbs)');
    expect(message).toContain('--include-remote');
    expect(message).toContain('page "about" (pages/about.hbs): edited on develop');
    expect(message).toContain('page "gone" (pages/gone.hbs): deleted on develop');
    expect(message).toMatch(/Nothing was written; no version was created\.$/);
    const included = developRefusal(deployPlan(), { includeRemote: true })!;
    expect(included).not.toContain('banner');
    expect(included).toContain('edited on develop');
  });

  it('--prune and --force leave nothing behind: no refusal', () => {
    expect(developRefusal(deployPlan({ prune: true, force: true }))).toBeUndefined();
    expect(leftOnDevelop(deployPlan({ prune: true })).map((d) => d.kind).sort()).toEqual(['changed-remote', 'deleted-remote']);
  });
});
