// Pull of 2000 views into an empty folder. The views are put on a server once (without latency,
// so set-up is quick), then the server restarts on the same data with the injected latency.
import path from 'node:path';
import { spawnServer } from '../lib/server.js';
import { makeExperience, tempDir, removeDir, writeViews } from '../lib/folder.js';
import { timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';

export const PULL_VIEWS = 2000;

/** Issue 14: writing 2000 files should not take seconds. */
const PULL_GOAL_MS = 800;

export async function benchPull({ quick, latencyMs, log }) {
  const root = await tempDir();
  const dataDir = path.join(root, 'server');
  const figures = [];
  try {
    const src = path.join(root, 'source');
    await writeViews(src, PULL_VIEWS);
    const setup = await spawnServer({ dataDir });
    try {
      const r = await timedSync('deploy', src, setup, { concurrency: 16 });
      if (r.exitCode !== 0) throw new Error(`set-up deploy failed: ${r.message}`);
    } finally {
      await setup.close();
    }
    const server = await spawnServer({ dataDir, latencyMs });
    try {
      const runs = quick ? 2 : 3;
      log(`pull ${PULL_VIEWS} views into an empty folder × ${runs}`);
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const dir = path.join(root, `pulled-${r}`);
        await makeExperience(dir);
        samples.push(await timedSync('pull', dir, server));
      }
      figures.push({
        id: 'pull.2000',
        label: `Pull ${PULL_VIEWS} views into an empty folder`,
        unit: 'ms',
        summary: summarize(samples.map((s) => s.ms)),
        goal: `≤ ${PULL_GOAL_MS} ms`,
        met: summarize(samples.map((s) => s.ms)).median <= PULL_GOAL_MS,
        detail: `${samples[0].requests} requests (all list pages); ${samples[0].doneWrites} writes to the API; exit ${samples.map((s) => s.exitCode).join('/')}`,
        meaning: 'Checking out a large experience is a few list pages plus writing the files.',
        samples,
      });
    } finally {
      await server.close();
    }
  } finally {
    await removeDir(root);
  }
  return figures;
}
