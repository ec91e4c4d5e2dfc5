import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { loadConfig } from '../../src/config/index.js';
import { existsSync } from 'node:fs';
import { initProject, schemaPathFor, SCHEMA_URL } from '../../src/project/init.js';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/project/load.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test, removed after it
let root: string;
beforeEach(async () => {
  root = await tempDir('lxp-init-');
});
afterEach(() => {
  process.exitCode = undefined;
});

async function runCli(args: string[]): Promise<string> {
  const r = await runLxp(args, { cwd: root, env: { PATH: process.env.PATH, HOME: root } });
  process.exitCode = r.code;
  return r.stdout;
}

/** The schema path of a YAML file's `# yaml-language-server: $schema=` first line. */
async function directive(file: string): Promise<string> {
  const first = (await readFile(file, 'utf8')).split('\n')[0];
  const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
  expect(m, `${file}: ${first}`).not.toBeNull();
  return m![1];
}


describe('initProject', () => {
  it('creates a folder that loads with zero issues, with .gitignore and .lxpignore', async () => {
    const dir = path.join(root, 'site');
    const r = await initProject(dir);
    expect(r.created).toEqual([
      '.gitignore', '.lxpignore', 'components/footer.hbs', 'components/header.hbs', 'endpoints.yaml', 'experience.yaml', 'groups.yaml', 'layouts/main.hbs', 'lxp.config.json', 'pages/home.hbs', 'pages/home.preview.json',
    ]);
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\.lxp\/$/m);
    const p = await loadProject(dir);
    expect(p.issues).toEqual([]);
    expect(p.views).toHaveLength(4);
    expect(loadConfig(dir).targets).toEqual({});
    expect(JSON.parse(await readFile(path.join(dir, 'lxp.config.json'), 'utf8')).$schema).toMatch(/lxp\.config\.schema\.json$/);
  });

  it('refuses a folder that is not empty, and with force keeps every existing file', async () => {
    await writeFile(path.join(root, 'lxp.config.json'), '{"targets":{}, "concurrency": 2}');
    await expect(initProject(root)).rejects.toThrow(/not empty.*--force/);
    const r = await initProject(root, { force: true });
    expect(r.kept).toEqual(['lxp.config.json']);
    expect(await readFile(path.join(root, 'lxp.config.json'), 'utf8')).toBe('{"targets":{}, "concurrency": 2}');
  });

  it('writes a "$schema" through the node_modules/lxp of the repository when lxp is installed there', async () => {
    const installed = path.join(root, 'node_modules', 'lxp', 'schema');
    await mkdir(installed, { recursive: true });
    await writeFile(path.join(installed, 'lxp.config.schema.json'), '{}');
    const atRoot = await initProject(root, { force: true });
    expect(atRoot).toMatchObject({ schema: './node_modules/lxp/schema/lxp.config.schema.json', schemaInstalled: true });
    const sub = path.join(root, 'experiences', 'site');
    const nested = await initProject(sub);
    expect(nested).toMatchObject({ schema: '../../node_modules/lxp/schema/lxp.config.schema.json', schemaInstalled: true });
    const written = JSON.parse(await readFile(path.join(sub, 'lxp.config.json'), 'utf8')).$schema;
    expect(written).toBe(nested.schema);
    expect(existsSync(path.resolve(sub, written))).toBe(true);
    // The YAML files' editor directives go through the same node_modules/lxp (black-box review #7).
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) {
      const name = f.replace('.yaml', '');
      await writeFile(path.join(installed, `${name}.schema.json`), '{}');
      expect(await directive(path.join(sub, f))).toBe(`../../node_modules/lxp/schema/${name}.schema.json`);
      expect(await directive(path.join(root, f))).toBe(`./node_modules/lxp/schema/${name}.schema.json`);
    }
  });

  it('without lxp installed (linked, or run from its checkout), "$schema" leads to the running lxp’s own schema', async () => {
    const dir = path.join(root, 'site');
    const r = await initProject(dir);
    expect(r.schemaInstalled).toBe(false);
    const written = JSON.parse(await readFile(path.join(dir, 'lxp.config.json'), 'utf8')).$schema;
    expect(written).toBe(r.schema);
    expect(path.resolve(dir, written)).toBe(fileURLToPath(SCHEMA_URL));
    expect(existsSync(path.resolve(dir, written))).toBe(true);
    expect(await schemaPathFor(dir, '/opt/lxp/schema/lxp.config.schema.json')).toEqual({ path: path.relative(dir, '/opt/lxp/schema/lxp.config.schema.json'), installed: false });
    // The YAML files' editor directives lead to files that exist too, beside that schema.
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) {
      const ref = await directive(path.join(dir, f));
      expect(path.resolve(dir, ref)).toBe(path.join(path.dirname(fileURLToPath(SCHEMA_URL)), f.replace('.yaml', '.schema.json')));
    }
  });

  it('starts in a repository that has just installed lxp, and adds .lxp/ to its .gitignore', async () => {
    await mkdir(path.join(root, 'node_modules', 'lxp'), { recursive: true });
    await writeFile(path.join(root, 'package.json'), '{}');
    await writeFile(path.join(root, 'package-lock.json'), '{}');
    await writeFile(path.join(root, 'README.md'), '# my experience\n');
    await writeFile(path.join(root, '.gitignore'), 'node_modules/');
    const r = await initProject(root);
    expect(r.updated).toEqual(['.gitignore']);
    expect(r.created).toContain('lxp.config.json');
    expect(await readFile(path.join(root, '.gitignore'), 'utf8')).toBe("node_modules/\n# lxp's local state (sync state, embedded server data): never committed\n.lxp/\n");
    // Once is enough.
    const again = await initProject(root, { force: true });
    expect(again.updated).toEqual([]);
    expect(again.kept).toContain('.gitignore');
    await writeFile(path.join(root, 'notes.txt'), '');
    await expect(initProject(path.join(root))).rejects.toThrow(/not empty/);
  });

  it('in an npm package (package.json, node_modules/) without a .gitignore, the .gitignore it writes also ignores node_modules/', async () => {
    await mkdir(path.join(root, 'node_modules', 'lxp'), { recursive: true });
    await writeFile(path.join(root, 'package.json'), '{}');
    const r = await initProject(root);
    expect(r.created).toContain('.gitignore');
    const lines = (await readFile(path.join(root, '.gitignore'), 'utf8')).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['.lxp/', 'node_modules/']));
    // Elsewhere (no package.json, no node_modules/ in the folder): .lxp/ alone.
    await initProject(path.join(root, 'site'));
    expect((await readFile(path.join(root, 'site', '.gitignore'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['.lxp/']);
  });

  it('never writes through a symbolic link: a linked .gitignore is left as it is and named; a template file under a link leading outside is refused before anything is written (review 10, F15)', async () => {
    await writeFile(path.join(root, 'shared.gitignore'), 'node_modules/\n');
    await mkdir(path.join(root, 'g4'));
    await symlink('../shared.gitignore', path.join(root, 'g4', '.gitignore'));
    const r = await initProject(path.join(root, 'g4'));
    expect(r.linked).toEqual(['.gitignore']);
    expect(r.updated).toEqual([]);
    expect(r.created).toContain('lxp.config.json');
    expect(await readFile(path.join(root, 'shared.gitignore'), 'utf8')).toBe('node_modules/\n'); // outside the folder: untouched
    // Once the link's file ignores .lxp/, it is simply kept.
    await writeFile(path.join(root, 'shared.gitignore'), 'node_modules/\n.lxp/\n');
    const again = await initProject(path.join(root, 'g4'), { force: true });
    expect(again.linked).toEqual([]);
    expect(again.kept).toContain('.gitignore');
    // The text says what to do.
    await mkdir(path.join(root, 'g5'));
    await writeFile(path.join(root, 'other.gitignore'), 'dist/\n');
    await symlink('../other.gitignore', path.join(root, 'g5', '.gitignore'));
    expect(await runCli(['init', 'g5'])).toContain('! .gitignore (a symbolic link, not changed: lxp never writes through one — add the line .lxp/ to it yourself)');
    expect(JSON.parse(await runCli(['init', 'g5', '--force', '--json'])).linked).toEqual(['.gitignore']);

    // pages/ a link to a folder outside: refused, nothing written (there or here).
    await mkdir(path.join(root, 'victim'));
    await mkdir(path.join(root, 'g6'));
    await symlink('../victim', path.join(root, 'g6', 'pages'));
    await expect(initProject(path.join(root, 'g6'), { force: true })).rejects.toThrow(/init cannot write pages\/home\.hbs \(pages leads outside the experience folder\).*Nothing was written\./);
    expect(await readdir(path.join(root, 'victim'))).toEqual([]);
    expect((await readdir(path.join(root, 'g6'))).sort()).toEqual(['pages']);
  });

  it('a folder where a template file goes (.gitignore, a page): refused before anything is written, not an EISDIR half-way (review 10b, F17)', async () => {
    await mkdir(path.join(root, 'i6', '.gitignore'), { recursive: true });
    await expect(initProject(path.join(root, 'i6'))).rejects.toThrow(/init cannot write \.gitignore \(a folder is there\): move it away\. Nothing was written\./);
    expect(await readdir(path.join(root, 'i6'))).toEqual(['.gitignore']);
    await mkdir(path.join(root, 'i7', 'pages', 'home.hbs'), { recursive: true });
    await expect(initProject(path.join(root, 'i7'), { force: true })).rejects.toThrow(/pages\/home\.hbs \(a folder is there\)/);
    expect(await readdir(path.join(root, 'i7'))).toEqual(['pages']);
  });

  it('starts in a folder holding only .git', async () => {
    await mkdir(path.join(root, '.git'));
    await expect(initProject(root)).resolves.toMatchObject({ kept: [] });
  });
});

describe('lxp init', () => {
  it('prints one JSON document with --json', async () => {
    const out = await runCli(['init', path.join(root, 'x'), '--json']);
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({ command: 'init', target: null, folder: path.join(root, 'x'), outcome: 'created', exitCode: 0, kept: [] });
    expect(doc.created).toContain('layouts/main.hbs');
  });

  it('reports a non-empty folder as JSON with exit code 2', async () => {
    await writeFile(path.join(root, 'a.txt'), 'x');
    const doc = JSON.parse(await runCli(['init', root, '--json']));
    expect(doc).toEqual({ command: 'init', target: null, folder: root, outcome: 'error', exitCode: 2, error: { code: 'usage', message: expect.stringMatching(/not empty/) } });
    expect(process.exitCode).toBe(2);
  });

  it('refuses a folder inside the view folders of an experience, --force or not, and writes nothing (review 5, M3)', async () => {
    const site = path.join(root, 'site');
    await runCli(['init', site]);
    const pages = path.join(site, 'pages');
    for (const args of [['init'], ['init', '--force']]) {
      const r = await runLxp([...args, '--json'], { cwd: pages, env: { PATH: process.env.PATH, HOME: root } });
      expect(r.code).toBe(2);
      expect(r.json.error).toEqual({
        code: 'usage',
        message: `${pages} is inside the experience folder ${site} (lxp.config.json there), in its pages/: the layout, pages and components of an experience made here would be read as pages of ${site}; run lxp init outside ${pages}, or work on ${site} itself. Nothing was written.`,
      });
      expect(r.json.error.message).not.toMatch(/--force/);
    }
    const deep = path.join(site, 'components', 'new');
    const r = await runLxp(['init', deep], { cwd: root, env: { PATH: process.env.PATH, HOME: root } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`lxp: ${deep} is inside the experience folder ${site} (lxp.config.json there), in its components/`);
    expect(existsSync(deep)).toBe(false);
    expect((await loadProject(site)).views.map((v) => `${v.viewType}:${v.name}`).sort()).toEqual(['component:footer', 'component:header', 'layout:main', 'page:home']);
    // Beside the view folders, a second experience is its own (the outer one reads none of it).
    expect((await runLxp(['init', path.join(site, 'other')], { cwd: root, env: { PATH: process.env.PATH, HOME: root } })).code).toBe(0);
    expect((await loadProject(site)).views).toHaveLength(4);
  });

  it('prints what it created for people', async () => {
    const out = await runCli(['init', path.join(root, 'y')]);
    expect(out).toMatch(/Created an experience folder/);
    expect(out).toMatch(/\+ pages\/home\.hbs/);
    expect(out).toMatch(/"\$schema" points at this lxp's own copy/);
    expect(out).toMatch(/^  lxp deploy/m);
  });
});
