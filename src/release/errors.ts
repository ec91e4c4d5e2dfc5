// Errors of the release commands. Each carries the exit code the CLI uses (same meanings as
// deploy) and, for a release that stopped half-way, what was and was not done, so the person or
// CI log knows where things stand and that re-running finishes the job.
import { EXIT } from '../cli/exit-codes.js';

export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
    /** Steps that completed before the failure (for --json and the message). */
    readonly done: string[] = [],
    /** Steps that did not happen. */
    readonly notDone: string[] = [],
  ) {
    super(message);
  }
}

/** Bad input from the person (version name, unknown slug, clash with an immutable version): exit 2. */
export function invalid(message: string): ReleaseError {
  return new ReleaseError(message, EXIT.INVALID);
}
