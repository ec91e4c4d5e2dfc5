// Full deploy of N new views at the default concurrency ("auto"), the same at a fixed 8 (the old
// default) for 2000 views side by side, and at concurrency 1 (what a serial tool does). Each
// run: a fresh in-memory server with injected latency, a folder with no sync state.
// Ideal of a fixed 8 = (ceil(N / 8) + list requests) × latency: "auto" should beat it.
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews } from '../lib/folder.js';
import { forgetState, timedSync } from '../lib/sync.js';
import { runCli } from '../lib/spawn.js';
import { summarize } from '../lib/stats.js';

/** Whole-process first deploys (`lxp deploy` spawned: start-up, reading the folder, requests, saving state), in ms. */
async function spawnedDeploy(n, dir, server, flag) {
  const res = await runCli(['deploy', '--dir', dir, '--quiet', ...(flag ? ['--concurrency', String(flag)] : [])], { env: server.env, cwd: dir });
  if (res.code !== 0) throw new Error(`lxp deploy of ${n} views exited ${res.code}: ${res.stderr.slice(-1000)}`);
  return res.ms;
}

/** Issue 14's first row: a 300-view first deploy, whole process, the default beside concurrency 1, round for round. */
const PROCESS_VIEWS = 300;

/**
 * Runs of each concurrency (undefined = the default), rounds interleaved; samples per setting.
 * `deployOnce(n, dir, server, concurrency)` makes one sample: in-process by default (timedSync).
 */
async function deployRuns(n, concurrencies, runs, latencyMs, deployOnce = (_n, dir, server, concurrency) => timedSync('deploy', dir, server, { concurrency })) {
  const dir = await tempDir();
  try {
    await writeViews(dir, n);
    const samples = concurrencies.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (const [i, concurrency] of concurrencies.entries()) {
        const server = await spawnServer({ latencyMs });
        try {
          await forgetState(dir);
          samples[i].push(await deployOnce(n, dir, server, concurrency));
        } finally {
          await server.close();
        }
      }
    }
    return samples;
  } finally {
    await removeDir(dir);
  }
}

const FIXED = 8;
const limits = (samples) =>
  `limit reached: peak ${samples.map((s) => s.concurrency.peak).join('/')}, at the end ${samples.map((s) => s.concurrency.limit).join('/')}`;

export async function warmUp(latencyMs) {
  await deployRuns(30, [undefined], 1, latencyMs);
}

export async function benchDeploy({ quick, latencyMs, log }) {
  const sizes = quick ? [100, 500] : [100, 500, 2000];
  const runs = quick ? 2 : 3;
  await warmUp(latencyMs);
  const figures = [];
  const medians = {};
  for (const n of sizes) {
    // At the largest size, a fixed 8 runs beside the default, round for round.
    const sideBySide = n === sizes[sizes.length - 1];
    log(`deploy ${n} views at the default concurrency (auto)${sideBySide ? ` and at ${FIXED}` : ''} × ${runs}`);
    const [samples, fixedSamples] = await deployRuns(n, sideBySide ? [undefined, FIXED] : [undefined], runs, latencyMs);
    const ms = summarize(samples.map((s) => s.ms));
    medians[n] = ms.median;
    const lists = Math.max(...samples.map((s) => s.gets));
    const ideal = (Math.ceil(n / FIXED) + lists) * latencyMs;
    const ratio = summarize(samples.map((s) => s.ms / ideal));
    const goal = sideBySide ? 1.0 : 1.3;
    figures.push({
      id: `deploy.${n}`,
      label: `Deploy ${n} new views (concurrency auto, the default)`,
      unit: 'ms',
      summary: ms,
      detail: `${samples[0].requests} requests (${lists} list, ${samples[0].writes} writes); exit ${samples.map((s) => s.exitCode).join('/')}; ${limits(samples)}`,
      meaning: `A first deploy of a ${n}-view experience takes this long over a ${latencyMs} ms link.`,
      samples,
    });
    figures.push({
      id: `deploy.${n}.ratio`,
      label: `  … ratio to the ideal of a fixed ${FIXED} (${ideal} ms = (⌈${n}/${FIXED}⌉ + ${lists} list) × ${latencyMs} ms)`,
      unit: '×',
      summary: ratio,
      goal: `≤ ${goal.toFixed(1)}×`,
      met: ratio.median <= goal,
      meaning: `Below 1.0× the default beats what ${FIXED} connections could do even with no CPU cost at all.`,
    });
    if (fixedSamples) {
      const fixedMs = summarize(fixedSamples.map((s) => s.ms));
      figures.push({
        id: `deploy.${n}.fixed${FIXED}`,
        label: `Deploy ${n} new views (concurrency ${FIXED}, fixed), side by side`,
        unit: 'ms',
        summary: fixedMs,
        detail: `exit ${fixedSamples.map((s) => s.exitCode).join('/')}; ratio to the ideal ${(fixedMs.median / ideal).toFixed(2)}×; auto is ${(fixedMs.median / ms.median).toFixed(2)}× as fast`,
        meaning: `What the old default (a fixed ${FIXED}) takes for the same deploy in the same run.`,
        samples: fixedSamples,
      });
    }
  }
  const processRunsN = quick ? 1 : 3;
  log(`deploy ${PROCESS_VIEWS} views, whole process, default and concurrency 1 side by side × ${processRunsN}`);
  const [autoMs, serialMs] = (await deployRuns(PROCESS_VIEWS, [undefined, 1], processRunsN, latencyMs, spawnedDeploy)).map(summarize);
  figures.push({
    id: `process.${PROCESS_VIEWS}`,
    label: `\`lxp deploy\` of ${PROCESS_VIEWS} new views, whole process (default concurrency)`,
    unit: 'ms',
    summary: autoMs,
    detail: `spawned, start-up and state saving included; concurrency 1 beside it: median ${Math.round(serialMs.median)} ms (${Math.round(serialMs.min)}–${Math.round(serialMs.max)})`,
    meaning: 'What a user waits for, from Enter to the prompt, for a first deploy of a mid-sized experience.',
  });
  figures.push({
    id: `process.${PROCESS_VIEWS}.speedup`,
    label: `  … speed-up over \`--concurrency 1\`, same runs interleaved`,
    unit: '×',
    value: serialMs.median / autoMs.median,
    goal: '≥ 10×',
    met: serialMs.median / autoMs.median >= 10,
    meaning: 'How much sooner lxp finishes than a tool that sends one request at a time (the official CLI does).',
  });
  const serialSizes = quick ? [100] : [100, 500, 2000];
  for (const n of serialSizes) {
    const serialRuns = n >= 2000 ? 1 : quick ? 1 : 3;
    log(`deploy ${n} views at concurrency 1 × ${serialRuns}`);
    const [samples] = await deployRuns(n, [1], serialRuns, latencyMs);
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
        label: `  … speed-up of the default (auto) over concurrency 1 (${n} views)`,
        unit: '×',
        value: ms.median / medians[n],
        meaning: `How many times sooner a ${n}-view deploy finishes with lxp's default concurrency.`,
      });
    }
  }
  return figures;
}
