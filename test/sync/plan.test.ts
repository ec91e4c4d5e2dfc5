import { describe, expect, it } from 'vitest';
import { plan, deletesFromEmptyFolder, differences, leavesInSync, type ChangeKind, type Direction, type PlanInput } from '../../src/sync/plan.js';
import type { RemoteView } from '../../src/sync/remote.js';
import type { ExperienceClient } from '../../src/api/types.js';
import { layoutInUseReason, layoutsInUse } from '../../src/sync/layouts-in-use.js';
import type { StateEntry, TargetState } from '../../src/sync/state.js';
import { hashContent, VIEW_TYPE_FOLDERS, type LocalView, type ViewContent, type ViewType } from '../../src/project/view.js';

// A plain, predictable file namer for the planner's tests (the real one is tested with the folder layer).
function fileFor(viewType: ViewType, name: string, taken: Set<string>): string {
  const base = `${VIEW_TYPE_FOLDERS[viewType]}/${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  let f = `${base}.hbs`;
  for (let i = 2; taken.has(f.toLowerCase()); i++) f = `${base}~${i}.hbs`;
  return f;
}

function content(name: string, body: string, extra: Partial<ViewContent> = {}): ViewContent {
  const viewType = extra.viewType ?? 'page';
  return { viewType, name, description: '', layout: null, contentType: null, tags: {}, body, ...extra };
}
function local(c: ViewContent, file?: string): LocalView {
  return { ...c, file: file ?? `${VIEW_TYPE_FOLDERS[c.viewType]}/${c.name}.hbs` };
}
let nextId = 1;
/**
 * The API moves a view's lastUpdated on every change, and the planner relies on it (an unchanged
 * id and lastUpdated vouch for the recorded content): by default a fixture's stamp follows its content.
 */
function stampOf(c: ViewContent): string {
  return `2024-01-01T00:00:00.000Z#${hashContent(c).slice(0, 12)}`;
}
function remote(c: ViewContent, opts: { id?: string; managed?: boolean; lastUpdated?: string } = {}): RemoteView {
  return {
    id: opts.id ?? (nextId++).toString(16).padStart(24, '0'),
    lastUpdated: opts.lastUpdated ?? stampOf(c),
    managed: opts.managed ?? true,
    content: c,
  };
}
function entry(id: string, c: ViewContent, file?: string, lastUpdated = stampOf(c)): StateEntry {
  return {
    id,
    viewType: c.viewType,
    name: c.name,
    file: file ?? `${VIEW_TYPE_FOLDERS[c.viewType]}/${c.name}.hbs`,
    hash: hashContent(c),
    lastUpdated,
  };
}
function state(entries: StateEntry[], fullSync = true): TargetState {
  return { target: 't', applicationId: 'a', fullSync, views: Object.fromEntries(entries.map((e) => [e.id, e])) };
}
function run(input: Partial<PlanInput> & { direction: Direction }) {
  return plan({ local: [], remote: [], state: state([]), fileFor, ...input });
}

// ---- every local × remote × sync-record combination, both directions, with and without --force/--prune ----

const A = content('home', 'base');
const B = content('home', 'local edit');
const C = content('home', 'remote edit');
const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
type Side = 'A' | 'B' | 'C' | '-';
const pick = (s: Side) => ({ A, B, C, '-': undefined })[s];

interface Scenario {
  S: boolean;
  L: Side;
  R: Side;
  /** Expected kind for deploy/status, for [fresh && managed, otherwise]. */
  kind: ChangeKind | 'stale';
  freshKind?: ChangeKind;
  /** Kind for a fresh folder in pull (only where it differs from deploy). */
  pullFreshKind?: ChangeKind;
}

// The classification table from the planner's header, written out independently.
const SCENARIOS: Scenario[] = [
  { S: true, L: 'A', R: 'A', kind: 'in-sync' },
  { S: true, L: 'B', R: 'A', kind: 'changed-local' },
  { S: true, L: 'A', R: 'C', kind: 'changed-remote' },
  { S: true, L: 'B', R: 'C', kind: 'conflict' },
  { S: true, L: 'B', R: 'B', kind: 'in-sync' },
  { S: true, L: 'A', R: '-', kind: 'deleted-remote' },
  { S: true, L: 'B', R: '-', kind: 'conflict' },
  { S: true, L: '-', R: 'A', kind: 'deleted-local' },
  { S: true, L: '-', R: 'C', kind: 'conflict' },
  { S: true, L: '-', R: '-', kind: 'stale' },
  { S: false, L: 'A', R: 'A', kind: 'in-sync' },
  { S: false, L: 'B', R: 'A', kind: 'conflict', freshKind: 'changed-local' },
  { S: false, L: 'A', R: '-', kind: 'new-local' },
  { S: false, L: '-', R: 'A', kind: 'new-remote', freshKind: 'deleted-local', pullFreshKind: 'new-remote' },
];

function expectedAction(kind: ChangeKind | 'stale', dir: Direction, force: boolean, prune: boolean, sc: Scenario, managed: boolean): string | undefined {
  if (kind === 'stale') return 'forget';
  if (kind === 'in-sync') {
    if (dir === 'deploy' && !managed) return 'mark';
    return sc.S ? (sc.L === 'B' ? 'record' : undefined) : 'record';
  }
  if (dir === 'deploy') {
    switch (kind) {
      case 'new-local': return 'create';
      case 'changed-local': return 'update';
      case 'deleted-local': return 'delete';
      case 'changed-remote': return force ? 'update' : 'skip';
      case 'deleted-remote': return force ? 'create' : 'skip';
      case 'new-remote': return prune ? 'delete' : 'skip';
      case 'conflict': return force ? (sc.L === '-' ? 'delete' : sc.R === '-' ? 'create' : 'update') : 'conflict';
    }
  }
  switch (kind) {
    case 'new-remote': case 'changed-remote': return 'write';
    case 'deleted-remote': return 'remove';
    case 'new-local': return prune ? 'remove' : 'skip';
    case 'changed-local': return force ? 'write' : 'skip';
    case 'deleted-local': return force ? 'write' : 'skip';
    case 'conflict': return force ? (sc.R === '-' ? 'remove' : 'write') : 'conflict';
  }
}

describe('plan: every state × state combination', () => {
  const cases: Array<[Scenario, Direction, boolean, boolean, boolean, boolean]> = [];
  for (const sc of SCENARIOS)
    for (const dir of ['deploy', 'pull'] as const)
      for (const fresh of [false, true])
        for (const managed of [true, false])
          for (const force of [false, true])
            for (const prune of [false, true]) cases.push([sc, dir, fresh, managed, force, prune]);

  it.each(cases)('%j %s fresh=%s managed=%s force=%s prune=%s', (sc, dir, fresh, managed, force, prune) => {
    const L = pick(sc.L);
    const R = pick(sc.R);
    const p = run({
      direction: dir,
      local: L ? [local(L)] : [],
      remote: R ? [remote(R, { id: ID, managed })] : [],
      state: state(sc.S ? [entry(ID, A)] : [], !fresh),
      force,
      prune,
    });
    let kind: ChangeKind | 'stale' = sc.kind;
    if (fresh && sc.freshKind) kind = sc.freshKind;
    if (fresh && sc.kind === 'new-remote' && !managed) kind = 'new-remote';
    if (fresh && dir === 'pull' && sc.pullFreshKind) kind = sc.pullFreshKind;
    const action = expectedAction(kind, dir, force, prune, sc, managed);
    if (action === undefined) {
      expect(p.changes).toEqual([]);
      expect(p.inSync).toBe(1);
      return;
    }
    expect(p.changes).toHaveLength(1);
    const c = p.changes[0];
    expect(c.kind).toBe(kind === 'stale' ? 'in-sync' : kind);
    expect(c.action).toBe(action);
    expect(p.conflicts).toBe(action === 'conflict' ? 1 : 0);
    if (action === 'skip' || action === 'conflict') expect(c.reason).toBeTruthy();
    // A conflict says which command takes which side (status shows the same plan as deploy).
    if (action === 'conflict') expect(c.reason).toMatch(/deploy --force keeps the folder's version, pull --force takes develop's$/);
  });
});

describe('plan: renames', () => {
  it('a file moved with the same content (default name) is a rename that keeps the id', () => {
    const old = content('about', 'hello');
    const moved = content('about-us', 'hello');
    const p = run({
      direction: 'deploy',
      local: [local(moved)],
      remote: [remote(old, { id: ID })],
      state: state([entry(ID, old)]),
    });
    expect(p.changes).toMatchObject([{ action: 'rename', id: ID, name: 'about-us', fromName: 'about', file: 'pages/about-us.hbs' }]);
  });

  it('a `name:` changed in place is a rename (linked by file)', () => {
    const old = content('about', 'hello');
    const renamed = content('About Us', 'hello');
    const p = run({
      direction: 'deploy',
      local: [local(renamed, 'pages/about.hbs')],
      remote: [remote(old, { id: ID })],
      state: state([entry(ID, old)]),
    });
    expect(p.changes).toMatchObject([{ action: 'rename', id: ID, name: 'About Us', fromName: 'about' }]);
  });

  it('a moved file with a changed body and explicit name keeps its id (update)', () => {
    const old = content('about', 'hello');
    const moved = content('about', 'changed');
    const p = run({
      direction: 'deploy',
      local: [local(moved, 'pages/info/about.hbs')],
      remote: [remote(old, { id: ID })],
      state: state([entry(ID, old)]),
    });
    expect(p.changes).toMatchObject([{ action: 'update', id: ID, file: 'pages/info/about.hbs' }]);
  });

  it('a layout rename: pages that only follow it need no request and wait for it', () => {
    const LID = 'b'.repeat(24);
    const PID = 'c'.repeat(24);
    const lay = content('Main', 'x {{page}}', { viewType: 'layout' });
    const lay2 = content('Base', 'x {{page}}', { viewType: 'layout' });
    const page = content('home', 'hi', { layout: 'Main' });
    const page2 = content('home', 'hi', { layout: 'Base' });
    const p = run({
      direction: 'deploy',
      local: [local(lay2, 'layouts/Main.hbs'), local(page2)],
      remote: [remote(lay, { id: LID }), remote(page, { id: PID })],
      state: state([entry(LID, lay), entry(PID, page)]),
    });
    expect(p.changes.map((c) => [c.key, c.action, c.dependsOn])).toEqual([
      [LID, 'rename', []],
      [PID, 'record', [LID]],
    ]);
  });

  it('a page moved to another file while following a layout rename keeps its id', () => {
    const LID = 'b'.repeat(24);
    const PID = 'c'.repeat(24);
    const lay = content('main', 'x {{page}}', { viewType: 'layout' });
    const page = content('about', 'hi', { layout: 'main' });
    const p = run({
      direction: 'deploy',
      local: [local({ ...lay, name: 'base' }), local({ ...page, name: 'about-us', layout: 'base' })],
      remote: [remote(lay, { id: LID }), remote(page, { id: PID })],
      state: state([entry(LID, lay), entry(PID, page)]),
    });
    expect(p.changes.map((c) => [c.key, c.action, c.fromName, c.dependsOn])).toEqual([
      [LID, 'rename', 'main', []],
      [PID, 'update', 'about', [LID]],
    ]);
  });

  it('a layout rename plus a page body change: the page update waits for the layout', () => {
    const LID = 'b'.repeat(24);
    const PID = 'c'.repeat(24);
    const lay = content('Main', 'x {{page}}', { viewType: 'layout' });
    const page = content('home', 'hi', { layout: 'Main' });
    const p = run({
      direction: 'deploy',
      local: [local({ ...lay, name: 'Base' }, 'layouts/Main.hbs'), local({ ...page, layout: 'Base', body: 'new' })],
      remote: [remote(lay, { id: LID }), remote(page, { id: PID })],
      state: state([entry(LID, lay), entry(PID, page)]),
    });
    expect(p.changes.map((c) => [c.action, c.dependsOn])).toEqual([
      ['rename', []],
      ['update', [LID]],
    ]);
  });
});

describe('plan: a record vouches for an untouched remote view', () => {
  it('same id and lastUpdated, local unchanged: in sync without hashing the remote body', () => {
    const page = content('home', 'same', { layout: 'main' });
    // A remote whose body differs but whose stamp is the record's: the stamp is trusted (the API moves it on every change).
    const r = remote(content('home', 'never hashed', { layout: 'main' }), { id: ID, lastUpdated: 'T1' });
    const p = run({ direction: 'deploy', local: [local(page)], remote: [r], state: state([entry(ID, page, undefined, 'T1')]) });
    expect(p.changes).toEqual([]);
    expect(p.inSync).toBe(1);
  });

  it('a page whose layout was renamed remotely (the page itself untouched) is changed remotely, not in sync', () => {
    const page = content('home', 'same', { layout: 'main' });
    // The page's own stamp did not move; the name its layoutId resolves to did.
    const r = remote(content('home', 'same', { layout: 'main2' }), { id: ID, lastUpdated: 'T1' });
    for (const direction of ['deploy', 'pull'] as const) {
      const p = run({ direction, local: [local(page)], remote: [r], state: state([entry(ID, page, undefined, 'T1')]) });
      expect(p.changes.map((c) => c.kind)).toEqual(['changed-remote']);
    }
  });

  it('local changed since the record: the remote is hashed, so a remote change too is a conflict', () => {
    const synced = content('home', 'base');
    const r = remote(content('home', 'remote edit'), { id: ID, lastUpdated: 'T2' });
    const p = run({ direction: 'deploy', local: [local(content('home', 'local edit'))], remote: [r], state: state([entry(ID, synced, undefined, 'T1')]) });
    expect(p.changes.map((c) => [c.kind, c.action])).toEqual([['conflict', 'conflict']]);
  });
});

describe('plan: fresh checkout', () => {
  it('matches by type and name: no duplicates; deletes managed views without a file; leaves hand-made ones', () => {
    const kept = content('home', 'same');
    const changed = content('list', 'new body');
    const p = run({
      direction: 'deploy',
      state: state([], false),
      local: [local(kept), local(changed)],
      remote: [
        remote(kept, { id: '1'.repeat(24) }),
        remote({ ...changed, body: 'old body' }, { id: '2'.repeat(24) }),
        remote(content('gone', 'x'), { id: '3'.repeat(24), managed: true }),
        remote(content('handmade', 'x'), { id: '4'.repeat(24), managed: false }),
      ],
    });
    const byName = Object.fromEntries(p.changes.map((c) => [c.name, c.action]));
    expect(byName).toEqual({ home: 'record', list: 'update', gone: 'delete', handmade: 'skip' });
    expect(p.changes.some((c) => c.action === 'create')).toBe(false);
  });

  it('same content under a hand-made view: marked as managed (one write), then nothing', () => {
    const v = content('home', 'same');
    const p = run({ direction: 'deploy', state: state([], false), local: [local(v)], remote: [remote(v, { id: ID, managed: false })] });
    expect(p.changes.map((c) => c.action)).toEqual(['mark']);
  });

  it('once fully synced, a managed view without file or record is someone else’s: left alone', () => {
    const p = run({ direction: 'deploy', state: state([], true), remote: [remote(content('theirs', 'x'), { managed: true })] });
    expect(p.changes.map((c) => [c.kind, c.action])).toEqual([['new-remote', 'skip']]);
  });
});

describe('plan: ordering and dependencies', () => {
  it('creates layouts before the pages that name them and deletes pages before layouts', () => {
    const newLayout = content('L2', '<main>{{page}}</main>', { viewType: 'layout' });
    const oldLayout = content('L1', '{{page}}', { viewType: 'layout' });
    const oldPage = content('old', 'x', { layout: 'L1' });
    const p = run({
      direction: 'deploy',
      local: [local(content('p', 'x', { layout: 'L2' })), local(newLayout), local(content('c', 'x', { viewType: 'component' }))],
      remote: [remote(oldLayout, { id: 'd'.repeat(24) }), remote(oldPage, { id: 'e'.repeat(24) })],
      state: state([entry('d'.repeat(24), oldLayout), entry('e'.repeat(24), oldPage)]),
    });
    expect(p.changes.map((c) => `${c.action} ${c.viewType} ${c.name}`)).toEqual([
      'create layout L2',
      'create component c',
      'delete page old',
      'create page p',
      'delete layout L1',
    ]);
    const createPage = p.changes.find((c) => c.name === 'p')!;
    expect(createPage.dependsOn).toEqual(['new:layout:L2']);
    const delLayout = p.changes.find((c) => c.name === 'L1')!;
    expect(delLayout.dependsOn).toEqual(['e'.repeat(24)]);
  });

  it('a create taking a name waits for the delete freeing it; a swap of names does not deadlock', () => {
    const a = content('a', '1');
    const b = content('b', '2');
    const idA = 'a'.repeat(24);
    const idB = 'b'.repeat(24);
    // b.hbs deleted, a.hbs now names itself "b" with new content.
    const p1 = run({
      direction: 'deploy',
      local: [local({ ...b, body: 'x' }, 'pages/a.hbs')],
      remote: [remote(a, { id: idA }), remote(b, { id: idB })],
      state: state([entry(idA, a), entry(idB, b)]),
    });
    const upd = p1.changes.find((c) => c.key === idA)!;
    expect(upd.action).toBe('update');
    expect(upd.dependsOn).toEqual([idB]);
    // Swap: a.hbs says "b", b.hbs says "a".
    const p2 = run({
      direction: 'deploy',
      local: [local({ ...a, name: 'b' }, 'pages/a.hbs'), local({ ...b, name: 'a' }, 'pages/b.hbs')],
      remote: [remote(a, { id: idA }), remote(b, { id: idB })],
      state: state([entry(idA, a), entry(idB, b)]),
    });
    const deps = p2.changes.map((c) => c.dependsOn.length);
    expect(deps.sort()).toEqual([0, 1]);
  });
});

describe('plan: narrowing, pull names, idempotency', () => {
  it('paths narrow every side: records and remote views outside the paths are ignored', () => {
    const home = content('home', 'x');
    const other = content('other', 'y');
    const p = run({
      direction: 'deploy',
      local: [local({ ...home, body: 'changed' })],
      remote: [remote(home, { id: '1'.repeat(24) }), remote(other, { id: '2'.repeat(24) })],
      state: state([entry('1'.repeat(24), home), entry('2'.repeat(24), other)]),
      inScope: (f) => f === 'pages/home.hbs',
    });
    expect(p.changes.map((c) => [c.name, c.action])).toEqual([['home', 'update']]);
    expect(p.scoped).toBe(true);
  });

  it('pull gives names that clash by case distinct files, stable across runs, never reusing a taken file', () => {
    const input = {
      direction: 'pull' as const,
      takenFiles: ['pages/Home.hbs'],
      remote: [remote(content('home', '1'), { id: '1'.repeat(24) }), remote(content('HOME', '2'), { id: '2'.repeat(24) })],
    };
    const files1 = run(input).changes.map((c) => c.file);
    const files2 = run(input).changes.map((c) => c.file);
    expect(files1).toEqual(files2);
    expect(new Set(files1.map((f) => f.toLowerCase())).size).toBe(2);
    expect(files1.map((f) => f.toLowerCase())).not.toContain('pages/home.hbs');
  });

  it('status/deploy show a view new on develop at the file a pull would give it, not at another local file (review 9, L7)', () => {
    // The folder's own page "Admin Users" sits at pages/admin/users.hbs; develop gets "admin/users".
    const mine = local(content('Admin Users', 'mine'), 'pages/admin/users.hbs');
    const theirs = remote(content('admin/users', 'theirs'), { id: '3'.repeat(24), managed: false });
    const clashing = { local: [mine], remote: [theirs, remote(content('HOME', '2'), { id: '4'.repeat(24), managed: false }), remote(content('home', '1'), { id: '5'.repeat(24), managed: false })], takenFiles: ['pages/admin/users.hbs'] };
    const fileOf = (d: Direction, name: string) => run({ direction: d, ...clashing }).changes.find((c) => c.name === name)!.file;
    for (const name of ['admin/users', 'home', 'HOME']) expect(fileOf('deploy', name), name).toBe(fileOf('pull', name));
    expect(fileOf('deploy', 'admin/users')).not.toBe('pages/admin/users.hbs');
    expect(fileOf('deploy', 'home').toLowerCase()).not.toBe(fileOf('deploy', 'HOME').toLowerCase());
  });

  it('everything recorded and equal: an empty plan', () => {
    const v = content('home', 'x');
    const p = run({ direction: 'deploy', local: [local(v)], remote: [remote(v, { id: ID })], state: state([entry(ID, v)]) });
    expect(p.changes).toEqual([]);
    expect(differences(p)).toEqual([]);
    expect(leavesInSync(p)).toBe(true);
    expect(p.inSync).toBe(1);
  });

  it('a remote view re-created under its recorded name is the same view, not a duplicate', () => {
    const v = content('home', 'x');
    const p = run({
      direction: 'deploy',
      local: [local({ ...v, body: 'y' })],
      remote: [remote(v, { id: 'f'.repeat(24) })],
      state: state([entry(ID, v)]),
    });
    expect(p.changes.map((c) => [c.action, c.id])).toEqual([['update', 'f'.repeat(24)]]);
  });
});

describe('deletesFromEmptyFolder', () => {
  const synced = state([entry(ID, A, 'pages/home.hbs')]);
  it('counts the deletes of a whole-folder plan when the folder has no view file', () => {
    const p = run({ direction: 'deploy', local: [], remote: [remote(A, { id: ID })], state: synced });
    expect(p.changes.map((c) => c.action)).toEqual(['delete']);
    expect(deletesFromEmptyFolder(p, 0)).toBe(1);
  });
  it('is 0 when the folder has view files, or the plan is narrowed to paths', () => {
    const p = run({ direction: 'deploy', local: [], remote: [remote(A, { id: ID })], state: synced });
    expect(deletesFromEmptyFolder(p, 3)).toBe(0);
    const scoped = run({ direction: 'deploy', local: [], remote: [remote(A, { id: ID })], state: synced, inScope: () => true });
    expect(scoped.scoped).toBe(true);
    expect(deletesFromEmptyFolder(scoped, 0)).toBe(0);
  });
});

describe('plan: policies as inputs (what lxp watch asks for)', () => {
  const layout = content('main', '<main>{{page}}</main>', { viewType: 'layout' });
  const page = content('home', 'home', { layout: 'main' });
  const L_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';
  const P_ID = 'cccccccccccccccccccccccc';

  it('hold.layoutsInUse: a layout delete the count of its users (layoutsInUse) finds is a skip saying which pages; no page, no hold', async () => {
    const ui = content('uipage', 'ui', { layout: 'main' });
    const UI_ID = 'dddddddddddddddddddddddd';
    const input = {
      direction: 'deploy' as const,
      local: [local(page)],
      remote: [remote(layout, { id: L_ID }), remote(page, { id: P_ID }), remote(ui, { id: UI_ID })],
      state: state([entry(L_ID, layout), entry(P_ID, page)]),
    };
    const planned = run(input);
    expect(planned.changes.find((c) => c.id === L_ID)?.action).toBe('delete');
    const noClient = {} as ExperienceClient; // the remote list is given: no request
    const [used] = await layoutsInUse(noClient, planned, { local: input.local, remote: input.remote, synced: input.state.views });
    expect(used).toEqual({ id: L_ID, name: 'main', file: 'layouts/main.hbs', folder: ['pages/home.hbs'], develop: ['uipage'] });
    const held = run({ ...input, hold: { layoutsInUse: new Map([[L_ID, layoutInUseReason(used)]]) } }).changes.find((c) => c.id === L_ID)!;
    expect(held).toMatchObject({ action: 'skip', kind: 'deleted-local', held: 'layout-in-use' });
    expect(held.reason).toBe(
      'still used by pages/home.hbs; and by page "uipage" on develop, not from this folder: not deleted until no page names it in layout: (give that page another layout on develop, or delete it there)',
    );
    // The folder's page pushed without the layout, develop's page deleted (--prune): nobody uses it.
    const pruned = run({ ...input, local: [local({ ...page, layout: null })], prune: true });
    expect(pruned.changes.find((c) => c.id === UI_ID)?.action).toBe('delete');
    expect(await layoutsInUse(noClient, pruned, { local: [local({ ...page, layout: null })], remote: input.remote, synced: input.state.views })).toEqual([]);
    // …unless that delete is held (kept): then develop's page still counts.
    expect((await layoutsInUse(noClient, pruned, { local: [local({ ...page, layout: null })], remote: input.remote, synced: input.state.views, kept: new Set([UI_ID]) }))[0]?.develop).toEqual(['uipage']);
  });

  it('hold.emptyFolder: no delete at all, every one a skip; other changes are unaffected', () => {
    const p = run({
      direction: 'deploy',
      local: [],
      remote: [remote(layout, { id: L_ID }), remote(page, { id: P_ID })],
      state: state([entry(L_ID, layout), entry(P_ID, page)]),
      hold: { emptyFolder: true },
    });
    expect(p.changes.map((c) => [c.action, c.held])).toEqual([
      ['skip', 'empty-folder'],
      ['skip', 'empty-folder'],
    ]);
    expect(leavesInSync(p)).toBe(false);
  });

  it('invalid: views of files that do not validate are left out — never read as deleted — and the plan is partial', () => {
    const input = {
      direction: 'deploy' as const,
      local: [local(layout)],
      // pages/home.hbs no longer parses: no local view, but its record and remote view remain.
      remote: [remote(layout, { id: L_ID }), remote(page, { id: P_ID })],
      state: state([entry(L_ID, layout), entry(P_ID, page)]),
    };
    expect(run(input).changes.find((c) => c.id === P_ID)?.action).toBe('delete');
    const p = run({ ...input, invalid: (f) => f === 'pages/home.hbs' });
    expect(p.changes.find((c) => c.id === P_ID)).toBeUndefined();
    expect(p.scoped).toBe(true);
  });
});

describe('a view renamed on develop onto the name of a new file (review 9, M3)', () => {
  const home = content('home', 'home body');
  const id = 'cccccccccccccccccccccccc';
  const renamed = content('report', 'home body');
  const mine = local(content('report', 'my report'));
  const input = (direction: Direction, extra: Partial<PlanInput> = {}) =>
    run({ direction, local: [local(home), mine], remote: [remote(renamed, { id })], state: state([entry(id, home)]), ...extra });

  for (const direction of ['deploy', 'pull'] as const) {
    it(`${direction}: both are collision conflicts naming each other; nothing else is planned for them`, () => {
      const p = input(direction);
      expect(p.conflicts).toBe(2);
      const where = direction === 'pull' ? 'the folder would hold' : 'develop would have';
      const report = p.changes.find((c) => c.file === 'pages/report.hbs')!;
      expect(report).toMatchObject({ action: 'conflict', kind: 'conflict', collision: true });
      expect(report.reason).toBe(
        `${where} two pages "report" after this ${direction}: the file pages/report.hbs, not deployed yet, and develop's page "home" (id ${id}, the file pages/home.hbs), renamed "report" in Losant. Rename one of them (the file, or the view in Losant), then run again`,
      );
      expect(p.changes.find((c) => c.file === 'pages/home.hbs')).toMatchObject({ action: 'conflict', collision: true });
    });
  }

  it('narrowed to the new file (watch): the renamed view out of scope still holds its name', () => {
    const p = input('deploy', { local: [mine], inScope: (f) => f === 'pages/report.hbs' });
    expect(p.changes.map((c) => [c.file, c.action])).toEqual([['pages/report.hbs', 'conflict']]);
  });

  it('deploy --force renames develop\'s back, so no collision: a rename, then the create', () => {
    const p = input('deploy', { force: true });
    expect(p.conflicts).toBe(0);
    expect(p.changes.map((c) => `${c.action} ${c.name}`).sort()).toEqual(['create report', 'rename home']);
  });

  it('a file renamed away from the name: the pull writes the rename, keeps the file', () => {
    const p = input('pull', { local: [local(home), local(content('my-report', 'my report'), 'pages/report.hbs')] });
    expect(p.conflicts).toBe(0);
    expect(p.changes.map((c) => `${c.action} ${c.name}`).sort()).toEqual(['skip my-report', 'write report']);
  });
});

describe('a run narrowed by paths pairs files as a whole run does (review 9b, F11 and F12)', () => {
  it('F12 deploy narrowed to a new file whose name another file (out of scope) renames away: never paired with that file\'s view; a collision naming the left-out file', () => {
    const id = 'dddddddddddddddddddddddd';
    const q = content('Q', '<p>q original</p>');
    const qfile = local(content('Q-renamed', '<p>q original</p>'), 'pages/Qfile.hbs');
    const mine = local(content('Q', '<p>new Q</p>'), 'pages/Q.hbs');
    const input = { remote: [remote(q, { id })], state: state([entry(id, q, 'pages/Qfile.hbs')]) };
    // The whole run: a rename of Qfile's view, then the create (no conflict).
    const whole = run({ direction: 'deploy', local: [mine, qfile], ...input });
    expect(whole.changes.map((c) => `${c.action} ${c.file}`).sort()).toEqual(['create pages/Q.hbs', 'rename pages/Qfile.hbs']);
    // Narrowed to Q.hbs: Qfile's view keeps its id and name; Q.hbs is not an update of it.
    const p = run({ direction: 'deploy', local: [mine], outside: [qfile], inScope: (f) => f === 'pages/Q.hbs', ...input });
    expect(p.changes.map((c) => [c.file, c.action, c.id])).toEqual([['pages/Q.hbs', 'conflict', undefined]]);
    expect(p.changes[0].reason).toBe(
      'develop would have two pages "Q" after this deploy: the file pages/Q.hbs, not deployed yet, and the file pages/Qfile.hbs, renamed here from "Q". pages/Qfile.hbs is out of this narrowed run, and its own rename frees the name: a whole lxp deploy has no such clash (or deploy that file too)',
    );
    // Narrowed to both: as the whole run.
    const both = run({ direction: 'deploy', local: [mine, qfile], inScope: () => true, ...input });
    expect(both.changes.map((c) => `${c.action} ${c.file}`).sort()).toEqual(['create pages/Q.hbs', 'rename pages/Qfile.hbs']);
  });

  it('F11 pull narrowed to the file of a view renamed in Losant onto the name of a file out of scope: the same collision as the whole pull', () => {
    const id = 'eeeeeeeeeeeeeeeeeeeeeeee';
    const p1 = content('P1', '<p>p1 original</p>');
    const x = local(content('X', '<p>mine X</p>'));
    const input = { remote: [remote(content('X', '<p>p1 original</p>'), { id })], state: state([entry(id, p1)]) };
    expect(run({ direction: 'pull', local: [local(p1), x], ...input }).conflicts).toBe(2);
    const p = run({ direction: 'pull', local: [local(p1)], outside: [x], inScope: (f) => f === 'pages/P1.hbs', ...input });
    expect(p.changes.map((c) => [c.file, c.action])).toEqual([['pages/P1.hbs', 'conflict']]);
    expect(p.changes[0]).toMatchObject({ collision: true });
    expect(p.changes[0].reason).toBe(
      `the folder would hold two pages "X" after this pull: develop's page "P1" (id ${id}, the file pages/P1.hbs), renamed "X" in Losant, and the file pages/X.hbs, not deployed yet. Rename one of them (the file, or the view in Losant), then run again`,
    );
  });
});

describe('a narrowed pull in a chain of renames made in Losant (A → B, B → C, C → D)', () => {
  const [i1, i2, i3] = ['1', '2', '3'].map((d) => d.repeat(24));
  const [a, b, c] = [content('A', 'a'), content('B', 'b'), content('C', 'c')];
  const input = { remote: [remote(content('B', 'a'), { id: i1 }), remote(content('C', 'b'), { id: i2 }), remote(content('D', 'c'), { id: i3 })], state: state([entry(i1, a), entry(i2, b), entry(i3, c)]) };
  const files = [local(a), local(b), local(c)];
  const narrowed = (only: string[], extra: Partial<PlanInput> = {}) =>
    run({ direction: 'pull', local: files.filter((l) => only.includes(l.file)), outside: files.filter((l) => !only.includes(l.file)), inScope: (f) => only.includes(f), ...input, ...extra });

  it('the whole pull writes the three renames, no clash', () => {
    expect(run({ direction: 'pull', local: files, ...input }).changes.map((x) => `${x.action} ${x.file}`)).toEqual(['write pages/A.hbs', 'write pages/B.hbs', 'write pages/C.hbs']);
  });

  it('narrowed to pages/A.hbs: a clash that says a whole pull has none, naming every file of the chain (B alone would meet C)', () => {
    const p = narrowed(['pages/A.hbs']);
    expect(p.changes.map((x) => [x.file, x.action, x.collision, x.narrowedOnly])).toEqual([['pages/A.hbs', 'conflict', true, true]]);
    expect(p.changes[0].reason).toBe(
      `the folder would hold two pages "B" after this pull: develop's page "A" (id ${i1}, the file pages/A.hbs), renamed "B" in Losant, and develop's page "B" (id ${i2}, the file pages/B.hbs), renamed "C" in Losant. pages/B.hbs and pages/C.hbs are out of this narrowed run, and their own renames free the name: a whole lxp pull has no such clash (or pull those files too)`,
    );
    // With those files: as the whole pull.
    expect(narrowed(['pages/A.hbs', 'pages/B.hbs', 'pages/C.hbs']).conflicts).toBe(0);
    expect(narrowed(['pages/A.hbs', 'pages/B.hbs']).changes.find((x) => x.file === 'pages/B.hbs')!.reason).toMatch(/pages\/C\.hbs is out of this narrowed run, and its own rename frees the name: a whole lxp pull has no such clash \(or pull that file too\)$/);
  });

  it('a chain that ends on a name a file keeps (D, not deployed yet) is a clash a whole pull meets too: rename one, no word of a whole pull', () => {
    const d = local(content('D', 'mine'));
    const p = run({ direction: 'pull', local: [local(a)], outside: [local(b), local(c), d], inScope: (f) => f === 'pages/A.hbs', ...input });
    expect(p.changes.map((x) => [x.file, x.action, x.narrowedOnly])).toEqual([['pages/A.hbs', 'conflict', undefined]]);
    expect(p.changes[0].reason).toMatch(/renamed "C" in Losant\. Rename one of them \(the file, or the view in Losant\), then run again$/);
    expect(run({ direction: 'pull', local: [...files, d], ...input }).conflicts).toBeGreaterThan(0);
  });

  it('a cycle of renames (A ↔ B) frees each name: a whole pull has no such clash', () => {
    const swap = { remote: [remote(content('B', 'a'), { id: i1 }), remote(content('A', 'b'), { id: i2 })], state: state([entry(i1, a), entry(i2, b)]) };
    expect(run({ direction: 'pull', local: [local(a), local(b)], ...swap }).conflicts).toBe(0);
    const p = run({ direction: 'pull', local: [local(a)], outside: [local(b)], inScope: (f) => f === 'pages/A.hbs', ...swap });
    expect(p.changes[0]).toMatchObject({ action: 'conflict', narrowedOnly: true });
    expect(p.changes[0].reason).toMatch(/pages\/B\.hbs is out of this narrowed run, and its own rename frees the name: a whole lxp pull has no such clash \(or pull that file too\)$/);
  });
});

describe('a file moved out of a narrowed run\'s paths (review 9b, F11/F12 pairing)', () => {
  const id = 'ffffffffffffffffffffffff';
  const old = content('moved', 'moved body');
  const input = { remote: [remote(old, { id })], state: state([entry(id, old, 'pages/old.hbs')]), outside: [local(old, 'pages/new.hbs')], inScope: (f: string) => f === 'pages/old.hbs' };
  for (const direction of ['deploy', 'pull'] as const) {
    it(`${direction} narrowed to its old path: neither deleted nor written back there; a skip saying where it went`, () => {
      const p = run({ direction, ...input });
      expect(p.changes.map((c) => [c.file, c.action, c.id])).toEqual([['pages/old.hbs', 'skip', id]]);
      expect(p.changes[0].reason).toBe(`its file moved to pages/new.hbs, which this narrowed run leaves out: ${direction} pages/new.hbs too, or the whole folder`);
    });
  }
});
