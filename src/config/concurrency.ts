// How many API requests run at once: "auto" (the default) lets the client's limiter find the
// level the API sustains, starting at AUTO_START_CONCURRENCY and never above MAX_CONCURRENCY;
// a number fixes it. `--concurrency` wins over "concurrency" in lxp.config.json.
import { ConfigError } from './errors.js';
import type { LxpConfig } from './types.js';

/** Where "auto" starts. */
export const AUTO_START_CONCURRENCY = 8;
/** The most requests in flight at once, for "auto" and for a fixed number alike. */
export const MAX_CONCURRENCY = 64;

export type ConcurrencySetting = { mode: 'auto'; start: number; max: number } | { mode: 'fixed'; limit: number };

export const AUTO_CONCURRENCY: ConcurrencySetting = { mode: 'auto', start: AUTO_START_CONCURRENCY, max: MAX_CONCURRENCY };

/**
 * The concurrency a command runs with: the flag (a string from the command line, "auto" or an
 * integer), else lxp.config.json's "concurrency" (already checked by its schema), else "auto".
 */
export function resolveConcurrency(flag: string | number | undefined, config?: Pick<LxpConfig, 'concurrency'>): ConcurrencySetting {
  const value = flag ?? config?.concurrency ?? 'auto';
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return AUTO_CONCURRENCY;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    const source = flag !== undefined ? '--concurrency' : 'lxp.config.json "concurrency"';
    throw new ConfigError(`${source} must be "auto" or an integer from 1 to ${MAX_CONCURRENCY} (got ${JSON.stringify(value)})`);
  }
  return { mode: 'fixed', limit: n };
}

/** "auto" or the number, for messages and --json. */
export function describeConcurrency(c: ConcurrencySetting): string {
  return c.mode === 'auto' ? 'auto' : String(c.limit);
}
