// The parts of a run's report that need nothing of the run: its common fields, and the whole
// report of a run that found everything in step. Apart from ./run.ts so that the CLI's no-op
// check (../cli/output/run-sync.ts) can report without loading the sync pipeline. PURE.
import type { ValidationIssue } from '../project/issues.js';
import type { TemplateWarning } from '../render/lint.js';
import { EXIT, type ErrorCode } from './errors.js';
import type { Plan } from './plan.js';
import type { ChangeResult } from './results.js';

export type SyncCommand = 'status' | 'diff' | 'deploy' | 'pull';

export type SyncOutcome =
  /** Everything planned was applied (or there was nothing to do). */
  | 'done'
  /** status/diff: the folder and the remote are equal. */
  | 'in-sync'
  /** status/diff: they differ. */
  | 'differences'
  /** Dry run: the plan, nothing applied. */
  | 'dry-run'
  /** The folder did not validate: nothing sent. */
  | 'invalid'
  /** Conflicts refused: nothing written. */
  | 'conflicts'
  /** Refused for safety (e.g. an empty folder would delete every view). */
  | 'refused'
  /** Some changes failed (the others were applied). */
  | 'failed';

export interface SyncReport {
  command: SyncCommand;
  outcome: SyncOutcome;
  /** 0 done or nothing to do, 1 failed, 2 invalid input, 3 conflicts refused. */
  exitCode: number;
  issues: ValidationIssue[];
  /** Deploy, status and diff: unknown components and helpers in the folder (never with strict: they are issues then). */
  warnings: TemplateWarning[];
  plan?: Plan;
  /** One per planned change, in plan order. */
  results: ChangeResult[];
  /**
   * Pull (and its dry run): names the folder gives, once pulled, that it lacks (a page's layout,
   * an endpoint's page or group) — a pull narrowed to some files, or a whole one that kept entries
   * of the folder's. Status and deploy refuse the folder until it has them. Absent when there are none.
   */
  lacking?: ValidationIssue[];
  /** Pull: view files it keeps deleted (deleted locally) that `lacking` names: `pull --force` with them restores them. */
  keptDeleted?: string[];
  /** Pull: some of `lacking` is not about `keptDeleted` (the folder's own entries or views name it). */
  lackingBesides?: boolean;
  /**
   * Pull (and its dry run): what develop holds that lxp refuses, in the files the pull writes as
   * develop has them (an endpoint key with an empty, "." or ".." part). Status and deploy refuse
   * the folder until it is changed there. Absent when there is none.
   */
  leftInvalid?: ValidationIssue[];
  /** A sentence for a person when the run was refused or failed. */
  message?: string;
  /** Why it did not end with exit 0, as the --json envelope's error.code. */
  code?: ErrorCode;
  applicationId: string;
  target: string;
  dryRun: boolean;
}

/** What a report takes from a run's options (./run.ts, SyncOptions). */
export interface ReportedOptions {
  client: { applicationId: string };
  target: string | { name: string };
  dryRun?: boolean;
  force?: boolean;
  prune?: boolean;
}

export function targetName(opts: Pick<ReportedOptions, 'target'>): string {
  return typeof opts.target === 'string' ? opts.target : opts.target.name;
}

export function baseReport(command: SyncCommand, opts: ReportedOptions): Omit<SyncReport, 'outcome' | 'exitCode'> {
  return { command, issues: [], warnings: [], results: [], applicationId: opts.client.applicationId, target: targetName(opts), dryRun: !!opts.dryRun };
}

/**
 * The report of a run whose folder, develop and state are exactly as a run that found them in
 * step left them (the CLI's no-op check, ./noop.ts): the same run on the same inputs — nothing
 * to do, `inSync` views in sync, nothing sent or written.
 */
export function inSyncReport(command: Exclude<SyncCommand, 'pull'>, opts: ReportedOptions, inSync: number): SyncReport {
  const plan: Plan = { direction: 'deploy', force: !!opts.force, prune: !!opts.prune, fresh: false, scoped: false, changes: [], inSync, conflicts: 0, layoutIds: {}, pageIds: {}, groupIds: {}, kinds: [] };
  const outcome: SyncOutcome = command !== 'deploy' ? 'in-sync' : opts.dryRun ? 'dry-run' : 'done';
  return { ...baseReport(command, opts), outcome, exitCode: EXIT.OK, plan };
}
