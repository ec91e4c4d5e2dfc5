// What an interrupted `lxp release` says (Ctrl-C, SIGTERM): how far it got — the steps done and
// not done, as a release that fails half-way says them — and that running the same command again
// finishes the job (a re-run deploys what is left; a version that already exists with the
// folder's content is only re-pointed).
import type { DeployStepResult, ReleaseStep } from '../../release/release.js';
import { deploySummary } from '../../release/sync-adapter.js';
import { inFlightWords, stoppedBy, type StopSignal } from '../../sync/errors.js';
import { stoppedBeforeSending, type ChangeResult } from '../../sync/results.js';
import type { Plan } from '../../sync/plan.js';
import { shownChanges } from './text.js';
import type { Interruption } from '../shell.js';
import { plural } from '../../project/plural.js';

/** What the release command has seen of its run so far. */
export interface ReleaseProgress {
  /** The last step that writes that began (none: nothing was written yet). */
  step?: ReleaseStep;
  /** The deploy's plan, once made. */
  plan?: Plan;
  /** The deploy's changes finished so far. */
  finished: ChangeResult[];
  /** The deploy's result once it finished (what a finished release's `deploy` says). */
  deployed?: DeployStepResult;
  /** --prune: the deploy's summary also lists what it leaves alone, as a finished release's does. */
  prune?: boolean;
}

/**
 * The envelope's `deploy`, in the place and with the meaning a finished release's has: `changes`
 * the writes done (a count), `report.writes` each write with its status — `not-applied` for those
 * the stop left unsent, `report.outcome` `interrupted` while the deploy was running.
 */
function deployOf(p: ReleaseProgress): { deploy: { skipped: boolean } & DeployStepResult } {
  if (p.deployed) return { deploy: { skipped: false, ...p.deployed } };
  const report = deploySummary('interrupted', p.plan, p.finished, { prune: p.prune, unapplied: 'not-applied' });
  return { deploy: { skipped: false, changes: report.writes.filter((w) => w.status === 'done').length, report } };
}

/** A change of the deploy ended; once stopping, one that never reached the API is not applied, not finished. */
export function noteDeployResult(p: ReleaseProgress, r: ChangeResult, stopping: boolean): void {
  if (!(stopping && stoppedBeforeSending(r))) p.finished.push(r);
}


/** `drained`: every request sent had its answer before the stop (see Shell.answerStopSignals). */
export function releaseInterruption(p: ReleaseProgress, version: string, dryRun: boolean, signal: StopSignal, drained = false): Interruption & { data: Record<string, unknown> } {
  const by = stoppedBy(signal);
  const about = { version, dryRun };
  if (dryRun) return { message: `${by}: a dry run writes nothing`, data: about };
  const again = 'Run the same command again to finish.';
  const createVersion = `create version ${version}`;
  const repoint = 're-point slugs and domains';
  // Once the deploy finished, its own count (a finished release's `deploy.changes`), else what finished so far.
  const applied = p.deployed?.changes ?? p.finished.filter((r) => r.status === 'done').length;
  const deployed = `deployed ${plural(applied, 'change')} to develop`;
  // done/notDone go inside the envelope's `error` (Interruption.steps), the rest beside it: once
  // the deploy began, its `deploy` as a finished release's (a version that already existed: skipped).
  const steps = (done: string[], notDone: string[], deploy: object = {}) => ({ data: { ...about, ...deploy }, steps: { done, notDone } });
  switch (p.step) {
    case undefined:
      return {
        message: `${by} before the release wrote anything: no version was created. ${again}`,
        ...steps([], ['deploy the folder to develop', createVersion, repoint]),
      };
    case 'repoint-existing':
      return {
        message: `${by} while re-pointing slugs and domains to version ${version} (it already existed with the folder's content): some may point at it already. ${again}`,
        ...steps([`version ${version} already existed with the folder's content`], [`${repoint} (some may be done)`], { deploy: { skipped: true, changes: 0 } }),
      };
    case 'deploy': {
      const total = p.plan ? shownChanges(p.plan).filter((c) => c.action !== 'skip').length : 0;
      if (total === 0) {
        // Still planning, or a plan with nothing to change: nothing was sent.
        return {
          message: `${by} ${p.plan ? 'during the deploy to develop, which had nothing to change' : 'while the deploy to develop was being planned'}: nothing was written; no version was created. ${again}`,
          ...steps([], ['deploy the folder to develop', createVersion, repoint], deployOf(p)),
        };
      }
      return {
        message: `${by} during the deploy to develop, after ${applied} of ${plural(total, 'change')} ${inFlightWords(drained)}; the sync state of what finished is saved. No version was created. ${again}`,
        ...steps(applied ? [deployed] : [], ['finish the deploy to develop', createVersion, repoint], deployOf(p)),
      };
    }
    case 'verify':
      return {
        message: `${by} after the deploy to develop, before the version was created: no version was created. ${again}`,
        ...steps([deployed], [createVersion, repoint], deployOf(p)),
      };
    case 'create-version':
      return {
        message: `${by} while creating version ${version}: its request was sent and may have landed; no slug or domain points at it yet. Running the same command again finishes the job either way (it checks an existing version holds the folder before re-pointing); \`lxp versions\` shows whether it exists.`,
        ...steps([deployed], [`${createVersion} (sent; may have landed)`, repoint], deployOf(p)),
      };
    case 'verify-version':
      return {
        message: `${by} after creating version ${version}, before re-pointing: no slug or domain points at it yet. ${again}`,
        ...steps([deployed, `created version ${version}`], [repoint], deployOf(p)),
      };
    case 'repoint':
      return {
        message: `${by} while re-pointing slugs and domains to the new version ${version}: some may point at it already. ${again}`,
        ...steps([deployed, `created version ${version}`], [`${repoint} (some may be done)`], deployOf(p)),
      };
  }
}
