import { describe, expect, it } from 'vitest';
import type { ApiView } from '../../src/api/types.js';
import { MANAGED_TAG, type ViewContent } from '../../src/project/view.js';
import { compareWithFolder, describeDifferences } from '../../src/release/compare.js';
import { formatPromote, formatVersions } from '../../src/release/format.js';
import { matchPointers, planRepoints } from '../../src/release/pointers.js';
import { versionNameProblem } from '../../src/release/version-name.js';
import { versionRows } from '../../src/release/versions.js';

describe('versionNameProblem', () => {
  it('accepts ordinary names up to 255 characters', () => {
    for (const ok of ['v1.0.0', 'v1.2.3-4-gabc1234', 'release 2024-05', 'x'.repeat(255), 'développement']) expect(versionNameProblem(ok)).toBeNull();
  });
  it('refuses empty, too long, develop, padded, control characters and id look-alikes', () => {
    expect(versionNameProblem('')).toMatch(/empty/);
    expect(versionNameProblem('x'.repeat(256))).toMatch(/255/);
    expect(versionNameProblem('develop')).toMatch(/develop/);
    expect(versionNameProblem('Develop')).toMatch(/develop/);
    expect(versionNameProblem(' v1')).toMatch(/white space/);
    expect(versionNameProblem('v1\n')).toMatch(/white space|control/);
    expect(versionNameProblem('v\u00071')).toMatch(/control/);
    expect(versionNameProblem('0123456789abcdef01234567')).toMatch(/id/);
  });
});

describe('slugs and domains', () => {
  const slugs = [
    { id: 's1', slug: 'production', version: 'v1' },
    { id: 's2', slug: 'staging', version: null },
  ];
  const domains = [{ id: 'd1', domainName: 'App.Example.com', version: 'v1' }];

  it('matches requested names, domains case-insensitively, duplicates once', () => {
    const { pointers, unknown } = matchPointers(
      { slugs: ['production', 'production', 'nope'], domains: ['app.example.com', 'APP.example.com', 'other.com'] },
      { slugs, domains },
    );
    expect(pointers.map((p) => `${p.kind}:${p.name}:${p.version}`)).toEqual(['slug:production:v1', 'domain:App.Example.com:v1']);
    expect(unknown).toEqual([
      { kind: 'slug', name: 'nope' },
      { kind: 'domain', name: 'other.com' },
    ]);
  });

  it('plans only the pointers that serve another version as changes', () => {
    const { pointers } = matchPointers({ slugs: ['production', 'staging'], domains: [] }, { slugs, domains });
    const plan = planRepoints(pointers, 'v1');
    expect(plan.map((r) => [r.name, r.from, r.to, r.changed])).toEqual([
      ['production', 'v1', 'v1', false],
      ['staging', null, 'v1', true],
    ]);
    const text = formatPromote({ version: 'v1', dryRun: false, repoints: plan });
    expect(text.split('\n')[0]).toBe('Pointed 1 slug at v1 (1 already points there).');
    expect(text).toContain('slug staging: (none) → v1');
    expect(formatPromote({ version: 'v1', dryRun: true, repoints: plan }).split('\n')[0]).toBe('Dry run: would point 1 slug at v1 (1 already points there).');
    expect(formatPromote({ version: 'v1', dryRun: false, repoints: [plan[0]] }).split('\n')[0]).toBe('Nothing to re-point: 1 slug already points at v1.');
  });
});

describe('versionRows', () => {
  it('lists newest first with the slugs and domains that name each version', () => {
    const v = (version: string, creationDate: string) => ({ id: version, version, creationDate, lastUpdated: creationDate });
    const rows = versionRows(
      [v('develop', '2024-01-01T00:00:00.000Z'), v('v2', '2024-03-01T00:00:00.000Z'), v('v1', '2024-02-01T00:00:00.000Z')],
      [
        { id: 'a', slug: 'production', version: 'v1' },
        { id: 'b', slug: 'beta', version: 'v2' },
        { id: 'c', slug: 'alpha', version: 'v2' },
      ],
      [{ id: 'd', domainName: 'x.com', version: 'v2' }],
    );
    expect(rows.map((r) => r.version)).toEqual(['v2', 'v1', 'develop']);
    expect(rows[0]).toMatchObject({ slugs: ['alpha', 'beta'], domains: ['x.com'] });
    expect(rows[1].slugs).toEqual(['production']);
    const text = formatVersions(rows);
    expect(text.split('\n')[1]).toMatch(/^v2 .*slug:alpha, slug:beta, domain:x\.com/);
  });

  it('never cuts a cell: whole when piped, wrapped at spaces to a terminal width', () => {
    const long = 'a-slug-name-that-is-much-longer-than-forty-characters';
    const description = 'A description well beyond seventy-two characters, so that the old table would have cut it off';
    const rows = [{ version: 'v1', description, creationDate: '2024-02-01T00:00:00.000Z', slugs: [long, 'b'], domains: [] }];
    const piped = formatVersions(rows);
    expect(piped).not.toContain('…');
    expect(piped.split('\n')[1]).toContain(`slug:${long}, slug:b`);
    expect(piped.split('\n')[1]).toContain(description);
    const wrapped = formatVersions(rows, { width: 100 }).split('\n');
    for (const l of wrapped) expect(l.length).toBeLessThanOrEqual(100);
    expect(wrapped.length).toBeGreaterThan(2);
    expect(wrapped.join(' ').replace(/\s+/g, ' ')).toContain(`slug:${long}`);
    for (const w of description.split(' ')) expect(wrapped.join(' ')).toContain(w);
  });
});

describe('compareWithFolder', () => {
  const content = (name: string, body: string, viewType: ViewContent['viewType'] = 'component'): ViewContent => ({
    viewType, name, description: '', layout: null, contentType: null, tags: {}, body,
  });
  const api = (id: string, c: ViewContent, managed = true): ApiView => ({
    id, applicationId: 'app', name: c.name, viewType: c.viewType, body: c.body,
    viewTags: managed ? { [MANAGED_TAG]: 'true' } : {}, creationDate: '', lastUpdated: '',
  });

  it('a hand-made extra differs (a version would freeze it) unless included, or ignored by the folder', () => {
    const folder = [content('a', '1'), content('b', '2')];
    const remote = [api('1', folder[0]), api('2', folder[1]), api('3', content('handmade', 'x'), false)];
    expect(compareWithFolder(folder, remote)).toEqual([{ key: 'component:handmade', kind: 'extra' }]);
    expect(compareWithFolder(folder, remote, { includeRemote: true })).toEqual([]);
    expect(compareWithFolder(folder, remote, { ignores: (t, n) => t === 'component' && n === 'handmade' })).toEqual([]);
    expect(compareWithFolder(folder, [...remote, api('4', content('old', 'y'))], { includeRemote: true })).toEqual([{ key: 'component:old', kind: 'extra' }]);
  });

  it('names missing, changed and extra managed views', () => {
    const folder = [content('a', '1'), content('b', '2')];
    const remote = [api('1', content('a', 'changed')), api('3', content('old', 'x'))];
    const diffs = compareWithFolder(folder, remote);
    expect(diffs).toEqual([
      { key: 'component:a', kind: 'changed' },
      { key: 'component:b', kind: 'missing' },
      { key: 'component:old', kind: 'extra' },
    ]);
    expect(describeDifferences(diffs, 2)).toBe('3 views differ: component:a (changed), component:b (missing), and 1 more');
    expect(describeDifferences(diffs.slice(0, 1))).toBe('1 view differs: component:a (changed)');
  });

  it('tells view types apart', () => {
    expect(compareWithFolder([content('x', '1', 'page')], [api('1', content('x', '1', 'component'))])).toEqual([{ key: 'component:x', kind: 'extra' }, { key: 'page:x', kind: 'missing' }]);
  });
});
