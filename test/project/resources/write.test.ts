// Writing endpoints.yaml, groups.yaml and experience.yaml for pull: edits in place, never a
// re-serialisation; a new file gets a clean, deterministic layout; whatever is written reads back
// as the records it was given.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointDefaults, endpointKind, type EndpointContent } from '../../../src/project/resources/endpoint.js';
import { groupKind, type GroupContent } from '../../../src/project/resources/group.js';
import { readEndpointsFile } from '../../../src/project/resources/read-endpoints.js';
import { readExperienceFile } from '../../../src/project/resources/read-experience.js';
import { readGroupsFile } from '../../../src/project/resources/read-groups.js';
import { settingsDefaults, settingsKind } from '../../../src/project/resources/settings.js';
import { writeEndpointsFile, writeExperienceFile, writeGroupsFile } from '../../../src/project/resources/write-files.js';

const ep = (over: Partial<EndpointContent> & { route: string }): EndpointContent => ({ ...endpointDefaults(over.route), ...over });
const hashes = (xs: EndpointContent[]) => xs.map((x) => endpointKind.hash(x)).sort();
const readBack = (text: string) => {
  const r = readEndpointsFile(text);
  expect(r.issues).toEqual([]);
  return r.records.map((x) => x.content);
};

const WRITTEN = `# yaml-language-server: $schema=../schema/endpoints.schema.json

# Public pages
- route: /login          # the sign-in form
  method: get
  reply: { page: login, status: 200 }

# Devices: workflows trigger on this one
- route: /devices/{deviceId}
  access: group
  groups: [Operators, Admins]
  description: 'Device detail'
  tags:
    area: devices
  key: device-detail

- route: /api/devices
  method: post
  enabled: true
`;
const RECORDS = readBack(WRITTEN);

describe('writeEndpointsFile', () => {
  it('gives back the same bytes when nothing changed (defaults spelled out, any order)', () => {
    expect(writeEndpointsFile(WRITTEN, [...RECORDS].reverse())).toBe(WRITTEN);
  });

  it('edits only the changed field, keeping quoting and comments', () => {
    const next = RECORDS.map((r) => (r.key === 'device-detail' ? { ...r, description: 'One device' } : r));
    expect(writeEndpointsFile(WRITTEN, next)).toBe(WRITTEN.replace("'Device detail'", "'One device'"));
  });

  it('a route edited remotely on a keyed endpoint is edited in place', () => {
    const next = RECORDS.map((r) => (r.key === 'device-detail' ? { ...r, route: '/device/{id}' } : r));
    expect(writeEndpointsFile(WRITTEN, next)).toBe(WRITTEN.replace('/devices/{deviceId}', '/device/{id}'));
  });

  it('a keyless endpoint whose identity changed is edited in place when the engine says it was renamed', () => {
    const next = RECORDS.map((r) => (r.route === '/login' ? { ...r, route: '/sign-in' } : r));
    const out = writeEndpointsFile(WRITTEN, next, { renamed: new Map([['GET /sign-in', 'GET /login']]) });
    expect(out).toBe(WRITTEN.replace('route: /login', 'route: /sign-in'));
  });

  it('appends new entries (blank line between, as the file has) and removes gone ones with their comments', () => {
    const next = [...RECORDS.filter((r) => r.route !== '/login'), ep({ route: '/logout', method: 'post', reply: { redirect: '/', status: 302 } })];
    const out = writeEndpointsFile(WRITTEN, next);
    const loginEntry = '# Public pages\n- route: /login          # the sign-in form\n  method: get\n  reply: { page: login, status: 200 }\n';
    expect(out).toBe(`${WRITTEN.replace(`${loginEntry}\n`, '')}\n- route: /logout\n  method: post\n  reply:\n    redirect: /\n    status: 302\n`);
    expect(hashes(readBack(out))).toEqual(hashes(next));
  });

  it('a method that returns to get loses its line (get is the default); a spelled-out method: get is kept', () => {
    const next = RECORDS.map((r) => (r.route === '/api/devices' ? { ...r, method: 'get' as const } : r));
    expect(writeEndpointsFile(WRITTEN, next, { renamed: new Map([['GET /api/devices', 'POST /api/devices']]) })).toBe(WRITTEN.replace('  method: post\n', ''));
  });

  it('edits a set in place: a group added to a flow list keeps the others as written', () => {
    const next = RECORDS.map((r) => (r.key === 'device-detail' ? { ...r, groups: ['Admins', 'Operators', 'Support'] } : r));
    expect(writeEndpointsFile(WRITTEN, next)).toBe(WRITTEN.replace('[Operators, Admins]', '[Operators, Admins, Support]'));
  });

  it('writes a new file in a clean, deterministic layout that reads back, defaults (method: get) left out', () => {
    const records = [ep({ route: '/b', method: 'post' }), ep({ route: '/a', key: 'a', access: 'group', groups: ['G'], reply: { page: 'home', status: null }, tags: { t: '1' } })];
    const out = writeEndpointsFile(undefined, records);
    expect(out).toBe(`# yaml-language-server: $schema=./node_modules/lxp/schema/endpoints.schema.json

- route: /a
  access: group
  groups:
    - G
  tags:
    t: "1"
  reply:
    page: home
  key: a

- route: /b
  method: post
`);
    expect(writeEndpointsFile(undefined, [...records].reverse())).toBe(out);
    expect(hashes(readBack(out))).toEqual(hashes(records));
  });

  it('any sequence of remote changes written over the previous text reads back as the new records (property)', () => {
    const route = fc.constantFrom('/a', '/b', '/c/{x}', '/d', '/e/f', '/g/{id}/h');
    const endpoint = fc.record({
      route,
      method: fc.constantFrom('get', 'post', 'delete'),
      description: fc.constantFrom('', 'x', "it's", 'two\nlines', '# not a comment', 'a: b'),
      enabled: fc.boolean(),
      tags: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1', 'yes', 'v v')),
      reply: fc.option(fc.oneof(fc.record({ page: fc.constantFrom('home', 'x'), status: fc.option(fc.constantFrom(200, 404), { nil: null }) }), fc.record({ redirect: fc.constantFrom('/', '/login'), status: fc.option(fc.constant(302), { nil: null }) })), { nil: null }),
    });
    const set = fc.uniqueArray(endpoint, { selector: (e) => `${e.method} ${e.route}`, maxLength: 5 }).map((xs) => xs.map((x) => ep(x as Partial<EndpointContent> & { route: string })));
    fc.assert(
      fc.property(set, set, set, (a, b, c) => {
        let text = writeEndpointsFile(undefined, a);
        for (const next of [b, c]) {
          const before = text;
          text = writeEndpointsFile(text, next);
          expect(hashes(readBack(text))).toEqual(hashes(next));
          // The directive line at the top is never touched.
          expect(text.split('\n')[0]).toBe(before.split('\n')[0]);
          // Writing the same records again changes nothing.
          expect(writeEndpointsFile(text, next)).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const GROUPS = `# Customer tree
- name: Customers
  description: All customers
  children:
    # one per contract
    - name: Customer 1
      deviceTags: [{ key: site, value: s1 }]
      deviceIds: [5f0c0ffee0ddba11cafe0001]
- name: Operators   # staff
`;

describe('writeGroupsFile', () => {
  const groups = () => readGroupsFile(GROUPS).records.map((r) => r.content);
  it('same groups: same bytes', () => {
    expect(writeGroupsFile(GROUPS, groups())).toBe(GROUPS);
  });

  it('a renamed group is edited in place; a new child goes under its parent', () => {
    const next: GroupContent[] = groups().map((g) => (g.name === 'Customer 1' ? { ...g, name: 'Acme' } : g));
    next.push({ name: 'Customer 2', parent: 'Customers', description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null });
    const out = writeGroupsFile(GROUPS, next, { renamed: new Map([['Acme', 'Customer 1']]) });
    expect(out).toBe(GROUPS.replace('name: Customer 1', 'name: Acme').replace('      deviceIds: [5f0c0ffee0ddba11cafe0001]\n', '      deviceIds: [5f0c0ffee0ddba11cafe0001]\n    - name: Customer 2\n'));
    expect(readGroupsFile(out).records.map((r) => groupKind.hash(r.content)).sort()).toEqual(next.map((g) => groupKind.hash(g)).sort());
  });

  it('a group whose devices the file does not name keeps not naming them', () => {
    const text = '- name: A\n';
    const remote = { name: 'A', parent: null, description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null };
    expect(writeGroupsFile(text, [remote])).toBe(text);
  });

  it('a child pulled into a group written `children: []` goes in block style, as into a group without the key; comments kept (review 10)', () => {
    const g = (name: string, parent: string | null, over: Partial<GroupContent> = {}): GroupContent => ({ name, parent, description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null, ...over });
    const next = [g('Customers', null), g('Customer 1', 'Customers', { deviceTags: [{ key: 'site', value: 's1' }] }), g('Operators', null)];
    const text = '# tree\n- name: Customers\n  children: []   # none yet\n- name: Operators   # staff\n';
    const out = writeGroupsFile(text, next);
    expect(out).toBe('# tree\n- name: Customers\n  children:  # none yet\n    - name: Customer 1\n      deviceTags:\n        - key: site\n          value: s1\n- name: Operators   # staff\n');
    expect(out.replace('  # none yet', '')).toBe(writeGroupsFile('# tree\n- name: Customers\n- name: Operators   # staff\n', next));
    expect(writeGroupsFile(out, next)).toBe(out);
  });

  it('a new file nests children under their parents, sorted by name', () => {
    const g = (name: string, parent: string | null): GroupContent => ({ name, parent, description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null });
    expect(writeGroupsFile(undefined, [g('b', 'a'), g('z', null), g('a', null), g('c', 'a')], { schemaRef: () => 'x.json' })).toBe(
      '# yaml-language-server: $schema=x.json\n\n- name: a\n  children:\n    - name: b\n    - name: c\n\n- name: z\n',
    );
  });
});

const EXPERIENCE = `# Develop's settings
globals:
  - key: brandColor
    value: "#0af"   # brand
  - key: features
    value: { alerts: true }
cors: { default: true }
slugs: [my-app-staging]
domains:
  - name: app.example.com
    certificate: { env: APP_CERT }   # from CI
    key: { env: APP_KEY }
`;

describe('writeExperienceFile', () => {
  const read = () => readExperienceFile(EXPERIENCE, 'experience.yaml', { dir: '/x' });
  it('same content: same bytes; certificate references are never dropped by a pull', () => {
    const r = read();
    // The remote domain carries no certificate reference: the file keeps its own.
    const domains = r.domains.map((d) => ({ ...d.content, certificate: null, key: null, bundle: null }));
    expect(writeExperienceFile(EXPERIENCE, { settings: r.settings!.content, slugs: ['my-app-staging'], domains })).toBe(EXPERIENCE);
  });

  it('edits one global, adds an origin and a slug, keeps comments', () => {
    const r = read();
    const s = r.settings!.content;
    const settings = { ...s, globals: s.globals.map((g) => (g.key === 'features' ? { ...g, value: { alerts: false } } : g)), cors: { default: true, origins: ['https://example.com'] } };
    const out = writeExperienceFile(EXPERIENCE, { settings, slugs: ['my-app-staging', 'my-app-qa'], domains: r.domains.map((d) => d.content) });
    expect(out).toBe(
      EXPERIENCE.replace('value: { alerts: true }', 'value: { alerts: false }')
        .replace('cors: { default: true }', 'cors: { default: true, origins: [ https://example.com ] }')
        .replace('slugs: [my-app-staging]', 'slugs: [my-app-staging, my-app-qa]'),
    );
    expect(settingsKind.hash(readExperienceFile(out).settings!.content)).toBe(settingsKind.hash(settings));
  });

  it('without settings to write, the file\'s settings are left as they are', () => {
    expect(writeExperienceFile(EXPERIENCE, { slugs: ['my-app-staging'], domains: read().domains.map((d) => d.content) })).toBe(EXPERIENCE);
  });

  it('a new file', () => {
    const settings = { ...settingsDefaults(), globals: [{ key: 'a', value: [1, 'two'], description: '' }], notFound: { page: 'not-found', status: 404 } };
    const out = writeExperienceFile(undefined, { settings, slugs: ['b-slug', 'a-slug'], domains: [{ name: 'x.example.com', certificate: null, key: null, bundle: null }] });
    expect(out).toBe(`# yaml-language-server: $schema=./node_modules/lxp/schema/experience.schema.json

globals:
  - key: a
    value:
      - 1
      - two
notFound:
  page: not-found
  status: 404
slugs:
  - a-slug
  - b-slug
domains:
  - name: x.example.com
`);
    expect(settingsKind.hash(readExperienceFile(out).settings!.content)).toBe(settingsKind.hash(settings));
  });
});

describe('writeGroupsFile (property)', () => {
  const names = ['A', 'B', 'C', 'D', 'E'];
  const forest = fc
    .tuple(
      fc.subarray(names, { minLength: 0 }),
      fc.array(fc.nat(5), { minLength: 5, maxLength: 5 }),
      fc.array(fc.constantFrom('', 'desc', "o'k", 'multi\nline'), { minLength: 5, maxLength: 5 }),
      fc.array(fc.dictionary(fc.constantFrom('t', 'u'), fc.constantFrom('1', 'x')), { minLength: 5, maxLength: 5 }),
    )
    .map(([present, parents, descriptions, tags]) =>
      present.map((name, i): GroupContent => {
        // A parent among the groups listed before it: a tree, never a cycle.
        const p = parents[i] % (i + 1);
        return { name, parent: p < i ? present[p] : null, description: descriptions[i], tags: tags[i], deviceTags: [], deviceQuery: null, deviceIds: null };
      }),
    );
  const hashesOf = (gs: GroupContent[]) => gs.map((g) => groupKind.hash(g)).sort();
  it('any sequence of remote changes written over the previous text reads back as the new groups', () => {
    fc.assert(
      fc.property(forest, forest, forest, (a, b, c) => {
        let text = writeGroupsFile(undefined, a);
        for (const next of [b, c]) {
          text = writeGroupsFile(text, next);
          const back = readGroupsFile(text);
          expect(back.issues).toEqual([]);
          expect(hashesOf(back.records.map((r) => r.content))).toEqual(hashesOf(next));
          expect(writeGroupsFile(text, next)).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('groups.yaml: a group that changes parent keeps what was written (review 7, M1)', () => {
  const FILE = `# yaml-language-server: $schema=../schema/groups.schema.json
# Groups: the header the template writes

# our groups: ask Ann before changing
- name: Admins   # keep
  description: "Admin people"
- name: Night
  children:
    # new team, not deployed yet
    - name: Early
      description: 'early shift'   # quoted
      children: [{ name: Dawn }]   # flow

# commented example:
# - name: X
`;
  const records = () => readGroupsFile(FILE).records.map((r) => r.content);
  const reads = (text: string, groups: GroupContent[]) => {
    const back = readGroupsFile(text);
    expect(back.issues).toEqual([]);
    expect(back.records.map((r) => groupKind.hash(r.content)).sort()).toEqual(groups.map((g) => groupKind.hash(g)).sort());
  };
  it('the parent deleted on develop, its folder-only child lifted to the top: every comment, quote, flow list and the directive stay', () => {
    const onRewrite: string[] = [];
    const out = writeGroupsFile(FILE, records().filter((g) => g.name !== 'Night'), { onRewrite: (why) => onRewrite.push(why) });
    expect(onRewrite).toEqual([]);
    for (const kept of ['# yaml-language-server: $schema=../schema/groups.schema.json\n', '# Groups: the header the template writes\n', '# our groups: ask Ann before changing\n', '# keep', 'description: "Admin people"', '# new team, not deployed yet\n', "description: 'early shift'", '# quoted', '[ { name: Dawn } ]', '# flow', '# commented example:\n# - name: X\n'])
      expect(out).toContain(kept);
    expect(out).not.toContain('Night');
    reads(out, records().filter((g) => g.name !== 'Night').map((g) => (g.name === 'Early' ? { ...g, parent: null } : g)));
  });

  it('a group moved under another parent takes its subtree with its comments and style', () => {
    const moved = records().map((g) => (g.name === 'Early' ? { ...g, parent: 'Admins' } : g));
    const out = writeGroupsFile(FILE, moved);
    expect(out).toMatch(/- name: Admins +# keep\n {2}description: "Admin people"\n {2}children:\n {4}# new team, not deployed yet\n {4}- name: Early\n {6}description: 'early shift' +# quoted\n {6}children: \[ ?\{ name: Dawn \} ?\] +# flow\n/);
    expect(out).toContain('# commented example:\n# - name: X\n');
    reads(out, moved);
    expect(writeGroupsFile(out, moved)).toBe(out);
    // and back: the same entry returns under Night
    const back = writeGroupsFile(out, records());
    reads(back, records());
    expect(back).toContain('# new team, not deployed yet');
  });

  it('a group renamed on develop and moved in the same pull keeps its subtree\'s comments', () => {
    const moved = records().map((g) => (g.name === 'Early' ? { ...g, name: 'Morning', parent: 'Admins' } : g.parent === 'Early' ? { ...g, parent: 'Morning' } : g));
    const out = writeGroupsFile(FILE, moved, { renamed: new Map([['Morning', 'Early']]) });
    expect(out).toMatch(/- name: Admins +# keep\n {2}description: "Admin people"\n {2}children:\n {4}# new team, not deployed yet\n {4}- name: Morning\n {6}description: 'early shift' +# quoted\n {6}children: \[ ?\{ name: Dawn \} ?\] +# flow\n/);
    reads(out, moved);
  });

  it('a group moved under its renamed parent keeps its comments', () => {
    const FLAT = '# top\n- name: Admins   # keep\n- name: Kid   # the kid\n  description: \'kid\'   # quoted\n';
    const recs = readGroupsFile(FLAT).records.map((r) => r.content);
    const moved = recs.map((g) => (g.name === 'Admins' ? { ...g, name: 'Staff' } : { ...g, parent: 'Staff' }));
    const out = writeGroupsFile(FLAT, moved, { renamed: new Map([['Staff', 'Admins']]) });
    expect(out).toMatch(/- name: Staff +# keep\n {2}children:\n {4}- name: Kid +# the kid\n {6}description: 'kid' +# quoted\n/);
    reads(out, moved);
  });

  it('a group moved under a parent new to the file keeps its subtree\'s comments; the new parent is written in full', () => {
    const fresh: GroupContent = { name: 'Shifts', parent: 'Admins', description: 'all shifts', tags: { a: 'b' }, deviceTags: [], deviceQuery: null, deviceIds: null };
    const moved = [...records().map((g) => (g.name === 'Early' ? { ...g, parent: 'Shifts' } : g)), fresh];
    const out = writeGroupsFile(FILE, moved);
    expect(out).toContain('# new team, not deployed yet\n');
    expect(out).toMatch(/ {4}- name: Shifts\n(?: {6}.*\n)* {6}children:\n {8}# new team, not deployed yet\n {8}- name: Early\n {10}description: 'early shift' +# quoted\n {10}children: \[ ?\{ name: Dawn \} ?\] +# flow\n/);
    expect(out).toContain('# commented example:\n# - name: X\n');
    reads(out, moved);
    expect(writeGroupsFile(out, moved)).toBe(out);
  });

  it('a group moved under a new group that takes the name another gives away in the same pull', () => {
    const FLAT = '- name: Admins   # keep\n- name: Kid   # the kid\n';
    const recs = readGroupsFile(FLAT).records.map((r) => r.content);
    // Admins is renamed Staff; a new group takes the name Admins, and Kid moves under it.
    const moved = [...recs.map((g) => (g.name === 'Admins' ? { ...g, name: 'Staff' } : { ...g, parent: 'Admins' })), { ...recs[0], name: 'Admins', description: 'new' }];
    const out = writeGroupsFile(FLAT, moved, { renamed: new Map([['Staff', 'Admins']]) });
    expect(out).toMatch(/^- name: Staff +# keep\n/);
    expect(out).toMatch(/- name: Admins\n {2}description: new\n {2}children:\n {4}- name: Kid +# the kid\n/);
    reads(out, moved);
  });

  it('a file that cannot be edited in place is written anew under its own head, and the caller is told', () => {
    const text = '# yaml-language-server: $schema=../schema/endpoints.schema.json\n# my endpoints\n- route: /a\n  description: &d Shared\n- route: /b\n  description: *d\n';
    const [a, b] = readEndpointsFile(text).records.map((r) => r.content);
    const told: string[] = [];
    const out = writeEndpointsFile(text, [{ ...a, description: 'New' }, b], { onRewrite: (why) => told.push(why) });
    expect(out.startsWith('# yaml-language-server: $schema=../schema/endpoints.schema.json\n# my endpoints\n')).toBe(true);
    expect(told).toEqual([expect.stringContaining('YAML anchor')]);
  });
});

describe('YAML anchors', () => {
  it('an alias that must change is replaced where it stands; an edit that would leak through an anchor writes the file anew', () => {
    const text = '- route: /a\n  description: &d Shared\n- route: /b\n  description: *d\n';
    const [a, b] = readEndpointsFile(text).records.map((r) => r.content);
    expect(writeEndpointsFile(text, [a, { ...b, description: 'Own' }])).toBe('- route: /a\n  description: &d Shared\n- route: /b\n  description: Own\n');
    // Changing the anchored value would change /b too: the file is written anew, correct.
    const out = writeEndpointsFile(text, [{ ...a, description: 'New' }, b]);
    expect(readEndpointsFile(out).records.map((r) => r.content.description).sort()).toEqual(['New', 'Shared']);
  });
});
