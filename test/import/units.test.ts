// The pure pieces of lxp import: placeholders, what a source holds, localFilename resolution,
// .gitignore lines, and the users CSV writer (a property: whatever it writes, the reader gives back).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/import/detect.js';
import { resolveLocalFilename } from '../../src/import/export-views.js';
import { gitignoreText, planFolder } from '../../src/import/folder-files.js';
import { GroupTree } from '../../src/people/groups.js';
import type { GroupContent } from '../../src/project/resources/group.js';
import { findPlaceholders, placeholderItems } from '../../src/import/placeholders.js';
import { addParents, type Source, type SourceEntry } from '../../src/import/source.js';
import { createReadText, MAX_TOTAL_BYTES } from '../../src/import/read-text.js';
import { parseUsersCsv } from '../../src/project/users-csv.js';
import { formatUsersCsv, type UserRow } from '../../src/project/users-csv-write.js';
import { tagKey, text } from '../project/arbitraries.js';
import { keyRepliedTo } from '../../src/import/workflow-keys.js';
import { endpointDefaults, readEndpointsFile, type EndpointContent } from '../../src/project/resources/index.js';

function entries(files: string[], dirs: string[] = []): Map<string, SourceEntry> {
  const m = new Map<string, SourceEntry>();
  for (const f of files) {
    addParents(m, f);
    m.set(f, { path: f, kind: 'file', size: 1 });
  }
  for (const d of dirs) {
    addParents(m, `${d}/x`);
    m.delete(`${d}/x`);
  }
  return m;
}

describe('placeholders', () => {
  it('finds both spellings, with the type and line', () => {
    const body = 'a\n{{element "dashboard" dashboardId="~exportplaceholderid-dashboard-overview~"}}\n~losant-device-truck-3~ and ~exportplaceholderid-docs-url~';
    expect(findPlaceholders(body)).toEqual([
      { text: '~exportplaceholderid-dashboard-overview~', type: 'dashboard', line: 2 },
      { text: '~losant-device-truck-3~', type: 'device', line: 3 },
      { text: '~exportplaceholderid-docs-url~', type: 'docs', line: 3 },
    ]);
    expect(findPlaceholders('~ not one ~ and ~losant~ and ~exportplaceholderid~')).toEqual([]);
  });

  it('says what each stands for in words (any case of the type), and speaks of an export only for an export (review 10, F5)', () => {
    const at = (line: number) => ({ file: 'pages/p.hbs', line });
    const [fromExport] = placeholderItems('~losant-experienceuser-bob-1~', 'the body', at, 'export');
    expect(fromExport.message).toBe('~losant-experienceuser-bob-1~ in the body stands for the id of an experience user in the application Losant creates from the export; lxp keeps the text as it is — replace it with the id in your application');
    const [fromWorkspace] = placeholderItems('x\n~exportplaceholderid-dashboard-overview~', 'the body', at, 'workspace');
    expect(fromWorkspace).toMatchObject({ kind: 'placeholder', file: 'pages/p.hbs', line: 2 });
    expect(fromWorkspace.message).toContain('for the id of a dashboard, as the workspace holds it (never replaced)');
    expect(fromWorkspace.message).not.toContain('export;');
    expect(fromWorkspace.message).not.toMatch(/creates from the export/);
  });
});

describe('what a source holds', () => {
  it('an export at the top, in one wrapping folder, or its develop folder alone', () => {
    expect(detectLayout(entries(['application.yaml', 'experience/develop/pages/pages.yaml']), 's')).toMatchObject({ kind: 'export', root: '', views: 'experience/develop', experience: 'experience' });
    expect(detectLayout(entries(['app-main/experience/develop/version.yaml']), 's')).toMatchObject({ kind: 'export', root: 'app-main', views: 'app-main/experience/develop' });
    expect(detectLayout(entries(['version.yaml', 'pages/pages.yaml']), 's')).toMatchObject({ kind: 'export', root: '', views: '' });
  });

  it('an official-CLI workspace: .hbs files under experience/, or .losant/ beside it', () => {
    expect(detectLayout(entries(['experience/pages/Home.hbs']), 's')).toMatchObject({ kind: 'workspace', root: '', views: 'experience' });
    expect(detectLayout(entries(['.losant/.application.yml'], ['experience/layouts']), 's')).toMatchObject({ kind: 'workspace' });
  });

  it('two at the same depth are ambiguous; none is said plainly', () => {
    expect(() => detectLayout(entries(['a/experience/develop/version.yaml', 'b/experience/develop/version.yaml']), 'repo.zip')).toThrow(/holds 2 experiences \(a\/, b\/\)/);
    expect(() => detectLayout(entries(['readme.md', 'experience/notes.txt']), 'x')).toThrow(/neither an exported application/);
    // The message lists every file and folder lxp looked for (docs/import.md says it does).
    let message = '';
    try {
      detectLayout(entries(['readme.md', 'experience/notes.txt']), 'x');
    } catch (e) {
      message = (e as Error).message;
    }
    for (const looked of ['experience/develop/', 'version.yaml', 'endpoints.yaml', 'layouts/layouts.yaml', 'pages/pages.yaml', 'components/components.yaml', 'experience/pages/', '.losant/', 'Nothing was written'])
      expect(message).toContain(looked);
  });
});

describe('localFilename', () => {
  it('resolves relative to the YAML file and never leaves the export', () => {
    expect(resolveLocalFilename('experience/develop/pages/pages.yaml', './home.hbs', '')).toEqual({ file: 'experience/develop/pages/home.hbs' });
    expect(resolveLocalFilename('x/experience/develop/pages/pages.yaml', '../shared/a.hbs', 'x')).toEqual({ file: 'x/experience/develop/shared/a.hbs' });
    for (const bad of ['../../../../a.hbs', '/etc/passwd', 'C:/a.hbs', '..\\a.hbs', '', '../../../../x/../../a']) expect(resolveLocalFilename('experience/develop/pages/pages.yaml', bad, ''), bad).toHaveProperty('problem');
    expect(resolveLocalFilename('x/experience/develop/pages/pages.yaml', '../../../../y/a.hbs', 'x')).toHaveProperty('problem');
  });
});

describe('.gitignore', () => {
  it('adds what is missing, keeps every line and the line ends', () => {
    expect(gitignoreText(undefined)).toContain('.lxp/\n');
    expect(gitignoreText('node_modules\n/.lxp\n')).toBe('node_modules\n/.lxp\n# experience users (emails, names) are data, not code: keep them out of the repository\nusers.csv\n');
    expect(gitignoreText('a\r\nb')).toMatch(/^a\r\nb\r\n#[^\n]*\r\n\.lxp\/\r\n/);
    const full = gitignoreText(undefined);
    expect(gitignoreText(full)).toBe(full);
  });

  it('a new one in an npm package folder also ignores node_modules/ (as lxp init writes it); an existing one is not given it', () => {
    expect(gitignoreText(undefined).split('\n')).not.toContain('node_modules/');
    expect(gitignoreText(undefined, true).split('\n')).toEqual(expect.arrayContaining(['.lxp/', 'users.csv', 'node_modules/']));
    expect(gitignoreText('dist/\n', true).split('\n')).not.toContain('node_modules/');
  });
});

describe('the users CSV writer', () => {
  const email = fc.tuple(fc.stringMatching(/^[a-z0-9._+-]{1,20}$/), fc.stringMatching(/^[a-z0-9-]{1,10}$/)).map(([a, b]) => `${a}@${b}.example`);
  const name = fc.oneof(text(0, 30), fc.constantFrom('Smith, Jr.', 'O"Neil', 'two\nlines', ' padded ', '=1+1', ''));
  const group = fc.oneof(text(1, 20), fc.constantFrom('A, B', 'Q"1', 'line\nbreak')).filter((g) => !g.includes(';') && g.trim() === g && g !== '');
  const user: fc.Arbitrary<UserRow> = fc.record({ email, firstName: name, lastName: name, groups: fc.uniqueArray(group, { maxLength: 4 }), tags: fc.dictionary(tagKey, text(1, 20), { maxKeys: 3 }) });

  it('what it writes, parseUsersCsv reads back exactly, with no password', () => {
    fc.assert(
      fc.property(fc.uniqueArray(user, { minLength: 1, maxLength: 6, selector: (u) => u.email.toLowerCase() }), (users) => {
        const csv = formatUsersCsv(users);
        const back = parseUsersCsv(csv);
        expect(back.issues).toEqual([]);
        expect(back.users.map(({ line: _l, ...u }) => u)).toEqual(users.map((u) => ({ ...u, groups: [...u.groups], tags: { ...u.tags }, password: null })));
      }),
      { numRuns: 200 },
    );
  });
});

describe('reading a source', () => {
  it('stops past a total (a zip of small entries can inflate to far more than its size)', async () => {
    const half = MAX_TOTAL_BYTES / 2 + 1;
    const source: Source = {
      label: 'big.zip',
      format: 'zip',
      location: '/nowhere/big.zip',
      entries: new Map([
        ['a.hbs', { path: 'a.hbs', kind: 'file', size: half }],
        ['b.hbs', { path: 'b.hbs', kind: 'file', size: half }],
      ]),
      read: async () => Buffer.from('x'),
      close: async () => {},
    };
    const readText = createReadText(source, new Set());
    const issue = () => {};
    expect(await readText('a.hbs', { needed: true, issue })).toBe('x');
    await expect(readText('b.hbs', { needed: true, issue })).rejects.toThrow(/big\.zip: more than 512 MiB to read/);
  });
});

describe('keys for the endpoints a workflow replies to', () => {
  const ep = (method: string, route: string, key: string | null = null): EndpointContent => ({ ...endpointDefaults(route), method: method as EndpointContent['method'], key });

  it("Losant's name for the endpoint; alike names and existing keys (in any case) get -2, -3… in METHOD-route order; others keep no key", () => {
    const endpoints = [ep('get', '/a/b'), ep('get', '/a-b'), ep('post', '/login'), ep('get', '/x', 'getAB'), ep('get', '/other'), ep('put', '/{id}', 'custom')];
    const { endpoints: out, keys, given } = keyRepliedTo(endpoints, new Set(['GET /a/b', 'GET /a-b', 'POST /login', 'PUT /{id}', 'GET /nowhere']));
    expect(out.map((e) => e.key)).toEqual(['getAB-3', 'getAB-2', 'postLogin', 'getAB', null, 'custom']);
    expect(Object.fromEntries(keys)).toEqual({ 'GET /a-b': 'getAB-2', 'GET /a/b': 'getAB-3', 'POST /login': 'postLogin', 'PUT /{id}': 'custom' });
    expect([...given].sort()).toEqual(['GET /a-b', 'GET /a/b', 'POST /login']);
    expect(keyRepliedTo([ep('get', '/x', 'GETAB'), ep('get', '/a-b')], new Set(['GET /a-b'])).endpoints[1].key).toBe('getAB-2');
  });

  it('always a key endpoints.yaml accepts, unique, at most 255 characters, whatever the routes', () => {
    const route = fc.array(fc.constantFrom('a', 'B', '9', '-', '_', '{id}', '{rest*}', 'é', '.', '~', '/'), { maxLength: 400 }).map((parts) => `/${parts.join('')}`);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.constantFrom('get', 'post', 'delete'), route), { minLength: 1, maxLength: 8, selector: ([m, r]) => `${m} ${r}` }), (pairs) => {
        const endpoints = pairs.map(([m, r]) => ep(m, r));
        const { endpoints: out } = keyRepliedTo(endpoints, new Set(endpoints.map((e) => `${e.method.toUpperCase()} ${e.route}`)));
        const keys = out.map((e) => e.key!);
        for (const k of keys) expect(k, k).toMatch(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,254}$/);
        expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
        const yaml = out.map((e) => `- route: ${JSON.stringify('/k')}\n  key: ${JSON.stringify(e.key)}\n`).join('');
        expect(readEndpointsFile(yaml).issues.filter((i) => i.field?.endsWith('.key'))).toEqual([]);
      }),
    );
  });
});

describe('users.csv rows and group names', () => {
  const group = (name: string, parent: string | null): GroupContent => ({ name, parent, description: '', tags: {}, deviceTags: [], deviceQuery: null, deviceIds: null });
  it('leaves out, and reports, a group named like another group\'s path ("Sales/EU" vs EU under Sales): every row written resolves (review 10, F11)', () => {
    const groups = [group('Sales', null), group('EU', 'Sales'), group('Sales/EU', null), group('A/B', null)];
    const plan = planFolder(
      {
        layout: { kind: 'export', root: '', views: 'experience' } as never,
        application: {},
        views: [],
        groups,
        users: [
          { email: 'a@example.com', firstName: '', lastName: '', groups: ['A/B', 'Sales/EU'], tags: {} },
          { email: 'b@example.com', firstName: '', lastName: '', groups: ['EU'], tags: {} },
        ],
        report: [],
      },
      { config: '{}' },
      {},
    );
    const csv = plan.files.find((f) => f.file === 'users.csv')?.text ?? '';
    const rows = parseUsersCsv(csv, { file: 'users.csv', knownGroups: groups.map((g) => g.name) });
    expect(rows.issues).toEqual([]);
    expect(rows.users.map((r) => [r.email, r.groups])).toEqual([
      ['a@example.com', ['A/B']],
      ['b@example.com', ['EU']],
    ]);
    // As lxp users import resolves them, once deployed: each name left in a row names one group.
    const ids = new Map(groups.map((g, i) => [g.name, String(i).padStart(24, '0')]));
    const tree = new GroupTree(groups.map((g) => ({ id: ids.get(g.name)!, name: g.name, parentId: g.parent === null ? null : ids.get(g.parent)! })) as never);
    for (const r of rows.users) for (const g of r.groups) expect(tree.resolve(g).ok).toBe(true);
    expect(tree.resolve('Sales/EU').ok).toBe(false);
    expect(plan.report).toEqual([
      {
        kind: 'changed',
        file: 'users.csv',
        message:
          'the user a@example.com is in the group named "Sales/EU", which is also the path of the group "EU" (nested under Sales), so lxp users import cannot tell the two apart: left out of the row; after lxp deploy, write that group\'s id in the row\'s groups cell (an id is never ambiguous), or add the user to it in Losant',
      },
    ]);
  });
});
