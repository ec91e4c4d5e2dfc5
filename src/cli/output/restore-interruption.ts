// What an interrupted `lxp restore` says (Ctrl-C, SIGTERM): on which side of "develop replaced"
// it stopped — before (nothing was written), while the request was out, or during the pull that
// brings the folder to the version (which `lxp pull` finishes) — as release says its steps.
import type { RestoreStep } from '../../release/restore.js';
import { stoppedBy, type StopSignal } from '../../sync/errors.js';
import type { Interruption } from '../shell.js';

export function restoreInterruption(step: RestoreStep | undefined, version: string, dryRun: boolean, signal: StopSignal): Interruption & { data: Record<string, unknown> } {
  const by = stoppedBy(signal);
  const about = { version, dryRun };
  if (dryRun) return { message: `${by}: a dry run writes nothing`, data: about };
  const replace = `replace develop with ${version}`;
  const pull = 'pull the folder to it';
  switch (step) {
    case undefined:
      return { message: `${by} before develop was changed: nothing was written.`, data: about, steps: { done: [], notDone: [replace, pull] } };
    case 'replace-develop':
      return {
        message: `${by} while develop was being replaced with ${version}: its request was sent and may have landed; the folder was not changed. \`lxp status\` shows where develop stands; \`lxp restore ${version}\` again finishes it.`,
        data: about,
        steps: { done: [], notDone: [`${replace} (sent; may have landed)`, pull] },
      };
    case 'pull':
      return {
        message: `${by} after develop was replaced with ${version}, while the folder was being pulled to it: the folder may hold only part of it. \`lxp pull\` finishes it.`,
        data: about,
        steps: { done: [replace], notDone: [`${pull} (part may be done)`] },
      };
  }
}
