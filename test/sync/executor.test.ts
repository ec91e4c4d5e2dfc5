// The executor's slots: a fixed number, or a live value it follows (the API client's adaptive
// limit), so changes are never held back below what the client would send.
import { describe, expect, it } from 'vitest';
import { runChanges } from '../../src/sync/executor.js';
import type { PlannedChange } from '../../src/sync/plan.js';
import { resultOf } from '../../src/sync/results.js';

const change = (i: number): PlannedChange =>
  ({ key: `page:p${i}`, action: 'create', kind: 'new-local', viewType: 'page', name: `p${i}`, file: `pages/p${i}.hbs`, dependsOn: [] }) as unknown as PlannedChange;

/** Runs n changes; each waits until released; records how many run at once. */
function harness(n: number) {
  let active = 0;
  const peaks: number[] = [];
  const waiting: Array<() => void> = [];
  const run = async (c: PlannedChange) => {
    active++;
    peaks.push(active);
    await new Promise<void>((r) => waiting.push(r));
    active--;
    return resultOf(c, 'done');
  };
  const tick = () => new Promise((r) => setImmediate(r));
  /** Lets everything that can start, start; returns how many are running. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await tick();
    return active;
  };
  const releaseAll = () => waiting.splice(0).forEach((r) => r());
  return { changes: Array.from({ length: n }, (_, i) => change(i)), run, settle, releaseAll, peaks };
}

describe('runChanges slots', () => {
  it('a fixed number bounds the changes running at once', async () => {
    const h = harness(10);
    const done = runChanges(h.changes, h.run, { concurrency: 3 });
    expect(await h.settle()).toBe(3);
    while ((await h.settle()) > 0) h.releaseAll();
    expect((await done).every((r) => r.status === 'done')).toBe(true);
    expect(Math.max(...h.peaks)).toBe(3);
  });

  it('a live value is followed as it grows and shrinks', async () => {
    const h = harness(40);
    let limit = 2;
    const done = runChanges(h.changes, h.run, { concurrency: () => limit });
    expect(await h.settle()).toBe(2);
    limit = 12; // the client's limiter grew: the next change to end lets ten more start
    h.releaseAll();
    expect(await h.settle()).toBe(12);
    limit = 4;
    h.releaseAll();
    expect(await h.settle()).toBe(4);
    while ((await h.settle()) > 0) h.releaseAll();
    const results = await done;
    expect(results).toHaveLength(40);
    expect(results.every((r) => r.status === 'done')).toBe(true);
  });
});
