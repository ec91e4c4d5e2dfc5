// lxp's exit codes and the kinds of error every command can end with, in one place below the
// CLI, so the engine (sync, watch, release) throws typed errors and the one command shell maps
// them to an exit code and a stable `error.code` for --json (see describeError()).
import { ApiError } from '../api/errors.js';
import { ConfigError } from '../config/errors.js';
import { StateError } from './state.js';

export const EXIT = {
  /** Done, or nothing to do. */
  OK: 0,
  /** Failed, partly or wholly (or, with --exit-code, differences found). */
  FAILED: 1,
  /** Invalid input or usage; nothing was sent. */
  INVALID: 2,
  /** Conflicts refused; nothing was written. */
  CONFLICT: 3,
} as const;

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
  /** A version, slug or domain that does not exist. Exit 2. */
  | 'not-found'
  /** Something that may exist only once exists already (e.g. a version name). Exit 2. */
  | 'already-exists'
  /** Views changed on both sides: nothing was written. Exit 3. */
  | 'conflicts'
  /** Some changes failed (the others were applied). Exit 1. */
  | 'changes-failed'
  /** The API answered with an error, or did not answer. Exit 1. */
  | 'api-error'
  /** Anything else. Exit 1. */
  | 'failed';

const EXIT_OF: Record<ErrorCode, number> = {
  usage: EXIT.INVALID,
  'no-experience-folder': EXIT.INVALID,
  'invalid-config': EXIT.INVALID,
  'invalid-folder': EXIT.INVALID,
  'invalid-state': EXIT.INVALID,
  'token-refused': EXIT.INVALID,
  'not-confirmed': EXIT.INVALID,
  refused: EXIT.INVALID,
  'not-found': EXIT.INVALID,
  'already-exists': EXIT.INVALID,
  conflicts: EXIT.CONFLICT,
  'changes-failed': EXIT.FAILED,
  'api-error': EXIT.FAILED,
  failed: EXIT.FAILED,
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
}

/** A bad flag or argument: printed without a stack, exit 2. */
export class UsageError extends LxpError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** Where tokens come from, added to every refused-token message. */
export const TOKEN_HINT = 'check LOSANT_API_TOKEN or the credentials file (see README, Targets and credentials)';

/** True for the API refusing the token: retrying cannot help, the user must fix the token. */
export function isRefusedToken(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.status === 401 || err.status === 403);
}

export interface DescribedError {
  code: ErrorCode;
  exitCode: number;
  message: string;
}

/**
 * The one mapping from anything a command can throw to what the user sees: a refused token is
 * exit 2 with the hint, usage/config/state errors are 2, conflicts 3, everything else 1.
 */
export function describeError(err: unknown): DescribedError {
  if (isRefusedToken(err)) {
    return { code: 'token-refused', exitCode: EXIT.INVALID, message: `${err.describe()} — the API refused the token: ${TOKEN_HINT}` };
  }
  if (err instanceof LxpError) return { code: err.code, exitCode: err.exitCode, message: err.message };
  if (err instanceof ApiError) return { code: 'api-error', exitCode: EXIT.FAILED, message: err.describe() };
  if (err instanceof ConfigError) return { code: 'invalid-config', exitCode: EXIT.INVALID, message: err.message };
  if (err instanceof StateError) return { code: 'invalid-state', exitCode: EXIT.INVALID, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'failed', exitCode: EXIT.FAILED, message };
}

/** describeError(err).exitCode. */
export function exitCodeOf(err: unknown): number {
  return describeError(err).exitCode;
}
