// The experience workflows of an export (`develop/workflows/*.yaml`): not imported (lxp does not
// manage workflows), but read for the endpoints each one replies to — the report names them, and
// the import gives each of those endpoints a key (workflow-keys.ts). Read leniently: a workflow
// file that cannot be read is still reported, and never stops the import.
import type { ValidationIssue } from '../project/issues.js';
import type { ExportContext } from './export-context.js';
import { isPlain, readExportFile } from './export-yaml.js';
import type { ReadText } from './read-text.js';
import type { Keyed } from './workflow-keys.js';

const WORKFLOW_TYPES = ['ExperienceFlowVersion', 'ExperienceFlow', 'FlowVersion', 'Flow'];

export interface ExportedWorkflow {
  file: string;
  /** Each workflow of the file; undefined when the file cannot be read (or holds none). */
  flows?: Array<{
    line: number;
    name: string;
    /** The endpoints it replies to: "METHOD route" of an endpoint of the export, else (endpoint false) the trigger's key as written. */
    repliesTo: Array<{ name: string; endpoint: boolean }>;
  }>;
}

export async function readWorkflow(ctx: ExportContext, readText: ReadText, file: string): Promise<ExportedWorkflow> {
  const ignored: ValidationIssue[] = [];
  const text = await readText(file, { needed: false, issue: () => {} });
  const exported = text === undefined ? undefined : readExportFile(file, text, WORKFLOW_TYPES, ignored);
  if (!exported || exported.resources.length === 0) return { file };
  const flows = exported.resources.map((r) => {
    const triggers = Array.isArray(r.data.triggers) ? r.data.triggers : [];
    const repliesTo = triggers
      .filter((t): t is Record<string, unknown> => isPlain(t) && t.type === 'endpoint' && typeof t.key === 'string')
      .map((t) => {
        const found = ctx.lookup(t.key as string);
        return found?.kind === 'endpoint' ? { name: found.name, endpoint: true } : { name: t.key as string, endpoint: false };
      });
    return { line: r.line, name: typeof r.data.name === 'string' ? r.data.name : '(no name)', repliesTo };
  });
  return { file, flows };
}

/** The endpoints (of the export) the workflows reply to, by "METHOD route". */
export function repliedTo(workflows: readonly ExportedWorkflow[]): Set<string> {
  return new Set(workflows.flatMap((w) => (w.flows ?? []).flatMap((f) => f.repliesTo.filter((e) => e.endpoint).map((e) => e.name))));
}

/** Each workflow in the report: not imported, with the endpoints it replies to and their keys. */
export function reportWorkflows(ctx: ExportContext, workflows: readonly ExportedWorkflow[], { keys, given }: Pick<Keyed, 'keys' | 'given'>): void {
  const rest = 'not imported: lxp does not manage workflows (keep them in Losant, where importing the application brings them)';
  for (const w of workflows) {
    if (!w.flows) {
      ctx.report.push({ kind: 'workflow', file: w.file, message: `an experience workflow: ${rest}` });
      continue;
    }
    for (const f of w.flows) {
      const named = f.repliesTo.map((e) => {
        // A trigger key that names no endpoint of the export (a placeholder id as written): said so, the key in brackets.
        if (!e.endpoint) return `an endpoint the export does not have (${e.name})`;
        const key = keys.get(e.name);
        if (key === undefined) return e.name;
        return given.has(e.name) ? `${e.name} (given the key ${key} in endpoints.yaml: a change of its route then updates the endpoint the workflow triggers on, never replaces it)` : `${e.name} (key ${key})`;
      });
      const by = named.length > 0 ? `; it replies to ${named.join(', ')}` : '';
      ctx.report.push({ kind: 'workflow', file: w.file, line: f.line, message: `the experience workflow "${f.name}" is ${rest}${by}` });
    }
  }
}
