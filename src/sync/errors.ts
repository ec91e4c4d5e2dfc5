// lxp's exit codes and the kinds of error every command can end with, in one place below the
// CLI, so the engine (sync, watch, release) throws typed errors and the one command shell maps
// them to an exit code and a stable `error.code` for --json (./describe-error.ts). The CLI loads
// this at start-up: it imports only ./stop-signals.cts (no imports of its own either).
import { STOP_SIGNALS } from './stop-signals.cjs';

export { STOP_SIGNALS, stoppedBy, earlyStopAnswer, type StopSignal, type EarlyStopAnswer } from './stop-signals.cjs';

export const EXIT = {
  /** Done, or nothing to do. */
  OK: 0,
  /** Failed, partly or wholly (or, with --exit-code, differences found). */
  FAILED: 1,
  /** Invalid input or usage; nothing was sent. */
  INVALID: 2,
  /** Conflicts refused; nothing was written. */
  CONFLICT: 3,
  /** Stopped by Ctrl-C (SIGINT) before the end: 128 + 2, as shells report it. */
  INTERRUPTED: STOP_SIGNALS.SIGINT,
  /** Stopped by SIGTERM (a CI job cancelled, `timeout`, `docker stop`): 128 + 15; otherwise as INTERRUPTED. */
  TERMINATED: STOP_SIGNALS.SIGTERM,
} as const;

/** What a stop message says of the writes in flight: `drained` — each had its answer before the exit (Shell.answerStopSignals). */
export function inFlightWords(drained: boolean): string {
  return drained ? '(every write sent was answered first)' : '(any in flight may have landed too)';
}

/**
 * Stable codes of `error.code` in the --json envelope (documented in docs/commands.md). Scripts
 * may branch on them; new codes may be added, existing ones keep their meaning.
 */
export type ErrorCode =
  /** A bad flag or argument. Exit 2. */
  | 'usage'
  /** No lxp.config.json in the folder or above it. Exit 2. */
  | 'no-experience-folder'
  /** lxp.config.json, the environment or the credentials file is wrong. Exit 2. */
  | 'invalid-config'
  /** Files in the folder do not validate. Exit 2. */
  | 'invalid-folder'
  /** .lxp/state.json is unreadable or cannot be saved. Exit 2. */
  | 'invalid-state'
  /** The API refused the token (401/403). Exit 2. */
  | 'token-refused'
  /** A protected target without --yes and without a terminal to ask, or the question answered no. Exit 2. */
  | 'not-confirmed'
  /** Refused for safety (e.g. an empty folder would delete every view). Exit 2. */
  | 'refused'
  /** lxp import: the export or workspace cannot be read (bad YAML, a missing body file…). Exit 2. */
  | 'invalid-source'
  /** A version, slug or domain that does not exist. Exit 2. */
  | 'not-found'
  /** Something that may exist only once exists already (e.g. a version name, a user's email). Exit 2. */
  | 'already-exists'
  /** A file named on the command line (the users CSV) cannot be read or used as a whole. Exit 2. */
  | 'invalid-file'
  /** Views changed on both sides: nothing was written. Exit 3. */
  | 'conflicts'
  /** A release: develop holds views or edits the folder does not have (made or changed in the UI); nothing was written. Exit 3. */
  | 'develop-differs'
  /** status/diff --exit-code: the folder and develop differ. Exit 1. */
  | 'differences'
  /** Some changes failed (the others were applied). Exit 1. */
  | 'changes-failed'
  /** lxp import wrote the folder, but what it wrote does not validate. Exit 1. */
  | 'invalid-result'
  /** Some rows of a file were refused (listed by line); the others were applied. Exit 1. */
  | 'invalid-rows'
  /** A file changed between the plan and the moment lxp read it to send it: running again picks up the new content. Exit 1. */
  | 'file-changed'
  /** A list of the API changed while its pages were read, on every one of lxp's reads: nothing was planned on it. Exit 1. */
  | 'list-changed'
  /** The API answered with an error, or did not answer. Exit 1. */
  | 'api-error'
  /** Anything else. Exit 1. */
  | 'failed'
  /** Ctrl-C stopped the command before the end; the message says where things stand. Exit 130. */
  | 'interrupted';

const EXIT_OF: Record<ErrorCode, number> = {
  usage: EXIT.INVALID,
  'no-experience-folder': EXIT.INVALID,
  'invalid-config': EXIT.INVALID,
  'invalid-folder': EXIT.INVALID,
  'invalid-state': EXIT.INVALID,
  'token-refused': EXIT.INVALID,
  'not-confirmed': EXIT.INVALID,
  refused: EXIT.INVALID,
  'invalid-source': EXIT.INVALID,
  'not-found': EXIT.INVALID,
  'already-exists': EXIT.INVALID,
  'invalid-file': EXIT.INVALID,
  conflicts: EXIT.CONFLICT,
  'develop-differs': EXIT.CONFLICT,
  differences: EXIT.FAILED,
  'changes-failed': EXIT.FAILED,
  'invalid-result': EXIT.FAILED,
  'invalid-rows': EXIT.FAILED,
  'file-changed': EXIT.FAILED,
  'list-changed': EXIT.FAILED,
  'api-error': EXIT.FAILED,
  failed: EXIT.FAILED,
  interrupted: EXIT.INTERRUPTED,
};

/** The exit code that goes with an error code. */
export function exitCodeFor(code: ErrorCode): number {
  return EXIT_OF[code];
}

/** An error of lxp's own: a sentence for a person, a stable code, and the exit code that follows. */
export class LxpError extends Error {
  override name = 'LxpError';
  readonly exitCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    exitCode?: number,
  ) {
    super(message);
    this.exitCode = exitCode ?? exitCodeFor(code);
  }

  /** Fields the --json envelope adds to `error` for this failure (e.g. what was and was not done). */
  details(): Record<string, unknown> {
    return {};
  }

  /** The envelope's `outcome`: `error` unless the failure is one of a command's own outcomes (e.g. `conflicts`, `refused`). */
  outcome(): string {
    return 'error';
  }

  /** Fields the --json envelope carries beside `error`, as a command's result would (e.g. a refused release's `deploy`). */
  data(): Record<string, unknown> {
    return {};
  }
}

/** A bad flag or argument: printed without a stack, exit 2. */
export class UsageError extends LxpError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** Where tokens come from, added to every refused-token message. */
export const TOKEN_HINT = 'check LOSANT_API_TOKEN or the credentials file (see docs/targets.md)';
