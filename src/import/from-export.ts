// An exported application (or template) → what lxp keeps of it. Groups are read first (endpoints
// and users name them), then views (replies and layouts name them), endpoints (workflows name
// them), develop's settings, users, the application, and last the report of everything else —
// the workflows among it, whose endpoints then get keys (workflow-keys.ts).
// Every problem of every file is collected; any problem stops the import before a file is written.
import { ExportContext, sortIssues } from './export-context.js';
import { readExportEndpoints } from './export-endpoints.js';
import { readExportGroups } from './export-groups.js';
import { reportLeftovers } from './export-leftovers.js';
import { repliedTo, reportWorkflows } from './export-workflows.js';
import { keyRepliedTo } from './workflow-keys.js';
import { readExportSettings } from './export-settings.js';
import { readExportUsers } from './export-users.js';
import { EXPORT_VIEW_FILES, readExportViews } from './export-views.js';
import { isPlain, readExportFile } from './export-yaml.js';
import type { Layout } from './detect.js';
import type { Imported } from './imported.js';
import { createReadText, type ReadText } from './read-text.js';
import { SourceError, type Source } from './source.js';
import type { ValidationIssue } from '../project/issues.js';

async function readApplication(ctx: ExportContext, readText: ReadText, file: string): Promise<Imported['application']> {
  const ignored: ValidationIssue[] = [];
  const text = await readText(file, { needed: false, issue: () => {} });
  if (text === undefined) return {};
  const exported = readExportFile(file, text, ['Application'], ignored);
  const app = exported?.resources[0];
  if (!app) {
    ctx.report.push({ kind: 'application', file, message: `the application's own settings: not imported${ignored.length > 0 ? ` (the file cannot be read: ${ignored[0].message})` : ''}` });
    return {};
  }
  const name = typeof app.data.name === 'string' ? app.data.name : undefined;
  const globals = Array.isArray(app.data.globals) ? app.data.globals.filter(isPlain) : [];
  if (globals.length > 0)
    ctx.report.push({
      kind: 'application-globals',
      file,
      line: app.lineOf(['globals']),
      message: `${globals.length} application global${globals.length === 1 ? '' : 's'} (${globals.map((g) => String(g.key)).join(', ')}): not imported — they belong to the application, not the experience (experience.yaml's globals are develop's); set them in Losant`,
    });
  return name === undefined ? {} : { name };
}

export async function readExport(source: Source, layout: Layout): Promise<Imported> {
  const ctx = new ExportContext();
  const consumed = new Set<string>();
  const readText = createReadText(source, consumed);
  const read = async (file: string, parse: (file: string, text: string) => unknown) => {
    const text = await readText(file, { needed: false, issue: (message) => ctx.issues.push({ file, message }) });
    return text === undefined ? undefined : parse(file, text);
  };
  const exp = layout.experience;
  const dev = layout.views;
  // A develop folder holding none of the files lxp reads is not an export lxp can import:
  // refused, naming what was looked for, rather than an empty folder that "validates".
  const at = (dir: string, f: string) => (dir === '' ? f : `${dir}/${f}`);
  const readable = [...EXPORT_VIEW_FILES, 'endpoints.yaml', 'version.yaml'].map((f) => at(dev, f)).concat(exp === undefined ? [] : ['groups.yaml', 'users.yaml'].map((f) => at(exp, f)));
  if (!readable.some((f) => source.entries.get(f)?.kind === 'file'))
    throw new SourceError(
      `${source.label} looks like an export (it has ${dev === '' ? 'a develop folder' : `${dev}/`}), but holds none of the files lxp reads from one: ${readable.join(', ')}; nothing was written (docs/import.md shows an export's layout)`,
    );

  const groups = exp === undefined ? undefined : ((await read(`${exp}/groups.yaml`, (f, t) => readExportGroups(ctx, f, t))) as Imported['groups']);
  const views = await readExportViews(ctx, dev, layout.root, readText);
  const exported = (await read(`${dev}/endpoints.yaml`, (f, t) => readExportEndpoints(ctx, f, t))) as Imported['endpoints'];
  const settings = (await read(`${dev}/version.yaml`, (f, t) => readExportSettings(ctx, f, t))) as Imported['settings'];
  const users = exp === undefined ? undefined : ((await read(`${exp}/users.yaml`, (f, t) => readExportUsers(ctx, f, t))) as Imported['users']);
  const application = await readApplication(ctx, readText, layout.root === '' ? 'application.yaml' : `${layout.root}/application.yaml`);
  const workflows = await reportLeftovers(ctx, source, layout, consumed, readText);
  // Each endpoint a workflow replies to gets a key, so that it keeps its id (and the workflow its trigger) when its route changes.
  const keyed = keyRepliedTo(exported ?? [], repliedTo(workflows));
  reportWorkflows(ctx, workflows, keyed);
  const endpoints = exported === undefined ? undefined : keyed.endpoints;

  if (ctx.issues.length > 0) {
    const issues = sortIssues(ctx.issues);
    throw new SourceError(`${source.label}: ${issues.length === 1 ? 'a problem' : `${issues.length} problems`} in the export, nothing was written`, issues);
  }
  return { layout, application, views, endpoints, groups, settings, users, report: ctx.report };
}
