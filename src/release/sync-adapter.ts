// The release commands' bridge to the sync engine (src/sync/): deploy the folder to develop
// with deploy's own plan and conflict rules, and pull develop into the folder after a restore.
import { WRITE_ACTIONS, deploy, pull, subjectOf, type SyncOptions, type SyncReport } from '../sync/index.js';
import { formatIssue } from '../project/issues.js';
import { EXIT } from '../sync/errors.js';
import type { Plan } from '../sync/plan.js';
import { resultOf, type ChangeResult } from '../sync/results.js';
import { developRefusal, refusedDifferences } from './develop-check.js';
import { ReleaseError } from './errors.js';
import type { DeployStepResult } from './release.js';
import type { Connection as Session } from '../sync/connection.js';


export interface SyncFlags {
  dir: string;
  /** Where custom domains' certificates come from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  force?: boolean;
  prune?: boolean;
}

/** What a release's --json says about its deploy: the outcome and each write, nothing else. */
export interface DeploySummary {
  /** The deploy's outcome; `interrupted` when Ctrl-C or SIGTERM stopped the release during it. */
  outcome: SyncReport['outcome'] | 'interrupted';
  /** `reason`: what goes with a delete (a pruned group's users lose the membership), as deploy's plan line says. */
  writes: Array<{ action: string; resource: string; viewType?: string; name: string; file: string; status: string; error?: string; reason?: string }>;
  /** With --prune: what the deploy still leaves alone, and why (a slug serving a version…): --prune does not delete everything. */
  leftAlone?: Array<{ resource: string; viewType?: string; name: string; file: string; reason: string }>;
}

function summarize(report: SyncReport, prune = false): DeploySummary {
  return deploySummary(report.outcome, report.plan, report.results, { prune });
}

/**
 * A deploy's summary from its plan and results — a finished deploy's, or (`unapplied`) an
 * interrupted one's, whose planned writes that never finished are listed as `not-applied`, so
 * that a stopped release says what its deploy did in the same place as a finished one.
 */
export function deploySummary(
  outcome: DeploySummary['outcome'],
  plan: Plan | undefined,
  results: readonly ChangeResult[],
  opts: { prune?: boolean; unapplied?: 'not-applied' } = {},
): DeploySummary {
  // From the plan: a dry run's report has no results for what it leaves alone.
  const skipped = opts.prune ? (plan?.changes ?? []).filter((c) => c.action === 'skip' && c.reason) : [];
  const deleteReasons = new Map((plan?.changes ?? []).filter((c) => c.action === 'delete' && c.reason).map((c) => [c.key, c.reason!]));
  const byKey = new Map(results.map((r) => [r.key, r]));
  const ended = opts.unapplied ? (plan?.changes ?? []).map((c) => byKey.get(c.key) ?? (WRITE_ACTIONS.has(c.action) ? resultOf(c, 'planned') : undefined)).filter((r) => r !== undefined) : results;
  return {
    outcome,
    writes: ended
      .filter((r) => WRITE_ACTIONS.has(r.action) || r.status === 'failed' || r.status === 'conflict')
      .map((r) => {
        const reason = r.action === 'delete' ? deleteReasons.get(r.key) : undefined;
        const status = opts.unapplied && !byKey.has(r.key) ? opts.unapplied : r.status;
        return { action: r.action, resource: r.resource, ...(r.viewType ? { viewType: r.viewType } : {}), name: r.name, file: r.file, status, ...(r.error ? { error: r.error } : {}), ...(reason ? { reason } : {}) };
      }),
    ...(skipped.length ? { leftAlone: skipped.map((c) => ({ resource: c.resource, ...(c.viewType ? { viewType: c.viewType } : {}), name: c.name, file: c.file, reason: c.reason! })) } : {}),
  };
}

function problemLines(report: SyncReport): string[] {
  const lines = report.issues.map((i) => `  ${formatIssue(i)}`);
  for (const r of report.results) if (r.status === 'failed' || r.status === 'conflict') lines.push(`  ${subjectOf(r)} ${r.name} (${r.file}): ${r.status}${r.error ? ` — ${r.error}` : ''}`);
  return lines.slice(0, 20);
}

/** "was refused (conflicts)", "failed": how a run that did not end cleanly ended, as words ("would be refused" in a dry run). */
function ended(report: SyncReport, dryRun = false): string {
  if (report.outcome === 'failed') return 'failed';
  const refused = dryRun ? 'would be refused' : 'was refused';
  return report.outcome === 'refused' ? refused : `${refused} (${report.outcome === 'invalid' ? 'invalid input' : report.outcome})`;
}

export interface ReleaseDeployFlags extends SyncFlags {
  dryRun: boolean;
  /** Views made on develop stay and go into the version (--include-remote). */
  includeRemote?: boolean;
  /** Template warnings are errors (--strict / "strict": true). */
  strict?: boolean;
  /** The deploy's plan, each finished change and its state store, as `lxp deploy` gets them (what an interrupted release reports). */
  events?: SyncOptions['events'];
  onState?: SyncOptions['onState'];
}

/**
 * The release's own rule on the deploy's plan, before anything is applied (dry runs too): develop
 * must end up holding exactly the folder, so views made or edited on develop that the deploy
 * would leave alone refuse the release (exit 3, nothing written).
 */
function developMustBecomeTheFolder(flags: ReleaseDeployFlags) {
  return (plan: Plan) => {
    const why = developRefusal(plan, { includeRemote: flags.includeRemote });
    if (!why) return;
    // A dry run stops here too, but it had nothing to do: no step is "not done".
    const notDone = flags.dryRun ? [] : ['deploy the folder to develop', 'create the version', 're-point slugs and domains'];
    throw new ReleaseError(why, EXIT.CONFLICT, [], notDone, 'develop-differs', {
      outcome: 'refused',
      data: { differences: refusedDifferences(plan, { includeRemote: flags.includeRemote }) },
    });
  };
}

/** The deploy step of a release. Anything but a clean deploy stops the release before a version exists. */
export async function deployFolder(session: Session, flags: ReleaseDeployFlags): Promise<DeployStepResult> {
  const report = await deploy({
    dir: flags.dir,
    client: session.client,
    target: session.target,
    dryRun: flags.dryRun,
    force: flags.force,
    prune: flags.prune,
    strict: flags.strict,
    check: developMustBecomeTheFolder(flags),
    events: flags.events,
    onState: flags.onState,
  });
  const summary = summarize(report, flags.prune);
  if (report.exitCode !== 0) {
    const applied = summary.writes.filter((w) => w.status === 'done').length;
    // Refused before anything was sent (conflicts, an invalid or half-pulled folder): the outcome
    // deploy --json would give, and the deploy's writes as data (the conflicting ones among them).
    const refused = report.outcome === 'conflicts' || report.outcome === 'refused' || report.outcome === 'invalid';
    // Conflicts stop the deploy before the release's own check runs: say at once what that check
    // would refuse too (every problem at once, not one fix → run → next problem).
    const alsoDiffers = report.outcome === 'conflicts' && report.plan ? developRefusal(report.plan, { includeRemote: flags.includeRemote }) : undefined;
    const differences = alsoDiffers && report.plan ? refusedDifferences(report.plan, { includeRemote: flags.includeRemote }) : [];
    throw new ReleaseError(
      [
        `the deploy to develop ${ended(report, flags.dryRun)}: ${report.message ?? ''}`.trimEnd(),
        ...problemLines(report),
        ...(alsoDiffers ? [`Once the conflicts are resolved, the release would still refuse: ${alsoDiffers.replace(/\nNothing was written; no version was created\.$/, '')}`] : []),
        'No version was created.',
      ].join('\n'),
      report.exitCode,
      applied ? [`deployed ${applied} change${applied === 1 ? '' : 's'} to develop`] : [],
      flags.dryRun ? [] : ['create the version', 're-point slugs and domains'],
      report.code,
      refused
        ? {
            outcome: report.outcome,
            data: {
              deploy: { skipped: false, changes: 0, report: summary },
              ...(report.issues.length ? { issues: report.issues } : {}),
              ...(report.plan?.unfinishedPull ? { unfinishedPull: true } : {}),
              ...(differences.length ? { differences } : {}),
            },
          }
        : undefined,
    );
  }
  const changes = summary.writes.filter((w) => w.status === 'done' || w.status === 'planned').length;
  return { changes, report: summary };
}

/** The pull after a restore; a pull that does not finish says develop was restored all the same. */
export async function pullFolder(session: Session, flags: SyncFlags & { version: string }): Promise<{ summary: DeploySummary; report: SyncReport }> {
  const report = await pull({ dir: flags.dir, client: session.client, target: session.target, force: flags.force });
  if (report.exitCode !== 0) {
    throw new ReleaseError(
      [`develop was restored from ${flags.version}, but the pull into the folder ${ended(report)}: ${report.message ?? ''}`.trimEnd(), ...problemLines(report), 'Run `lxp pull` (with --force to take develop\'s side).'].join('\n'),
      report.exitCode,
      [`develop restored from ${flags.version}`],
      ['pull into the folder'],
      report.code,
    );
  }
  return { summary: summarize(report), report };
}
