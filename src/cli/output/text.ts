// Plans, statuses and results as lines for people. Pure: strings in, strings out.
import { countUnit, notPulledYet, subjectOf, type ChangeAction, type ChangeKind, type Plan, type PlannedChange } from '../../sync/plan.js';
import { changedFields } from '../../sync/changed-fields.js';
import { afterFailures, isFailure, type ChangeResult } from '../../sync/results.js';
import type { SyncReport } from '../../sync/run.js';
import { formatIssue, type ValidationIssue } from '../../project/issues.js';
import type { Style } from './style.js';
import { plural } from '../../project/plural.js';

export { changedFields, differingFields } from '../../sync/changed-fields.js';

export const KIND_LABEL: Record<ChangeKind, string> = {
  'in-sync': 'in sync',
  'new-local': 'new locally',
  'changed-local': 'changed locally',
  'deleted-local': 'deleted locally',
  'new-remote': 'new remotely',
  'changed-remote': 'changed remotely',
  'deleted-remote': 'deleted remotely',
  conflict: 'conflict',
};

/**
 * A `changed-local` difference with no sync record (PlannedChange.neverSynced): the folder and
 * develop differ and nothing says who changed what. Its kind stays `changed-local` in --json.
 */
export const NEVER_SYNCED_LABEL = 'never synced';

const ACTION_SIGN: Record<ChangeAction, string> = {
  create: '+',
  update: '~',
  rename: '>',
  delete: '-',
  mark: '*',
  repoint: '~',
  write: '<',
  remove: '-',
  record: '=',
  forget: '=',
  skip: '.',
  conflict: '!',
};

/** Past tense, for progress lines. */
const ACTION_DONE: Record<ChangeAction, string> = {
  create: 'created',
  update: 'updated',
  rename: 'renamed',
  delete: 'deleted',
  mark: 'marked as managed',
  repoint: 'repointed',
  write: 'wrote',
  remove: 'removed',
  record: 'recorded',
  forget: 'forgot',
  skip: 'skipped',
  conflict: 'conflict',
};

function colorFor(action: ChangeAction, s: Style): (t: string) => string {
  if (action === 'create' || action === 'write') return s.green;
  if (action === 'delete' || action === 'remove' || action === 'conflict') return s.red;
  if (action === 'update' || action === 'rename' || action === 'mark' || action === 'repoint') return s.yellow;
  return s.dim;
}

function displayName(c: { name: string; fromName?: string }): string {
  return c.fromName !== undefined ? `${JSON.stringify(c.fromName)} → ${JSON.stringify(c.name)}` : JSON.stringify(c.name);
}

/** Changes a plan shows: everything but silent bookkeeping of views in sync. */
export function shownChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((c) => !(c.kind === 'in-sync' && (c.action === 'record' || c.action === 'forget')));
}

export function countActions(changes: { action: ChangeAction }[]): Partial<Record<ChangeAction, number>> {
  const counts: Partial<Record<ChangeAction, number>> = {};
  for (const c of changes) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

/** "5 views" for a views-only plan, "7 resources" once other kinds are in it. */
function inSyncWords(plan: Plan): string {
  return plural(plan.inSync, plan.kinds.length > 0 ? 'resource' : 'view');
}

export function planSummary(plan: Plan): string {
  const counts = countActions(shownChanges(plan));
  const order: ChangeAction[] =
    plan.direction === 'deploy'
      ? ['create', 'update', 'rename', 'delete', 'mark', 'repoint', 'record', 'skip', 'conflict']
      : ['write', 'remove', 'skip', 'conflict'];
  const words: Partial<Record<ChangeAction, string>> = {
    create: 'to create',
    update: 'to update',
    rename: 'to rename',
    delete: 'to delete',
    mark: 'to mark as managed',
    repoint: 'to point at a re-created page',
    record: 'to record',
    write: 'to write',
    remove: 'to remove',
    skip: 'left alone',
    conflict: plan.conflicts === 1 ? 'conflict' : 'conflicts',
  };
  const parts = order.filter((a) => counts[a]).map((a) => `${counts[a]} ${words[a]}`);
  const what = parts.length ? parts.join(', ') : 'nothing to do';
  return `${plan.direction === 'deploy' ? 'Deploy' : 'Pull'} plan: ${what} (${inSyncWords(plan)} in sync)`;
}

/** limit: how many changes to list (the summary line counts them all); undefined = all. */
export function planLines(plan: Plan, s: Style, limit?: number): string[] {
  const lines = [s.bold(planSummary(plan))];
  const shown = shownChanges(plan);
  const listed = limit !== undefined && shown.length > limit ? shown.slice(0, limit) : shown;
  for (const c of listed) {
    const color = colorFor(c.action, s);
    const head = `  ${color(`${ACTION_SIGN[c.action]} ${c.action.padEnd(8)}`)} ${subjectOf(c).padEnd(9)} ${displayName(c)}`;
    const reason = c.neverSynced && c.reason ? neverSyncedReason(c) : c.reason;
    const tail = reason ? `  ${s.dim(`(${where(c)}: ${reason})`)}` : `  ${s.dim(where(c))}`;
    lines.push(head + tail);
  }
  if (listed.length < shown.length) lines.push(s.dim(`  … and ${shown.length - listed.length} more (--verbose or --json lists them all)`));
  return lines;
}

/** What develop's side holds that the folder's would replace, for a never-synced change ("globals, cors"). */
function differingWhat(c: PlannedChange): string {
  const fields = changedFields(c);
  return fields.length ? `develop's ${fields.join(', ')}` : "develop's";
}

/** What must happen before `pull --force` can take develop's copy, for a file a pull never writes ('' for the others). */
const offerFor = (c: PlannedChange): string => (c.unwritable !== undefined ? ` ${c.unwritable}` : '');

/** A never-synced change's reason, naming the fields it replaces (deploy) or keeps (pull). */
function neverSyncedReason(c: PlannedChange): string {
  if (c.action === 'skip') return `never synced with this target: the folder's kept, ${differingWhat(c)} differ${changedFields(c).length === 1 ? 's' : ''} (pull --force takes develop's${offerFor(c)})`;
  return `never synced with this target: replaces ${differingWhat(c)} with the folder's`;
}

export function statusLines(plan: Plan, s: Style): string[] {
  const diffs = plan.changes.filter((c) => c.kind !== 'in-sync');
  const lines: string[] = [];
  for (const c of diffs) {
    // A file a pull that did not finish never wrote is not one the person deleted; a difference
    // with no sync record is not one the person made (a new folder, a fresh checkout).
    const pending = c.held === 'unfinished-pull' || notPulledYet(c, plan.unfinishedPull);
    const label = pending ? 'not pulled yet' : c.neverSynced ? NEVER_SYNCED_LABEL : KIND_LABEL[c.kind];
    const color = c.kind === 'conflict' ? s.red : c.kind.endsWith('remote') ? s.cyan : s.yellow;
    let line = `  ${color(label.padEnd(17))} ${subjectOf(c).padEnd(9)} ${displayName(c)}  ${s.dim(where(c))}`;
    if (c.parkedAt && c.reason) {
      // At its temporary route (a deploy swapping routes did not finish): what that means and which deploy finishes it.
      line += `\n      ${c.reason}`;
    } else if (c.kind === 'conflict' && (c.twins || c.collision)) {
      line += `\n      ${c.reason}`;
    } else if (c.kind === 'conflict') {
      const fields = changedFields(c);
      const hasLocal = c.local ?? c.item?.local;
      const hasRemote = c.remote ?? c.item?.remote;
      const synced = c.synced ?? c.item?.synced;
      const sides = [
        hasLocal !== undefined ? `local: ${synced ? 'changed' : 'present'}` : 'local: deleted',
        hasRemote !== undefined ? `remote: ${synced ? `changed${c.remoteLastUpdated ? ` ${c.remoteLastUpdated}` : ''}` : 'present'}` : 'remote: deleted',
      ];
      line += `\n      ${sides.join('; ')}${fields.length ? `; fields that differ: ${fields.join(', ')}` : ''}`;
    } else if ((c.stillNamedBy || c.repoint || c.pageGone) && c.reason) {
      // Deleted on develop, but kept by pull while develop still names it: why, in the pull's words.
      // Or what names a re-created page by its deleted id (./page-repoints.ts), and what deploy does about it;
      // or an endpoint made in the UI naming a page deleted in Losant (../../sync/dangling-replies.ts).
      line += `\n      ${c.reason}`;
    } else if (c.adopted && c.reason) {
      // A keyed entry taking develop's endpoint made in Losant on its route: which one, and that its id stays.
      line += `\n      ${c.reason}`;
    } else if (c.neverSynced) {
      const replaced = c.action === 'skip' ? `${differingWhat(c)} differ: the folder's kept` : `deploy replaces ${differingWhat(c)} with the folder's`;
      line += s.dim(`  (no sync record with this target: ${replaced}; pull --force takes develop's${offerFor(c)})`);
    } else if (c.kind === 'new-remote' && c.action === 'skip' && c.twins) {
      line += s.dim(`  (${c.reason})`);
    } else if (c.kind === 'new-remote' && c.action === 'skip' && !pending) {
      line += s.dim('  (not from this folder)');
    }
    lines.push(line);
  }
  const unit = countUnit(plan);
  if (plan.unfinishedPull) {
    // Not "in sync": the folder may hold only part of develop (TargetState.unfinishedPull).
    lines.push(s.yellow('A pull into this folder did not finish: the folder may hold only part of develop. `lxp pull` finishes it.'));
  }
  const summary = diffs.length
    ? `${plural(diffs.length, unit)} differ${diffs.length === 1 ? 's' : ''}, ${plan.inSync} in sync`
    : plan.unfinishedPull
      ? `Nothing else differs (${plural(plan.inSync, unit)} in sync)`
      : `Everything in sync (${plural(plan.inSync, unit)})`;
  // Equal on both sides, but the next deploy still writes its tag: said, so that no deploy after
  // "in sync" writes unannounced (status --exit-code does not count it: the content is equal).
  const marks = plan.changes.filter((c) => c.action === 'mark').length;
  const tags = marks ? [s.dim(`${plural(marks, 'resource')} in sync that the next deploy tags as managed by lxp (lxp-managed; nothing else changes)`)] : [];
  return [...lines, s.bold(summary), ...tags];
}

/**
 * The file of a change, with the line of its entry for the other kinds ("endpoints.yaml:12") —
 * or, for develop's endpoint or settings that no entry of the folder holds, that it is not there
 * ("not in experience.yaml"): the file would be read as holding it.
 */
export function where(c: { file: string; item?: { line?: number }; notInFolder?: true }): string {
  if (c.notInFolder) return `not in ${c.file}`;
  return c.item?.line !== undefined ? `${c.file}:${c.item.line}` : c.file;
}

/** What a step of a move through the temporary route did (routes that swap), after the result's subject. */
export const SWAP_STEP = { away: ', to its temporary route for now', back: ', from its temporary route' } as const;

export function resultLine(r: ChangeResult, s: Style): string {
  const what = `${subjectOf(r)} ${r.fromName !== undefined ? `${JSON.stringify(r.fromName)} → ` : ''}${JSON.stringify(r.name)} (${where({ file: r.file, ...(r.notInFolder ? { notInFolder: r.notInFolder } : {}) })})`;
  if (r.status === 'failed') return `${s.red('failed')} ${r.action} ${what}: ${r.error}`;
  if (r.status === 'skipped' && r.action !== 'skip') return `${s.red('not done')} ${r.action} ${what}: ${r.error}`;
  if (r.status === 'skipped') return `${s.dim('left alone')} ${what}: ${r.error}`;
  if (r.status === 'conflict') return `${s.red('conflict')} ${what}: ${r.error}`;
  const warn = r.warning ? ` ${s.yellow(`(warning: ${r.warning})`)}` : '';
  return `${colorFor(r.action, s)(ACTION_DONE[r.action])} ${what}${r.swap ? SWAP_STEP[r.swap] : ''}${warn}`;
}

export function issueLines(issues: ValidationIssue[], s: Style): string[] {
  return issues.map((i) => `${s.red('error')} ${formatIssue(i)}`);
}

/** Template warnings (unknown components, helpers): said, never refused. */
export function warningLines(warnings: readonly ValidationIssue[], s: Style): string[] {
  if (warnings.length === 0) return [];
  const lines = warnings.map((w) => `${s.yellow('warning')} ${formatIssue(w)}`);
  return [...lines, s.dim(`${plural(warnings.length, 'warning')}; --strict (or "strict": true in lxp.config.json) makes them errors.`)];
}

export function resultSummary(report: SyncReport, s: Style, requests?: { throttled?: number }): string {
  const results = report.results;
  const done = results.filter((r) => r.status === 'done' && r.action !== 'record' && r.action !== 'forget' && r.action !== 'skip');
  const failed = results.filter(isFailure);
  const verb = report.command === 'deploy' ? 'Deployed' : 'Pulled';
  // Why a run took longer than its size suggests: the API's rate limit (the rest is in --verbose and --json).
  const throttled = requests?.throttled ?? 0;
  const limited = throttled > 0 ? ` (the API's rate limit refused ${plural(throttled, 'request')}; each was sent again after the wait it asked for)` : '';
  const line = `${verb}: ${plural(done.length, 'change')} applied${failed.length ? `, ${s.red(`${failed.length} failed`)}` : ''}${limited}`;
  return failed.length ? `${line}. ${afterFailures(failed)}` : line;
}
