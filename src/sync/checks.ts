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
  /** pull --force: the view files left to prepare() to replace, each with the issues that stop the run if it cannot. */
  replaceable?: Map<string, ValidationIssue[]>;
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
 * View files a `pull --force` may replace with develop's copy instead of refusing for them: files
 * in scope that do not read as a view at all (broken front matter, say). Whether develop has a
 * copy is known only once planned: prepare() refuses for those it has none of.
 */
export function replaceableByPull(project: LoadedProject, issues: readonly ValidationIssue[]): Set<string> {
  const files = new Set(project.files);
  const read = new Set(project.views.map((v) => v.file));
  return new Set(issues.filter((i) => files.has(i.file) && !read.has(i.file)).map((i) => i.file));
}

/**
 * Every problem that stops a run before its first request: the views' (deploy's direction also
 * lints them; strict makes the warnings issues) and those of the experience files it covers. One
 * rule for the CLI's check before connecting, prepare()'s, and a release's. A pull does not stop
 * for a name the folder lacks (it brings develop's files, whose names agree), and with `force`
 * leaves the files it may replace (`replaceable`) to prepare().
 */
export function runChecks(direction: 'deploy' | 'pull', project: LoadedProject, fileIssues: readonly ValidationIssue[], opts: { strict?: boolean; force?: boolean } = {}): FolderChecks {
  if (direction === 'pull') {
    const issues = [...project.issues, ...fileIssues].filter((i) => !i.reference);
    if (!opts.force) return { issues, warnings: [] };
    const replaceable = replaceableByPull(project, issues);
    return { issues: issues.filter((i) => !replaceable.has(i.file)), warnings: [], replaceable: new Map([...replaceable].map((f) => [f, issues.filter((i) => i.file === f)])) };
  }
  const views = checkFolder(project, opts);
  return { issues: [...views.issues, ...fileIssues], warnings: views.warnings };
}
