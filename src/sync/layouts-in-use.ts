// A deploy that deletes a layout must not leave pages of develop rendering with it: Losant answers
// 500 for a page whose layout is gone. A page of the folder that names it is refused by the
// folder's own check (`no layout named …`); a page of develop the plan leaves alone (made in
// Losant, not in the folder) is checked here, from the view list the plan already holds — no
// request. Pure.
import type { ValidationIssue } from '../project/issues.js';
import type { Plan } from './change.js';

/** The layouts `plan` deletes that a page of develop it leaves alone still uses, as issues at each layout's file. */
export function layoutsInUseOnDevelop(plan: Plan): ValidationIssue[] {
  const deleted = plan.changes.filter((c) => c.resource === 'view' && c.viewType === 'layout' && c.action === 'delete' && c.remote !== undefined);
  if (deleted.length === 0) return [];
  const users = new Map<string, string[]>();
  for (const c of plan.changes) {
    // Only develop's pages the folder does not have, and that this plan does not delete (--prune does).
    if (c.resource !== 'view' || c.viewType !== 'page' || c.local !== undefined || c.action === 'delete' || !c.remote?.layout) continue;
    const list = users.get(c.remote.layout) ?? [];
    list.push(c.remote.name);
    users.set(c.remote.layout, list);
  }
  const issues: ValidationIssue[] = [];
  for (const d of deleted) {
    const pages = users.get(d.remote!.name);
    if (!pages?.length) continue;
    const named = pages
      .sort()
      .slice(0, 10)
      .map((p) => JSON.stringify(p))
      .join(', ');
    const more = pages.length > 10 ? ` and ${pages.length - 10} more` : '';
    issues.push({
      file: d.file,
      message:
        `layout "${d.remote!.name}" is still used on develop by ${pages.length === 1 ? 'page' : 'pages'} ${named}${more}, not from this folder (left alone by deploy): ` +
        `deleting the layout would break ${pages.length === 1 ? 'it' : 'them'} (Losant answers 500). Give ${pages.length === 1 ? 'it' : 'them'} another layout on develop, or delete ${pages.length === 1 ? 'it' : 'them'} there (deploy --prune deletes views the folder does not have), first`,
    });
  }
  return issues;
}
