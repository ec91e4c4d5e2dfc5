// lxp's exit codes, shared by every command (documented in the README).
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

/** Thrown for bad flags or arguments: printed without a stack, exit 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT.INVALID;
}

/** An error that carries its own exit code and a message fit for a person. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
  }
}
