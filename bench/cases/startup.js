// Start-up: `lxp --version` and `lxp status` (on a small folder, in sync) as spawned processes,
// against `node -e 0` as the floor; plus which heavy packages each one loads (watcher, renderer,
// server code must stay out of a plain status or deploy).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews } from '../lib/folder.js';
import { runCli, runNode } from '../lib/spawn.js';
import { timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';

const TRACE_REGISTER = fileURLToPath(new URL('../lib/trace-register.js', import.meta.url));
// The template lint (status, deploy) lives with the renderer but loads none of it: a list of
// helper names and a check of names. The goal is about the renderer, the server and the watcher.
const LIGHT_MODULES = new Set(['render/lint.js', 'render/helper-names.js']);
const HEAVY = ['fastify', 'better-sqlite3', 'chokidar', 'handlebars', 'got', 'gray-matter', 'yaml', 'ajv', 'cli-progress', 'diff'];

/** Heavy packages (and lxp's server/render/watch code) a command loads. */
async function loadedBy(args, env, cwd) {
  const traceFile = path.join(cwd, `trace-${Date.now()}.txt`);
  // dist/ rather than the bundle: its modules name their packages and lxp folders, and the bundle's
  // chunks split along the same dynamic imports, so what dist/ loads is what the bundle loads.
  await runCli(args, { env: { ...env, LXP_TRACE_FILE: traceFile, LXP_NO_BUNDLE: '1' }, cwd, nodeArgs: ['--import', TRACE_REGISTER] });
  const urls = (await readFile(traceFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  await rm(traceFile, { force: true });
  const found = new Set();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    if (m && HEAVY.includes(m[1])) found.add(m[1]);
    const own = /\/dist\/(server|render|watch)\/([^?#]*)/.exec(u);
    if (own && !LIGHT_MODULES.has(`${own[1]}/${own[2]}`)) found.add(`lxp ${own[1]}/`);
  }
  return [...found].sort();
}

export async function benchStartup({ quick, latencyMs, log }) {
  const runs = quick ? 5 : 10;
  const root = await tempDir();
  const dir = path.join(root, 'site');
  const server = await spawnServer({ latencyMs });
  const figures = [];
  try {
    await writeViews(dir, 20);
    const first = await timedSync('deploy', dir, server);
    if (first.exitCode !== 0) throw new Error(`set-up deploy failed: ${first.message}`);
    // Spawned commands use the environment's target; an equal folder and remote read as in sync.
    const env = { ...server.env, HOME: root };

    log(`startup: node -e 0, lxp --version, lxp status × ${runs}`);
    const floor = [];
    const version = [];
    const status = [];
    for (let r = 0; r < runs; r++) {
      floor.push((await runNode(['-e', '0'])).ms);
      version.push((await runCli(['--version'], { env, cwd: root })).ms);
      const st = await runCli(['status', '--dir', dir, '--quiet'], { env, cwd: root });
      if (st.code !== 0) throw new Error(`lxp status exited ${st.code}: ${st.stderr}`);
      status.push(st.ms);
    }
    const versionLoads = await loadedBy(['--version'], env, root);
    const statusLoads = await loadedBy(['status', '--dir', dir, '--quiet'], env, root);
    figures.push({
      id: 'startup.node',
      label: 'Floor: `node -e 0`',
      unit: 'ms',
      summary: summarize(floor),
      meaning: 'What any Node.js CLI pays before running a line of its own.',
    });
    figures.push({
      id: 'startup.version',
      label: '`lxp --version`',
      unit: 'ms',
      summary: summarize(version),
      detail: `heavy packages loaded: ${versionLoads.join(', ') || 'none'}`,
      meaning: 'The cost of loading the CLI and its command table.',
    });
    figures.push({
      id: 'startup.status',
      label: '`lxp status` (20 views, in sync)',
      unit: 'ms',
      summary: summarize(status),
      detail: `one list request at ${latencyMs} ms included; loads: ${statusLoads.join(', ') || 'none'}`,
      goal: 'no server/render/watch code',
      met: !statusLoads.some((p) => ['fastify', 'better-sqlite3', 'chokidar', 'lxp server/', 'lxp render/', 'lxp watch/'].includes(p)),
      meaning: 'The time from Enter to an answer for the most common command.',
    });
  } finally {
    await server.close();
    await removeDir(root);
  }
  return figures;
}
