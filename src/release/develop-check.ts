// Before a release writes anything: would develop, once the deploy is applied, hold exactly the
// folder? A deploy leaves some differences alone on purpose — views (or endpoints) made in the
// Losant UI (new remotely), edited or deleted there since the last sync — and a version freezes
// develop as it is, so each of those would end up in (or missing from) the version. Only what a
// version holds counts: views, endpoints and develop's settings (groups, slugs and domains are
// not versioned). Pure: it reads the deploy's own plan, computed with the release's --force and
// --prune, so a dry run and the real run refuse alike, before the first write.
import { subjectOf, type Plan, type PlannedChange } from '../sync/plan.js';
import type { ResourceKindName } from '../project/resources/index.js';
import { plural } from '../project/plural.js';

export type DevelopDifferenceKind = 'new-remote' | 'changed-remote' | 'deleted-remote';

export interface DevelopDifference {
  kind: DevelopDifferenceKind;
  /** page, layout, component, endpoint, settings. */
  subject: string;
  name: string;
  file: string;
  /**
   * It names a page by an id develop no longer has: one a deploy --force re-created
   * (src/sync/page-repoints.ts: a repoint still to make), or — with `pageGone` — one deleted in
   * Losant (an endpoint made in the UI, src/sync/dangling-replies.ts: only Losant can point it elsewhere).
   */
  dangling?: true;
  pageGone?: true;
  /** No entry of the folder's holds it: `file` is only where its kind would go. */
  notInFolder?: true;
}

/** What a version freezes. */
const VERSIONED: ReadonlySet<ResourceKindName> = new Set(['view', 'endpoint', 'settings']);

/** What the deploy of `plan` leaves on develop that the folder does not say. */
export function leftOnDevelop(plan: Plan): DevelopDifference[] {
  return plan.changes
    .filter((c): c is PlannedChange & { kind: DevelopDifferenceKind } => c.action === 'skip' && VERSIONED.has(c.resource) && (c.kind === 'new-remote' || c.kind === 'changed-remote' || c.kind === 'deleted-remote'))
    .map((c) => ({
      kind: c.kind,
      subject: subjectOf(c),
      name: c.name,
      file: c.file,
      ...(c.repoint ? { dangling: true as const } : c.pageGone ? { dangling: true as const, pageGone: true as const } : {}),
      ...(c.notInFolder ? { notInFolder: true as const } : {}),
    }));
}

const HOW: Record<DevelopDifferenceKind, string> = { 'new-remote': '', 'changed-remote': ': edited on develop', 'deleted-remote': ': deleted on develop' };

function named(views: DevelopDifference[], max = 10): string {
  const shown = views.slice(0, max).map((v) => `  ${v.subject} "${v.name}" (${v.notInFolder ? 'not in ' : ''}${v.file})${v.pageGone ? ': names a page deleted in Losant' : v.dangling ? ': names a page by a deleted id' : HOW[v.kind]}`);
  if (views.length > max) shown.push(`  … and ${views.length - max} more`);
  return shown.join('\n');
}

const VIEW_SUBJECTS = new Set(['page', 'layout', 'component', 'view']);
/** "view" when they are all views, else "resource". */
const what = (ds: DevelopDifference[]) => (ds.every((d) => VIEW_SUBJECTS.has(d.subject)) ? 'view' : 'resource');

/**
 * The differences developRefusal() refuses for: all of leftOnDevelop, less what only develop has
 * under --include-remote — but never one naming a page by a deleted id: keeping it would freeze a
 * reply that fails into an immutable version, so only --force (which repoints it) lets it through.
 */
export function refusedDifferences(plan: Plan, opts: { includeRemote?: boolean } = {}): DevelopDifference[] {
  return leftOnDevelop(plan).filter((d) => d.kind !== 'new-remote' || d.dangling || !opts.includeRemote);
}

/**
 * Why a release must not go on with this plan (a message naming every view), or undefined.
 * `includeRemote`: views only develop has are wanted in the version (--include-remote).
 */
export function developRefusal(plan: Plan, opts: { includeRemote?: boolean } = {}): string | undefined {
  const left = refusedDifferences(plan, opts);
  // A dangling one is told apart whatever its kind: its advice is --force, never --include-remote (which would freeze it).
  const remoteOnly = left.filter((d) => d.kind === 'new-remote' && !d.dangling);
  const changed = left.filter((d) => d.kind !== 'new-remote' && !d.dangling);
  const dangling = left.filter((d) => d.dangling);
  const parts: string[] = [];
  if (remoteOnly.length) {
    parts.push(
      `develop holds ${plural(remoteOnly.length, what(remoteOnly), `${what(remoteOnly)}s`)} the folder does not have, which the version would freeze:\n${named(remoteOnly)}\n` +
        'Keep them in the version (--include-remote), take them into the folder first (lxp pull), or delete them with --prune — ' +
        'which deletes everything else develop has that the folder does not declare too (views, endpoints, groups, slugs and domains not serving a version): `--dry-run --prune` lists each delete.',
    );
  }
  if (changed.length) {
    parts.push(
      `${plural(changed.length, `${what(changed)} was`, `${what(changed)}s were`)} changed on develop since the last sync, so the version would not be the folder:\n${named(changed)}\n` +
        'Overwrite them with the folder (--force), or take the changes into the folder first (lxp pull).',
    );
  }
  const keeps = opts.includeRemote ? '; --include-remote does not keep them' : '';
  const repointable = dangling.filter((d) => !d.pageGone);
  if (repointable.length) {
    parts.push(
      `${plural(repointable.length, what(repointable))} of develop that the folder does not write ${repointable.length === 1 ? 'names' : 'name'} a page by an id develop no longer has (the page was re-created, and pointing ${repointable.length === 1 ? 'it' : 'them'} at it did not land), so the version would freeze replies that fail:\n${named(repointable)}\n` +
        `Point them at the page with --force (or in Losant)${keeps}.`,
    );
  }
  const gone = dangling.filter((d) => d.pageGone);
  if (gone.length) {
    parts.push(
      `${plural(gone.length, 'endpoint')} made on develop ${gone.length === 1 ? 'names' : 'name'} a page develop no longer has (deleted in Losant), so the version would freeze replies that fail:\n${named(gone)}\n` +
        `Point them at a page in Losant, or delete them there${keeps}.`,
    );
  }
  return parts.length ? `${parts.join('\n')}\nNothing was written; no version was created.` : undefined;
}
