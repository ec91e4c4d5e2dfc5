#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by npm install).
// On Node 22.1+ compiled code is cached on disk between runs (Node's own cache directory under the
// OS temp folder), which takes most of the module-loading cost off every command's start; Node 20
// has no such cache and simply skips this.
import { statSync } from 'node:fs';
import module from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

// Grow the heap by a quarter over what is live after each full collection, not V8's default of up
// to 4×: a large deploy allocates fast (an HTTP request per view) but keeps little (~40 MB live at
// 5000 views), and V8's default let the garbage of those requests take peak memory past 200 MB.
// Set before anything is loaded; a flag this Node does not know is ignored.
try {
  v8.setFlagsFromString('--heap-growing-percent=25');
} catch {
  // Only memory is at stake.
}

// Cap the young generation at ~8 MB. V8 doubles it while objects survive scavenges, up to 32 MB
// on Node 20 and 22 and 128 MB on Node 24, and a big deploy (thousands of requests in flight in
// turn) drives it there: ~25 MB of a 5000-view deploy's 150 MB peak. `--max-semi-space-size` is
// read only when the heap is made (NODE_OPTIONS); `--semi-space-growth-factor` is read each time
// the young generation grows, so once it has reached the cap (checked after each collection),
// growing by a factor of 1 stops it there. Measured: peak RSS of a 5000-view first deploy
// 141 → 118 MB with no more CPU; a small command never reaches the cap and is unchanged.
const YOUNG_GENERATION_CAP = 8 * 1024 * 1024;
try {
  const youngCap = new PerformanceObserver(() => {
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!young || young.space_size < YOUNG_GENERATION_CAP) return;
    youngCap.disconnect();
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  });
  youngCap.observe({ entryTypes: ['gc'] });
} catch {
  // Only memory is at stake.
}

try {
  module.enableCompileCache?.();
} catch {
  // A cache that cannot be set up only costs speed.
}
// The CLI bundled into one set of chunks (scripts/bundle-cli.mjs, run by `npm run build`) starts
// faster than dist/'s hundreds of modules; dist/cli/main.js when there is no bundle, or when the
// bundle is older than dist/ (tsc run alone since), so a stale bundle is never what runs.
// LXP_NO_BUNDLE=1 runs dist/ (module traces, debugging with dist/'s source maps).
function entry() {
  const compiled = new URL('../dist/cli/main.js', import.meta.url);
  const bundled = new URL('../dist/cli-bundle/main.js', import.meta.url);
  if (process.env.LXP_NO_BUNDLE) return compiled.href;
  try {
    if (statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs) return bundled.href;
  } catch {
    // No bundle: run what tsc compiled.
  }
  return compiled.href;
}

// Once the command is done and nothing is left to run (the 'beforeExit' moment: no pending write,
// timer or socket), leave with process.exit() instead of returning from main: Node then skips
// tearing down the heap, module by module (measured: ~40–80 ms after a 300-view deploy, more for
// bigger runs), and nothing is lost — whatever was still in flight would have kept the loop alive.
// On Node 22+ the compile cache is written first; a Node 22 too old to flush it on demand keeps
// the ordinary exit, which writes it.
function exitWhenIdle() {
  const canFlush = typeof module.flushCompileCache === 'function';
  if (!canFlush && typeof module.enableCompileCache === 'function') return;
  process.once('beforeExit', () => {
    if (canFlush) module.flushCompileCache();
    process.exit();
  });
}

import(entry()).then((m) => m.main(process.argv)).then(exitWhenIdle, (err) => {
  process.stderr.write(`lxp: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
