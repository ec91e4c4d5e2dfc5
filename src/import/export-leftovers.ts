// Everything of a source the import did not read, said in the report — never dropped in
// silence: the application's other resources (dashboards, data tables, devices, files,
// workflows…), files nothing refers to; experience workflows are read (export-workflows.ts) and
// returned, as the endpoints they reply to get keys before they are reported.
// Files that are only reported are read leniently: one that cannot be read is still listed.
import { ExportContext } from './export-context.js';
import { readWorkflow, type ExportedWorkflow } from './export-workflows.js';
import { isPlain } from './export-yaml.js';
import { readYaml } from '../project/resources/yaml-file.js';
import type { Layout } from './detect.js';
import type { ReadText } from './read-text.js';
import type { ReportItem } from './report.js';
import type { Source } from './source.js';
import { VIEW_TYPE_FOLDERS } from '../project/view.js';
import { plural } from '../project/plural.js';

const KNOWN: Record<string, string> = {
  dashboards: 'dashboards',
  dataTables: 'data tables',
  'data-tables': 'data tables',
  files: 'application files',
  workflows: 'application workflows',
  integrations: 'integrations',
  webhooks: 'webhooks',
  notebooks: 'notebooks',
  credentials: 'credentials',
  'devices.yaml': 'devices',
  'deviceRecipes.yaml': 'device recipes',
  'README.md': "the application's README",
};

const isYaml = (f: string) => /\.ya?ml$/i.test(f);

/** Reads an export file for the report only: problems do not stop the import. */
/** What a leftover path belongs to, for grouping: "dashboards", "experience/develop/foo.yaml"… */
function groupKey(rel: string, layout: Layout): string {
  const parts = rel.split('/');
  if (layout.kind === 'export' && parts[0] === 'experience' && parts.length > 2) return parts.slice(0, parts[1] === 'develop' ? 3 : 2).join('/');
  return parts[0];
}

async function describeGroup(readText: ReadText, key: string, files: string[], full: (rel: string) => string): Promise<string> {
  const base = key.split('/').pop()!;
  const known = KNOWN[base];
  if (files.length === 1 && files[0] === key && isYaml(key)) {
    const text = await readText(full(key), { needed: false, issue: () => {} });
    const data = text === undefined ? undefined : readYaml(full(key), text).data;
    if (isPlain(data) && typeof data.resourceType === 'string') {
      const n = Array.isArray(data.resources) ? data.resources.length : 0;
      return `${known ?? data.resourceType} (${plural(n, `${data.resourceType} resource`)}): not imported`;
    }
  }
  if (files.length === 1 && files[0] === key) return `${known ?? 'a file lxp does not read'}: not imported`;
  return `${known ?? 'a folder lxp does not read'} (${plural(files.length, 'file')}): not imported`;
}

/**
 * Adds to the report every file of the source not in `consumed` but the experience workflows,
 * which it reads and returns (for reportWorkflows). Views files nothing named are listed one by
 * one; the rest grouped by top folder (dashboards/, files/…).
 */
export async function reportLeftovers(ctx: ExportContext, source: Source, layout: Layout, consumed: Set<string>, readText: ReadText): Promise<ExportedWorkflow[]> {
  const workflows: ExportedWorkflow[] = [];
  const workflowsDir = `${layout.views}/workflows/`;
  const viewFolders = Object.values(VIEW_TYPE_FOLDERS).map((f) => `${layout.views}/${f}/`);
  const prefix = layout.root === '' ? '' : `${layout.root}/`;
  const groups = new Map<string, string[]>();
  const outside: string[] = [];
  const files = [...source.entries.values()].filter((e) => e.kind !== 'dir' && !consumed.has(e.path)).map((e) => e.path).sort();
  for (const f of files) {
    if (layout.kind === 'export' && f.startsWith(workflowsDir) && isYaml(f)) {
      workflows.push(await readWorkflow(ctx, readText, f));
      continue;
    }
    if (viewFolders.some((v) => f.startsWith(v))) {
      const kind: ReportItem['kind'] = 'unused-file';
      ctx.report.push({ kind, file: f, message: layout.kind === 'export' ? `no entry of the view list names this file: not imported` : 'not a view file (.hbs): not imported' });
      continue;
    }
    if (prefix !== '' && !f.startsWith(prefix)) {
      outside.push(f);
      continue;
    }
    const rel = f.slice(prefix.length);
    const key = groupKey(rel, layout);
    groups.set(key, [...(groups.get(key) ?? []), rel]);
  }
  for (const [key, members] of groups) {
    const inExperience = key.startsWith('experience/') || key === '.losant';
    if (key === '.losant') continue; // the official CLI's own state, read by the workspace reader
    ctx.report.push({
      kind: inExperience ? 'unused-file' : 'application-resource',
      file: `${prefix}${key}${members.length === 1 && members[0] === key ? '' : '/'}`,
      message: await describeGroup(readText, key, members, (rel) => `${prefix}${rel}`),
    });
  }
  if (outside.length > 0) ctx.report.push({ kind: 'unused-file', message: `${plural(outside.length, 'file')} outside ${layout.root}/ (e.g. ${outside[0]}): not imported` });
  return workflows;
}
