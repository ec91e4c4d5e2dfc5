// Views that swap names in one deploy (page "a" renamed "b" while page "b" is renamed "a", or a
// longer cycle): Losant keeps one view per name and type, so whichever rename goes first is
// refused (400 AlreadyExists) and so is every re-run — a retry never finishes it. lxp does not
// move them through a temporary name (endpoints' routes do: ./route-swaps.ts), so the deploy is
// refused before its first write, naming the views (at the `name:` line that renames each) and
// the two-step way — in watch's words when watch pushes (a save, not a deploy, sends it). A chain
// that ends on a free name (a → b, b → c) is not a cycle: the plan orders it (plan.ts, freedBy).
import type { ValidationIssue } from '../project/issues.js';
import { viewKey } from '../project/view.js';
import type { Plan, PlannedChange } from './change.js';

/** A rename (alone or with an edit) of a view develop has: it gives up its old name and takes its new one. */
const renames = (c: PlannedChange): boolean =>
  c.resource === 'view' && c.viewType !== undefined && c.remote !== undefined && c.fromName !== undefined && (c.action === 'rename' || c.action === 'update');

export interface SwapWording {
  /** The `name:` line of a view file, when the name is written there (not given by the file's path). */
  nameLine?: (file: string) => number | undefined;
  /** Watch pushes at each save: its advice says save, not deploy. */
  watch?: boolean;
}

export function swappedViewNames(plan: Plan, wording: SwapWording = {}): ValidationIssue[] {
  const moving = plan.changes.filter(renames);
  if (moving.length < 2) return [];
  const leaving = new Map(moving.map((c) => [viewKey(c.remote!), c]));
  // Who holds the name `c` takes, as long as that one is itself being renamed.
  const next = (c: PlannedChange) => leaving.get(viewKey({ viewType: c.viewType!, name: c.name }));
  const issues: ValidationIssue[] = [];
  for (const c of moving) {
    // Follow the names taken: back at `c` within the chain's length is a cycle.
    let o = next(c);
    for (let steps = 0; o !== undefined && o !== c && steps < moving.length; steps++) o = next(o);
    if (o !== c) continue;
    const holder = next(c)!;
    const two = next(holder) === c;
    const line = wording.nameLine?.(c.file);
    const way = wording.watch
      ? `so every push would fail the same way. Rename one of them to a free name first (e.g. "${c.fromName}-old") and save — watch then pushes it and the other renames —, then finish the swap and save again (the views keep their ids)`
      : `so every run of this deploy would fail the same way. Rename one of them to a free name first (e.g. "${c.fromName}-old"), deploy, then finish the swap and deploy again (the views keep their ids)`;
    issues.push({
      file: c.file,
      ...(line !== undefined ? { line, field: 'name' } : {}),
      message:
        `${c.viewType} "${c.fromName}" is renamed "${c.name}", the name ${c.viewType} "${holder.fromName}" (${holder.file}) leaves, while ${two ? "that one takes this one's" : "the views of that cycle take each other's"}: ` +
        `Losant keeps one ${c.viewType} per name and lxp does not move names through a temporary one, ${way}`,
    });
  }
  return issues;
}
