#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by npm install)
// and bundled into dist/cli-bundle/ (CommonJS chunks, scripts/bundle-cli.mjs). Compiled code is
// cached on disk between runs, which takes most of the compiling off every command's start: on
// Node 22.1+ by Node itself (Module.enableCompileCache(), Node's cache folder under the OS temp
// folder), on Node 20 by bin/code-cache.js (a V8 code cache of the bundle's chunks in the user's
// cache folder). LXP_NO_CODE_CACHE=1 turns off the latter.
//
// This file and bin/code-cache.js are CommonJS (bin/package.json): an ES module entry point costs
// Node 20 ~15 ms more CPU at every start (its module loader, and the exports of every builtin it
// imports read at once: node:fs's read in fs/promises and readline).
'use strict';

// Ctrl-C or SIGTERM while the CLI is still loading (~0.1–0.3 s): without a listener Node takes the
// signal's default action and the process dies with no line and no --json envelope (review 10,
// F8). This listener answers it at the turn of the event loop between the load and the command
// (see the end of this file), so no command starts after a stop; once the command runs, the CLI's
// own answer (or the command's) speaks and this one stays silent. The answer is the CLI's own,
// word for word: dist/sync/stop-signals.cjs (src/sync/stop-signals.cts), CommonJS with no imports
// so it can be required here at once, whether or not the CLI has loaded — and only when a stop
// comes, so a start pays nothing for it.
/** The loaded CLI (dist/cli/main's exports), once it is. */
let cli;
function stoppedWhileStarting(signal) {
  if (process.listenerCount(signal) > 1) return;
  const { earlyStopAnswer } = require('../dist/sync/stop-signals.cjs');
  const args = process.argv.slice(2);
  // Named as every envelope names it once the CLI is loaded (the first word that is a command).
  const command = typeof cli?.commandNameOf === 'function' ? cli.commandNameOf(args) : (args.find((a) => !a.startsWith('-')) ?? 'lxp');
  const answer = earlyStopAnswer(signal, args.includes('--json'), command);
  process[answer.stream].write(answer.text);
  process.exit(answer.exitCode);
}
stoppedWhileStarting.lxpWhileStarting = true;
// The signals of STOP_SIGNALS (the module above is loaded only once one comes).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stoppedWhileStarting);

const { realpathSync, statSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { PerformanceObserver } = require('node:perf_hooks');
const { pathToFileURL } = require('node:url');
const v8 = require('node:v8');

// Grow the heap by a quarter over what is live after each full collection, not V8's default of up
// to 4×: a large deploy allocates fast (an HTTP request per view) but keeps little (~40 MB live at
// 5000 views), and V8's default let the garbage of those requests take peak memory past 200 MB.
// Set before anything is loaded; a flag this Node does not know is ignored.
try {
  v8.setFlagsFromString('--heap-growing-percent=25');
} catch {
  // Only memory is at stake.
}

// Optimise later in a command that ends (not server, watch, dev, preview, which run until stopped):
// on Node 20 (V8 11.3), TurboFan compiles a function once it has run ~132 KB of bytecode, in a
// background thread whose CPU the command pays, and a run of a second or two rarely earns it back.
// Eight times the budget leaves the truly hot functions optimised. Measured (CPU of the whole
// process, interleaved, loaded machine): deploy of 300 new views 930 -> 890 ms, no-op deploy of 5000
// views 1340 -> 1210 ms; turning TurboFan off (node --no-opt) did as well there but would leave a
// long run unoptimised. Anything unsure (a view called "server" in the arguments) keeps V8's default.
const LONG_RUNNING = new Set(['server', 'watch', 'dev', 'preview']);
const optimiseLater = process.versions.v8.startsWith('11.') && !process.argv.slice(2).some((a) => LONG_RUNNING.has(a));
if (optimiseLater) {
  try {
    v8.setFlagsFromString('--interrupt-budget=1048576');
  } catch {
    // Only speed is at stake.
  }
}

// The young generation. V8 doubles it while objects survive scavenges, up to 32 MB on Node 20 and
// 22 and 128 MB on Node 24; every page it grows into is a page fault, and a young generation of
// 1 MB recycles the same pages. So on Node 20 a command that ends starts with growth off (a growth
// factor of 1 keeps V8's initial 1 MB): its start-up and a no-op deploy of 5000 views fault ~1500
// fewer pages and cost ~10 % less CPU. Once the command has used a second of CPU it is a large
// run (a big deploy keeps thousands of requests in flight), where a young generation that small
// would promote too much too early (measured: +8 % CPU for a 5000-view first deploy): growth is
// turned back on there — and as soon as it has sent GROW_AFTER_REQUESTS HTTP requests: a run that
// keeps a round of requests in flight (a first deploy of 300 views: 16–37 at once, each with its
// socket, streams and got's objects) has them survive 1 MB scavenges, copied and promoted, until a
// full collection clears them (measured, 300 views at 25 ms: 54 scavenges and a mark-compact, 65–86
// ms of pauses; with growth from the 16th request 31 scavenges, 37–43 ms; interleaved, 4 batches of
// the spawned deploy: CPU 15–45 ms lower, wall −26 to +8 ms, noise). Runs of a few requests (the no-op
// check, status, a pull's list pages) never get there. Either way, growth stops at ~8 MB: a big deploy would otherwise drive
// the young generation to the top (~25 MB of a 5000-view deploy's 150 MB peak).
// `--max-semi-space-size` is read only when the heap is made (NODE_OPTIONS);
// `--semi-space-growth-factor` is read each time the young generation grows, and these checks run
// after collections (a `gc` PerformanceObserver). Measured: peak RSS of a 5000-view first deploy
// 141 → 118 MB with no more CPU from the cap.
const YOUNG_GENERATION_CAP = 8 * 1024 * 1024;
const GROW_AFTER_CPU_MS = 1000;
const GROW_AFTER_REQUESTS = 16;
const startGrowth = optimiseLater ? 1 : 2;
let growth = 2;
/** The young generation reached YOUNG_GENERATION_CAP: growth stays off from then on. */
let capped = false;
function setGrowth(factor) {
  if (growth === factor) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  growth = factor;
}
try {
  setGrowth(startGrowth);
  const young = new PerformanceObserver(() => {
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!space) return;
    if (space.space_size >= YOUNG_GENERATION_CAP) {
      young.disconnect();
      capped = true;
      setGrowth(1);
      return;
    }
    if (growth === 1 && startGrowth === 1) {
      const cpu = process.cpuUsage();
      if (cpu.user + cpu.system >= GROW_AFTER_CPU_MS * 1000) setGrowth(2);
    }
  });
  young.observe({ entryTypes: ['gc'] });
  if (startGrowth === 1) {
    const diagnostics = require('node:diagnostics_channel');
    // node:http announces every client request on this channel (Node 19.6+). The subscription
    // ends once it has served, outside the announcement (a subscriber removed while the channel
    // calls its subscribers would make it skip the next one).
    const channel = diagnostics.channel('http.client.request.start');
    let requests = 0;
    const onRequest = () => {
      if (++requests !== GROW_AFTER_REQUESTS) return;
      if (!capped) setGrowth(2);
      setImmediate(() => channel.unsubscribe(onRequest)).unref();
    };
    channel.subscribe(onRequest);
    // A large folder read (src/project/large-folder.ts, from LARGE_FOLDER_FILES view files): what
    // the run builds lives until its plan is made, and a 1 MB young generation copies all of it
    // before promoting it. Measured, a no-op deploy of 5000 views that reads its folder (no no-op
    // record): ~115 scavenges and a third of its CPU in GC with growth off; see docs/internals.md.
    const folder = diagnostics.channel('lxp:large-folder');
    const onLargeFolder = () => {
      if (!capped) setGrowth(2);
      setImmediate(() => folder.unsubscribe(onLargeFolder)).unref();
    };
    folder.subscribe(onLargeFolder);
  }
} catch {
  // Only memory and speed are at stake.
}

// V8 stamps compiled code it caches with a digest of its flags and refuses code stamped with other
// flags: code cached after the growth factor changed would be refused by every next run (which
// starts with the first one) and written again each time. So the factor the process started with
// is put back before code is cached, at exit; the young generation no longer matters then.
function restoreFlagsForCache() {
  try {
    setGrowth(startGrowth);
  } catch {
    // Only the cache is at stake.
  }
}

try {
  Module.enableCompileCache?.();
} catch {
  // A cache that cannot be set up only costs speed.
}
// The CLI bundled into one set of chunks (scripts/bundle-cli.mjs, run by `npm run build`) starts
// faster than dist/'s hundreds of modules; dist/cli/main.js when there is no bundle, or when the
// bundle is older than dist/ (tsc run alone since), so a stale bundle is never what runs, and on a
// Node that cannot require() an ES module (22.0–22.11; the bundle requires chokidar and d3-format).
// LXP_NO_BUNDLE=1 runs dist/ (module traces, debugging with dist/'s source maps).
const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
const bundled = path.join(__dirname, '..', 'dist', 'cli-bundle', 'main.cjs');
function useBundle() {
  if (process.env.LXP_NO_BUNDLE || !process.features.require_module) return false;
  try {
    return statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
  } catch {
    return false; // No bundle: run what tsc compiled.
  }
}

async function load() {
  if (!useBundle()) return import(pathToFileURL(compiled).href);
  if (typeof Module.enableCompileCache !== 'function' && !process.env.LXP_NO_CODE_CACHE) {
    try {
      const { installCodeCache, codeCacheDir, userCacheDir } = require('./code-cache.js');
      const bundleDir = realpathSync.native(path.dirname(bundled));
      // V8 refuses code cached under other flags: the two flag sets keep two folders.
      installCodeCache({ bundleDir, dir: codeCacheDir(userCacheDir(), bundleDir, optimiseLater ? 'optimise-later young-1' : ''), beforeWrite: restoreFlagsForCache });
    } catch {
      // No cache: the bundle compiles as usual.
    }
  }
  return require(bundled);
}

// Once the command is done and nothing is left to run (the 'beforeExit' moment: no pending write,
// timer or socket), leave with process.exit() instead of returning from main: Node then skips
// tearing down the heap, module by module (measured: ~40–80 ms after a 300-view deploy, more for
// bigger runs), and nothing is lost — whatever was still in flight would have kept the loop alive.
// On Node 22+ the compile cache is written first; a Node 22 too old to flush it on demand keeps
// the ordinary exit, which writes it.
function exitWhenIdle() {
  const canFlush = typeof Module.flushCompileCache === 'function';
  if (!canFlush && typeof Module.enableCompileCache === 'function') return;
  process.once('beforeExit', () => {
    if (canFlush) {
      restoreFlagsForCache();
      Module.flushCompileCache();
    }
    process.exit();
  });
}

// A stop signal that arrived while the CLI loaded (synchronously: Node hands it to JavaScript at the
// next turn of the event loop) is answered by stoppedWhileStarting at that turn, before the command
// starts — not once the command has run (`lxp --version` printed the version, then "interrupted"),
// nor after `lxp watch` had deployed its start-up difference or `lxp server` had opened its port.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
load()
  .then(async (m) => {
    cli = m;
    await nextTurn();
    return m.main(process.argv);
  })
  .then(exitWhenIdle, (err) => {
    process.stderr.write(`lxp: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  });
