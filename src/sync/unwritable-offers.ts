// A view file a pull never writes — a symbolic link (a component shared from another checkout,
// which status, diff and deploy read through), or anything else the writer refuses — cannot take
// develop's side as it is: the `pull --force` a change's reason offers for it would be refused
// (run.ts, unwritableFiles). Such changes get `unwritable` (what must happen first), and their
// offer says it (review 10b, F16 nit). The text output reads `unwritable` from the change, not
// from here: this module loads the folder writer, which a views-only no-op run never loads.
import { FolderFiles } from '../project/write.js';
import type { Plan } from './change.js';

/** The offers of a pull over the folder's side, in the plan's reasons (three-way.ts REASONS). */
const OFFER = /pull --force (takes develop's|overwrites it)/;

/** What must happen before `pull --force` can take develop's copy of `file`. */
function unwritableOffer(file: string, why: string): string {
  return `once ${file} is a plain file (${why}, and a pull never writes through one: replace it with a copy of the file it points to)`;
}

/** Marks the view changes whose file a pull never writes, where the plan offers a pull over it. */
export function markUnwritable(dir: string, plan: Plan): void {
  let files: FolderFiles | undefined;
  for (const c of plan.changes) {
    if (c.resource !== 'view' || c.local === undefined) continue;
    const offers = c.reason !== undefined && OFFER.test(c.reason);
    if (!offers && !c.neverSynced) continue;
    files ??= new FolderFiles(dir);
    const why = files.unwritable(c.file);
    if (why === undefined) continue;
    c.unwritable = unwritableOffer(c.file, why);
    if (offers) c.reason = c.reason!.replace(OFFER, (offer) => `${offer} ${c.unwritable}`);
  }
}
