// The values of flags: one parser of whole numbers, and the one place the concurrency is decided
// (flag, then lxp.config.json, then the default) — the place to grow when it accepts more.
import { loadConfig } from '../config/index.js';
import { DEFAULT_CONCURRENCY } from '../sync/executor.js';
import { UsageError } from '../sync/errors.js';

export const MAX_CONCURRENCY = 64;

/** A whole number from min to max, or undefined when the flag was not given. */
export function parseIntFlag(flag: string, raw: string | number | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(String(raw))})`);
  return n;
}

/**
 * The concurrency a command uses — the one place it is decided: the flag wins over the folder's
 * lxp.config.json, which wins over the default.
 */
export function resolveConcurrency(flag: string | number | undefined, dir: string): number {
  return parseIntFlag('--concurrency', flag, 1, MAX_CONCURRENCY) ?? loadConfig(dir).concurrency ?? DEFAULT_CONCURRENCY;
}
