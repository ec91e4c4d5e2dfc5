// The wire mapping of each kind: folder record ⇄ API body, names resolved to ids and back,
// lxp's identity recorded on the remote, hashes that ignore what carries no meaning.
import { describe, expect, it } from 'vitest';
import { endpointDefaults, endpointKind, type EndpointContent } from '../../../src/project/resources/endpoint.js';
import { groupKind, type GroupContent } from '../../../src/project/resources/group.js';
import { UnresolvedNameError, type IdResolver, type NameResolver, type WireContext } from '../../../src/project/resources/kind.js';
import { domainKind, settingsDefaults, settingsKind, slugKind, type SettingsContent } from '../../../src/project/resources/settings.js';

const PAGE_IDS: Record<string, string> = { device: 'aaaaaaaaaaaaaaaaaaaaaaa1', login: 'aaaaaaaaaaaaaaaaaaaaaaa2' };
const GROUP_IDS: Record<string, string> = { Operators: 'bbbbbbbbbbbbbbbbbbbbbbb1', Admins: 'bbbbbbbbbbbbbbbbbbbbbbb2' };
const invert = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
const ids: IdResolver = { pageId: (n) => PAGE_IDS[n], groupId: (n) => GROUP_IDS[n] };
const names: NameResolver = { pageName: (id) => invert(PAGE_IDS)[id], groupName: (id) => invert(GROUP_IDS)[id] };
const ctx: WireContext = { ids, secret: (ref) => ('env' in ref ? `<pem from ${ref.env}>` : `<pem from ${ref.file}>`) };

const endpoint: EndpointContent = {
  ...endpointDefaults('/devices/{deviceId}'),
  key: 'device-detail',
  access: 'group',
  groups: ['Operators', 'Admins'],
  description: 'Device detail',
  tags: { area: 'devices' },
  reply: { page: 'device', status: 200 },
  unauthorized: { redirect: '/login', status: null },
};

describe('endpoints on the wire', () => {
  it('names become ids; lxp records the key and marks the endpoint managed', () => {
    expect(endpointKind.toWire(endpoint, ctx)).toEqual({
      route: '/devices/{deviceId}',
      method: 'get',
      description: 'Device detail',
      enabled: true,
      access: 'group',
      endpointTags: { area: 'devices', 'lxp-managed': 'true', 'lxp-key': 'device-detail' },
      experienceGroupIds: ['bbbbbbbbbbbbbbbbbbbbbbb2', 'bbbbbbbbbbbbbbbbbbbbbbb1'],
      staticReply: { type: 'page', value: 'aaaaaaaaaaaaaaaaaaaaaaa1', statusCode: 200 },
      unauthorizedReply: { type: 'redirect', value: '/login' },
    });
  });

  it('a remote endpoint reads back as the same content, identity included (fresh checkout)', () => {
    const wire = endpointKind.toWire(endpoint, ctx);
    const remote = { ...wire, id: 'c'.repeat(24), experienceGroups: wire.experienceGroupIds.map((id) => ({ id, name: names.groupName(id) })) };
    const back = endpointKind.fromWire(remote, names);
    expect(back.unresolved).toEqual([]);
    expect(endpointKind.hash(back.content)).toBe(endpointKind.hash(endpoint));
    expect(endpointKind.identity(back.content)).toBe('device-detail');
    expect(endpointKind.isManaged(remote)).toBe(true);
  });

  it('an endpoint made in the UI: identity METHOD route, not managed; unknown ids are named as unresolved', () => {
    const remote = { route: '/x', method: 'post', staticReply: { type: 'page' as const, value: 'f'.repeat(24) }, experienceGroupIds: ['e'.repeat(24)] };
    const back = endpointKind.fromWire(remote, names);
    expect(endpointKind.identity(back.content)).toBe('POST /x');
    expect(endpointKind.isManaged(remote)).toBe(false);
    expect(back.unresolved).toEqual([`group:${'e'.repeat(24)}`, `page:${'f'.repeat(24)}`]);
  });

  it('an unknown name is refused before anything is sent', () => {
    expect(() => endpointKind.toWire({ ...endpoint, reply: { page: 'nope', status: null } }, ctx)).toThrow(UnresolvedNameError);
    expect(() => endpointKind.toWire({ ...endpoint, groups: ['Nobody'] }, ctx)).toThrow(/no group named "Nobody"/);
  });

  it('hash: group order and reserved tags carry no meaning; a route edit keeps the hash without identity', () => {
    const same = { ...endpoint, groups: ['Admins', 'Operators'], tags: { area: 'devices', 'lxp-managed': 'true' } };
    expect(endpointKind.hash(same)).toBe(endpointKind.hash(endpoint));
    const moved = { ...endpoint, key: null, route: '/device/{id}' };
    expect(endpointKind.hash(moved)).not.toBe(endpointKind.hash(endpoint));
    expect(endpointKind.hashWithoutIdentity(moved)).toBe(endpointKind.hashWithoutIdentity(endpoint));
  });

  it('dependencies by name: its groups and its reply pages', () => {
    expect(endpointKind.dependencies(endpoint)).toEqual([
      { kind: 'group', name: 'Operators' },
      { kind: 'group', name: 'Admins' },
      { kind: 'view', viewType: 'page', name: 'device' },
    ]);
  });
});

describe('groups on the wire', () => {
  const child: GroupContent = { name: 'Customer 1', parent: 'Operators', description: '', tags: {}, deviceTags: [{ key: 'site', value: 's1' }], deviceQuery: { $and: [] }, deviceIds: null };
  it('never sends users or endpoints; sends devices only when the file names them; parent by id', () => {
    const wire = groupKind.toWire(child, ctx);
    expect(wire).toEqual({
      name: 'Customer 1',
      description: '',
      groupTags: { 'lxp-managed': 'true' },
      deviceTags: [{ key: 'site', value: 's1' }],
      deviceQueryJson: '{"$and":[]}',
      parentId: 'bbbbbbbbbbbbbbbbbbbbbbb1',
    });
    expect(wire).not.toHaveProperty('experienceUserIds');
    expect(groupKind.toWire({ ...child, deviceIds: ['5F0C0FFEE0DDBA11CAFE0001'] }, ctx).deviceIds).toEqual(['5f0c0ffee0ddba11cafe0001']);
    expect(groupKind.dependencies(child)).toEqual([{ kind: 'group', name: 'Operators' }]);
  });

  it('a remote group reads back; its devices count only when the folder names them', () => {
    const remote = { ...groupKind.toWire(child, ctx), deviceIds: ['5f0c0ffee0ddba11cafe0001'], experienceUserIds: ['1'.repeat(24)] };
    const back = groupKind.fromWire(remote, names).content;
    expect(back.deviceIds).toEqual(['5f0c0ffee0ddba11cafe0001']);
    expect(groupKind.hash(groupKind.alignRemote(back, child))).toBe(groupKind.hash(child));
    expect(groupKind.alignRemote(back, undefined).deviceIds).toBeNull();
    expect(groupKind.hashWithoutIdentity({ ...child, name: 'Acme' })).toBe(groupKind.hashWithoutIdentity(child));
  });
});

describe('settings, slugs, domains on the wire', () => {
  const settings: SettingsContent = {
    globals: [
      { key: 'brandColor', value: '#0af', description: '' },
      { key: 'features', value: { alerts: true }, description: 'Flags' },
    ],
    cors: { default: true, origins: ['https://example.com'] },
    notFound: { page: 'login', status: 404 },
    unauthorized: { redirect: '/login', status: 302 },
    responseHeaders: { 'x-frame-options': 'DENY' },
  };
  it('globals travel as JSON; replies name pages by id', () => {
    const wire = settingsKind.toWire(settings, ctx);
    expect(wire).toEqual({
      globals: [
        { key: 'brandColor', json: '"#0af"' },
        { key: 'features', json: '{"alerts":true}', description: 'Flags' },
      ],
      endpointDefaultCors: true,
      allowedCorsOrigins: ['https://example.com'],
      notFoundReply: { type: 'page', value: 'aaaaaaaaaaaaaaaaaaaaaaa2', statusCode: 404 },
      unauthorizedReply: { type: 'redirect', value: '/login', statusCode: 302 },
      responseHeaders: { 'x-frame-options': 'DENY' },
    });
    const back = settingsKind.fromWire({ ...wire, globals: [...wire.globals].reverse() }, names);
    expect(settingsKind.hash(back.content)).toBe(settingsKind.hash(settings));
    expect(settingsKind.hash(settingsDefaults())).toBe(settingsKind.hash(settingsKind.fromWire({}, names).content));
  });

  it('a global that is not JSON (set outside lxp) is kept as its text', () => {
    expect(settingsKind.fromWire({ globals: [{ key: 'k', json: 'not json' }] }, names).content.globals[0].value).toBe('not json');
  });

  it('slugs and domains are created at develop; certificates come from their references', () => {
    expect(slugKind.toWire({ slug: 'my-app' }, ctx)).toEqual({ slug: 'my-app', version: 'develop' });
    expect(domainKind.toWire({ name: 'app.example.com', certificate: { env: 'C' }, key: { file: '../k.pem' }, bundle: null }, ctx)).toEqual({
      domainName: 'app.example.com',
      version: 'develop',
      sslCert: '<pem from C>',
      sslKey: '<pem from ../k.pem>',
    });
    const remote = domainKind.fromWire({ domainName: 'APP.example.com', version: 'v1' }, names).content;
    expect(domainKind.identity(remote)).toBe('app.example.com');
    expect(domainKind.hash(remote)).toBe(domainKind.hash({ name: 'app.example.com', certificate: { env: 'C' }, key: null, bundle: null }));
  });
});
