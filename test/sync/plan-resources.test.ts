// plan() over the kinds besides views: the three-way table per kind, pairing (identity, id,
// renames), references by id (renamed pages and groups), policies (users, slugs, domains,
// settings) and the order of a deploy. Pure: no server.
import { describe, expect, it } from 'vitest';
import { plan, type ChangeKind, type Direction, type PlanInput, type PlannedChange } from '../../src/sync/plan.js';
import type { RemoteResource } from '../../src/sync/remote-resources.js';
import type { ResourceEntry, TargetState } from '../../src/sync/state.js';
import { FOLDER_KINDS } from '../../src/sync/kinds.js';
import {
  endpointDefaults,
  settingsDefaults,
  type EndpointContent,
  type FolderRecord,
  type GroupContent,
  type ResourceKind,
} from '../../src/project/resources/index.js';
import { hashContent, VIEW_TYPE_FOLDERS, type ViewContent, type ViewType } from '../../src/project/view.js';
import type { RemoteView } from '../../src/sync/remote.js';

function fileFor(viewType: ViewType, name: string): string {
  return `${VIEW_TYPE_FOLDERS[viewType]}/${name}.hbs`;
}

let nextId = 1;
const newId = () => (nextId++).toString(16).padStart(24, '0');

function local<C>(kind: ResourceKind, content: C, line = 1): FolderRecord<C> {
  return { kind, identity: FOLDER_KINDS[kind].identity(content), content, file: FOLDER_KINDS[kind].file, line };
}
/** A remote resource; `byId` is its content with every page and group it names given by id (default: `content`, its names taken as ids). */
function remote<C>(content: C, opts: { id?: string; managed?: boolean; keep?: string; byId?: C; lastUpdated?: string } = {}): RemoteResource<C> {
  return { id: opts.id ?? newId(), lastUpdated: opts.lastUpdated ?? 't1', managed: opts.managed ?? true, content, idContent: opts.byId ?? content, unresolved: [], ...(opts.keep ? { keep: opts.keep } : {}) };
}
function entry(kind: ResourceKind, id: string, content: unknown, lastUpdated = 't1'): ResourceEntry {
  const k = FOLDER_KINDS[kind];
  return { id, identity: k.identity(content), hash: k.hash(content), lastUpdated };
}
function state(resources: Partial<Record<ResourceKind, ResourceEntry[]>>, fullSync = true): TargetState {
  return {
    target: 't',
    applicationId: 'a',
    fullSync,
    views: {},
    resources: Object.fromEntries(Object.entries(resources).map(([k, es]) => [k, Object.fromEntries(es!.map((e) => [e.id, e]))])),
  };
}
function run(input: Partial<PlanInput> & { direction: Direction }) {
  return plan({ local: [], remote: [], state: state({}), fileFor, ...input });
}
const resources = (p: ReturnType<typeof plan>) => p.changes.filter((c) => c.resource !== 'view');

const endpoint = (route: string, extra: Partial<EndpointContent> = {}): EndpointContent => ({ ...endpointDefaults(route), ...extra });
const group = (name: string, extra: Partial<GroupContent> = {}): GroupContent => ({ name, parent: null, description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null, ...extra });

// ---- the three-way table, for every kind that has content beyond its identity ----

type Side = 'A' | 'B' | 'C' | '-';
interface Row {
  S: boolean;
  L: Side;
  R: Side;
  kind: ChangeKind | 'stale';
  deploy: string;
  pull: string;
}
// [kind, deploy action, pull action] — written out independently of the planner.
const ROWS: Row[] = [
  { S: true, L: 'A', R: 'A', kind: 'in-sync', deploy: '-', pull: '-' },
  { S: true, L: 'B', R: 'A', kind: 'changed-local', deploy: 'update', pull: 'skip' },
  { S: true, L: 'A', R: 'C', kind: 'changed-remote', deploy: 'skip', pull: 'write' },
  { S: true, L: 'B', R: 'C', kind: 'conflict', deploy: 'conflict', pull: 'conflict' },
  { S: true, L: 'B', R: 'B', kind: 'in-sync', deploy: 'record', pull: 'record' },
  { S: true, L: 'A', R: '-', kind: 'deleted-remote', deploy: 'skip', pull: 'remove' },
  { S: true, L: 'B', R: '-', kind: 'conflict', deploy: 'conflict', pull: 'conflict' },
  { S: true, L: '-', R: 'A', kind: 'deleted-local', deploy: 'delete', pull: 'skip' },
  { S: true, L: '-', R: 'C', kind: 'conflict', deploy: 'conflict', pull: 'conflict' },
  { S: true, L: '-', R: '-', kind: 'stale', deploy: 'forget', pull: 'forget' },
  { S: false, L: 'A', R: 'A', kind: 'in-sync', deploy: 'record', pull: 'record' },
  { S: false, L: 'B', R: 'C', kind: 'conflict', deploy: 'conflict', pull: 'conflict' },
  { S: false, L: 'A', R: '-', kind: 'new-local', deploy: 'create', pull: 'skip' },
  { S: false, L: '-', R: 'A', kind: 'new-remote', deploy: 'skip', pull: 'write' },
];

const VARIANTS: Partial<Record<ResourceKind, Record<'A' | 'B' | 'C', unknown>>> = {
  endpoint: { A: endpoint('/a', { description: 'base' }), B: endpoint('/a', { description: 'local' }), C: endpoint('/a', { description: 'remote' }) },
  group: { A: group('G', { description: 'base' }), B: group('G', { description: 'local' }), C: group('G', { description: 'remote' }) },
  settings: {
    A: { ...settingsDefaults(), globals: [{ key: 'x', value: 1, description: '' }] },
    B: { ...settingsDefaults(), globals: [{ key: 'x', value: 2, description: '' }] },
    C: { ...settingsDefaults(), globals: [{ key: 'x', value: 3, description: '' }] },
  },
};

describe('three-way table per kind', () => {
  for (const [kind, v] of Object.entries(VARIANTS) as [ResourceKind, Record<'A' | 'B' | 'C', unknown>][]) {
    for (const row of ROWS) {
      // Settings always exist remotely and are never created or deleted: only rows with both sides.
      if (kind === 'settings' && (row.L === '-' || row.R === '-')) continue;
      for (const direction of ['deploy', 'pull'] as Direction[]) {
        it(`${kind}: S=${row.S ? 'A' : '-'} L=${row.L} R=${row.R} ${direction}`, () => {
          const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
          const L = row.L === '-' ? [] : [local(kind, v[row.L])];
          const R = row.R === '-' ? [] : [remote(v[row.R], { id: ID })];
          const p = run({
            direction,
            state: state(row.S ? { [kind]: [entry(kind, ID, v.A)] } : { [kind]: [] }),
            resources: { local: { [kind]: L }, remote: { [kind]: R } },
          });
          const cs = resources(p);
          // Develop's settings always exist, so they go by their own record (review 7 H2): with none
          // they are never synced (the folder's kept, and sent by deploy), not a conflict.
          const unsynced = kind === 'settings' && !row.S && row.kind === 'conflict';
          const want = unsynced ? { deploy: 'update', pull: 'skip' }[direction] : row[direction];
          if (want === '-') expect(cs).toEqual([]);
          else {
            expect(cs.map((c) => c.action)).toEqual([want]);
            expect(cs[0].kind).toBe(unsynced ? 'changed-local' : row.kind === 'stale' ? 'in-sync' : row.kind);
            if (unsynced) expect(cs[0].neverSynced).toBe(true);
            expect(cs[0].resource).toBe(kind);
          }
          if (want === 'conflict') expect(p.conflicts).toBe(1);
        });
      }
    }
  }

  it('force and prune, as for views', () => {
    const A = endpoint('/a', { description: 'base' });
    const B = endpoint('/a', { description: 'local' });
    const C = endpoint('/a', { description: 'remote' });
    const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const synced = state({ endpoint: [entry('endpoint', ID, A)] });
    const conflict = { local: { endpoint: [local('endpoint', B)] }, remote: { endpoint: [remote(C, { id: ID })] } };
    expect(resources(run({ direction: 'deploy', state: synced, resources: conflict, force: true })).map((c) => c.action)).toEqual(['update']);
    expect(resources(run({ direction: 'pull', state: synced, resources: conflict, force: true })).map((c) => c.action)).toEqual(['write']);
    const remoteOnly = { local: { endpoint: [] }, remote: { endpoint: [remote(A, { managed: false })] } };
    expect(resources(run({ direction: 'deploy', state: state({ endpoint: [] }), resources: remoteOnly, prune: true })).map((c) => c.action)).toEqual(['delete']);
    const localOnly = { local: { endpoint: [local('endpoint', A)] }, remote: { endpoint: [] } };
    expect(resources(run({ direction: 'pull', state: state({ endpoint: [] }), resources: localOnly, prune: true })).map((c) => c.action)).toEqual(['remove']);
  });
});

describe('fresh checkouts', () => {
  it('a kind never synced is fresh even after a full sync of views: the folder wins, managed remote-only ones are deleted, hand-made ones kept', () => {
    const p = run({
      direction: 'deploy',
      state: state({}, true),
      resources: {
        local: { endpoint: [local('endpoint', endpoint('/a', { description: 'folder' }))] },
        remote: {
          endpoint: [
            remote(endpoint('/a', { description: 'remote' })),
            remote(endpoint('/lxp-made')),
            remote(endpoint('/hand-made'), { managed: false }),
          ],
        },
      },
    });
    expect(resources(p).map((c) => [c.name, c.kind, c.action])).toEqual([
      ['GET /a', 'changed-local', 'update'],
      ['GET /hand-made', 'new-remote', 'skip'],
      ['GET /lxp-made', 'deleted-local', 'delete'],
    ]);
  });

  it('an in-sync resource without the managed tag is marked; a kind the folder does not declare is left alone by deploy and written by pull', () => {
    const r = remote(group('G'), { managed: false });
    const marked = run({ direction: 'deploy', resources: { local: { group: [local('group', group('G'))] }, remote: { group: [r] } } });
    expect(resources(marked).map((c) => c.action)).toEqual(['mark']);
    const undeclared = { local: {}, remote: { group: [r], endpoint: [remote(endpoint('/x'))] } };
    expect(resources(run({ direction: 'deploy', resources: undeclared }))).toEqual([]);
    expect(resources(run({ direction: 'pull', resources: undeclared })).map((c) => [c.resource, c.action])).toEqual([
      ['group', 'write'],
      ['endpoint', 'write'],
    ]);
  });
});

describe('identity', () => {
  it('a keyed endpoint pairs by its key whatever its route; a keyless one by METHOD route, else as a rename when only that changed', () => {
    const keyed = remote(endpoint('/old', { key: 'k', description: 'd' }));
    const plain = remote(endpoint('/p', { description: 'p' }));
    const p = run({
      direction: 'deploy',
      state: state({ endpoint: [] }, false),
      resources: {
        local: { endpoint: [local('endpoint', endpoint('/new', { key: 'k', description: 'd2', method: 'post' })), local('endpoint', endpoint('/p2', { description: 'p', method: 'put' }))] },
        remote: { endpoint: [keyed, plain] },
      },
    });
    expect(resources(p).map((c) => [c.action, c.id, c.fromName, c.name])).toEqual([
      ['rename', plain.id, 'GET /p', 'PUT /p2'],
      ['update', keyed.id, undefined, 'k'],
    ]);
  });

  it('renames are paired only when unambiguous: two identical endpoints both re-routed are re-created', () => {
    const a = remote(endpoint('/a'));
    const b = remote(endpoint('/b'));
    const p = run({
      direction: 'deploy',
      state: state({ endpoint: [entry('endpoint', a.id, a.content), entry('endpoint', b.id, b.content)] }),
      resources: { local: { endpoint: [local('endpoint', endpoint('/c')), local('endpoint', endpoint('/d'))] }, remote: { endpoint: [a, b] } },
    });
    expect(resources(p).map((c) => c.action).sort()).toEqual(['create', 'create', 'delete', 'delete']);
  });

  it('a renamed group keeps its id; its children and the endpoints naming it need no request (references compare by id)', () => {
    const parent = remote(group('Old'));
    const child = remote(group('Kid', { parent: 'Old' }), { byId: group('Kid', { parent: parent.id }) });
    const ep = remote(endpoint('/x', { groups: ['Old'], access: 'group' }), { byId: endpoint('/x', { groups: [parent.id], access: 'group' }) });
    const synced = state({
      group: [entry('group', parent.id, group('Old')), entry('group', child.id, group('Kid', { parent: parent.id }))],
      endpoint: [entry('endpoint', ep.id, endpoint('/x', { groups: [parent.id], access: 'group' }))],
    });
    const p = run({
      direction: 'deploy',
      state: synced,
      resources: {
        local: { group: [local('group', group('New')), local('group', group('Kid', { parent: 'New' }))], endpoint: [local('endpoint', endpoint('/x', { groups: ['New'], access: 'group' }))] },
        remote: { group: [parent, child], endpoint: [ep] },
      },
    });
    expect(resources(p).map((c) => [c.resource, c.action, c.fromName, c.name, c.id])).toEqual([['group', 'rename', 'Old', 'New', parent.id]]);
    expect(p.groupIds).toEqual({ New: parent.id, Kid: child.id });

    // Renamed on develop instead: pull renames it and rewrites what names it; deploy leaves it (changed remotely).
    const renamedRemotely = {
      local: { group: [local('group', group('Old')), local('group', group('Kid', { parent: 'Old' }))], endpoint: [local('endpoint', endpoint('/x', { groups: ['Old'], access: 'group' }))] },
      remote: {
        group: [remote(group('New'), { id: parent.id }), remote(group('Kid', { parent: 'New' }), { id: child.id, byId: group('Kid', { parent: parent.id }) })],
        endpoint: [remote(endpoint('/x', { groups: ['New'], access: 'group' }), { id: ep.id, byId: endpoint('/x', { groups: [parent.id], access: 'group' }) })],
      },
    };
    const pulled = run({ direction: 'pull', state: synced, resources: renamedRemotely });
    expect(resources(pulled).map((c) => [c.resource, c.action, c.fromName, c.name])).toEqual([
      ['group', 'write', undefined, 'Kid'],
      ['group', 'write', 'Old', 'New'],
      ['endpoint', 'write', undefined, 'GET /x'],
    ]);
    expect((resources(pulled)[0].item!.remote as GroupContent).parent).toBe('New');
    expect((resources(pulled)[2].item!.remote as EndpointContent).groups).toEqual(['New']);
    expect(resources(run({ direction: 'deploy', state: synced, resources: renamedRemotely })).map((c) => [c.name, c.action])).toEqual([['Old', 'skip']]);
  });

  it('a page renamed in the folder: the endpoint replying with it needs no request', () => {
    const page: ViewContent = { viewType: 'page', name: 'home', description: '', layout: null, contentType: null, tags: {}, body: 'b' };
    const rv: RemoteView = { id: 'p'.repeat(24), lastUpdated: 't', managed: true, content: page };
    const ep = remote(endpoint('/', { reply: { page: 'home', status: null } }), { byId: endpoint('/', { reply: { page: rv.id, status: null } }) });
    const p = run({
      direction: 'deploy',
      local: [{ ...page, name: 'start', file: 'pages/home.hbs' }],
      remote: [rv],
      state: { ...state({ endpoint: [entry('endpoint', ep.id, ep.idContent)] }), views: { [rv.id]: { id: rv.id, viewType: 'page', name: 'home', file: 'pages/home.hbs', hash: hashContent(page), lastUpdated: 't' } } },
      resources: { local: { endpoint: [local('endpoint', endpoint('/', { reply: { page: 'start', status: null } }))] }, remote: { endpoint: [ep] } },
    });
    expect(p.changes.map((c) => [c.resource, c.action])).toEqual([['view', 'rename']]);
    expect(p.pageIds).toEqual({ start: rv.id });
  });
});

describe('policies', () => {
  it('a group with users is deleted only with --prune; slugs and domains only with --prune, even after a sync', () => {
    const g = remote(group('G'), { keep: 'has 2 users: deleted only with --prune' });
    const s = remote({ slug: 'my-slug' }, { managed: false });
    const d = remote({ name: 'a.example.com', certificate: null, key: null, bundle: null }, { managed: false });
    const synced = state({ group: [entry('group', g.id, g.content)], slug: [entry('slug', s.id, s.content)], domain: [entry('domain', d.id, d.content)] });
    const input = { direction: 'deploy' as const, state: synced, resources: { local: { group: [], slug: [], domain: [] }, remote: { group: [g], slug: [s], domain: [d] } } };
    expect(resources(run(input)).map((c) => [c.resource, c.action, c.reason])).toEqual([
      ['group', 'skip', 'has 2 users: deleted only with --prune'],
      ['slug', 'skip', 'not declared in experience.yaml: deploy --prune deletes it'],
      ['domain', 'skip', 'not declared in experience.yaml: deploy --prune deletes it'],
    ]);
    expect(resources(run({ ...input, prune: true })).map((c) => c.action)).toEqual(['delete', 'delete', 'delete']);
  });

  it('domains: a certificate digest that differs is a change; an unknown one (not readable) is not', () => {
    const mk = (digest?: string) => ({ name: 'a.example.com', certificate: { env: 'C' }, key: { env: 'K' }, bundle: null, ...(digest ? { certificateDigest: digest } : {}) });
    const r = remote({ ...mk('remote'), certificate: null, key: null });
    const plan1 = run({ direction: 'deploy', state: state({ domain: [] }), resources: { local: { domain: [local('domain', mk('folder'))] }, remote: { domain: [r] } } });
    expect(resources(plan1).map((c) => [c.action, c.kind])).toEqual([['update', 'changed-local']]);
    const plan2 = run({ direction: 'deploy', state: state({ domain: [entry('domain', r.id, mk())] }), resources: { local: { domain: [local('domain', mk())] }, remote: { domain: [r] } } });
    expect(resources(plan2)).toEqual([]);
  });
});

describe('deploy order', () => {
  const keys = (p: ReturnType<typeof plan>, c: PlannedChange) => c.dependsOn.map((k) => p.changes.find((x) => x.key === k)!).map((d) => `${d.resource}:${d.action}:${d.name}`);

  it('parents before children, pages and groups before endpoints, pages before settings; independent changes concurrent', () => {
    const page: ViewContent = { viewType: 'page', name: 'home', description: '', layout: null, contentType: null, tags: {}, body: 'b' };
    const p = run({
      direction: 'deploy',
      local: [{ ...page, file: 'pages/home.hbs' }],
      resources: {
        local: {
          group: [local('group', group('P')), local('group', group('C', { parent: 'P' }))],
          endpoint: [local('endpoint', endpoint('/', { reply: { page: 'home', status: null }, groups: ['C'], access: 'group' })), local('endpoint', endpoint('/free'))],
          settings: [local('settings', { ...settingsDefaults(), notFound: { page: 'home', status: 404 } })],
          slug: [local('slug', { slug: 'my-slug' })],
        },
        remote: { group: [], endpoint: [], settings: [remote(settingsDefaults())], slug: [] },
      },
    });
    const of = (name: string) => p.changes.find((c) => c.name === name)!;
    expect(keys(p, of('C'))).toEqual(['group:create:P']);
    expect(keys(p, of('GET /')).sort()).toEqual(['group:create:C', 'view:create:home']);
    expect(keys(p, of('develop'))).toEqual(['view:create:home']);
    expect(keys(p, of('GET /free'))).toEqual([]);
    expect(keys(p, of('my-slug'))).toEqual([]);
    expect(keys(p, of('P'))).toEqual([]);
  });

  it('deletes in reverse: endpoints leave a group before it goes, children before parents; a route is taken after it is freed', () => {
    const P = remote(group('P'));
    const C = remote(group('C', { parent: 'P' }), { byId: group('C', { parent: P.id }) });
    const E = remote(endpoint('/e', { groups: ['P'], access: 'group' }), { byId: endpoint('/e', { groups: [P.id], access: 'group' }) });
    const old = remote(endpoint('/devices/{deviceId}', { description: 'old' }));
    const synced = state({
      group: [entry('group', P.id, group('P')), entry('group', C.id, C.idContent)],
      endpoint: [entry('endpoint', E.id, E.idContent), entry('endpoint', old.id, old.content)],
    });
    const p = run({
      direction: 'deploy',
      state: synced,
      resources: {
        local: { group: [], endpoint: [local('endpoint', endpoint('/e')), local('endpoint', endpoint('/devices/{id}', { description: 'new' }))] },
        remote: { group: [P, C], endpoint: [E, old] },
      },
    });
    const of = (name: string) => p.changes.find((c) => c.name === name)!;
    expect(of('GET /devices/{id}').action).toBe('create');
    expect(keys(p, of('GET /devices/{id}'))).toEqual(['endpoint:delete:GET /devices/{deviceId}']);
    expect(keys(p, of('P')).sort()).toEqual(['endpoint:update:GET /e', 'group:delete:C']);
    // Display order: puts first, deletes last, children before parents.
    expect(p.changes.map((c) => `${c.resource}:${c.action}:${c.name}`)).toEqual([
      'endpoint:create:GET /devices/{id}',
      'endpoint:update:GET /e',
      'endpoint:delete:GET /devices/{deviceId}',
      'group:delete:C',
      'group:delete:P',
    ]);
  });

  it('an endpoint parked at its own temporary route (a swap that did not finish): compared at the folder\'s route; deploy moves it there, pull never writes the temporary route', () => {
    const old = endpoint('/swap-x', { key: 'sx' });
    const id = newId();
    const parked = remote(endpoint(`/lxp-swap-${id}`, { key: 'sx' }), { id, lastUpdated: 't2' });
    const synced = state({ endpoint: [entry('endpoint', id, old)] });
    const input = (folder: EndpointContent[]) => ({ state: synced, resources: { local: { endpoint: folder.map((c) => local('endpoint', c)) }, remote: { endpoint: [parked] } } });
    for (const folder of [[old], [endpoint('/swap-y', { key: 'sx' })]]) {
      const [deploy] = resources(run({ direction: 'deploy', ...input(folder) }));
      expect(deploy).toMatchObject({ action: 'update', kind: 'changed-local', swap: 'back', parkedAt: `/lxp-swap-${id}` });
      expect(deploy.reason).toContain(`this deploy moves it to GET ${folder[0].route}`);
      const [pull] = resources(run({ direction: 'pull', ...input(folder), force: true }));
      expect(pull).toMatchObject({ action: 'skip', parkedAt: `/lxp-swap-${id}` });
    }
    // Edited on develop meanwhile: a pull writes the edit with the folder's route.
    const edited = remote(endpoint(`/lxp-swap-${id}`, { key: 'sx', description: 'ui' }), { id, lastUpdated: 't3' });
    const [take] = resources(run({ direction: 'pull', state: synced, resources: { local: { endpoint: [local('endpoint', old)] }, remote: { endpoint: [edited] } } }));
    expect(take).toMatchObject({ action: 'write', parkedAt: `/lxp-swap-${id}` });
    expect(take.item!.remote).toMatchObject({ route: '/swap-x', description: 'ui' });
    // No entry in the folder: not pulled (nothing says where it goes).
    const [none] = resources(run({ direction: 'pull', state: state({ endpoint: [] }), resources: { local: { endpoint: [] }, remote: { endpoint: [parked] } } }));
    expect(none).toMatchObject({ action: 'skip', parkedAt: `/lxp-swap-${id}` });
  });

  it('route moves by key wait for the endpoint leaving the route (a chain goes in order; a rename or delete frees one too); the rest stay concurrent', () => {
    const ep = (key: string | null, route: string, description = '') => endpoint(route, { key, description });
    const before = [ep('s0', '/c-a'), ep('s1', '/c-b'), ep('s2', '/c-c'), ep('s3', '/c-other'), ep(null, '/u-a', 'unkeyed'), ep('k1', '/k-1'), ep('gone', '/g-a'), ep('k2', '/k-2')];
    const remotes = before.map((c) => remote(c));
    const after = [ep('s0', '/c-b'), ep('s1', '/c-c'), ep('s2', '/c-z'), ep('s3', '/c-other', 'touched'), ep(null, '/u-b', 'unkeyed'), ep('k1', '/u-a'), ep('k2', '/g-a')];
    const p = run({
      direction: 'deploy',
      state: state({ endpoint: remotes.map((r) => entry('endpoint', r.id, r.content)) }),
      resources: { local: { endpoint: after.map((c) => local('endpoint', c)) }, remote: { endpoint: remotes } },
    });
    const of = (name: string) => p.changes.find((c) => c.name === name)!;
    expect(keys(p, of('s0'))).toEqual(['endpoint:update:s1']);
    expect(keys(p, of('s1'))).toEqual(['endpoint:update:s2']);
    expect(keys(p, of('s2'))).toEqual([]);
    expect(keys(p, of('s3'))).toEqual([]);
    expect(of('GET /u-b').action).toBe('rename');
    expect(keys(p, of('k1'))).toEqual(['endpoint:rename:GET /u-b']);
    expect(keys(p, of('k2'))).toEqual(['endpoint:delete:gone']);
  });
});

describe('endpoints on routes Losant sees as one (review 9, H1)', () => {
  const mine = endpoint('/conf/{y}');
  const base = endpoint('/', { description: 'home' });
  const input = (direction: Direction, extra: Partial<PlanInput> = {}) => {
    const theirs = remote(endpoint('/conf/{x}'), { id: 'dddddddddddddddddddddddd', managed: false });
    const home = remote(base, { id: 'eeeeeeeeeeeeeeeeeeeeeeee' });
    return run({
      direction,
      state: state({ endpoint: [entry('endpoint', home.id, base)] }),
      resources: { local: { endpoint: [local('endpoint', base, 1), local('endpoint', mine, 3)] }, remote: { endpoint: [home, theirs] } },
      ...extra,
    });
  };

  for (const direction of ['deploy', 'pull'] as const) {
    // A deploy leaves develop's alone (a skip): one clash is one conflict, on the entry, naming develop's (review 11 R22).
    it(`${direction}: the new entry${direction === 'pull' ? " and develop's new endpoint are collision conflicts" : ' is a collision conflict'} naming both`, () => {
      const p = input(direction);
      expect(resources(p).filter((c) => c.action === 'conflict').map((c) => [c.name, c.collision])).toEqual([
        ...(direction === 'pull' ? [['GET /conf/{x}', true]] : []),
        ['GET /conf/{y}', true],
      ]);
      expect(p.conflicts).toBe(direction === 'pull' ? 2 : 1);
      const where = direction === 'pull' ? 'endpoints.yaml would hold' : 'develop would have';
      const [first, second] = direction === 'pull' ? ['GET /conf/{x}', 'GET /conf/{y}'] : ['GET /conf/{y}', 'GET /conf/{x}'];
      const said = direction === 'pull'
        ? `develop's "GET /conf/{x}" (id dddddddddddddddddddddddd), and the entry at endpoints.yaml:3 (GET /conf/{y}), not deployed yet`
        : `the entry at endpoints.yaml:3 (GET /conf/{y}), not deployed yet, and develop's "GET /conf/{x}" (id dddddddddddddddddddddddd)`;
      expect(resources(p).find((c) => c.name === first)!.reason).toBe(
        `${where} two endpoints whose routes Losant sees as one (GET /conf/{y} and GET /conf/{x}; it keeps one endpoint per route) after this ${direction}: ` +
          `${said}. Change the route of one of them (in endpoints.yaml or in Losant), or delete one, then run again`,
      );
      if (direction === 'deploy') expect(resources(p).find((c) => c.name === second)!.action).toBe('skip');
    });
  }

  it('--prune resolves it on either side: deploy deletes develop\'s (the create waits for it), pull drops the entry', () => {
    const deploy = input('deploy', { prune: true });
    expect(deploy.conflicts).toBe(0);
    const del = resources(deploy).find((c) => c.action === 'delete')!;
    expect(resources(deploy).find((c) => c.action === 'create')!.dependsOn).toContain(del.key);
    const pull = input('pull', { prune: true });
    expect(pull.conflicts).toBe(0);
    expect(resources(pull).map((c) => `${c.action} ${c.name}`).sort()).toEqual(['remove GET /conf/{y}', 'write GET /conf/{x}']);
  });

  it('routes Losant tells apart are no conflict (another method, a literal segment)', () => {
    for (const other of [endpoint('/conf/{x}', { method: 'post' }), endpoint('/conf/fixed')]) {
      const p = run({
        direction: 'pull',
        state: state({ endpoint: [] }),
        resources: { local: { endpoint: [local('endpoint', mine, 3)] }, remote: { endpoint: [remote(other, { managed: false })] } },
      });
      expect(p.conflicts).toBe(0);
    }
  });
});
