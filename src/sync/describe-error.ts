// The one mapping from anything a command can throw to an error code, an exit code and a
// message for the user (the model: Changesets' typed errors, mapped to an exit code in one place).
import { ApiError } from '../api/errors.js';
import { describeListenError } from '../config/address.js';
import { ConfigError } from '../config/errors.js';
import { NoExperienceFolderError } from '../config/folder.js';
import { FileChangedError } from '../project/load.js';
import { EXIT, exitCodeFor, LxpError, TOKEN_HINT, type ErrorCode } from './errors.js';
import { StateError } from './state.js';

/** True for the API refusing the token: retrying cannot help, the user must fix the token. */
export function isRefusedToken(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.status === 401 || err.status === 403);
}

export interface DescribedError {
  code: ErrorCode;
  exitCode: number;
  message: string;
  /** More about the failure, for the --json envelope. */
  details: Record<string, unknown>;
  /** The envelope's outcome: `error`, or one of the command's own (`conflicts`, `refused`…). */
  outcome: string;
  /** Fields the envelope carries beside `error` (a command's result data). */
  data: Record<string, unknown>;
}

/**
 * The one mapping from anything a command can throw to what the user sees: a refused token is
 * exit 2 with the hint, usage/config/state errors (and a --port or --host a server cannot listen on) are 2, conflicts 3, everything else 1.
 */
export function describeError(err: unknown): DescribedError {
  const of = (code: ErrorCode, message: string, details: Record<string, unknown> = {}): DescribedError => ({ code, exitCode: exitCodeFor(code), message, details, outcome: 'error', data: {} });
  if (isRefusedToken(err)) return of('token-refused', `${err.describe()} — the API refused the token: ${TOKEN_HINT}`);
  if (err instanceof LxpError) return { code: err.code, exitCode: err.exitCode, message: err.message, details: err.details(), outcome: err.outcome(), data: err.data() };
  if (err instanceof ApiError) return of(err.status === 404 ? 'not-found' : err.type === 'ListChanged' ? 'list-changed' : 'api-error', err.describe());
  if (err instanceof NoExperienceFolderError) return of('no-experience-folder', err.message);
  if (err instanceof ConfigError) return of('invalid-config', err.message);
  if (err instanceof StateError) return of('invalid-state', err.message);
  if (err instanceof FileChangedError) return of('file-changed', err.message);
  // A port in use or an address not of this machine: the remedy is a flag (--port, --host).
  const listen = describeListenError(err);
  if (listen) return of('usage', listen);
  const message = err instanceof Error ? err.message : String(err);
  // Errors from layers below that carry their own exit code (e.g. `lxp init` into a folder that is not empty).
  const exitCode = (err as { exitCode?: unknown } | null)?.exitCode;
  if (exitCode === EXIT.INVALID) return of('usage', message);
  if (exitCode === EXIT.CONFLICT) return of('conflicts', message);
  return of('failed', message);
}

/** describeError(err).exitCode. */
export function exitCodeOf(err: unknown): number {
  return describeError(err).exitCode;
}
