// What `lxp init --from/--bootstrap` says of a pull that did not leave the folder in sync: when it
// did not end cleanly (review 11 R8), the lines a `lxp pull` prints for the same report — the
// issues, the conflicts, what failed — and its closing sentence; when it ended but kept files of
// the folder's own (--force, review 11 R1), each of them. Never "everything in sync" then.
import type { SyncReport } from '../../sync/index.js';
import { isFailure } from '../../sync/results.js';
import type { Style } from './style.js';
import { issueLines, resultSummary, where } from './text.js';
import { subjectOf } from '../../sync/plan.js';

export function pullRefusalLines(report: SyncReport, s: Style): string[] {
  const lines: string[] = [];
  if (report.outcome === 'invalid') lines.push(...issueLines(report.issues, s));
  else if (report.outcome === 'conflicts') {
    for (const r of report.results) lines.push(`${s.red('conflict')} ${subjectOf(r)} ${JSON.stringify(r.name)} (${r.file}): ${r.error}`);
  } else {
    for (const r of report.results.filter(isFailure)) lines.push(`${s.red('failed')} ${r.action} ${subjectOf(r)} ${JSON.stringify(r.name)}: ${r.error}`);
    lines.push(resultSummary(report, s));
  }
  if (report.message) lines.push(`${s.red('lxp:')} the pull into the new folder did not finish: ${report.message}`);
  return lines;
}

/** One line per change the pull skipped (the folder's own file or entry kept as it is), with why. */
export function keptLines(report: SyncReport): string[] {
  return (report.plan?.changes ?? []).filter((c) => c.action === 'skip').map((c) => `  ${where(c)}  ${subjectOf(c)} ${JSON.stringify(c.name)}: ${c.reason ?? 'kept'}`);
}
