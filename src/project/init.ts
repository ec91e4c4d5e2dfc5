// `lxp init`: a new experience folder from templates/. Files npm would drop or rename when
// publishing (".gitignore") are stored without their dot and renamed on the way out.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDir } from './make-dir.js';

export const TEMPLATES_URL = new URL('../../templates/', import.meta.url);
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };
/** Entries that do not make a folder "not empty": a fresh `git init` is a fine place to start. */
const HARMLESS = new Set(['.git', '.DS_Store']);

export interface InitResult {
  dir: string;
  /** Files written, relative to dir, forward slashes, sorted. */
  created: string[];
  /** Files that were already there and were left alone (only with force). */
  kept: string[];
}

export class FolderNotEmptyError extends Error {
  readonly exitCode = 2;
}

async function templateFiles(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await templateFiles(root, r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Creates an experience folder at `dir` from the templates. Refuses a folder with anything in it
 * unless `force`; with force, existing files are kept as they are and only missing ones are added.
 */
export async function initProject(dir: string, opts: { force?: boolean; templatesDir?: string } = {}): Promise<InitResult> {
  const abs = path.resolve(dir);
  const templates = opts.templatesDir ?? fileURLToPath(TEMPLATES_URL);
  if (await exists(abs)) {
    if (!(await stat(abs)).isDirectory()) throw new FolderNotEmptyError(`${dir} exists and is not a folder`);
    const present = (await readdir(abs)).filter((n) => !HARMLESS.has(n));
    if (present.length > 0 && !opts.force)
      throw new FolderNotEmptyError(`${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); use --force to add the missing template files and keep the rest`);
  }
  await makeDir(abs);
  const created: string[] = [];
  const kept: string[] = [];
  for (const source of (await templateFiles(templates)).sort()) {
    const parts = source.split('/');
    parts[parts.length - 1] = RENAMED[parts[parts.length - 1]] ?? parts[parts.length - 1];
    const rel = parts.join('/');
    const target = path.join(abs, ...parts);
    if (await exists(target)) {
      kept.push(rel);
      continue;
    }
    await makeDir(path.dirname(target));
    await writeFile(target, await readFile(path.join(templates, source)), { flag: 'wx' });
    created.push(rel);
  }
  return { dir: abs, created: created.sort(), kept: kept.sort() };
}
