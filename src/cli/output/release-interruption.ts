// What an interrupted `lxp release` says (Ctrl-C, SIGTERM): how far it got — the steps done and
// not done, as a release that fails half-way says them — and that running the same command again
// finishes the job (a re-run deploys what is left; a version that already exists with the
// folder's content is only re-pointed).
import type { ReleaseStep } from '../../release/release.js';
import { inFlightWords, stoppedBy, type StopSignal } from '../../sync/errors.js';
import { stoppedBeforeSending, type ChangeResult } from '../../sync/results.js';
import type { Plan } from '../../sync/plan.js';
import { changesToJson } from './json.js';
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
  const applied = p.finished.filter((r) => r.status === 'done').length;
  const deployed = `deployed ${plural(applied, 'change')} to develop`;
  // done/notDone go inside the envelope's `error` (Interruption.steps), the rest beside it.
  const steps = (done: string[], notDone: string[]) => ({ data: about, steps: { done, notDone } });
  switch (p.step) {
    case undefined:
      return {
        message: `${by} before the release wrote anything: no version was created. ${again}`,
        ...steps([], ['deploy the folder to develop', createVersion, repoint]),
      };
    case 'repoint-existing':
      return {
        message: `${by} while re-pointing slugs and domains to version ${version} (it already existed with the folder's content): some may point at it already. ${again}`,
        ...steps([`version ${version} already existed with the folder's content`], [`${repoint} (some may be done)`]),
      };
    case 'deploy': {
      const total = p.plan ? shownChanges(p.plan).filter((c) => c.action !== 'skip').length : 0;
      if (total === 0) {
        // Still planning, or a plan with nothing to change: nothing was sent.
        return {
          message: `${by} ${p.plan ? 'during the deploy to develop, which had nothing to change' : 'while the deploy to develop was being planned'}: nothing was written; no version was created. ${again}`,
          ...steps([], ['deploy the folder to develop', createVersion, repoint]),
          data: { ...about, changes: changesToJson(p.plan, p.finished, 'not-applied') },
        };
      }
      return {
        message: `${by} during the deploy to develop, after ${applied} of ${plural(total, 'change')} ${inFlightWords(drained)}; the sync state of what finished is saved. No version was created. ${again}`,
        ...steps(applied ? [deployed] : [], ['finish the deploy to develop', createVersion, repoint]),
        data: { ...about, changes: changesToJson(p.plan, p.finished, 'not-applied') },
      };
    }
    case 'verify':
      return {
        message: `${by} after the deploy to develop, before the version was created: no version was created. ${again}`,
        ...steps([deployed], [createVersion, repoint]),
      };
    case 'create-version':
      return {
        message: `${by} while creating version ${version}: its request was sent and may have landed; no slug or domain points at it yet. Running the same command again finishes the job either way (it checks an existing version holds the folder before re-pointing); \`lxp versions\` shows whether it exists.`,
        ...steps([deployed], [`${createVersion} (sent; may have landed)`, repoint]),
      };
    case 'verify-version':
      return {
        message: `${by} after creating version ${version}, before re-pointing: no slug or domain points at it yet. ${again}`,
        ...steps([deployed, `created version ${version}`], [repoint]),
      };
    case 'repoint':
      return {
        message: `${by} while re-pointing slugs and domains to the new version ${version}: some may point at it already. ${again}`,
        ...steps([deployed, `created version ${version}`], [`${repoint} (some may be done)`]),
      };
  }
}
