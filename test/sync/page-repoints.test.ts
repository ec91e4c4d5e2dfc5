// planRepoints (src/sync/page-repoints.ts), pure: which of develop's endpoints and settings a
// re-created page's old id is repointed in, which are only said, and what the page's record keeps.
import { describe, expect, it } from 'vitest';
import { planRepoints, repointBody } from '../../src/sync/page-repoints.js';
import type { PlannedChange } from '../../src/sync/change.js';
import type { RemoteResource } from '../../src/sync/remote-resources.js';

const OLD = 'a'.repeat(24);
const NEW = 'b'.repeat(24);
const synced = { id: OLD, viewType: 'page' as const, name: 'rp', file: 'pages/rp.hbs', hash: 'h', lastUpdated: 't' };
const page = (over: Partial<PlannedChange>): PlannedChange => ({ key: OLD, kind: 'deleted-remote', action: 'create', resource: 'view', viewType: 'page', name: 'rp', file: 'pages/rp.hbs', id: OLD, synced, dependsOn: [], ...over });

function endpoint(id: string, reply: unknown, unresolved = [`page:${OLD}`]): RemoteResource {
  const content = { route: '/ui', method: 'get', access: 'public', groups: [], reply, unauthorized: null, tags: {} };
  return { id, lastUpdated: '', managed: false, content, idContent: content, unresolved };
}
const settings = (notFound: unknown): RemoteResource => {
  const content = { globals: [], cors: { default: false, origins: [] }, notFound, unauthorized: null, responseHeaders: {} };
  return { id: 'dev', lastUpdated: '', managed: false, content, idContent: content, unresolved: [`page:${OLD}`] };
};

describe('planRepoints', () => {
  it('deploy --force re-creating a page: what the plan does not write is repointed after the create; the record keeps the old id', () => {
    const create = page({});
    const out = planRepoints([create], { endpoint: [endpoint('e1', { page: OLD, status: 203 })], settings: [settings({ page: OLD, status: 404 })] }, { direction: 'deploy', force: true });
    const repoints = out.filter((c) => c.action === 'repoint');
    expect(repoints.map((c) => [c.resource, c.key, c.dependsOn])).toEqual([
      ['endpoint', 'repoint:endpoint:e1', [OLD]],
      ['settings', 'repoint:settings:dev', [OLD]],
    ]);
    expect(repoints[0].repoint).toEqual({ replies: [{ field: 'staticReply', page: 'rp', from: OLD, status: 203 }] });
    expect(repointBody(repoints[1], new Map([['rp', NEW]]))).toEqual({ notFoundReply: { type: 'page', value: NEW, statusCode: 404 } });
    expect(create.replaced).toEqual([OLD]);
  });

  it("an endpoint the plan writes (the folder's entry names the page by name) or deletes is not repointed", () => {
    const writes = (action: PlannedChange['action']): PlannedChange => ({ key: 'endpoint:e1', kind: 'changed-local', action, resource: 'endpoint', name: 'ui', file: 'endpoints.yaml', id: 'e1', dependsOn: [] });
    for (const action of ['update', 'delete'] as const) {
      const out = planRepoints([page({}), writes(action)], { endpoint: [endpoint('e1', { page: OLD, status: null })], settings: [] }, { direction: 'deploy', force: true });
      expect(out.filter((c) => c.action === 'repoint')).toEqual([]);
    }
  });

  it('a page already back on develop (its record names the old id): a plain deploy only says it, --force repoints it to the listed id', () => {
    const plain = planRepoints([page({ kind: 'in-sync', action: 'record', id: NEW, key: NEW, remote: { name: 'rp' } as any })], { endpoint: [endpoint('e1', { page: OLD, status: null })], settings: [] }, { direction: 'deploy', force: false });
    const said = plain.find((c) => c.resource === 'endpoint')!;
    expect(said).toMatchObject({ action: 'skip', kind: 'changed-remote', dependsOn: [] });
    expect(said.reason).toContain(`deploy --force points it at page "rp" (id ${NEW})`);
    const forced = planRepoints([page({ kind: 'in-sync', action: 'record', id: NEW, key: NEW, remote: { name: 'rp' } as any })], { endpoint: [endpoint('e1', { page: OLD, status: null })], settings: [] }, { direction: 'deploy', force: true });
    expect(repointBody(forced.find((c) => c.action === 'repoint')!, new Map())).toEqual({ staticReply: { type: 'page', value: NEW } });
  });

  it('the record drops old ids nothing names once every namer was listed, and keeps them while one is not', () => {
    const rec = () => page({ kind: 'in-sync', action: 'record', id: NEW, key: NEW, remote: { name: 'rp' } as any, synced: { ...synced, id: NEW, replaced: [OLD] } });
    const listed = rec();
    planRepoints([listed], { endpoint: [endpoint('e1', { redirect: '/', status: null }, [])], settings: [] }, { direction: 'deploy', force: false });
    expect(listed.replaced).toEqual([]);
    const unlisted = rec();
    planRepoints([unlisted], { endpoint: [] }, { direction: 'deploy', force: false });
    expect(unlisted.replaced).toEqual([OLD]);
  });
});
