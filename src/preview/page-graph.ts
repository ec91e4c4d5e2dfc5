// Which open pages a change concerns, from the page-dependency graph (render/dependencies.ts:
// each page's layout, components and files) before and after the change — the preview's
// equivalent of Vite's module graph. Pure.
import type { ValidationIssue } from '../project/issues.js';
import { sidecarCandidates } from '../render/context.js';
import type { PageGraph, ProjectGraph } from '../render/dependencies.js';

export function pageOf(graph: ProjectGraph, name: string): PageGraph | undefined {
  return graph.pages.find((p) => p.page.name === name);
}

/**
 * Whether an open page (`''`: the index) must re-render after `changed` files (undefined: any
 * file): the index always does; a page does when one of the files it depends on — before or
 * after the change, its preview data included — changed, or when it appeared or disappeared.
 */
export function needsReload(name: string, before: ProjectGraph, after: ProjectGraph, changed: ReadonlySet<string> | undefined): boolean {
  if (!changed || name === '') return true;
  const old = pageOf(before, name);
  const now = pageOf(after, name);
  if (!old || !now) return true; // the page was missing or is now: the overlay must update
  const deps = new Set([...old.files, ...now.files, ...sidecarCandidates(old.page.file), ...sidecarCandidates(now.page.file)]);
  for (const f of changed) if (deps.has(f)) return true;
  return false;
}

/** The issues of the files a page uses (itself, its layout, its components, its preview data); all of them when the page is unknown. */
export function issuesOfPage(graph: ProjectGraph, issues: readonly ValidationIssue[], name: string): ValidationIssue[] {
  const page = pageOf(graph, name);
  if (!page) return [...issues];
  const deps = new Set([...page.files, ...sidecarCandidates(page.page.file)]);
  return issues.filter((i) => deps.has(i.file));
}
