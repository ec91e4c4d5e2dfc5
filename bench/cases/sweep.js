// Concurrency sweep against a throttled server: lxp must back off (honour 429 + Retry-After)
// instead of failing, and the default should sit where more concurrency stops paying.
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews } from '../lib/folder.js';
import { forgetState, timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';

export const SWEEP_VIEWS = 300;
export const SWEEP_THROTTLE = 100;

export async function benchSweep({ quick, latencyMs, log }) {
  const levels = quick ? [1, 8, 32] : [1, 2, 4, 8, 16, 32];
  const runs = quick ? 1 : 2;
  const dir = await tempDir();
  const figures = [];
  try {
    await writeViews(dir, SWEEP_VIEWS);
    for (const c of levels) {
      log(`sweep: ${SWEEP_VIEWS} views at concurrency ${c}, throttle ${SWEEP_THROTTLE}/s × ${runs}`);
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const server = await spawnServer({ latencyMs, throttle: SWEEP_THROTTLE });
        try {
          await forgetState(dir);
          samples.push(await timedSync('deploy', dir, server, { concurrency: c }));
        } finally {
          await server.close();
        }
      }
      const failed = samples.reduce((a, s) => a + s.failedChanges, 0);
      const throttled = summarize(samples.map((s) => s.status429));
      figures.push({
        id: `sweep.${c}`,
        label: `Throttled (${SWEEP_THROTTLE} req/s) deploy of ${SWEEP_VIEWS} views, concurrency ${c}`,
        unit: 'ms',
        summary: summarize(samples.map((s) => s.ms)),
        detail: `429s: median ${throttled.median}; failed changes: ${failed}; exit ${samples.map((s) => s.exitCode).join('/')}`,
        goal: 'no failures',
        met: failed === 0 && samples.every((s) => s.exitCode === 0),
        meaning: 'Against a rate-limited API, more concurrency is only useful up to the limit; lxp waits out 429s instead of failing.',
        samples,
      });
    }
  } finally {
    await removeDir(dir);
  }
  return figures;
}
