// What an import writes, as (file, text) pairs in the order they are written — decided before
// a single byte is written, and the same bytes every time for the same source (names sorted,
// files named by naming.ts, YAML by the writers pull uses, no dates). Pure.
//
// Order: views, endpoints.yaml, groups.yaml, experience.yaml, users.csv, .gitignore, and
// lxp.config.json last: a folder whose import was interrupted has no lxp.config.json (unless it
// had one), so no lxp command takes it for a finished experience folder.
import { fileForView } from '../project/naming.js';
import { serializeViewFile } from '../project/serialize.js';
import { writeEndpointsFile, writeExperienceFile, writeGroupsFile } from '../project/resources/write-files.js';
import { formatUsersCsv, GROUP_SEPARATOR } from '../project/users-csv-write.js';
import { VIEW_TYPES, type ViewType } from '../project/view.js';
import type { LxpConfig } from '../config/types.js';
import type { GroupContent } from '../project/resources/group.js';
import { PATH_SEPARATOR } from '../people/groups.js';
import type { Imported } from './imported.js';
import type { ReportItem } from './report.js';
import { placeholderItems } from './placeholders.js';

export const CONFIG_FILE = 'lxp.config.json';
export const USERS_FILE = 'users.csv';
export const GITIGNORE = '.gitignore';
/** The files besides views an import may write (and refuses to replace without --force). */
export const DATA_FILES = ['endpoints.yaml', 'groups.yaml', 'experience.yaml', USERS_FILE] as const;

/** Lines the import's .gitignore holds: lxp's state, and the users' personal data. */
const GITIGNORE_LINES: { comment: string; line: string }[] = [
  { comment: "# lxp's local state (sync state, embedded server data): never committed", line: '.lxp/' },
  { comment: '# experience users (emails, names) are data, not code: keep them out of the repository', line: USERS_FILE },
];

export interface PlannedFile {
  file: string;
  text: string;
  /** A view file: the file of the source it was made from. */
  source?: string;
}

export interface FolderPlan {
  files: PlannedFile[];
  /** What the writing itself had to leave out (a group name the CSV cannot hold). */
  report: ReportItem[];
}

/**
 * Group names that also spell another group's path ("Sales/EU" the name, and EU under Sales):
 * lxp users import refuses such a name as ambiguous (src/people/groups.ts), and a new folder's
 * groups have no ids yet to name them by. Name → the name of the group at that path.
 */
function pathsSpelledByNames(groups: readonly GroupContent[]): Map<string, string> {
  const parentOf = new Map(groups.map((g) => [g.name, g.parent]));
  const pathOf = (g: GroupContent): string => {
    const names = [g.name];
    const seen = new Set([g.name]);
    for (let p = g.parent; p !== null && !seen.has(p) && parentOf.has(p); p = parentOf.get(p) ?? null) names.unshift(p), seen.add(p);
    return names.join(PATH_SEPARATOR);
  };
  const names = new Set(groups.map((g) => g.name));
  const out = new Map<string, string>();
  for (const g of groups) {
    if (g.parent === null) continue;
    const p = pathOf(g);
    if (names.has(p) && p !== g.name) out.set(p, g.name);
  }
  return out;
}

const parentPathOf = (spelledPath: string) => spelledPath.slice(0, spelledPath.lastIndexOf(PATH_SEPARATOR));

const typeRank = (t: ViewType) => VIEW_TYPES.indexOf(t);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The line a new .gitignore gets in an npm package's folder (package.json or node_modules/ there), as `lxp init` writes it. */
const NODE_MODULES_LINE = { comment: '# installed packages: npm install brings them back', line: 'node_modules/' };

/**
 * .gitignore: the import's lines added to what is there (nothing is removed or reordered); a new
 * one in an npm package's folder (`npm`) also ignores node_modules/.
 */
export function gitignoreText(current: string | undefined, npm = false): string {
  const text = current ?? '';
  const bare = (l: string) => l.trim().replace(/^\//, '').replace(/\/$/, '');
  const has = (line: string) => text.split(/\r?\n/).some((l) => bare(l) === bare(line));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  for (const { comment, line } of [...GITIGNORE_LINES, ...(npm && current === undefined ? [NODE_MODULES_LINE] : [])]) if (!has(line)) out += `${comment}${eol}${line}${eol}`;
  return out;
}

/**
 * A new lxp.config.json: no targets, or the one the import connected to — then also its default,
 * as `lxp init --from … --application-id` records it, so that `lxp status` compares with it;
 * `schema` as `lxp init` finds it.
 */
function configText(targets: LxpConfig['targets'], schema: string): string {
  const names = Object.keys(targets);
  return `${JSON.stringify({ $schema: schema, ...(names.length === 1 ? { defaultTarget: names[0] } : {}), targets }, null, 2)}\n`;
}

/** `schema`: the "$schema" of a new lxp.config.json (schemaPathFor, as `lxp init` writes it). */
export function planFolder(
  imported: Imported,
  /** `npm`: the folder has package.json or node_modules/ (a new .gitignore then ignores node_modules/). */
  current: { gitignore?: string; gitignoreLinked?: boolean; config?: string; npm?: boolean },
  targets: LxpConfig['targets'],
  schema = './node_modules/lxp/schema/lxp.config.schema.json',
  /** The editor directive's schema of each YAML file (schemaRefFor, as `lxp init` writes it). */
  schemaRef?: (schema: string) => string,
  /**
   * Official-CLI workspace with --target into a folder with sync state: develop's view id → the
   * file the folder's record gives that view, still in the folder. A view matched to one is written
   * there (as a pull keeps a renamed view in its file), never into a second file; no other view
   * takes one of these files (src/import/import.ts, folderFilesOf).
   */
  folderFiles: ReadonlyMap<string, string> = new Map(),
): FolderPlan {
  const yamlOpts = schemaRef ? { schemaRef } : {};
  const report: ReportItem[] = [];
  const files: PlannedFile[] = [];
  const taken = new Set([...folderFiles.values()].map((f) => f.toLowerCase()));
  const views = [...imported.views].sort((a, b) => typeRank(a.view.viewType) - typeRank(b.view.viewType) || byText(a.view.name, b.view.name));
  for (const { view, from, develop } of views) {
    const kept = develop && folderFiles.get(develop.id);
    const file = kept ?? fileForView(view.viewType, view.name, taken);
    taken.add(file.toLowerCase());
    if (kept !== undefined && kept !== fileForView(view.viewType, view.name, new Set()))
      report.push({ kind: 'metadata', file: from.file, message: `develop's ${view.viewType} "${view.name}" is written in ${kept}, this folder's file of it (its sync record's), as a pull writes it — not in a second file` });
    const text = serializeViewFile(view, file);
    files.push({ file, text, source: from.file });
    // Placeholders in a body are reported where the person will fix them: in the file written.
    const bodyLine = text.slice(0, text.length - view.body.length).split('\n').length - 1;
    report.push(...placeholderItems(view.body, `the body of the ${view.viewType} "${view.name}"`, (line) => ({ file, line: line + bodyLine }), imported.layout.kind));
  }
  if (imported.endpoints) files.push({ file: 'endpoints.yaml', text: writeEndpointsFile(undefined, imported.endpoints, yamlOpts) });
  if (imported.groups) files.push({ file: 'groups.yaml', text: writeGroupsFile(undefined, imported.groups, yamlOpts) });
  if (imported.settings) files.push({ file: 'experience.yaml', text: writeExperienceFile(undefined, { settings: imported.settings, slugs: [], domains: [] }, yamlOpts) });
  if (imported.users && imported.users.length > 0) {
    const spelled = pathsSpelledByNames(imported.groups ?? []);
    const rows = imported.users.map((u) => {
      const groups = u.groups.filter((g) => !g.includes(GROUP_SEPARATOR) && !spelled.has(g));
      for (const g of u.groups)
        if (g.includes(GROUP_SEPARATOR)) report.push({ kind: 'changed', file: USERS_FILE, message: `the user ${u.email} is in the group "${g}", whose ";" the CSV uses between groups: left out of the row; add the user to it in Losant` });
        else if (spelled.has(g))
          report.push({
            kind: 'changed',
            file: USERS_FILE,
            message: `the user ${u.email} is in the group named "${g}", which is also the path of the group "${spelled.get(g)}" (nested under ${parentPathOf(g)}), so lxp users import cannot tell the two apart: left out of the row; after lxp deploy, write that group's id in the row's groups cell (an id is never ambiguous), or add the user to it in Losant`,
          });
      return { ...u, groups };
    });
    files.push({ file: USERS_FILE, text: formatUsersCsv(rows) });
  }
  const gitignore = gitignoreText(current.gitignore, current.npm);
  if (gitignore !== current.gitignore) {
    // A linked .gitignore (shared by the folders of a monorepo) is never written through: the person adds the lines.
    if (current.gitignoreLinked) {
      const missing = gitignore.slice((current.gitignore ?? '').length).split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#'));
      report.push({ kind: 'linked-file', file: GITIGNORE, message: `${GITIGNORE} is a symbolic link: lxp never writes through one, so it is left as it is — add ${missing.join(' and ')} to it yourself` });
    } else files.push({ file: GITIGNORE, text: gitignore });
  }
  if (current.config === undefined) files.push({ file: CONFIG_FILE, text: configText(targets, schema) });
  return { files, report };
}
