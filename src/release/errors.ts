// Errors of the release commands. Each carries the exit code the CLI uses (same meanings as
// deploy), a stable code for --json and, for a release that stopped half-way, what was and was
// not done, so the person or CI log knows where things stand and that re-running finishes the job.
import { EXIT, LxpError, type ErrorCode } from '../sync/errors.js';

const CODE_OF_EXIT: Record<number, ErrorCode> = { [EXIT.INVALID]: 'usage', [EXIT.CONFLICT]: 'conflicts' };

export class ReleaseError extends LxpError {
  override name = 'ReleaseError';
  constructor(
    message: string,
    exitCode: number = EXIT.FAILED,
    /** Steps that completed before the failure (for --json and the message). */
    readonly done: string[] = [],
    /** Steps that did not happen. */
    readonly notDone: string[] = [],
    code: ErrorCode = CODE_OF_EXIT[exitCode] ?? 'failed',
    /** A refusal that is one of the command's outcomes (`conflicts`, `refused`…), with what --json shows of it beside `error`. */
    private readonly refusal?: { outcome: string; data?: Record<string, unknown> },
  ) {
    super(code, message, exitCode);
  }

  override details(): Record<string, unknown> {
    return this.done.length || this.notDone.length ? { done: this.done, notDone: this.notDone } : {};
  }

  override outcome(): string {
    return this.refusal?.outcome ?? 'error';
  }

  /** What the command adds about the run (its version, dry run or not), beside the refusal's data. */
  #about: Record<string, unknown> = {};

  /** Notes what the envelope should say about the run the error stopped (e.g. `version`, `dryRun`); returns the error. */
  about(fields: Record<string, unknown>): this {
    this.#about = { ...this.#about, ...fields };
    return this;
  }

  override data(): Record<string, unknown> {
    return { ...this.#about, ...(this.refusal?.data ?? {}) };
  }
}

/** Bad input from the person (version name, unknown slug, clash with an immutable version): exit 2. */
export function invalid(message: string, code: ErrorCode = 'usage'): ReleaseError {
  return new ReleaseError(message, EXIT.INVALID, [], [], code);
}
