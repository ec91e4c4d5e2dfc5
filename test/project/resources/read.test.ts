// Reading endpoints.yaml, groups.yaml and experience.yaml: records and every problem at once,
// as file:line (field): message.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/project/issues.js';
import { readExperienceFiles } from '../../../src/project/resources/load-files.js';
import { readEndpointsFile } from '../../../src/project/resources/read-endpoints.js';
import { readExperienceFile } from '../../../src/project/resources/read-experience.js';
import { readGroupsFile } from '../../../src/project/resources/read-groups.js';

const msgs = (r: { issues: Parameters<typeof formatIssue>[0][] }) => r.issues.map(formatIssue);

const VIEWS = [
  { viewType: 'page' as const, name: 'device' },
  { viewType: 'page' as const, name: 'login' },
  { viewType: 'page' as const, name: 'not-found' },
  { viewType: 'layout' as const, name: 'main' },
  { viewType: 'component' as const, name: 'header' },
];

const ENDPOINTS = `# yaml-language-server: $schema=./node_modules/lxp/schema/endpoints.schema.json
- route: /devices/{deviceId}
  method: get
  access: group
  groups: [Operators]
  description: Device detail
  tags: { area: devices }
  reply: { page: device, status: 200 }
  unauthorized: { redirect: /login }
  key: device-detail

- route: /login
  reply: { page: login }

- route: /api/devices
  method: post
`;

describe('endpoints.yaml', () => {
  it('reads entries with defaults filled in, identified by key or METHOD route', () => {
    const r = readEndpointsFile(ENDPOINTS);
    expect(r.issues).toEqual([]);
    expect(r.records.map((x) => [x.identity, x.line])).toEqual([
      ['device-detail', 2],
      ['GET /login', 12],
      ['POST /api/devices', 15],
    ]);
    expect(r.records[0].content).toEqual({
      key: 'device-detail',
      method: 'get',
      route: '/devices/{deviceId}',
      description: 'Device detail',
      enabled: true,
      access: 'group',
      groups: ['Operators'],
      deviceIdTemplate: null,
      tags: { area: 'devices' },
      reply: { page: 'device', status: 200 },
      unauthorized: { redirect: '/login', status: null },
    });
    expect(r.records[1].content).toMatchObject({ method: 'get', access: 'public', enabled: true, reply: { page: 'login', status: null } });
  });

  it('a key names the endpoint\'s reply file in lxp dev: no ".", ".." or empty part between slashes (review 6, L8)', () => {
    const keys = ['a/../../../secret', 'a/./b', 'a/.', 'a//b', 'a/'];
    const text = keys.map((k, i) => `- route: /r${i}\n  key: "${k}"\n`).join('') + '- route: /ok1\n  key: reports/monthly\n- route: /ok2\n  key: v1.2/a..b/_x\n';
    const r = readEndpointsFile(text);
    expect(msgs(r)).toEqual(keys.map((_, i) => `endpoints.yaml:${2 * i + 2} ([${i}].key): must be 1–255 letters, digits, "_", ".", "/" or "-", starting with a letter or digit, with no empty, "." or ".." part between slashes`));
  });

  it('an anchor shared by 300 endpoints reads; an alias bomb is an issue at its line, not a thrown "attack" (review 7, L7)', () => {
    const lines = ['- route: /r0', '  access: authenticated', '  unauthorized: &login { redirect: /login }'];
    for (let i = 1; i <= 300; i++) lines.push(`- route: /r${i}`, '  access: authenticated', '  unauthorized: *login');
    const shared = readEndpointsFile(`${lines.join('\n')}\n`);
    expect(shared.issues).toEqual([]);
    expect(shared.records).toHaveLength(301);
    expect(shared.records[300].content).toMatchObject({ route: '/r300', unauthorized: { redirect: '/login' } });
    // Each level multiplies: 10 aliases of 10 aliases of … (a "billion laughs").
    const bomb = ['- route: /bomb', '  description: x', '  tags:', '    a: &a x'];
    for (let level = 1; level <= 6; level++) bomb.push(`    l${level}: &l${level} [${Array(10).fill(`*${level === 1 ? 'a' : `l${level - 1}`}`).join(', ')}]`);
    const r = readEndpointsFile(`${bomb.join('\n')}\n`);
    expect(r.records).toEqual([]);
    expect(msgs(r)).toEqual([expect.stringMatching(/^endpoints\.yaml:5: unreadable YAML: its aliases \(\*a is used 10 times\) expand to more than 10000 copies, which lxp does not read/)]);
  });

  it('an empty file or one with only comments declares no endpoint', () => {
    expect(readEndpointsFile('').records).toEqual([]);
    expect(readEndpointsFile('# nothing yet\n').issues).toEqual([]);
  });

  it('reports every problem at once with file:line (field)', () => {
    const text = `- route: devices
  method: GET
- route: /a/{x}
  acess: public
- route: /a/{y}
- route: /b
  access: group
- route: /c
  groups: [Ops]
  reply: { page: home, redirect: /x }
- route: /d
  tags: { lxp-key: x, "bad key": v }
  key: has space
- route: /e
  key: dup
- route: /f
  key: dup
- method: get
- route: /g/{p?}
- route: /g
- route: /h/{p*}/x
- route: /i
  reply: { page: device, status: 700 }
  sslCert: x
  staticReply: { type: page }
  experienceGroupIds: []
`;
    expect(msgs(readEndpointsFile(text))).toEqual([
      'endpoints.yaml:1 ([0].route): a route must start with "/"',
      'endpoints.yaml:2 ([0].method): must be one of get, post, put, patch, delete, options (did you mean "get"?)',
      'endpoints.yaml:3 ([1].route): GET /a/{x} clashes with GET /a/{y} (line 5): Losant treats the two routes as the same',
      'endpoints.yaml:4 ([1].acess): unknown key "acess" (did you mean "access"?); allowed: key, method, route, description, enabled, access, groups, deviceIdTemplate, tags, reply, unauthorized',
      'endpoints.yaml:5 ([2].route): GET /a/{y} clashes with GET /a/{x} (line 3): Losant treats the two routes as the same',
      'endpoints.yaml:10 ([4].reply): a reply is { page: <page name>, status: <code> } or { redirect: <url>, status: <code> } (status optional), or null',
      'endpoints.yaml:12 ([5].tags.lxp-key): tag keys starting with "lxp-" are reserved: lxp marks the endpoints it manages with them',
      'endpoints.yaml:12 ([5].tags.bad key): a tag key must be 1–255 letters, digits, "_" or "-"',
      'endpoints.yaml:13 ([5].key): must be 1–255 letters, digits, "_", ".", "/" or "-", starting with a letter or digit, with no empty, "." or ".." part between slashes',
      'endpoints.yaml:15 ([6].key): the key "dup" is also used at line 17; keys are unique',
      'endpoints.yaml:17 ([7].key): the key "dup" is also used at line 15; keys are unique',
      'endpoints.yaml:18 ([8]): missing "route"',
      'endpoints.yaml:19 ([9].route): GET /g/{p?} clashes with GET /g (line 20): Losant treats the two routes as the same',
      'endpoints.yaml:20 ([10].route): GET /g clashes with GET /g/{p?} (line 19): Losant treats the two routes as the same',
      'endpoints.yaml:21 ([11].route): a route is "/" or "/"-separated segments of letters, digits, %XX escapes and -._~!$&\'()*+,;=:@, with parameters {name}, {name*N} (N segments), and, in the last segment only, {name?} or {name*}',
      'endpoints.yaml:23 ([12].reply.status): must be an HTTP status code (100–599)',
      'endpoints.yaml:24 ([12].sslCert): unknown key "sslCert" (certificates are never in the folder: certificate: { env: VARIABLE } or { file: path outside the folder }); allowed: key, method, route, description, enabled, access, groups, deviceIdTemplate, tags, reply, unauthorized',
      'endpoints.yaml:25 ([12].staticReply): unknown key "staticReply" (did you mean "reply"?); allowed: key, method, route, description, enabled, access, groups, deviceIdTemplate, tags, reply, unauthorized',
      'endpoints.yaml:26 ([12].experienceGroupIds): unknown key "experienceGroupIds" (name the groups instead: groups: [<group name>, …]); allowed: key, method, route, description, enabled, access, groups, deviceIdTemplate, tags, reply, unauthorized',
    ]);
  });

  it('an unclosed "[" or "{" is said in words, never as yaml\'s "\\u0018" marker (review 8, L4)', () => {
    const issues = msgs(readEndpointsFile('- route: /a\nx: [a, {b: 1}, unclosed\n'));
    expect(issues.join('\n')).not.toMatch(/u0018|flow-error-end/);
    expect(issues).toContain('endpoints.yaml:2: unreadable YAML: the "[" at line 2, column 4 is never closed (end the list with "]", or quote the text)');
    expect(msgs(readEndpointsFile('- route: /a\nx: {unclosed\n'))).toContain('endpoints.yaml:2: unreadable YAML: the "{" at line 2, column 4 is never closed (end the mapping with "}", or quote the text)');
  });

  it('unreadable YAML is reported with its line, and nothing else is checked', () => {
    expect(msgs(readEndpointsFile('- route: /a\n  method: [get\n'))[0]).toMatch(/^endpoints\.yaml:\d+: unreadable YAML: /);
  });

  it('two entries without a key for one method and route are one endpoint declared twice', () => {
    expect(msgs(readEndpointsFile('- route: /x\n- route: /x\n  method: get\n- route: /x\n  method: post\n'))).toEqual([
      'endpoints.yaml:1 ([0].route): GET /x is also declared at line 2',
      'endpoints.yaml:2 ([1].route): GET /x is also declared at line 1',
    ]);
  });

  it('an invalid method (or key) is reported alone: no duplicate or clash made up from the default that stands in for it', () => {
    expect(msgs(readEndpointsFile('- route: /about\n- route: /about\n  method: POST\n- route: /about/{a?}\n  method: Get\n- route: /k\n  key: 7\n- route: /k\n'))).toEqual([
      'endpoints.yaml:3 ([1].method): must be one of get, post, put, patch, delete, options (did you mean "post"?)',
      'endpoints.yaml:5 ([2].method): must be one of get, post, put, patch, delete, options (did you mean "get"?)',
      'endpoints.yaml:7 ([3].key): must be a string, not a number (quote it: "7")',
    ]);
  });
});

it('"quote it" shows the text as written, not the number YAML made of it (review 8, L6)', () => {
  expect(msgs(readEndpointsFile('- route: /tg\n  tags: { zip: 02134, v: 1e3, h: 0x10, f: 1.50, b: true }\n'))).toEqual([
    'endpoints.yaml:2 ([0].tags.zip): must be a string, not a number (quote it: "02134")',
    'endpoints.yaml:2 ([0].tags.v): must be a string, not a number (quote it: "1e3")',
    'endpoints.yaml:2 ([0].tags.h): must be a string, not a number (quote it: "0x10")',
    'endpoints.yaml:2 ([0].tags.f): must be a string, not a number (quote it: "1.50")',
    'endpoints.yaml:2 ([0].tags.b): must be a string, not a boolean (quote it: "true")',
  ]);
});

describe('groups.yaml', () => {
  const GROUPS = `- name: Customers
  description: All customers
  children:
    - name: Customer 1
      deviceTags: [{ key: site, value: s1 }, { key: any }]
      deviceQuery: { $and: [{ name: { $like: "s1-*" } }] }
    - name: Customer 2
- name: Operators
  tags: { team: ops }
  deviceIds: [5F0C0FFEE0DDBA11CAFE0001]
`;
  it('reads the tree: each child names its parent', () => {
    const r = readGroupsFile(GROUPS);
    expect(r.issues).toEqual([]);
    expect(r.records.map((g) => [g.identity, g.content.parent, g.line])).toEqual([
      ['Customers', null, 1],
      ['Customer 1', 'Customers', 4],
      ['Customer 2', 'Customers', 7],
      ['Operators', null, 8],
    ]);
    expect(r.records[1].content).toMatchObject({ deviceTags: [{ key: 'any' }, { key: 'site', value: 's1' }], deviceQuery: { $and: [{ name: { $like: 's1-*' } }] }, deviceIds: null });
    expect(r.records[3].content.deviceIds).toEqual(['5F0C0FFEE0DDBA11CAFE0001']);
  });

  it('refuses a name used twice anywhere in the tree, a parent key, users, reserved tags', () => {
    const text = `- name: A
  parent: B
  children:
    - name: B
      users: [a@b.c]
      tags: { lxp-managed: "true" }
- name: B
  deviceQuery: { n: .inf }
`;
    expect(msgs(readGroupsFile(text))).toEqual([
      'groups.yaml:2 ([0].parent): unknown key "parent" (nest the group under its parent, in its children: list); allowed: name, description, tags, deviceTags, deviceQuery, deviceIds, children',
      'groups.yaml:4 ([0].children[0].name): the group "B" is also declared at line 7; group names are unique (endpoints name them)',
      'groups.yaml:5 ([0].children[0].users): unknown key "users" (users are data, not code: groups.yaml never holds a group\'s users); allowed: name, description, tags, deviceTags, deviceQuery, deviceIds, children',
      'groups.yaml:6 ([0].children[0].tags.lxp-managed): tag keys starting with "lxp-" are reserved: lxp marks the groups it manages with them',
      'groups.yaml:7 ([1].name): the group "B" is also declared at line 4; group names are unique (endpoints name them)',
      'groups.yaml:8 ([1].deviceQuery.n): .inf cannot be stored as JSON, which has no infinity or NaN: quote it to keep it as text',
    ]);
  });
});

describe('experience.yaml', () => {
  const EXPERIENCE = `globals:
  - key: brandColor
    value: "#0af"
  - key: features
    value: { alerts: true, limits: [1, 2] }
    description: Feature flags
cors: { default: true, origins: [https://example.com] }
notFound: { page: not-found, status: 404 }
unauthorized: { redirect: /login }
responseHeaders: { X-Frame-Options: DENY }
slugs: [my-app-staging]
domains:
  - name: app.example.com
    certificate: { env: APP_CERT }
    key: { file: ../secrets/app.key }
`;
  it('reads settings, slugs and domains', () => {
    const r = readExperienceFile(EXPERIENCE, 'experience.yaml', { dir: '/work/exp' });
    expect(r.issues).toEqual([]);
    expect(r.settings?.content).toEqual({
      globals: [
        { key: 'brandColor', value: '#0af', description: '' },
        { key: 'features', value: { alerts: true, limits: [1, 2] }, description: 'Feature flags' },
      ],
      cors: { default: true, origins: ['https://example.com'] },
      notFound: { page: 'not-found', status: 404 },
      unauthorized: { redirect: '/login', status: null },
      responseHeaders: { 'X-Frame-Options': 'DENY' },
    });
    expect(r.slugs.map((s) => s.identity)).toEqual(['my-app-staging']);
    expect(r.domains[0].content).toEqual({ name: 'app.example.com', certificate: { env: 'APP_CERT' }, key: { file: '../secrets/app.key' }, bundle: null });
  });

  it('a slug listed twice is named once, in its quotes (review 5, L3: not ""my-app-staging"")', () => {
    expect(msgs(readExperienceFile('slugs: [my-app-staging, my-app-staging]\n'))).toEqual(['experience.yaml:1 (slugs): lists "my-app-staging" twice']);
  });

  it('refuses response headers HTTP cannot carry, by name, and keeps the others (review 8, M1)', () => {
    const text = 'responseHeaders:\n  X-Frame-Options: DENY\n  Bad Header: a b\n  X-Split: "a\\r\\nSet-Cookie: x=1"\n  X-Euro: "5 €"\n  "": x\n';
    const r = readExperienceFile(text);
    expect(msgs(r)).toEqual([
      'experience.yaml:3 (responseHeaders.Bad Header): the header name "Bad Header" has a space: a header name is letters, digits and ! # $ % & \' * + - . ^ _ ` | ~ only',
      'experience.yaml:4 (responseHeaders.X-Split): the value has a line break, which HTTP cannot carry in a header (only tab, printable characters and Latin-1 letters)',
      'experience.yaml:5 (responseHeaders.X-Euro): the value has "€" (U+20AC), which HTTP cannot carry in a header (only tab, printable characters and Latin-1 letters)',
      'experience.yaml:6 (responseHeaders): a header name cannot be empty',
    ]);
    expect(r.settings?.content.responseHeaders).toEqual({ 'X-Frame-Options': 'DENY' });
  });

  it('refuses two response headers that differ only in case: only one could be sent (review 8b, M5)', () => {
    const r = readExperienceFile('responseHeaders:\n  x-team: one\n  X-Frame-Options: DENY\n  X-TEAM: two\n');
    expect(msgs(r)).toEqual([
      'experience.yaml:4 (responseHeaders.X-TEAM): the header "X-TEAM" is also declared at line 2 as "x-team": header names are the same whatever their case, so only one of them could be sent',
    ]);
  });

  it('a file with only slugs and domains holds no settings (develop\'s are left alone)', () => {
    expect(readExperienceFile('slugs: [abc]\n').settings).toBeUndefined();
  });

  it('refuses inline certificates, certificate files inside the folder, PEM text anywhere, bad slugs and globals JSON cannot hold', () => {
    const pem = '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----';
    const text = `globals:
  - key: big
    value: 12345678901234567890
  - key: big
    value: .nan
  - key: secret
    value: "${pem}"
slugs: [ok-slug, Bad_Slug, ab]
domains:
  - name: app.example.com
    certificate: "${pem}"
    key: { file: secrets/app.key }
  - name: APP.example.com
    certificate: { env: X }
`;
    const out = msgs(readExperienceFile(text, 'experience.yaml', { dir: '/work/exp' }));
    expect(out).toEqual([
      'experience.yaml:3 (globals[0].value): this integer has more digits than a number holds: quote it to keep it as text',
      'experience.yaml:4 (globals[1].key): the global "big" is also declared at line 2',
      'experience.yaml:5 (globals[1].value): .nan cannot be stored as JSON, which has no infinity or NaN: quote it to keep it as text',
      'experience.yaml:7 (globals[2].value): a certificate or key (PEM text) is never written in the folder: reference it from the environment or a file outside the folder',
      'experience.yaml:8 (slugs[1]): a slug must be 3–63 characters of a–z, 0–9 and "-", not starting or ending with "-" (a host name label, as Losant requires)',
      'experience.yaml:8 (slugs[2]): a slug must be 3–63 characters of a–z, 0–9 and "-", not starting or ending with "-" (a host name label, as Losant requires)',
      'experience.yaml:11 (domains[0].certificate): a certificate is never written in the folder (it is committed): use certificate: { env: VARIABLE } or { file: path outside the folder }',
      'experience.yaml:12 (domains[0].key.file): secrets/app.key is inside the experience folder, which is committed: keep certificates and keys outside it (or use { env: VARIABLE })',
      'experience.yaml:13 (domains[1]): a domain needs both certificate and key, or neither',
      'experience.yaml:13 (domains[1].name): the domain APP.example.com is also declared at line 10',
    ]);
    expect(out.join('\n')).not.toContain('MIIB');
  });
});

describe('across files', () => {
  it('pages and groups are named, never ids: unknown names, layouts and components are refused', () => {
    const loaded = readExperienceFiles(
      {
        'endpoints.yaml': '- route: /a\n  reply: { page: main }\n- route: /b\n  reply: { page: Device }\n  unauthorized: { page: header }\n- route: /c\n  access: group\n  groups: [Operatrs]\n',
        'groups.yaml': '- name: Operators\n',
        'experience.yaml': 'notFound: { page: missing }\n',
      },
      VIEWS,
    );
    expect(loaded.issues.map(formatIssue)).toEqual([
      'endpoints.yaml:2 ([0].reply.page): "main" is a layout, not a page: a reply renders a page (pages/…)',
      'endpoints.yaml:4 ([1].reply.page): no page named "Device" in this folder (did you mean "device"?)',
      'endpoints.yaml:5 ([1].unauthorized.page): "header" is a component, not a page: a reply renders a page (pages/…)',
      'endpoints.yaml:8 ([2].groups[0]): no group named "Operatrs" in groups.yaml (did you mean "Operators"?)',
      'experience.yaml:1 (notFound.page): no page named "missing" in this folder',
    ]);
  });

  it('without groups.yaml, group names are left for the target to resolve', () => {
    const loaded = readExperienceFiles({ 'endpoints.yaml': '- route: /c\n  access: group\n  groups: [Anything]\n' }, VIEWS);
    expect(loaded.issues).toEqual([]);
    expect(loaded.groups).toBeUndefined();
  });
});
