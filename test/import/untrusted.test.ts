// An export is untrusted input: zips with entries that would leave the folder, links, YAML that
// is broken or says something else, body files outside the export, names given twice. Each is
// refused with a message naming the file (and line), exit 2, and nothing is written.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../harness/folder.js';
import { unsafeZipPath } from '../../src/import/zip-source.js';
import { EXPORT_FIXTURE, importSandbox, makeZip, zipFolder } from './helpers.js';

const sandbox = importSandbox('lxp-import-untrusted-');
const lxp = sandbox.lxp;

/** A minimal valid export: one layout and one page. */
const MINIMAL: { name: string; data: string }[] = [
  { name: 'experience/develop/layouts/layouts.yaml', data: 'resourceType: ExperienceView\nresources:\n  - id: ~exportplaceholderid-experienceView-main~\n    name: main\n    viewType: layout\n    localFilename: ./main.hbs\nversion: 1\n' },
  { name: 'experience/develop/layouts/main.hbs', data: '<main>{{page}}</main>\n' },
  { name: 'experience/develop/pages/pages.yaml', data: 'resourceType: ExperienceView\nresources:\n  - id: ~exportplaceholderid-experienceView-home~\n    name: home\n    viewType: page\n    layoutId: ~exportplaceholderid-experienceView-main~\n    localFilename: ./home.hbs\nversion: 1\n' },
  { name: 'experience/develop/pages/home.hbs', data: '<h1>Home</h1>\n' },
];

describe('zips: every entry is checked before anything is read', () => {
  it('a plain zip of the minimal export imports', async () => {
    const zip = await makeZip(path.join(sandbox.root(), 'ok.zip'), MINIMAL);
    const r = await lxp([zip, '--dir', 'site']);
    expect(r.code, r.output).toBe(0);
    expect(await listFiles(path.join(sandbox.root(), 'site'))).toEqual(['.gitignore', 'layouts/main.hbs', 'lxp.config.json', 'pages/home.hbs']);
  });

  const bad: [string, { name: string; rawName?: string; mode?: number; data: string }, RegExp][] = [
    ['a ../ entry', { name: 'xx/evil.hbs', rawName: '../evil.hbs', data: 'pwned' }, /"\.\.\/evil\.hbs": a "\.\." part/],
    ['a deeper ../ entry', { name: 'experience/xx/xx/xx/x.sh', rawName: 'experience/../../../x.sh', data: 'pwned' }, /a "\.\." part/],
    ['an absolute path', { name: 'xtmp/evil.hbs', rawName: '/tmp/evil.hbs', data: 'pwned' }, /"\/tmp\/evil\.hbs": an absolute path/],
    ['a drive letter', { name: 'Cx/evil.hbs', rawName: 'C:/evil.hbs', data: 'pwned' }, /"C:\/evil\.hbs": a drive letter/],
    ['a backslash', { name: 'xx/evil.hbs', rawName: '..\\evil.hbs', data: 'pwned' }, /a backslash/],
    ['a symbolic link', { name: 'experience/develop/pages/link.hbs', mode: 0o120777, data: '/etc/passwd' }, /"experience\/develop\/pages\/link\.hbs": a symbolic link/],
  ];
  for (const [what, entry, message] of bad) {
    it(`refuses a zip with ${what}: exit 2, the entry named, nothing written`, async () => {
      const zip = await makeZip(path.join(sandbox.root(), 'bad.zip'), [...MINIMAL, entry]);
      const r = await lxp([zip, '--dir', 'site', '--json']);
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('refused');
      expect(r.json.error.message).toMatch(message);
      expect(r.json.error.message).toContain('nothing was written');
      expect(await listFiles(sandbox.root())).toEqual(['bad.zip']);
      // And in text, on stderr.
      const t = await lxp([zip, '--dir', 'site']);
      expect(t.stderr).toMatch(message);
    });
  }

  it('lists every bad entry at once', async () => {
    const zip = await makeZip(path.join(sandbox.root(), 'bad.zip'), [...MINIMAL, { name: 'xx/a', rawName: '../a', data: '' }, { name: 'xb', rawName: '/b', data: '' }]);
    const r = await lxp([zip, '--dir', 'site']);
    expect(r.stderr).toMatch(/2 entries/);
    expect(r.stderr).toContain('"../a"');
    expect(r.stderr).toContain('"/b"');
  });

  it('refuses two entries with one path', async () => {
    const zip = await makeZip(path.join(sandbox.root(), 'dup.zip'), [...MINIMAL, { name: 'experience/develop/pages/homX.hbs', rawName: 'experience/develop/pages/home.hbs', data: 'other' }]);
    const r = await lxp([zip, '--dir', 'site']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a second entry with the same path');
  });

  it('a file that is not a zip, or a broken one: exit 2', async () => {
    const zip = await zipFolder(EXPORT_FIXTURE, path.join(sandbox.root(), 'whole.zip'));
    const bytes = await readFile(zip);
    await writeFile(path.join(sandbox.root(), 'cut.zip'), bytes.subarray(0, bytes.length - 30));
    const r = await lxp(['cut.zip', '--dir', 'site']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a readable zip');
    expect(await listFiles(sandbox.root())).toEqual(['cut.zip', 'whole.zip']);
  });

  it('unsafeZipPath accepts plain relative paths only', () => {
    for (const ok of ['a', 'a/b.hbs', 'dir/', 'a b/c~d.hbs', '...hbs', 'a/..b']) expect(unsafeZipPath(ok), ok).toBeUndefined();
    for (const bad of ['../a', 'a/../b', '..', '/a', 'C:a', 'c:/a', 'a\\b', 'a//b', 'a\0b']) expect(unsafeZipPath(bad), bad).toBeDefined();
  });
});

describe('export YAML is untrusted', () => {
  async function broken(edit: (dir: string) => Promise<void>): Promise<{ code: number; message: string; issues: { file: string; line?: number; field?: string; message: string }[] }> {
    const src = path.join(sandbox.root(), 'src');
    await cp(EXPORT_FIXTURE, src, { recursive: true });
    await edit(src);
    const r = await lxp(['src', '--dir', 'site', '--json']);
    expect(existsSync(path.join(sandbox.root(), 'site'))).toBe(false); // nothing written, not even the folder
    // `issues` at the top of the envelope, as a deploy's invalid folder has it (review 5, L9), not inside `error`.
    expect(r.json.error?.issues).toBeUndefined();
    return { code: r.code, message: r.json.error?.message ?? '', issues: r.json.issues ?? [] };
  }
  const pages = 'experience/develop/pages/pages.yaml';
  const edit = (file: string, from: string | RegExp, to: string) => async (dir: string) => {
    const text = await readFile(path.join(dir, file), 'utf8');
    const next = text.replace(from, to);
    expect(next).not.toBe(text);
    await writeFile(path.join(dir, file), next);
  };

  it('malformed YAML: the file and line', async () => {
    const r = await broken(edit(pages, '  - id: ~exportplaceholderid-experienceView-login~\n', '  - id: [unclosed\n'));
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, line: expect.any(Number), message: expect.stringContaining('unreadable YAML') }));
    expect(r.message).toContain(`${pages}:`);
  });

  it('a wrong resourceType', async () => {
    const r = await broken(edit(pages, 'resourceType: ExperienceView', 'resourceType: Dashboard'));
    expect(r.code).toBe(2);
    expect(r.issues).toEqual([{ file: pages, line: 1, field: 'resourceType', message: expect.stringContaining('"Dashboard" is not what pages.yaml holds (expected ExperienceView)') }]);
  });

  it('a missing localFilename, and one that names no file', async () => {
    const r = await broken(async (dir) => {
      await edit(pages, '    localFilename: ./login.hbs\n', '')(dir);
      await edit(pages, './home.hbs', './nope.hbs')(dir);
    });
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, field: 'resources[1].localFilename', message: expect.stringContaining('missing') }));
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, field: 'resources[0].localFilename', message: expect.stringContaining('no file experience/develop/pages/nope.hbs') }));
  });

  it('a localFilename that leads outside the export (or is absolute)', async () => {
    await writeFile(path.join(sandbox.root(), 'secret.txt'), 'TOP SECRET');
    const r = await broken(async (dir) => {
      await edit(pages, './home.hbs', '../../../../secret.txt')(dir);
      await edit(pages, './login.hbs', '/etc/hostname')(dir);
    });
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, line: expect.any(Number), message: expect.stringContaining('leads outside the export folder') }));
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, message: expect.stringContaining('absolute path') }));
    expect(JSON.stringify(r)).not.toContain('TOP SECRET');
  });

  it('a body file that is a symbolic link is not followed', async () => {
    await writeFile(path.join(sandbox.root(), 'secret.txt'), 'TOP SECRET');
    const r = await broken(async (dir) => {
      await rm(path.join(dir, 'experience/develop/pages/home.hbs'));
      await symlink(path.join(sandbox.root(), 'secret.txt'), path.join(dir, 'experience/develop/pages/home.hbs'));
    });
    expect(r.code).toBe(2);
    expect(r.message).toContain('symbolic link');
    expect(JSON.stringify(r)).not.toContain('TOP SECRET');
  });

  it('duplicate names: both places named', async () => {
    const r = await broken(edit(pages, 'name: login', 'name: home'));
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ file: pages, field: 'name', message: expect.stringMatching(/the page "home" is also at experience\/develop\/pages\/pages\.yaml:\d+/) }));
  });

  it('duplicate group names, endpoints and user emails', async () => {
    const r = await broken(async (dir) => {
      await edit('experience/groups.yaml', 'name: Operators', 'name: Admins')(dir);
      await edit('experience/develop/endpoints.yaml', 'route: /old-home', 'route: /admin')(dir);
      await edit('experience/users.yaml', 'email: bob@example.com', 'email: Ann@example.com')(dir);
    });
    expect(r.code).toBe(2);
    const messages = r.issues.map((i) => `${i.file}:${i.line} ${i.message}`).join('\n');
    const two = /experience\/groups\.yaml:(\d+) this export has two groups "Admins" \(experience\/groups\.yaml:(\d+); experience\/groups\.yaml:(\d+)\)/.exec(messages);
    expect(two).not.toBeNull();
    // One line for one group: the issue's own line is the second group's, as its message says (review 9b, F6).
    expect(two![3]).toBe(two![1]);
    expect(Number(two![2])).toBeLessThan(Number(two![1]));
    expect(messages).toMatch(/experience\/develop\/endpoints\.yaml:\d+ GET \/admin is also at/);
    expect(messages).toMatch(/experience\/users\.yaml:\d+ Ann@example\.com is also at/);
  });

  it("two groups of one name (a multi-tenant tree: each customer's Admins): not 'names are unique' — what groups.yaml needs and what to do, and the way without groups works (review 9, L4)", async () => {
    const r = await broken(edit('experience/groups.yaml', 'name: Customer 1 East', 'name: Admins'));
    expect(r.code).toBe(2);
    const issue = r.issues.find((i) => i.field?.endsWith('.name'));
    expect(issue?.message).toMatch(
      /^this export has two groups "Admins" \(experience\/groups\.yaml:\d+; experience\/groups\.yaml:\d+, under "Customer 1"\): Losant allows that, but groups\.yaml names each group once .*Rename one in Losant \(e\.g\. "Customer 1 Admins"\) and export again, or import without groups: delete experience\/groups\.yaml from the export/,
    );
    expect(JSON.stringify(r.issues)).not.toContain('group names are unique');

    // The way without groups the message offers: the import goes through, and says what lost its groups.
    await rm(path.join(sandbox.root(), 'src/experience/groups.yaml'));
    const without = await lxp(['src', '--dir', 'site', '--json']);
    expect(without.code, without.stdout).toBe(0);
    expect(existsSync(path.join(sandbox.root(), 'site/groups.yaml'))).toBe(false);
    const unresolved = without.json.report.filter((i: { kind: string }) => i.kind === 'unresolved').map((i: { file: string }) => i.file);
    expect(unresolved).toContain('experience/users.yaml');
    expect(unresolved).toContain('experience/develop/endpoints.yaml');
  });

  it('an unknown access or method is an error, never a guess', async () => {
    const r = await broken(async (dir) => {
      await edit('experience/develop/endpoints.yaml', 'access: authenticated\n    enabled: true\n    description: The home page', 'access: everyone\n    enabled: true\n    description: The home page')(dir);
      await edit('experience/develop/endpoints.yaml', 'method: delete', 'method: fetch')(dir);
    });
    expect(r.code).toBe(2);
    expect(r.issues).toContainEqual(expect.objectContaining({ file: 'experience/develop/endpoints.yaml', field: 'resources[0].access', message: expect.stringContaining('"everyone"') }));
    expect(r.issues).toContainEqual(expect.objectContaining({ field: 'resources[8].method', message: expect.stringContaining('"fetch"') }));
  });

  it('a body that is not UTF-8', async () => {
    const r = await broken(async (dir) => writeFile(path.join(dir, 'experience/develop/pages/home.hbs'), Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x0a])));
    expect(r.code).toBe(2);
    expect(r.message).toContain('home.hbs is not UTF-8 text');
  });

  it('every problem at once, in file and line order', async () => {
    const r = await broken(async (dir) => {
      await edit(pages, 'name: login', 'name: home')(dir);
      await edit('experience/develop/endpoints.yaml', 'method: delete', 'method: fetch')(dir);
      await mkdir(path.join(dir, 'unused'));
    });
    expect(r.issues.length).toBe(2);
    expect(r.issues.map((i) => i.file)).toEqual(['experience/develop/endpoints.yaml', pages]);
  });
});
