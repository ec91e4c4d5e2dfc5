// Runs planned changes concurrently (p-limit) while honouring their dependencies: a change
// waits (without holding a slot) for the changes it depends on, and is not attempted when one
// of them did not succeed. One failure never stops the others. The number of slots may follow
// a live value (the API client's adaptive limit), so changes are never held back below it.
import pLimit from 'p-limit';
import { subjectOf, type PlannedChange } from './change.js';
import { failedResult, resultOf, type ApplyEvents, type ChangeResult } from './results.js';

/** Where the API client's "auto" limit starts; slots when nothing else says. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * A p-limit whose slots follow `concurrency`: a number, or a live value (the client's adaptive
 * limit) read whenever a task starts or ends, so tasks are never held back below it. Shared by
 * the plan executor below and `lxp users import`.
 */
export function liveLimit(concurrency: number | (() => number) = DEFAULT_CONCURRENCY): <T>(task: () => Promise<T>) => Promise<T> {
  const slots = () => Math.max(1, Math.floor(typeof concurrency === 'function' ? concurrency() : concurrency));
  const limit = pLimit(slots());
  const follow = () => {
    const n = slots();
    if (n !== limit.concurrency) limit.concurrency = n;
  };
  return (task) => {
    follow();
    return limit(async () => {
      try {
        return await task();
      } finally {
        follow();
      }
    });
  };
}

/**
 * `run` applies one change and returns its result (status done, skipped…); a throw becomes a
 * failed result. Results come back in plan order.
 */
export async function runChanges(
  changes: PlannedChange[],
  run: (c: PlannedChange) => Promise<ChangeResult>,
  opts: {
    /** Slots: a number, or a function read whenever a change starts or ends (e.g. the client's current limit). */
    concurrency?: number | (() => number);
    events?: ApplyEvents;
    needsSlot?: (c: PlannedChange) => boolean;
  },
): Promise<ChangeResult[]> {
  const inSlot = liveLimit(opts.concurrency);
  const byKey = new Map(changes.map((c) => [c.key, c]));
  const started = new Map<string, Promise<ChangeResult>>();

  const start = (c: PlannedChange): Promise<ChangeResult> => {
    const existing = started.get(c.key);
    if (existing) return existing;
    const p = (async () => {
      const deps = await Promise.all(
        c.dependsOn.flatMap((k) => {
          const d = byKey.get(k);
          return d ? [start(d)] : [];
        }),
      );
      const failedDep = deps.find((d) => d.status !== 'done');
      let result: ChangeResult;
      if (failedDep) {
        result = resultOf(c, 'skipped', {
          error: `not attempted: it needs the ${failedDep.action} of ${subjectOf(failedDep)} "${failedDep.name}", which did not succeed`,
        });
      } else {
        const attempt = async () => {
          opts.events?.onStart?.(c);
          try {
            return await run(c);
          } catch (err) {
            return failedResult(c, err);
          }
        };
        result = opts.needsSlot && !opts.needsSlot(c) ? await attempt() : await inSlot(attempt);
      }
      opts.events?.onResult?.(result);
      return result;
    })();
    started.set(c.key, p);
    return p;
  };

  return Promise.all(changes.map(start));
}
