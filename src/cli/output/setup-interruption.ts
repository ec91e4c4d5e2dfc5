// What an interrupted `lxp init --from` / `--bootstrap` and `lxp import` say (Ctrl-C, SIGTERM):
// where the new folder stands and the one thing that finishes it — not the generic "run it again,
// or check with lxp status", which a half-made folder refuses both ways (review 7, L1).
import { entriesInitRefuses } from '../../project/init.js';
import type { InitFromStep } from '../../sync/init-from.js';
import { stoppedBy, type StopSignal } from '../../sync/errors.js';
import type { Interruption } from '../shell.js';

export function initInterruption(step: InitFromStep | undefined, dir: string, signal: StopSignal): Interruption {
  const by = stoppedBy(signal);
  switch (step) {
    case undefined:
      return { message: `${by} before init wrote anything. Run the same command again.`, steps: { done: [], notDone: ['make the folder', 'pull develop into it'] } };
    // Connecting and marking (the folder has no lxp.config.json yet), or writing the config files
    // (the folder is marked as an unfinished pull): nothing pulled either way.
    case 'mark':
    case 'make-folder': {
      // Read now: a stop while connecting may come before the folder was made, or before anything
      // was put in it — then there are no "files already there", and no --force is needed.
      const there = entriesInitRefuses(dir);
      if (there === undefined)
        return { message: `${by} before ${dir} was made: nothing was written. Run the same command again.`, steps: { done: [], notDone: ['make the folder', 'pull develop into it'] } };
      if (there.length === 0)
        return {
          message: `${by} while making ${dir}: nothing was pulled into it, and it holds nothing that makes init refuse it. Run the same command again.`,
          steps: { done: [], notDone: ['make the folder (part may be done)', 'pull develop into it'] },
        };
      return {
        message: `${by} while making ${dir}: nothing was pulled into it. Run the same command again with --force (it keeps the files already there and pulls).`,
        steps: { done: [], notDone: ['make the folder (part may be done)', 'pull develop into it'] },
      };
    }
    case 'bootstrap':
      return {
        message: `${by} while asking for Losant's starter experience: its request was sent and may have landed; nothing was pulled into ${dir}. \`lxp pull\` in ${dir} brings in whatever develop holds (\`lxp status\` there shows it).`,
        steps: { done: ['make the folder'], notDone: ["create Losant's starter experience (sent; may have landed)", 'pull develop into it'] },
      };
    case 'pull':
      return {
        message: `${by} while pulling develop into ${dir}: the folder holds only part of it, and is marked so (\`lxp status\` there lists what is not pulled yet; no deploy deletes it). \`lxp pull\` in ${dir} finishes it.`,
        steps: { done: ['make the folder'], notDone: ['pull develop into it (part may be done)'] },
      };
  }
}

export type ImportStep = 'write';

export function importInterruption(step: ImportStep | undefined, dir: string, signal: StopSignal): Interruption {
  const by = stoppedBy(signal);
  if (step === undefined) return { message: `${by} before the import wrote anything. Run the same command again.`, steps: { done: [], notDone: ['write the folder'] } };
  return {
    message: `${by} while writing ${dir}: it holds part of the import (each file written is whole; lxp.config.json comes last). Run the same import again with --force to finish it (it rewrites the files the import writes, and keeps every other).`,
    steps: { done: [], notDone: ['write the folder (part may be done)'] },
  };
}
