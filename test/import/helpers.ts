// Import tests: the fixtures (written in Losant's export format for these tests), zips built
// from them at test time with yazl (no binary blobs in git), and zips with entries no zip tool
// would write — made by patching a same-length name into the built bytes.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, expect } from 'vitest';
import yazl from 'yazl';
import { runLxp, type Run } from '../harness/cli.js';
import { snapshot } from '../harness/folder.js';
import { useTempRoots } from '../harness/lifecycle.js';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
/** An exported application: views of every type, endpoints, nested groups, settings, users, a workflow. */
export const EXPORT_FIXTURE = path.join(FIXTURES, 'fleet-export');
/** An official-CLI workspace (bodies only). */
export const WORKSPACE_FIXTURE = path.join(FIXTURES, 'cli-workspace');

async function filesOf(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesOf(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Unix mode of the entry (0o120777: a symbolic link whose data is its target). */
  mode?: number;
  /** The name to put in the zip bytes instead (same length): names yazl refuses to write. */
  rawName?: string;
}

/** A zip of the given entries; `rawName`s are patched in after yazl built it. */
export async function makeZip(file: string, entries: ZipEntry[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.name, { mtime: new Date(2026, 0, 1), ...(e.mode !== undefined ? { mode: e.mode } : {}) });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const e of entries) {
    if (e.rawName === undefined) continue;
    if (Buffer.byteLength(e.rawName) !== Buffer.byteLength(e.name)) throw new Error('rawName must have the same length as name');
    const from = Buffer.from(e.name);
    const to = Buffer.from(e.rawName);
    // The name is in the local header and in the central directory.
    for (let i = bytes.indexOf(from); i !== -1; i = bytes.indexOf(from, i + from.length)) to.copy(bytes, i);
  }
  await writeFile(file, bytes);
  return file;
}

/** A zip of a folder, every file under `prefix/` (e.g. "my-app/", as GitHub's zips wrap a repository). */
export async function zipFolder(dir: string, file: string, prefix = ''): Promise<string> {
  const entries: ZipEntry[] = [];
  for (const f of await filesOf(dir)) entries.push({ name: `${prefix}${f}`, data: await readFile(path.join(dir, f)) });
  return makeZip(file, entries);
}


/**
 * A fresh temporary folder for each test of the file (removed after it), and `lxp import …` run
 * in it with a bare environment (no target, no token).
 */
export function importSandbox(prefix: string): { root(): string; lxp(args: string[]): Promise<Run> } {
  const tempDir = useTempRoots();
  let root = '';
  beforeEach(async () => {
    root = await tempDir(prefix);
  });
  return { root: () => root, lxp: (args) => runLxp(['import', ...args], { cwd: root, env: { PATH: process.env.PATH, HOME: root } }) };
}

/** `lxp pull` into a new folder `<root>/<name>` (an empty lxp.config.json); its view files, by path. */
export async function pullViewsInto(root: string, name: string, env: NodeJS.ProcessEnv): Promise<{ dir: string; views: Record<string, string> }> {
  const dir = path.join(root, name);
  await mkdir(dir);
  await writeFile(path.join(dir, 'lxp.config.json'), '{ "targets": {} }\n');
  const p = await runLxp(['pull', '--dir', dir, '--json'], { cwd: root, env });
  expect(p.code, p.stdout).toBe(0);
  return { dir, views: viewFiles(await snapshot(dir)) };
}

/** The view files of a snapshot. */
export function viewFiles(s: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(s).filter(([f]) => /^(layouts|pages|components)\//.test(f)));
}
