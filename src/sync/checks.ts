// What a command checks in the folder before it sends anything: the validation issues (which
// stop it, exit 2) and the template warnings (unknown components and helpers, which do not —
// unless strict, from --strict or "strict": true in lxp.config.json, makes them issues too).
import type { ValidationIssue } from '../project/issues.js';
import type { LoadedProject } from '../project/load.js';
import { lintTemplates, warningsAsIssues, type TemplateWarning } from '../render/lint.js';

export interface FolderChecks {
  /** Non-empty: nothing may be sent. */
  issues: ValidationIssue[];
  /** Worth telling, not worth refusing (empty when strict: they are issues then). */
  warnings: TemplateWarning[];
}

function byFileAndLine(a: ValidationIssue, b: ValidationIssue): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** The lint of each folder as read (the CLI checks it before connecting, prepare() again: once is enough). */
const linted = new WeakMap<LoadedProject, TemplateWarning[]>();

export function checkFolder(project: LoadedProject, opts: { strict?: boolean } = {}): FolderChecks {
  let warnings = linted.get(project);
  if (!warnings) {
    const components = project.viewNames.filter((v) => v.viewType === 'component').map((v) => v.name);
    warnings = lintTemplates({ refs: project.refs, components });
    linted.set(project, warnings);
  }
  if (!opts.strict) return { issues: project.issues, warnings: [...warnings] };
  return { issues: [...project.issues, ...warningsAsIssues(warnings)].sort(byFileAndLine), warnings: [] };
}

/**
 * Every problem that stops a run before its first request: the views' (deploy's direction also
 * lints them; strict makes the warnings issues) and those of the experience files it covers. One
 * rule for the CLI's check before connecting, prepare()'s, and a release's.
 */
export function runChecks(direction: 'deploy' | 'pull', project: LoadedProject, fileIssues: readonly ValidationIssue[], opts: { strict?: boolean } = {}): FolderChecks {
  const views = direction === 'deploy' ? checkFolder(project, opts) : { issues: project.issues, warnings: [] };
  return { issues: [...views.issues, ...fileIssues], warnings: views.warnings };
}
