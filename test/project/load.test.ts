import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadProject, pathFilter, type ParseCache } from '../../src/project/load.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let dir: string;
beforeEach(async () => {
  dir = await tempDir('lxp-load-');
});

async function put(files: Record<string, string>) {
  for (const [f, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), text);
  }
}

describe('loadProject', () => {
  it('a file named like a view folder is a problem of the folder (every command refuses), an absent folder is not', async () => {
    await put({ 'layouts/main.hbs': '<main>{{page}}</main>', pages: 'not a folder\n' });
    const p = await loadProject(dir);
    expect(p.issues).toEqual([{ file: 'pages', message: 'a file where the folder of pages belongs: lxp reads pages from pages/ (rename or remove the file)' }]);
    expect(p.files).toEqual(['layouts/main.hbs']);
  });

  it('reads .hbs files of the three type folders only; sidecars and other files are not views', async () => {
    await put({
      'layouts/main.hbs': '<main>{{page}}</main>',
      'pages/home.hbs': '---\nlayout: main\n---\nhi',
      'pages/home.preview.json': '{}',
      'pages/home.preview.yaml': 'a: 1',
      'pages/admin/users.hbs': 'users',
      'components/header.hbs': '<header/>',
      'other/x.hbs': 'not a view',
      'top.hbs': 'not a view',
      'pages/.hidden.hbs': 'editor scratch',
      'README.md': '# hi',
    });
    const p = await loadProject(dir);
    expect(p.issues).toEqual([]);
    expect(p.files).toEqual(['components/header.hbs', 'layouts/main.hbs', 'pages/admin/users.hbs', 'pages/home.hbs']);
    expect(p.views.map((v) => `${v.viewType}:${v.name}`)).toEqual(['component:header', 'layout:main', 'page:admin/users', 'page:home']);
  });

  it('reports two files with one name, naming both', async () => {
    await put({ 'pages/a.hbs': '---\nname: Same\n---\nx', 'pages/b.hbs': '---\nname: Same\n---\ny', 'components/Same.hbs': 'c' });
    const p = await loadProject(dir);
    expect(p.issues).toEqual([
      { file: 'pages/a.hbs', line: 2, field: 'name', message: expect.stringContaining('pages/a.hbs and pages/b.hbs') },
      { file: 'pages/b.hbs', line: 2, field: 'name', message: expect.stringContaining('pages/b.hbs and pages/a.hbs') },
    ]);
  });

  it('treats names as case-sensitive, like the API', async () => {
    await put({ 'pages/a.hbs': '---\nname: Home\n---\nx', 'pages/b.hbs': '---\nname: home\n---\ny' });
    expect((await loadProject(dir)).issues).toEqual([]);
  });

  it('reports a page naming a missing layout, with a hint for case', async () => {
    await put({ 'layouts/main.hbs': '---\nname: Main\n---\n{{page}}', 'pages/a.hbs': '---\ndescription: d\nlayout: main\n---\nx' });
    const p = await loadProject(dir);
    expect(p.issues).toEqual([{ file: 'pages/a.hbs', line: 3, field: 'layout', message: expect.stringMatching(/no layout named "main".*did you mean "Main"/), reference: true }]);
  });

  it('keeps .lxpignore files out, as if absent', async () => {
    await put({
      '.lxpignore': '# drafts\ndrafts/\n*.draft.hbs\n',
      'pages/drafts/x.hbs': '{{#if}}broken',
      'pages/new.draft.hbs': 'x',
      'layouts/old.draft.hbs': 'no page placeholder',
      'pages/ok.hbs': '---\nlayout: old.draft\n---\nok',
    });
    const p = await loadProject(dir);
    expect(p.files).toEqual(['pages/ok.hbs']);
    // The ignored layout does not count: it will never be deployed.
    expect(p.issues).toEqual([expect.objectContaining({ file: 'pages/ok.hbs', field: 'layout' })]);
    expect(p.inScope('pages/drafts/y.hbs')).toBe(false);
  });

  it('narrows to paths, still checking against the files out of scope', async () => {
    await put({
      'layouts/main.hbs': '{{page}}',
      'pages/home.hbs': '---\nlayout: main\n---\nx',
      'pages/admin/users.hbs': 'u',
      'pages/broken.hbs': '{{#if x}}',
      'components/c.hbs': 'c',
    });
    const p = await loadProject(dir, { paths: ['pages/home.hbs', 'components'] , cwd: dir });
    expect(p.files).toEqual(['components/c.hbs', 'pages/home.hbs']);
    expect(p.issues).toEqual([]); // broken.hbs is out of scope; main layout exists
    const all = await loadProject(dir);
    expect(all.issues.map((i) => i.file)).toEqual(['pages/broken.hbs']);
  });

  it('reads a folder of 5000 views', async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>' };
    for (let i = 0; i < 5000; i++) files[`pages/p${Math.floor(i / 100)}/v${i}.hbs`] = `---\nlayout: main\ntags: { n: "${i}" }\n---\n<p>{{pageData.v${i}}}</p>\n`;
    await put(files);
    const t0 = performance.now();
    const p = await loadProject(dir);
    if (process.env.LXP_BENCH) console.log(`loadProject: 5001 views in ${Math.round(performance.now() - t0)} ms`);
    expect(p.issues).toEqual([]);
    expect(p.views).toHaveLength(5001);
  });

  it('does not follow symlinks out of the folder', async () => {
    const outside = await tempDir('lxp-out-');
    await writeFile(path.join(outside, 'secret.hbs'), 'secret');
    await mkdir(path.join(dir, 'pages'), { recursive: true });
    await symlink(outside, path.join(dir, 'pages', 'linked'));
    const p = await loadProject(dir);
    expect(p.files).toEqual([]);
    // Not silently: the views in it would look deleted.
    expect(p.issues.map((i) => i.file)).toEqual(['pages/linked/']);
  });
});

describe('pathFilter', () => {
  const root = '/work/site';
  it('matches everything without paths', () => {
    expect(pathFilter(root, [])('pages/a.hbs')).toBe(true);
    expect(pathFilter(root)('pages/a.hbs')).toBe(true);
  });
  it('reads paths relative to the cwd, else to the folder', () => {
    const fromParent = pathFilter(root, ['site/pages/admin'], '/work');
    expect(fromParent('pages/admin/users.hbs')).toBe(true);
    expect(fromParent('pages/administrator.hbs')).toBe(false);
    const folderRelative = pathFilter(root, ['pages/home.hbs'], '/elsewhere');
    expect(folderRelative('pages/home.hbs')).toBe(true);
    expect(folderRelative('pages/home.hbs.bak')).toBe(false);
    const fromInside = pathFilter(root, ['home.hbs'], '/work/site/pages');
    expect(fromInside('pages/home.hbs')).toBe(true);
    expect(pathFilter(root, ['.'], root)('layouts/x.hbs')).toBe(true);
  });
  it('matches globs against files and the folders above them', () => {
    const f = pathFilter(root, ['pages/**/*.hbs', 'components/nav*'], root);
    expect(f('pages/a/b.hbs')).toBe(true);
    expect(f('components/nav/top.hbs')).toBe(true);
    expect(f('components/navbar.hbs')).toBe(true);
    expect(f('layouts/main.hbs')).toBe(false);
    expect(pathFilter(root, ['site/pages/*.hbs'], '/work')('pages/a.hbs')).toBe(true);
  });
  it('matches nothing for a path outside the folder', () => {
    expect(pathFilter(root, ['../../etc'], root)('pages/a.hbs')).toBe(false);
  });
});

describe('loadProject with a parse cache', () => {
  it('parses only changed files again, gives the same result as a fresh load, forgets deleted files', async () => {
    await put({
      'layouts/main.hbs': '<main>{{page}}</main>',
      'pages/home.hbs': '---\nlayout: main\n---\nhi',
      'pages/about.hbs': 'about',
    });
    const cache: ParseCache = new Map();
    const first = await loadProject(dir, { cache });
    expect([...cache.keys()].sort()).toEqual(['layouts/main.hbs', 'pages/about.hbs', 'pages/home.hbs']);

    await put({ 'pages/home.hbs': '---\nlayout: nope\n---\nhello' });
    await rm(path.join(dir, 'pages/about.hbs'));
    const second = await loadProject(dir, { cache });
    expect(second).toMatchObject({ views: (await loadProject(dir)).views, issues: (await loadProject(dir)).issues });
    expect(second.issues.map((i) => [i.file, i.field])).toEqual([['pages/home.hbs', 'layout']]);
    // The unchanged layout's parse was reused (same object); the edited page was parsed again.
    const layout = (p: typeof first) => p.views.find((v) => v.viewType === 'layout');
    expect(layout(second)).toBe(layout(first));
    expect(second.views.find((v) => v.name === 'home')!.body).toBe('hello');
    expect([...cache.keys()].sort()).toEqual(['layouts/main.hbs', 'pages/home.hbs']);
    expect(second.lines.get('pages/home.hbs')).toMatchObject({ layout: 2, body: 4 });
  });
});

describe('loadProject: encodings', () => {
  it('a file that is not UTF-8 is an issue, never deployed with replacement characters', async () => {
    await put({ 'pages/ok.hbs': '\uFEFFcafé' });
    await writeFile(path.join(dir, 'pages/latin1.hbs'), Buffer.from('<p>caf\xe9</p>\n', 'latin1'));
    const p = await loadProject(dir);
    expect(p.issues).toEqual([{ file: 'pages/latin1.hbs', message: expect.stringMatching(/not UTF-8/) }]);
    expect(p.views.map((v) => v.name)).toEqual(['ok']);
    expect(p.views[0].body).toBe('café'); // a byte-order mark is fine and dropped as before
  });
});
