// When and how long to wait before trying a request again. Pure functions, so the policy is
// unit-tested without a network or a clock.

export interface BackoffOptions {
  /** First backoff ceiling in ms (doubles each attempt). */
  baseMs: number;
  /** Largest backoff ceiling in ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 15_000 };

/**
 * "Full jitter" exponential backoff (AWS architecture blog): a uniform wait in
 * [0, min(max, base·2^retry)). Spreads out clients that failed together instead of having
 * them retry in lock-step. `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * A `Retry-After` header in ms: either delta-seconds or an HTTP date. undefined when absent or
 * unreadable (the caller then falls back to backoff). A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** What a failed attempt means for the next one. */
export type AttemptFailure =
  /** 429: the server refused before doing anything; any request may be re-sent as is. */
  | 'throttled'
  /** 5xx, network error, timeout: the write may or may not have happened. */
  | 'ambiguous'
  /** Any other 4xx: trying again cannot help. */
  | 'final';

/**
 * Whether an answer refuses the request itself, so that sending it again unchanged gets the same
 * answer: 400 (invalid), 404 (a view or parent that is not there), 409 (a name taken), 413 (too
 * large)… Not 401/403 (the token: the caller stops for it), 408 (a timeout) nor 429 (a rate
 * limit), which can pass later; nor 5xx or no answer at all.
 */
export function refusesRequest(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 408 && status !== 429;
}

export function classifyStatus(status: number): AttemptFailure {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'ambiguous';
  return 'final';
}

/**
 * A glob for the API's `filter` that matches `name` exactly or a few more names. `*` and `?`
 * are the glob's wildcards and the API documents no escape for them, so every character that
 * could be special (also `\`, `[`, `]` for servers with fuller globs) becomes `?`, which matches
 * exactly that one character among others. The caller keeps only the exact name.
 */
export function exactNameGlob(name: string): string {
  return name.replace(/[*?\\[\]]/g, '?');
}
