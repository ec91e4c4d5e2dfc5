// Full deploy of N new views at the default concurrency, and the same at concurrency 1 (what a
// serial tool does). Each run: a fresh in-memory server with injected latency, a folder with no
// sync state. Ideal = (ceil(N / concurrency) + list requests) × latency.
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews } from '../lib/folder.js';
import { forgetState, timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';
import { fromDist } from '../lib/paths.js';

async function deployRuns(n, concurrency, runs, latencyMs) {
  const dir = await tempDir();
  try {
    await writeViews(dir, n);
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const server = await spawnServer({ latencyMs });
      try {
        await forgetState(dir);
        samples.push(await timedSync('deploy', dir, server, { concurrency }));
      } finally {
        await server.close();
      }
    }
    return samples;
  } finally {
    await removeDir(dir);
  }
}

export async function warmUp(latencyMs) {
  await deployRuns(30, undefined, 1, latencyMs);
}

export async function benchDeploy({ quick, latencyMs, log }) {
  const { DEFAULT_CONCURRENCY } = await fromDist('index.js');
  const sizes = quick ? [100, 500] : [100, 500, 2000];
  const runs = quick ? 2 : 3;
  await warmUp(latencyMs);
  const figures = [];
  const medians = {};
  for (const n of sizes) {
    log(`deploy ${n} views at concurrency ${DEFAULT_CONCURRENCY} × ${runs}`);
    const samples = await deployRuns(n, undefined, runs, latencyMs);
    const ms = summarize(samples.map((s) => s.ms));
    medians[n] = ms.median;
    const lists = Math.max(...samples.map((s) => s.gets));
    const ideal = (Math.ceil(n / DEFAULT_CONCURRENCY) + lists) * latencyMs;
    const ratio = summarize(samples.map((s) => s.ms / ideal));
    figures.push({
      id: `deploy.${n}`,
      label: `Deploy ${n} new views (concurrency ${DEFAULT_CONCURRENCY})`,
      unit: 'ms',
      summary: ms,
      detail: `${samples[0].requests} requests (${lists} list, ${samples[0].writes} writes); exit ${samples.map((s) => s.exitCode).join('/')}`,
      meaning: `A first deploy of a ${n}-view experience takes this long over a ${latencyMs} ms link.`,
      samples,
    });
    figures.push({
      id: `deploy.${n}.ratio`,
      label: `  … ratio to ideal (${ideal} ms = (⌈${n}/${DEFAULT_CONCURRENCY}⌉ + ${lists} list) × ${latencyMs} ms)`,
      unit: '×',
      summary: ratio,
      goal: '≤ 1.3×',
      met: ratio.median <= 1.3,
      meaning: 'How close lxp gets to keeping every connection busy: 1.0× is the network-bound best.',
    });
  }
  const serialSizes = quick ? [100] : [100, 500, 2000];
  for (const n of serialSizes) {
    const serialRuns = n >= 2000 ? 1 : quick ? 1 : 3;
    log(`deploy ${n} views at concurrency 1 × ${serialRuns}`);
    const samples = await deployRuns(n, 1, serialRuns, latencyMs);
    const ms = summarize(samples.map((s) => s.ms));
    figures.push({
      id: `serial.${n}`,
      label: `Deploy ${n} new views (concurrency 1)`,
      unit: 'ms',
      summary: ms,
      detail: `${samples[0].requests} requests; exit ${samples.map((s) => s.exitCode).join('/')}`,
      meaning: 'What a tool sending one request at a time pays for the same deploy.',
      samples,
    });
    if (medians[n]) {
      figures.push({
        id: `serial.${n}.speedup`,
        label: `  … speed-up of concurrency ${DEFAULT_CONCURRENCY} over 1 (${n} views)`,
        unit: '×',
        value: ms.median / medians[n],
        meaning: `How many times sooner a ${n}-view deploy finishes with lxp's default concurrency.`,
      });
    }
  }
  return figures;
}
