// The planner takes the sync records in the locale order of their files (then ids). It sorts them
// by code points first and checks each neighbour with the collator: in the usual folder (lowercase
// ASCII names) that is the locale order, found with n − 1 comparisons of ICU's collator instead of
// n log n (a no-op deploy of 5000 views sorted 5000 records with ~60 000 of them). Anything else —
// capitals, `_`, accents, two records the collator calls equal — is sorted in locale order as before.
// The folder's views are sorted in locale order only once some are left after pairing by file (from
// then on two may compete for one record or remote view): a folder whose views kept their files
// sorts none.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateEntry, TargetState } from '../../src/sync/state.js';
import { hashContent, type LocalView, type ViewContent } from '../../src/project/view.js';

const record = (file: string, id: string): StateEntry => ({ id, viewType: 'page', name: file, file, hash: 'h', lastUpdated: 't' });

const RealCollator = Intl.Collator;

/** What the planner did before: every record sorted with the collator, in the order they came. */
function inLocale(records: StateEntry[]): StateEntry[] {
  const c = new RealCollator().compare;
  return [...records].sort((a, b) => c(a.file, b.file) || c(a.id, b.id));
}

/** plan.js loaded afresh, with every comparison of its collator counted. */
async function freshPlanner() {
  vi.resetModules();
  const counted = { compares: 0 };
  const Real = RealCollator;
  vi.spyOn(Intl, 'Collator').mockImplementation(function (...args: ConstructorParameters<typeof Intl.Collator>) {
    const real = new Real(...args);
    return { compare: (a: string, b: string) => (counted.compares++, real.compare(a, b)) } as Intl.Collator;
  } as unknown as typeof Intl.Collator);
  return { ...(await import('../../src/sync/plan.js')), counted };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the order of the sync records', () => {
  it('is the locale order, found with one comparison per neighbour when it is also the code-point order', async () => {
    const { recordsInLocaleOrder, counted } = await freshPlanner();
    const records = Array.from({ length: 2000 }, (_, i) => record(`pages/p${String((i * 7919) % 2000).padStart(5, '0')}.hbs`, `id${i}`));
    const sorted = recordsInLocaleOrder([...records]);
    expect(sorted).toEqual(inLocale(records));
    expect(counted.compares).toBeLessThan(2 * records.length);
  });

  it('is the locale order when the code-point order is not (capitals, `_`, accents, a file twice)', async () => {
    const { recordsInLocaleOrder } = await freshPlanner();
    const records = ['pages/b.hbs', 'pages/B.hbs', 'pages/a_b.hbs', 'pages/a-b.hbs', 'pages/éclair.hbs', 'pages/eclair.hbs', 'pages/z.hbs', 'pages/b.hbs'].map((f, i) => record(f, `r${9 - i}`));
    expect(recordsInLocaleOrder([...records])).toEqual(inLocale(records));
  });

  it('is always what sorting every record with the collator gives', async () => {
    const { recordsInLocaleOrder } = await import('../../src/sync/plan.js');
    const file = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '_', '-', '.', '/', 'é', 'e\u0301', '1', 'Z'), maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(file, fc.string({ maxLength: 4 })), { selector: ([, id]) => id, maxLength: 30 }), (pairs) => {
        const records = pairs.map(([f, id]) => record(f, id));
        expect(recordsInLocaleOrder([...records])).toEqual(inLocale(records));
      }),
    );
  });

  it('a plan whose views all kept their files sorts only the records (one comparison per neighbour)', async () => {
    const { plan, counted } = await freshPlanner();
    const views: LocalView[] = [];
    const records: TargetState['views'] = {};
    const remote = [];
    for (let i = 0; i < 2000; i++) {
      const name = `p${String((i * 7919) % 2000).padStart(5, '0')}`;
      const c: ViewContent = { viewType: 'page', name, description: '', layout: null, contentType: null, tags: {}, body: `<p>${name}</p>` };
      const id = `id${i}`;
      views.push({ ...c, file: `pages/${name}.hbs` });
      records[id] = { id, viewType: 'page', name, file: `pages/${name}.hbs`, hash: hashContent(c), lastUpdated: 't' };
      remote.push({ id, lastUpdated: 't', managed: true, content: c });
    }
    const state: TargetState = { target: 't', applicationId: 'a', fullSync: true, views: records };
    const p = plan({ direction: 'deploy', local: views, remote, state, fileFor: (_t, n) => `pages/${n}.hbs` });
    expect(p.inSync).toBe(2000);
    expect(p.changes).toEqual([]);
    expect(counted.compares).toBeLessThan(2 * views.length);
  });
});
