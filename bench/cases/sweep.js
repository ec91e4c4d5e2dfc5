// Concurrency against a throttled server: lxp must back off (honour 429 + Retry-After) instead
// of failing, and the default ("auto") must land near the best fixed concurrency without a
// storm of 429s. Every level runs side by side in one run, rounds interleaved.
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews } from '../lib/folder.js';
import { forgetState, timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';

export const SWEEP_VIEWS = 300;
export const SWEEP_THROTTLE = 100;
/** The default's goal: within this factor of the best fixed concurrency's median… */
export const AUTO_GOAL_RATIO = 1.1;
/** …with at most this many 429s (median). */
export const AUTO_GOAL_429 = 20;

export async function benchSweep({ quick, latencyMs, log }) {
  const levels = quick ? [1, 4, 8, 32, 'auto'] : [1, 2, 4, 8, 16, 32, 'auto'];
  const runs = quick ? 1 : 3;
  const dir = await tempDir();
  const samples = new Map(levels.map((l) => [l, []]));
  try {
    await writeViews(dir, SWEEP_VIEWS);
    for (let r = 0; r < runs; r++) {
      for (const level of levels) {
        log(`sweep: ${SWEEP_VIEWS} views at concurrency ${level}, throttle ${SWEEP_THROTTLE}/s, round ${r + 1}/${runs}`);
        const server = await spawnServer({ latencyMs, throttle: SWEEP_THROTTLE });
        try {
          await forgetState(dir);
          samples.get(level).push(await timedSync('deploy', dir, server, { concurrency: level === 'auto' ? undefined : level }));
        } finally {
          await server.close();
        }
      }
    }
  } finally {
    await removeDir(dir);
  }
  const figures = [];
  const medians = new Map();
  for (const level of levels) {
    const s = samples.get(level);
    const failed = s.reduce((a, x) => a + x.failedChanges, 0);
    const throttled = summarize(s.map((x) => x.status429));
    const ms = summarize(s.map((x) => x.ms));
    medians.set(level, ms.median);
    const auto = level === 'auto';
    const reached = auto ? `; limit reached: peak ${s.map((x) => x.concurrency.peak).join('/')}, lowest ${s.map((x) => x.concurrency.lowest).join('/')}, at the end ${s.map((x) => x.concurrency.limit).join('/')}` : '';
    figures.push({
      id: `sweep.${level}`,
      label: `Throttled (${SWEEP_THROTTLE} req/s) deploy of ${SWEEP_VIEWS} views, concurrency ${auto ? 'auto (the default)' : level}`,
      unit: 'ms',
      summary: ms,
      detail: `429s: median ${throttled.median} (${s.map((x) => x.status429).join('/')}); failed changes: ${failed}; exit ${s.map((x) => x.exitCode).join('/')}${reached}`,
      goal: 'no failures',
      met: failed === 0 && s.every((x) => x.exitCode === 0),
      meaning: 'Against a rate-limited API, more concurrency is only useful up to the limit; lxp waits out 429s instead of failing.',
      samples: s,
    });
  }
  const fixed = levels.filter((l) => l !== 'auto');
  const best = fixed.reduce((a, b) => (medians.get(b) < medians.get(a) ? b : a));
  const ratio = medians.get('auto') / medians.get(best);
  const auto429 = summarize(samples.get('auto').map((x) => x.status429)).median;
  figures.push({
    id: 'sweep.auto.ratio',
    label: `  … default (auto) vs the best fixed concurrency (${best}, ${Math.round(medians.get(best))} ms)`,
    unit: '×',
    value: ratio,
    goal: `≤ ${AUTO_GOAL_RATIO}× and ≤ ${AUTO_GOAL_429} 429s`,
    met: ratio <= AUTO_GOAL_RATIO && auto429 <= AUTO_GOAL_429,
    detail: `auto: ${Math.round(medians.get('auto'))} ms, ${auto429} 429s (medians)`,
    meaning: 'Without tuning, a deploy against a rate limit is about as fast as the best hand-picked concurrency.',
  });
  return figures;
}
