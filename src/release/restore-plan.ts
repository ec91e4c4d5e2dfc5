// What `lxp restore <version>` will do, worked out before develop is touched: which views change
// on develop, and the pull that follows — planned against the version's views with the pull's
// own rules. A pull that would conflict with local edits refuses the restore before its first
// write (exit 3, nothing written), and a local edit the pull keeps is named, so the closing
// message can say the folder is not the version after all.
import type { ApiView, ExperienceClient } from '../api/types.js';
import { canonicalContent, viewKey, type ViewType } from '../project/view.js';
import { formatIssue } from '../project/issues.js';
import { EXIT } from '../sync/errors.js';
import { isWrite, subjectOf, type PlannedChange } from '../sync/plan.js';
import { toRemoteViews } from '../sync/remote.js';
import { pull, type SyncReport } from '../sync/run.js';
import { invalid, ReleaseError } from './errors.js';

export interface DevelopChange {
  change: 'added' | 'removed' | 'changed';
  viewType: ViewType;
  name: string;
}

export interface FolderChange {
  action: 'write' | 'remove';
  /** page, layout, component, endpoint, group, settings… */
  subject: string;
  name: string;
  file: string;
}

/** A file the pull leaves as it is although the version differs: the folder keeps a local edit. */
export interface KeptEdit {
  subject: string;
  name: string;
  file: string;
  reason: string;
}

export interface RestorePlan {
  version: string;
  /** develop now → the version. */
  develop: DevelopChange[];
  /** Files the pull writes or removes (none without a pull). */
  folder: FolderChange[];
  /** Local edits that survive the pull. */
  kept: KeptEdit[];
  pull: boolean;
}

/** How develop changes when it becomes `version`: by (view type, name), by content. */
export function developChanges(developViews: ApiView[], versionViews: ApiView[]): DevelopChange[] {
  const now = new Map(toRemoteViews(developViews).map((r) => [viewKey(r.content), r.content]));
  const then = new Map(toRemoteViews(versionViews).map((r) => [viewKey(r.content), r.content]));
  const out: DevelopChange[] = [];
  for (const [key, c] of then) {
    const current = now.get(key);
    if (!current) out.push({ change: 'added', viewType: c.viewType, name: c.name });
    else if (canonicalContent(current) !== canonicalContent(c)) out.push({ change: 'changed', viewType: c.viewType, name: c.name });
  }
  for (const [key, c] of now) if (!then.has(key)) out.push({ change: 'removed', viewType: c.viewType, name: c.name });
  return out.sort((a, b) => viewKey(a).localeCompare(viewKey(b)));
}

function keptEdits(changes: PlannedChange[]): KeptEdit[] {
  return changes
    .filter((c) => c.action === 'skip' && (c.kind === 'changed-local' || c.kind === 'new-local' || c.kind === 'deleted-local'))
    .map((c) => ({ subject: subjectOf(c), name: c.name, file: c.file, reason: c.reason ?? c.kind }));
}

/**
 * Why the pull after a restore would conflict, in the restore's terms: the folder's edit against
 * what the version holds (the pull's own reason speaks of develop and advises `pull --force`,
 * which is not what a restore needs).
 */
function restoreConflictReason(c: PlannedChange | undefined, version: string): string {
  if (!c) return `edited in the folder, and ${version} differs`;
  if (!c.synced) return `the folder's file and ${version} differ, and no sync record tells whether the file was edited here`;
  if (!c.local) return `deleted in the folder since the last sync, and ${version} holds it with other content`;
  if (!c.remote) return `edited in the folder since the last sync, and ${version} does not have it: the restore would remove it`;
  return `edited in the folder since the last sync, and ${version} holds other content`;
}

function refusal(report: SyncReport, version: string): ReleaseError {
  if (report.outcome === 'conflicts') {
    const planned = new Map((report.plan?.changes ?? []).map((c) => [c.key, c]));
    const lines = report.results
      .filter((r) => r.status === 'conflict')
      .map((r) => `  ${subjectOf(r)} "${r.name}" (${r.file}): ${restoreConflictReason(planned.get(r.key), version)}`);
    return new ReleaseError(
      [
        `restoring ${version} would conflict with edits in the folder: the pull that follows could not bring the folder to ${version}.`,
        ...lines,
        'Nothing was written: develop is unchanged. Deploy or discard those edits first, restore with --force to let the pull overwrite them, or with --no-pull to leave the folder alone.',
      ].join('\n'),
      EXIT.CONFLICT,
      [],
      ['restore develop', 'pull into the folder'],
      'conflicts',
    );
  }
  const problems = report.issues.map((i) => `  ${formatIssue(i)}`);
  return invalid([`the folder cannot be pulled into (${report.message ?? report.outcome}); develop is unchanged:`, ...problems].join('\n'), 'invalid-folder');
}

/**
 * Plans a restore of develop from `version` (an existing version's name) and, unless `pull` is
 * false, the pull after it. Throws (exit 3) when that pull would conflict, (exit 2) when the
 * folder is invalid. Sends only reads.
 */
export async function planRestore(opts: {
  client: ExperienceClient;
  dir: string;
  target: string | { name: string };
  version: string;
  pull: boolean;
  force?: boolean;
}): Promise<RestorePlan> {
  const [developViews, versionViews] = await Promise.all([opts.client.listViews(), opts.client.listViews({ version: opts.version })]);
  const develop = developChanges(developViews, versionViews);
  if (!opts.pull) return { version: opts.version, develop, folder: [], kept: [], pull: false };
  const report = await pull({ dir: opts.dir, client: opts.client, target: opts.target, force: opts.force, dryRun: true, remoteVersion: opts.version });
  if (report.exitCode !== EXIT.OK) throw refusal(report, opts.version);
  return { version: opts.version, develop, ...pullOutcome(report), pull: true };
}

/** What a pull (planned or done) does to the folder, and the local edits it keeps. */
export function pullOutcome(report: SyncReport): { folder: FolderChange[]; kept: KeptEdit[] } {
  const changes = report.plan?.changes ?? [];
  const done = new Map(report.results.map((r) => [r.key, r.status]));
  const folder = changes
    .filter((c): c is PlannedChange & { action: 'write' | 'remove' } => isWrite(c) && (c.action === 'write' || c.action === 'remove'))
    .filter((c) => report.dryRun || done.get(c.key) === 'done')
    .map((c) => ({ action: c.action, subject: subjectOf(c), name: c.name, file: c.file }));
  return { folder, kept: keptEdits(changes) };
}

/** The sentences that end a restore: true about develop, the folder, and any local edit that survived. */
export function restoreSummary(plan: RestorePlan, opts: { dryRun: boolean }): string {
  const v = plan.version;
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  const lines: string[] = [];
  // Entries of one YAML file are one file written.
  const files = new Set(plan.folder.map((f) => f.file)).size;
  if (opts.dryRun) {
    const develop = plan.develop.length ? `${n(plan.develop.length, 'view')} of develop` : 'no view of develop';
    const folder = plan.pull ? `${n(files, 'file')} in the folder` : 'no file (--no-pull)';
    lines.push(`Dry run: restoring ${v} would change ${develop} and ${folder}. Nothing was written.`);
    for (const d of plan.develop) lines.push(`  develop  ${d.change.padEnd(7)}  ${d.viewType} "${d.name}"`);
    // Each view file, and each entry of endpoints.yaml/groups.yaml/experience.yaml, by what it is: "remove endpoints.yaml" three times read as deleting the file.
    for (const f of plan.folder) lines.push(`  folder   ${f.action.padEnd(7)}  ${f.subject} "${f.name}"  ${f.file}`);
  } else {
    lines.push(`Develop now holds ${v} (${plan.develop.length ? `${n(plan.develop.length, 'view')} changed` : 'it held the same views already'}).`);
    lines.push(
      plan.pull
        ? `The folder was pulled: ${plan.folder.length ? `${n(files, 'file')} written or removed` : 'no file changed'}.`
        : 'The folder was not pulled (--no-pull): run `lxp pull` to bring it to develop.',
    );
  }
  if (plan.kept.length) {
    lines.push(
      `${n(plan.kept.length, 'local edit')} ${opts.dryRun ? 'would be' : plan.kept.length === 1 ? 'was' : 'were'} kept, so the folder ${opts.dryRun ? 'would differ' : 'differs'} from ${v} there:`,
      ...plan.kept.map((k) => `  ${k.file} (${k.subject} "${k.name}"): ${k.reason}`),
      plan.kept.length === 1 ? 'Deploy it to put it on develop, or run `lxp pull --force` to drop it.' : 'Deploy them to put them on develop, or run `lxp pull --force` to drop them.',
    );
  }
  return lines.join('\n');
}
