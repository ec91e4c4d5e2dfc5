// The pure parts of serving the folder at its routes: the folder as a runtime snapshot (through
// deploy's wire mapping), the groups behind access rules, filling a route in for the index's
// forms, and where a reply file is looked for.
import { describe, expect, it } from 'vitest';
import { readEndpointsFile, readExperienceFile, readGroupsFile } from '../../src/project/resources/index.js';
import { fillRoute } from '../../src/preview/endpoint-index.js';
import { folderSnapshot } from '../../src/preview/folder-snapshot.js';
import { groupAccess } from '../../src/preview/groups.js';
import { replyFileCandidates } from '../../src/runtime/index.js';

const endpoints = readEndpointsFile(`
- route: /devices/{id}
  access: group
  groups: [Operators, Admins]
  reply: { page: device, status: 203 }
  unauthorized: { redirect: /login }
  tags: { area: devices }
  key: device
- route: /api/x
  method: post
  enabled: false
`).records;
const settings = readExperienceFile(`
globals:
  - key: brand
    value: { name: Acme }
cors: { default: true, origins: [https://example.com] }
notFound: { page: missing, status: 404 }
responseHeaders: { X-Frame-Options: DENY }
`).settings?.content;

describe('folderSnapshot', () => {
  const snap = folderSnapshot({ application: { id: 'a'.repeat(24), name: 'App' }, views: [], endpoints, settings, groupId: (n) => (n === 'Operators' ? 'op1' : n) });

  it('maps endpoints as deploy sends them: pages by name, groups by id, lxp tags, the key', () => {
    expect(snap.endpoints[0]).toEqual({
      method: 'get',
      route: '/devices/{id}',
      enabled: true,
      access: 'group',
      experienceGroupIds: ['Admins', 'op1'],
      experienceGroups: [
        { id: 'Admins', name: 'Admins' },
        { id: 'op1', name: 'Operators' },
      ],
      description: '',
      endpointTags: { area: 'devices', 'lxp-managed': 'true', 'lxp-key': 'device' },
      staticReply: { type: 'page', value: 'device', statusCode: 203 },
      unauthorizedReply: { type: 'redirect', value: '/login' },
      key: 'device',
    });
    expect(snap.endpoints[1]).toMatchObject({ method: 'post', route: '/api/x', enabled: false, staticReply: null });
    expect(snap.endpoints[1].key).toBeUndefined();
  });

  it("maps experience.yaml's settings to develop's; without the file, the platform's defaults", () => {
    expect(snap.version).toEqual({
      name: 'develop',
      globals: [{ key: 'brand', json: '{"name":"Acme"}' }],
      notFoundReply: { type: 'page', value: 'missing', statusCode: 404 },
      unauthorizedReply: null,
      endpointDefaultCors: true,
      allowedCorsOrigins: ['https://example.com'],
      responseHeaders: { 'X-Frame-Options': 'DENY' },
    });
    const bare = folderSnapshot({ application: { id: 'a'.repeat(24), name: 'App' }, views: [], groupId: (n) => n });
    expect(bare.endpoints).toEqual([]);
    expect(bare.version).toMatchObject({ globals: [], notFoundReply: null, endpointDefaultCors: false, responseHeaders: {} });
  });
});

describe('groupAccess', () => {
  const server = [
    { id: 'g-admins', name: 'Admins', parentId: null, deviceIds: [] },
    { id: 'g-ops', name: 'Operators', parentId: null, deviceIds: ['dev1'] },
    { id: 'g-old', name: 'Old', parentId: 'g-admins', deviceIds: [] },
  ];
  const folder = readGroupsFile('- name: Admins\n  children:\n    - name: Operators\n      deviceIds: [dev2]\n- name: New\n').records.map((r) => r.content);

  it("ids are the application's, by name; a group it does not have keeps its name (no user holds it)", () => {
    const a = groupAccess(folder, server);
    expect(a.idOf('Operators')).toBe('g-ops');
    expect(a.idOf('New')).toBe('New');
  });

  it("the tree is groups.yaml's when the folder has one, else the application's", () => {
    expect(groupAccess(folder, server).ancestorsOf('g-ops')).toEqual(['g-admins']);
    expect(groupAccess(folder, server).ancestorsOf('g-old')).toEqual([]);
    expect(groupAccess(undefined, server).ancestorsOf('g-ops')).toEqual([]);
    expect(groupAccess(undefined, server).ancestorsOf('g-old')).toEqual(['g-admins']);
  });

  it("devices are groups.yaml's deviceIds when it names them, else the application's", () => {
    expect(groupAccess(folder, server).devicesOf('g-ops')).toEqual(['dev2']);
    expect(groupAccess(undefined, server).devicesOf('g-ops')).toEqual(['dev1']);
  });

  it("a group's members reach its descendants' devices (Losant's parent group rule), in the tree in use", () => {
    // groups.yaml: Operators (dev2) under Admins; the application: Operators (dev1) at the top, Old (dev9) under Admins.
    const app = server.map((g) => (g.id === 'g-old' ? { ...g, deviceIds: ['dev9'] } : g));
    expect(groupAccess(folder, app).devicesOf('g-admins')).toEqual(['dev2']);
    expect(groupAccess(undefined, app).devicesOf('g-admins')).toEqual(['dev9']);
    expect(groupAccess(undefined, app).devicesOf('g-ops')).toEqual(['dev1']);
  });
});

describe('fillRoute', () => {
  it('fills parameters in, %-encoded; a wildcard keeps its slashes; an empty optional one drops out', () => {
    expect(fillRoute('/devices/{id}', { id: 'a b/c' })).toEqual({ path: '/devices/a%20b%2Fc' });
    expect(fillRoute('/files/{path*}', { path: 'x y/z' })).toEqual({ path: '/files/x%20y/z' });
    expect(fillRoute('/devices/{id?}', {})).toEqual({ path: '/devices' });
    expect(fillRoute('/file.{ext}', { ext: 'csv' })).toEqual({ path: '/file.csv' });
    expect(fillRoute('/devices/{id}/{tab}', { id: '7' })).toEqual({ problem: 'give a value for {tab}' });
  });
});

describe('replyFileCandidates', () => {
  it('names replies/<key>.yaml, .yml, .json; a key with "/" a subfolder; never a path out of replies/', () => {
    expect(replyFileCandidates('getDevices')).toEqual(['replies/getDevices.yaml', 'replies/getDevices.yml', 'replies/getDevices.json']);
    expect(replyFileCandidates('reports/monthly')[0]).toBe('replies/reports/monthly.yaml');
    for (const bad of ['../secret', 'a/../../b', '.hidden', 'a//b', '/abs', '']) expect(replyFileCandidates(bad)).toEqual([]);
  });
});
