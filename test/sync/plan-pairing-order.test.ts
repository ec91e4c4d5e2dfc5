// The planner pairs folder views with records and remote views in the locale order of their files
// (ICU's collator), but only when that order can change a pairing: with no sync record and no two
// folder views of one name, every order pairs alike, and the collator (~14 ms of ICU loading
// between develop's list and a first deploy's first write) is never made.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanInput } from '../../src/sync/plan.js';
import type { RemoteView } from '../../src/sync/remote.js';
import type { TargetState } from '../../src/sync/state.js';
import { VIEW_TYPE_FOLDERS, type LocalView, type ViewContent, type ViewType } from '../../src/project/view.js';

function fileFor(viewType: ViewType, name: string): string {
  return `${VIEW_TYPE_FOLDERS[viewType]}/${name}.hbs`;
}
function content(name: string, extra: Partial<ViewContent> = {}): ViewContent {
  return { viewType: 'page', name, description: '', layout: null, contentType: null, tags: {}, body: `<p>${name}</p>`, ...extra };
}
const local = (c: ViewContent, file = fileFor(c.viewType, c.name)): LocalView => ({ ...c, file });
const remote = (c: ViewContent, id: string): RemoteView => ({ id, lastUpdated: '2024-01-01T00:00:00.000Z', managed: true, content: c });
const empty: TargetState = { target: 't', applicationId: 'a', fullSync: false, views: {} };

/** plan.js loaded afresh (its collator is made once per module), with Intl.Collator counted. */
async function freshPlanner() {
  vi.resetModules();
  const made = { collators: 0 };
  const Real = Intl.Collator;
  vi.spyOn(Intl, 'Collator').mockImplementation(function (...args: ConstructorParameters<typeof Intl.Collator>) {
    made.collators++;
    return new Real(...args);
  } as unknown as typeof Intl.Collator);
  const mod = await import('../../src/sync/plan.js');
  return { ...mod, made, run: (input: Partial<PlanInput>) => mod.plan({ direction: 'deploy', local: [], remote: [], state: empty, fileFor, ...input }) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('pairing order', () => {
  it('needs no order with no sync record and unique names; needs one with a record or two views of one name', async () => {
    const { pairingNeedsOrder } = await import('../../src/sync/plan.js');
    const views = [local(content('b')), local(content('a')), local(content('a', { viewType: 'component' }))];
    expect(pairingNeedsOrder(views, 0)).toBe(false);
    expect(pairingNeedsOrder(views, 1)).toBe(true);
    expect(pairingNeedsOrder([...views, local(content('a'), 'pages/elsewhere/a.hbs')], 0)).toBe(true);
  });

  it('a first deploy of a folder with no records makes no collator, and its plan does not depend on the order the folder was read in', async () => {
    const { run, made, warmPlanner } = await freshPlanner();
    const views = ['Zeta', 'alpha', 'Beta', 'éclair', 'beta2', 'a-b', 'a_b', 'ab'].map((n) => local(content(n)));
    const onRemote = [remote(content('alpha'), 'r1'), remote(content('other'), 'r2')];
    warmPlanner(empty);
    const a = run({ local: views, remote: onRemote });
    const b = run({ local: [...views].reverse(), remote: onRemote });
    expect(made.collators).toBe(0);
    expect(b.changes).toEqual(a.changes);
    expect(a.changes.find((c) => c.name === 'alpha')?.id).toBe('r1');
  });

  it('a state with view records warms and uses the collator', async () => {
    const { run, made, warmPlanner } = await freshPlanner();
    const c = content('home');
    const withRecord: TargetState = { ...empty, views: { r1: { id: 'r1', viewType: 'page', name: 'home', file: 'pages/home.hbs', hash: 'x', lastUpdated: 'y' } } };
    warmPlanner(withRecord);
    expect(made.collators).toBe(1);
    run({ local: [local(c)], state: withRecord });
    expect(made.collators).toBe(1);
  });
});
