// `lxp init`: a new experience folder from templates/. Files npm would drop or rename when
// publishing (".gitignore") are stored without their dot and renamed on the way out.
import { readdirSync } from 'node:fs';
import { lstat, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDir } from './make-dir.js';
import { FolderFiles } from './write.js';
import { schemaPathFor, schemaRefFor } from './schema-path.js';

// Where the schema paths are worked out (apply-pull-resources and import need them without init).
export { SCHEMA_URL, schemaPathFor, schemaRefFor } from './schema-path.js';

export const TEMPLATES_URL = new URL('../../templates/', import.meta.url);
const CONFIG_FILE = 'lxp.config.json';
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };
/**
 * Entries that do not make a folder "not empty": a fresh `git init`, or a repository that has
 * just installed lxp (`npm install --save-dev …`, then `npx lxp init`) with its usual furniture.
 */
const HARMLESS = new Set([
  '.git', '.gitignore', '.gitattributes', '.github', '.gitlab-ci.yml', '.editorconfig', '.npmrc', '.nvmrc', '.node-version', '.DS_Store',
  'node_modules', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json',
]);
const HARMLESS_PREFIXES = ['README', 'LICENSE'];
const isHarmless = (name: string) => HARMLESS.has(name) || HARMLESS_PREFIXES.some((p) => name.toUpperCase().startsWith(p));

/**
 * What in a folder makes `lxp init` without --force refuse it; undefined when there is no folder.
 * Synchronous: read while a Ctrl-C is answered, to say whether running init again needs --force (review 10b, F7).
 */
export function entriesInitRefuses(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).filter((n) => !isHarmless(n));
  } catch {
    return undefined;
  }
}
/** What a new .gitignore adds in a folder with package.json or node_modules/. */
const NODE_MODULES_IGNORE = 'node_modules/';
/** What the template's .gitignore must give a folder that already has one. */
const STATE_IGNORE = '.lxp/';

export interface InitResult {
  dir: string;
  /** Files written, relative to dir, forward slashes, sorted. */
  created: string[];
  /** Files that were already there and were left alone (only with force). */
  kept: string[];
  /** Files that were already there and got a line added (.gitignore: `.lxp/`). */
  updated: string[];
  /**
   * Files that needed a line but are symbolic links, left as they are: lxp never writes through a
   * link (a .gitignore shared by the folders of a monorepo, say). The person adds the line.
   */
  linked: string[];
  /** The "$schema" written into a new lxp.config.json (relative to dir), when one was written. */
  schema?: string;
  /** Whether that path goes through node_modules/lxp (the same on every checkout) rather than to this lxp's own copy. */
  schemaInstalled?: boolean;
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

const ignoresStateIn = (text: string) => text.split(/\r?\n/).some((l) => /^\/?\.lxp\/?\s*$/.test(l.trim()));

/** Whether a .gitignore (read through a link: reading is safe) already ignores `.lxp/`; false when it cannot be read. */
async function ignoresState(file: string): Promise<boolean> {
  return readFile(file, 'utf8').then(ignoresStateIn, () => false);
}

/**
 * Refuses, before anything is written, the template files init would create where a write would
 * go through a symbolic link (a folder on the way leading outside the experience folder, say) —
 * by the checks of lxp's one file writer (review 10, F15).
 */
function refuseUnwritable(dir: string, abs: string, toCreate: string[]): void {
  const { problems, listed } = new FolderFiles(abs).unwritableAmong(toCreate);
  if (problems.length > 0)
    throw new FolderNotEmptyError(`${dir}: init cannot write ${listed}: lxp never writes through a symbolic link or outside the folder. Nothing was written.`);
}

/** Adds `.lxp/` to an existing .gitignore that does not ignore it yet; true when it did. */
async function addStateIgnore(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  if (ignoresStateIn(text)) return false;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  await writeFile(file, `${text}${sep}# lxp's local state (sync state, embedded server data): never committed${eol}${STATE_IGNORE}${eol}`);
  return true;
}


/** The directive the templates' YAML files start with, pointing where an installed lxp would be. */
const TEMPLATE_DIRECTIVE = /^(# yaml-language-server: \$schema=)\.\/node_modules\/lxp\/schema\/([\w.-]+)\.schema\.json/;

/**
 * Creates an experience folder at `dir` from the templates. Refuses a folder with anything in it
 * unless `force`; with force, existing files are kept as they are and only missing ones are added.
 */
export interface InitOptions {
  force?: boolean;
  templatesDir?: string;
  /** Only the template files (relative, as written) this accepts: `lxp init --from` writes the config files, not the sample views. */
  only?: (file: string) => boolean;
  /** Changes the new lxp.config.json (its parsed JSON) before it is written: `--from … --application-id` records the target. */
  configure?: (config: Record<string, unknown>) => Record<string, unknown>;
}

/** The template files that are not sample content: the config, .gitignore, .lxpignore. */
export const CONFIG_TEMPLATES = new Set(['lxp.config.json', '.gitignore', '.lxpignore']);

/** A template file init would write: its source in templates/, its path in the folder, and what is there now (lstat: links are not followed). */
interface PlannedFile {
  source: string;
  rel: string;
  target: string;
  there: Awaited<ReturnType<typeof lstat>> | undefined;
}

/**
 * Refuses what init may not write into — a file; a folder with anything in it but HARMLESS
 * entries unless `force`; a template file whose path leads through a link or outside the folder —
 * and returns the files it would write. Writes nothing: `lxp init --from` calls it before its
 * first write (the unfinished-pull mark), so that a refusal leaves nothing behind.
 */
export async function checkInitFolder(dir: string, opts: Pick<InitOptions, 'force' | 'templatesDir' | 'only'> = {}): Promise<PlannedFile[]> {
  const abs = path.resolve(dir);
  const templates = opts.templatesDir ?? fileURLToPath(TEMPLATES_URL);
  const existed = await exists(abs);
  if (existed) {
    if (!(await stat(abs)).isDirectory()) throw new FolderNotEmptyError(`${dir} exists and is not a folder`);
    const present = (await readdir(abs)).filter((n) => !isHarmless(n));
    if (present.length > 0 && !opts.force)
      throw new FolderNotEmptyError(`${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); use --force to add the missing template files and keep the rest`);
  }
  const planned: PlannedFile[] = [];
  for (const source of (await templateFiles(templates)).sort()) {
    const parts = source.split('/');
    parts[parts.length - 1] = RENAMED[parts[parts.length - 1]] ?? parts[parts.length - 1];
    const rel = parts.join('/');
    if (opts.only && !opts.only(rel)) continue;
    const target = path.join(abs, ...parts);
    // What is there, without following links: a link is never written through (nor a dangling one created through).
    planned.push({ source, rel, target, there: await lstat(target).catch(() => undefined) });
  }
  if (existed) refuseUnwritable(dir, abs, planned.filter((p) => p.there === undefined).map((p) => p.rel));
  // A folder (or anything but a file or a link) where a template file goes: init would keep it as
  // "already there" — or, for .gitignore, fail reading it half-way (review 10b, F17).
  const notFiles = planned.filter((p) => p.there !== undefined && !p.there.isFile() && !p.there.isSymbolicLink());
  if (notFiles.length > 0)
    throw new FolderNotEmptyError(
      `${dir}: init cannot write ${notFiles.map((p) => `${p.rel} (${p.there!.isDirectory() ? 'a folder is there' : 'it is not a file'})`).join('; ')}: move it away. Nothing was written.`,
    );
  return planned;
}

export async function initProject(dir: string, opts: InitOptions = {}): Promise<InitResult> {
  const abs = path.resolve(dir);
  const templates = opts.templatesDir ?? fileURLToPath(TEMPLATES_URL);
  const planned = await checkInitFolder(dir, opts);

  await makeDir(abs);
  const created: string[] = [];
  const kept: string[] = [];
  const updated: string[] = [];
  const linked: string[] = [];
  let schema: { path: string; installed: boolean } | undefined;
  let schemaRef: ((schema: string) => string) | undefined;
  for (const { source, rel, target, there: st } of planned) {
    if (st !== undefined) {
      if (rel === '.gitignore' && st.isSymbolicLink()) {
        if (await ignoresState(target)) kept.push(rel);
        else linked.push(rel);
      } else if (rel === '.gitignore' && (await addStateIgnore(target))) updated.push(rel);
      else kept.push(rel);
      continue;
    }
    await makeDir(path.dirname(target));
    let content = await readFile(path.join(templates, source));
    if (rel === CONFIG_FILE) {
      schema = await schemaPathFor(abs);
      const config = { ...JSON.parse(content.toString('utf8')), $schema: schema.path };
      content = Buffer.from(`${JSON.stringify(opts.configure ? opts.configure(config) : config, null, 2)}\n`);
    } else if (rel === '.gitignore' && ((await exists(path.join(abs, 'package.json'))) || (await exists(path.join(abs, 'node_modules'))))) {
      // An npm package's folder: its installed dependencies are not committed either (the
      // README's next step is `git add .`). A .gitignore of the user's own is never changed so.
      const text = content.toString('utf8');
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      content = Buffer.from(`${text}${text === '' || text.endsWith('\n') ? '' : eol}# installed packages: npm install brings them back${eol}${NODE_MODULES_IGNORE}${eol}`);
    } else if (rel.endsWith('.yaml')) {
      const text = content.toString('utf8');
      const m = TEMPLATE_DIRECTIVE.exec(text);
      if (m) {
        schemaRef ??= await schemaRefFor(abs);
        content = Buffer.from(`${m[1]}${schemaRef(m[2])}${text.slice(m[0].length)}`);
      }
    }
    await writeFile(target, content, { flag: 'wx' });
    created.push(rel);
  }
  return { dir: abs, created: created.sort(), kept: kept.sort(), updated, linked, ...(schema ? { schema: schema.path, schemaInstalled: schema.installed } : {}) };
}
