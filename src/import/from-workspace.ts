// An official-CLI workspace (`losant experience download`) → what lxp keeps of it. Its files
// hold bodies only, named after their views (`experience/pages/Home Page.hbs`); everything else
// about a view — layout, description, tags, content type — exists only in Losant. Given develop's
// views of the application (--target), each file is matched to its view: by the id the CLI
// recorded in `.losant/experience.yml`, else by type and name, else by name without the `-1`,
// `-2` the CLI adds when two names make one file name; a matched view takes its metadata (and its
// exact name) from Losant and its body from the file, so a deploy right after changes nothing.
import type { ApiView } from '../api/types.js';
import { hashContent, MANAGED_TAG, VIEW_TYPE_FOLDERS, VIEW_TYPES, type ViewContent, type ViewType } from '../project/view.js';
import { readYaml } from '../project/resources/yaml-file.js';
import { layoutNamesById, missingLayoutId, toViewContent } from '../sync/remote.js';
import type { Layout } from './detect.js';
import { ExportContext, sortIssues } from './export-context.js';
import { reportLeftovers } from './export-leftovers.js';
import { isPlain } from './export-yaml.js';
import type { Imported, ImportedView, RemoteOnlyView } from './imported.js';
import { createReadText, type ReadText } from './read-text.js';
import { SourceError, type Source } from './source.js';

const CLI_STATE = '.losant/experience.yml';
const CLI_APPLICATION = '.losant/.application.yml';
/** Where an official-CLI workspace names its application (relative to the workspace). */
export const WORKSPACE_APPLICATION = CLI_APPLICATION;

interface WorkspaceFile {
  viewType: ViewType;
  /** Path inside the source. */
  file: string;
  /** The path the official CLI records: relative to the workspace, e.g. experience/pages/home.hbs. */
  cliPath: string;
  /** The name the file gives (its path in the type folder, without .hbs). */
  name: string;
  body: string;
}

async function readYamlMap(ctx: ExportContext, readText: ReadText, file: string): Promise<Record<string, unknown> | undefined> {
  const text = await readText(file, { needed: false, issue: () => {} });
  if (text === undefined) return undefined;
  const data = readYaml(file, text).data;
  if (isPlain(data)) return data;
  ctx.report.push({ kind: 'metadata', file, message: 'cannot be read as YAML: files are matched to views by name only' });
  return undefined;
}

async function workspaceFiles(ctx: ExportContext, source: Source, layout: Layout, readText: ReadText): Promise<WorkspaceFile[]> {
  const prefix = layout.root === '' ? '' : `${layout.root}/`;
  const out: WorkspaceFile[] = [];
  for (const viewType of VIEW_TYPES) {
    const folder = `${layout.views}/${VIEW_TYPE_FOLDERS[viewType]}/`;
    const files = [...source.entries.values()].filter((e) => e.kind !== 'dir' && e.path.startsWith(folder) && e.path.endsWith('.hbs')).map((e) => e.path).sort();
    for (const file of files) {
      const body = await readText(file, { needed: true, issue: (message) => ctx.issues.push({ file, message }) });
      if (body === undefined) continue;
      out.push({ viewType, file, cliPath: file.slice(prefix.length), name: file.slice(folder.length, -'.hbs'.length), body });
    }
  }
  return out;
}

/** A file as an import without --target makes it: the view its path names, with its body alone. */
const plain = (f: WorkspaceFile): ImportedView => ({
  view: { viewType: f.viewType, name: f.name, description: '', layout: null, contentType: null, tags: {}, body: f.body },
  from: { file: f.file, line: 1, body: f.file },
});

/** Files → views, matched against develop's views when given. */
function matchWorkspace(files: readonly WorkspaceFile[], remote: readonly ApiView[] | undefined, ids: ReadonlyMap<string, string>, ctx: ExportContext): { views: ImportedView[]; remoteOnly?: RemoteOnlyView[] } {
  if (remote === undefined) {
    if (files.length > 0)
      ctx.report.push({
        kind: 'metadata',
        message: `${files.length} view${files.length === 1 ? '' : 's'} from their bodies alone: the official CLI keeps no layout links, descriptions, tags or content types (they exist only in Losant), so pages have no layout yet — to read them from Losant, run the import again with --target <name> into a new --dir, or into the same --dir with --force (it replaces the views this import wrote) once its lxp.config.json defines <name> (env and local need no definition)`,
      });
    for (const f of files) if (/-\d+$/.test(f.name) && files.some((o) => o.viewType === f.viewType && o.name === f.name.replace(/-\d+$/, '')))
      ctx.report.push({ kind: 'metadata', file: f.file, message: `"${f.name}" may be a view whose name gives the same file name as "${f.name.replace(/-\d+$/, '')}" (the CLI added the suffix); its real name is only in Losant` });
    return { views: files.map(plain) };
  }

  const layoutNames = layoutNamesById([...remote]);
  const byId = new Map(remote.map((v) => [v.id, v]));
  const byKey = new Map(remote.map((v) => [`${v.viewType}:${v.name}`, v]));
  const claimed = new Set<string>();
  const claim = (v: ApiView | undefined, f: WorkspaceFile) => (v && v.viewType === f.viewType && !claimed.has(v.id) ? v : undefined);
  const out: ImportedView[] = [];
  for (const f of files) {
    const id = ids.get(f.cliPath);
    const match =
      claim(id === undefined ? undefined : byId.get(id), f) ?? claim(byKey.get(`${f.viewType}:${f.name}`), f) ?? (/-\d+$/.test(f.name) ? claim(byKey.get(`${f.viewType}:${f.name.replace(/-\d+$/, '')}`), f) : undefined);
    if (!match) {
      ctx.report.push({ kind: 'metadata', file: f.file, message: `no ${f.viewType} of develop matches this file: imported as a new view named "${f.name}", without metadata` });
      out.push(plain(f));
      continue;
    }
    claimed.add(match.id);
    const read: ViewContent = toViewContent(match, layoutNames);
    // A layout deleted in Losant (the page fails to render there): no file can name it, so the page is imported without one.
    const gone = missingLayoutId(read.layout);
    // (What the next deploy does with it depends on the folder's sync state: said with the file's other differences, src/import/sync-fate.ts.)
    if (gone !== undefined) ctx.report.push({ kind: 'metadata', file: f.file, message: `develop's ${f.viewType} "${match.name}" names a layout that no longer exists (id ${gone}, deleted in Losant): imported without a layout` });
    const remoteView: ViewContent = gone === undefined ? read : { ...read, layout: null };
    const differs: ('body' | 'layout')[] = [...((match.body ?? '') !== f.body ? ['body' as const] : []), ...(gone !== undefined ? ['layout' as const] : [])];
    out.push({ view: { ...remoteView, body: f.body }, from: { file: f.file, line: 1, body: f.file }, develop: { id: match.id, lastUpdated: match.lastUpdated, hash: hashContent(read), differs } });
  }
  // What a deploy or a pull does about them depends on the folder's sync state: reported once it is read (src/import/sync-fate.ts).
  const remoteOnly: RemoteOnlyView[] = remote
    .filter((v) => !claimed.has(v.id))
    .map((v) => ({ id: v.id, viewType: v.viewType, name: v.name, managed: Object.prototype.hasOwnProperty.call(v.viewTags ?? {}, MANAGED_TAG), hash: hashContent(toViewContent(v, layoutNames)) }));
  return { views: out, remoteOnly };
}

/** The application the workspace was downloaded from, as `.losant/.application.yml` names it. */
export async function workspaceApplication(source: Source, layout: Layout, ctx = new ExportContext(), readText: ReadText = createReadText(source, new Set())): Promise<Imported['application']> {
  const app = (await readYamlMap(ctx, readText, layout.root === '' ? CLI_APPLICATION : `${layout.root}/${CLI_APPLICATION}`)) ?? {};
  const application: Imported['application'] = {};
  if (typeof app.applicationId === 'string' && /^[0-9a-f]{24}$/i.test(app.applicationId)) application.id = app.applicationId;
  if (typeof app.applicationName === 'string') application.name = app.applicationName;
  if (typeof app.apiUrl === 'string' && /^https?:\/\//.test(app.apiUrl)) application.apiUrl = app.apiUrl.replace(/\/+$/, '');
  return application;
}

export async function readWorkspace(source: Source, layout: Layout, remote?: readonly ApiView[]): Promise<Imported> {
  const ctx = new ExportContext();
  const consumed = new Set<string>();
  const readText = createReadText(source, consumed);
  const at = (p: string) => (layout.root === '' ? p : `${layout.root}/${p}`);
  const files = await workspaceFiles(ctx, source, layout, readText);
  if (files.length === 0 && ctx.issues.length === 0)
    throw new SourceError(
      `${source.label}: an official-CLI workspace with no view files — lxp reads the .hbs files of ${VIEW_TYPES.map((t) => `${layout.views}/${VIEW_TYPE_FOLDERS[t]}/`).join(', ')} and found none; nothing was written`,
    );

  const ids = new Map<string, string>();
  const state = await readYamlMap(ctx, readText, at(CLI_STATE));
  for (const [file, entry] of Object.entries(state ?? {})) if (isPlain(entry) && typeof entry.id === 'string') ids.set(file, entry.id);
  const application = await workspaceApplication(source, layout, ctx, readText);

  const { views, remoteOnly } = matchWorkspace(files, remote, ids, ctx);
  // .losant/ holds the CLI's own state and credentials: read above, never reported file by file.
  for (const e of source.entries.keys()) if (e.startsWith(at('.losant/'))) consumed.add(e);
  await reportLeftovers(ctx, source, layout, consumed, readText);
  if (ctx.issues.length > 0) throw new SourceError(`${source.label}: ${ctx.issues.length === 1 ? 'a problem' : `${ctx.issues.length} problems`} in the workspace, nothing was written`, sortIssues(ctx.issues));
  return { layout, application, views, report: ctx.report, ...(remote ? { bodiesOnly: files.map(plain) } : {}), ...(remoteOnly ? { remoteOnly } : {}) };
}
