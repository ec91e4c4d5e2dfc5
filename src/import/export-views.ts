// Views of an export: `layouts/layouts.yaml`, `pages/pages.yaml`, `components/components.yaml`
// in develop, metadata in the YAML and each body in the file its `localFilename` names
// (relative to the YAML file, never outside the export). A page's layoutId placeholder becomes
// the layout's name.
import path from 'node:path';
import pLimit from 'p-limit';
import { VIEW_TYPE_FOLDERS, VIEW_TYPES, MANAGED_TAG, type ViewContent, type ViewType } from '../project/view.js';
import { ExportContext, KNOWN_FIELDS, describe } from './export-context.js';
import { fieldIssue, isPlain, readExportFile, stringField, tagsField, type ExportResource } from './export-yaml.js';
import { placeholderItems } from './placeholders.js';
import type { ReadText } from './read-text.js';

export interface ImportedView {
  view: ViewContent;
  /** The YAML entry it came from, and the file of its body. */
  from: { file: string; line: number; body?: string };
  /**
   * Official-CLI workspace with --target: develop's view the file was matched to, the hash of its
   * content as a sync compares it (hashContent) — what the import records as the folder's base
   * (src/import/sync-fate.ts) — and what of it the file differs in (the body, a layout deleted in Losant).
   */
  develop?: { id: string; lastUpdated: string; hash: string; differs: ('body' | 'layout')[] };
}

const posix = path.posix;
/** Body files read at once: enough to overlap disk waits, few enough for any file-handle limit. */
const READ_CONCURRENCY = 16;

/** Where a localFilename points inside the source, or why it may not be read. */
export function resolveLocalFilename(yamlFile: string, ref: string, root: string): { file: string } | { problem: string } {
  if (ref === '') return { problem: 'is empty' };
  if (ref.includes('\0')) return { problem: 'holds a NUL character' };
  if (ref.includes('\\')) return { problem: `${JSON.stringify(ref)} has a backslash; export paths use "/"` };
  if (posix.isAbsolute(ref) || /^[a-zA-Z]:/.test(ref)) return { problem: `${JSON.stringify(ref)} is an absolute path; it must be relative to the YAML file` };
  const file = posix.normalize(posix.join(posix.dirname(yamlFile), ref));
  const inside = root === '' ? !(file === '..' || file.startsWith('../')) : file.startsWith(`${root}/`);
  if (!inside || file === '.' ) return { problem: `${JSON.stringify(ref)} leads outside the export folder; refused` };
  return { file };
}

async function viewOf(ctx: ExportContext, r: ExportResource, folderType: ViewType, readText: ReadText, root: string): Promise<(ImportedView & { layoutId?: string }) | undefined> {
  const before = ctx.issues.length;
  const name = r.data.name;
  ctx.unknownFields(r, KNOWN_FIELDS.view, typeof name === 'string' ? `the ${folderType} "${name}"` : `a ${folderType}`);
  if (typeof name !== 'string' || name === '') ctx.issues.push(fieldIssue(r, ['name'], name === undefined ? 'missing: every view has a name' : 'must be non-empty text'));
  let viewType: ViewType = folderType;
  if (r.data.viewType !== undefined) {
    if ((VIEW_TYPES as readonly unknown[]).includes(r.data.viewType)) viewType = r.data.viewType as ViewType;
    else ctx.issues.push(fieldIssue(r, ['viewType'], `must be layout, page or component, not ${JSON.stringify(r.data.viewType)}`));
  }
  const description = stringField(r, 'description', ctx.issues);
  const tags = tagsField(r, 'viewTags', ctx.issues);
  delete tags[MANAGED_TAG];
  let contentType: string | null = null;
  const headers = r.data.headers;
  if (headers !== undefined && headers !== null) {
    if (!isPlain(headers)) ctx.issues.push(fieldIssue(r, ['headers'], 'must be a mapping'));
    else if (viewType === 'page' && headers['content-type'] !== undefined) {
      if (typeof headers['content-type'] === 'string') contentType = headers['content-type'];
      else ctx.issues.push(fieldIssue(r, ['headers', 'content-type'], 'must be text'));
    }
  }

  let body: string | undefined;
  let bodyFile: string | undefined;
  const ref = r.data.localFilename;
  if (typeof ref === 'string') {
    const where = resolveLocalFilename(r.file, ref, root);
    if ('problem' in where) ctx.issues.push(fieldIssue(r, ['localFilename'], where.problem));
    else {
      bodyFile = where.file;
      const text = await readText(where.file, { needed: true, issue: (message) => ctx.issues.push(fieldIssue(r, ['localFilename'], message)) });
      body = text;
    }
  } else if (ref === undefined && typeof r.data.body === 'string') {
    body = r.data.body; // an export written by hand may carry the body inline
  } else {
    ctx.issues.push(fieldIssue(r, ['localFilename'], ref === undefined ? 'missing: the file holding the view\'s body (e.g. localFilename: ./home.hbs)' : 'must be a relative path to the body file'));
  }
  if (ctx.issues.length > before || typeof name !== 'string' || body === undefined) return undefined;

  const layoutId = viewType === 'page' && typeof r.data.layoutId === 'string' && r.data.layoutId !== '' ? r.data.layoutId : undefined;
  const view: ViewContent = { viewType, name, description, layout: null, contentType: viewType === 'page' ? contentType : null, tags, body };
  return { view, from: { file: r.file, line: r.line, ...(bodyFile ? { body: bodyFile } : {}) }, layoutId };
}

/** The view files of `develop`, relative to it: what an export holds its views in. */
export const EXPORT_VIEW_FILES: readonly string[] = VIEW_TYPES.map((t) => `${VIEW_TYPE_FOLDERS[t]}/${VIEW_TYPE_FOLDERS[t]}.yaml`);

/**
 * Reads the three view files of `develop`. Problems go to ctx.issues; references that name
 * nothing (a layoutId of no layout) and placeholders inside bodies go to ctx.report.
 */
export async function readExportViews(ctx: ExportContext, developDir: string, root: string, readText: ReadText): Promise<ImportedView[]> {
  const found: (ImportedView & { layoutId?: string })[] = [];
  for (const viewType of VIEW_TYPES) {
    const folder = VIEW_TYPE_FOLDERS[viewType];
    const file = `${developDir}/${folder}/${folder}.yaml`;
    const text = await readText(file, { needed: false, issue: (message) => ctx.issues.push({ file, message }) });
    if (text === undefined) continue;
    const exported = readExportFile(file, text, ['ExperienceView'], ctx.issues);
    if (!exported) continue;
    // Bodies are read concurrently; the views are then taken in file order (ids, duplicates).
    const limit = pLimit(READ_CONCURRENCY);
    const views = await Promise.all(exported.resources.map((r) => limit(() => viewOf(ctx, r, viewType, readText, root))));
    for (const [i, r] of exported.resources.entries()) {
      const v = views[i];
      if (!v) continue;
      ctx.register(r, ['id'], { kind: 'view', viewType: v.view.viewType, name: v.view.name });
      found.push(v);
    }
  }

  // The same name twice for one view type: Losant keeps names unique per type.
  const byKey = new Map<string, ImportedView>();
  for (const v of found) {
    const key = `${v.view.viewType}:${v.view.name}`;
    const first = byKey.get(key);
    if (first) ctx.issues.push({ file: v.from.file, line: v.from.line, field: 'name', message: `the ${v.view.viewType} "${v.view.name}" is also at ${first.from.file}:${first.from.line}; view names are unique per type` });
    else byKey.set(key, v);
  }

  for (const v of found) {
    if (v.layoutId !== undefined) {
      const target = ctx.lookup(v.layoutId);
      if (target?.kind === 'view' && target.viewType === 'layout') v.view.layout = target.name;
      else
        ctx.report.push({
          kind: 'unresolved',
          file: v.from.file,
          line: v.from.line,
          message: `the page "${v.view.name}" names the layout ${v.layoutId}, ${target ? `which is ${describe(target)}` : 'which the export does not hold'}: imported without a layout`,
        });
    }
    for (const [k, value] of Object.entries(v.view.tags)) ctx.report.push(...placeholderItems(value, `the tag ${k} of the ${v.view.viewType} "${v.view.name}"`, () => ({ file: v.from.file, line: v.from.line })));
  }
  return found.map(({ view, from }) => ({ view, from }));
}
