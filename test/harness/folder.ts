// Experience folders for tests: a temp root, a folder with lxp.config.json (what makes a folder
// an experience folder), files written by relative path, and snapshots to compare.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function tempRoot(prefix = 'lxp-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeRoot(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function writeView(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

/** A new experience folder `<root>/<name>` (default site) with an lxp.config.json (default `{}`) and the given files. */
export async function makeExperience(root: string, files: Record<string, string> = {}, opts: { config?: object; name?: string } = {}): Promise<string> {
  const { config = {}, name = 'site' } = opts;
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'lxp.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  for (const [f, t] of Object.entries(files)) await writeView(dir, f, t);
  return dir;
}

/** A small experience: a layout, three pages (one using the layout), a component. */
export async function writeSample(dir: string): Promise<void> {
  await writeView(dir, 'layouts/main.hbs', '---\ndescription: Main layout\n---\n<html><body>{{component "header"}}{{page}}</body></html>\n');
  await writeView(dir, 'pages/home.hbs', '---\nlayout: main\ntags: { area: public }\n---\n<h1>{{pageData.title}}</h1>\n');
  await writeView(dir, 'pages/about.hbs', '---\nlayout: main\n---\n<p>About us</p>\n');
  await writeView(dir, 'pages/api/data.hbs', '---\ncontentType: application/json\n---\n{"ok": true}\n');
  await writeView(dir, 'components/header.hbs', '<header>Site</header>\n');
}

/** A layout and n pages using it: n + 1 views. */
export async function writeViews(dir: string, n: number, version = 'v1'): Promise<void> {
  await mkdir(path.join(dir, 'layouts'), { recursive: true });
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  await writeFile(path.join(dir, 'layouts', 'main.hbs'), '<main>{{page}}</main>\n');
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      writeFile(path.join(dir, 'pages', `p${String(i).padStart(3, '0')}.hbs`), `---\nlayout: main\n---\n<p>page ${i} ${version}</p>\n`),
    ),
  );
}

/** Every file under a folder, relative, sorted (skipping .lxp). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name === '.lxp') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Every file below `dir` (absolute paths), `.lxp/` and its databases included: for searching all a run wrote. */
export async function allFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFilesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)));
}
