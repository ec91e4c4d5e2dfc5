// The values of flags: one parser of whole numbers, and the concurrency a command runs with
// (flag, then lxp.config.json, then "auto"; decided by resolveConcurrency in src/config/).
import { ConfigError, loadConfig, resolveConcurrency as resolveConcurrencySetting, type ConcurrencySetting } from '../config/index.js';
import { UsageError } from '../sync/errors.js';

/** A whole number from min to max, or undefined when the flag was not given. */
export function parseIntFlag(flag: string, raw: string | number | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(String(raw))})`);
  return n;
}

/**
 * The concurrency a command uses: the flag wins over the folder's lxp.config.json, which wins
 * over "auto". A bad flag is a usage error (exit 2) before anything is read or sent.
 */
export function resolveConcurrency(flag: string | number | undefined, dir: string): ConcurrencySetting {
  if (flag !== undefined) {
    try {
      return resolveConcurrencySetting(flag);
    } catch (err) {
      throw err instanceof ConfigError ? new UsageError(err.message) : err;
    }
  }
  return resolveConcurrencySetting(undefined, loadConfig(dir));
}

/** Whether template warnings are errors: --strict, else lxp.config.json's "strict", else not. */
export function resolveStrict(flag: boolean | undefined, dir: string): boolean {
  return flag ?? loadConfig(dir).strict ?? false;
}
