#!/usr/bin/env node
// `npm run bench` / `node bench/run.js [--quick] [--latency ms] [name…]`: runs the benchmarks
// against the built lxp (dist/), each with its own local server, and records bench/results.json
// and bench/RESULTS.md. Figures only: nothing here passes or fails on a duration.
// Names: deploy (incl. concurrency 1), sweep, scale (alias noop, memory), pull, startup, preview, watch,
// server (server CPU per request), experience (views with endpoints, groups, settings and a slug).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DIST } from './lib/paths.js';
import { loadResults, machine, writeResults } from './lib/report.js';
import { benchDeploy } from './cases/deploy.js';
import { benchSweep } from './cases/sweep.js';
import { benchScale } from './cases/scale.js';
import { benchPull } from './cases/pull.js';
import { benchStartup } from './cases/startup.js';
import { benchPreview } from './cases/preview.js';
import { benchWatch } from './cases/watch.js';
import { benchServer } from './cases/server.js';
import { benchExperience } from './cases/experience.js';

const BENCHMARKS = {
  deploy: benchDeploy,
  sweep: benchSweep,
  scale: benchScale,
  pull: benchPull,
  startup: benchStartup,
  preview: benchPreview,
  watch: benchWatch,
  server: benchServer,
  experience: benchExperience,
};
const ALIASES = { noop: 'scale', memory: 'scale', rss: 'scale', serial: 'deploy', concurrency: 'sweep', cpu: 'server' };

const HERE = path.dirname(fileURLToPath(import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    latency: { type: 'string', default: '25' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`usage: node bench/run.js [--quick] [--latency ms] [${Object.keys(BENCHMARKS).join('|')}…]\n`);
  process.exit(0);
}
const latencyMs = Number(values.latency);
if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`--latency must be a number of ms (got ${values.latency})`);
const unknown = positionals.filter((n) => !BENCHMARKS[n] && !ALIASES[n]);
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${[...Object.keys(BENCHMARKS), ...Object.keys(ALIASES)].join(', ')}\n`);
  process.exit(2);
}
if (!existsSync(path.join(DIST, 'index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first (npm run bench does)\n');
  process.exit(2);
}
const selected = positionals.length ? [...new Set(positionals.map((n) => ALIASES[n] ?? n))] : Object.keys(BENCHMARKS);

const resultsFile = path.join(HERE, 'results.json');
const results = loadResults(resultsFile);
const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const started = performance.now();
let failures = 0;
for (const name of selected) {
  const t0 = performance.now();
  const entry = { ranAt: new Date().toISOString(), quick: values.quick, latencyMs, machine: machine() };
  try {
    entry.figures = await BENCHMARKS[name]({ quick: values.quick, latencyMs, log });
  } catch (err) {
    failures++;
    entry.error = err?.stack ?? String(err);
    log(`${name} failed: ${entry.error}`);
  }
  entry.seconds = Math.round((performance.now() - t0) / 100) / 10;
  // Keep the order of BENCHMARKS in the files, whichever subset ran.
  results.benchmarks[name] = entry;
  results.benchmarks = Object.fromEntries(Object.keys(BENCHMARKS).filter((k) => results.benchmarks[k]).map((k) => [k, results.benchmarks[k]]));
  writeResults(HERE, results);
  log(`${name}: ${entry.seconds} s`);
  for (const f of entry.figures ?? []) {
    const v = f.skipped ? `skipped (${f.skipped})` : f.summary ? `median ${f.summary.median.toFixed(2)} ${f.unit} [${f.summary.min.toFixed(2)}–${f.summary.max.toFixed(2)}]` : `${f.value?.toFixed(2)} ${f.unit}`;
    log(`  ${f.label.trim()}: ${v}${f.goal ? ` goal ${f.goal} ${f.met ? 'met' : 'MISSED'}` : ''}${f.detail ? ` — ${f.detail}` : ''}`);
  }
}
log(`done in ${Math.round((performance.now() - started) / 1000)} s; wrote bench/RESULTS.md and bench/results.json`);
process.exitCode = failures ? 1 : 0;
