// Server CPU per request: how much CPU the local Experience API server spends on a view create,
// an update and a list of 1000 views, as process CPU time of the server's own process over many
// requests (never wall time). Beside it, the same requests against a bare node:http server
// answering as many bytes, and fastify answering them from an empty handler: the part any Node
// server pays on this machine, and what the framework adds. Every figure is taken after a
// warm-up long enough for V8 to have optimised the code (see measureServerCpu); what a fresh
// server pays for its first creates is its own figure (server.create.cold).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureServerCpu } from '../lib/server-cpu.js';
import { summarize } from '../lib/stats.js';

export const CREATE_GOAL_US = 250;
export const LIST_GOAL_MS = 8;

export async function benchServer({ quick, log }) {
  const rounds = quick ? 1 : 5;
  const sizes = quick
    ? { creates: 700, updates: 300, lists: 10, warmCreates: 700, warmUpdates: 300 }
    : { creates: 2000, updates: 1000, lists: 30, warmCreates: 3000, warmUpdates: 2000 };
  const kinds = {
    memory: () => ({ childOptions: { server: {} } }),
    pages: () => ({ childOptions: { server: {} }, bodies: 'bench' }),
    disk: (dir) => ({ childOptions: { server: { dataDir: dir } } }),
    floor: () => ({ childOptions: { floor: { createBytes: 1950, listBytes: 1_950_000 } } }),
    fastify: () => ({ childOptions: { fastifyFloor: { createBytes: 1950, listBytes: 1_950_000 } } }),
  };
  const samples = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  // Interleaved rounds, so a busy moment of the machine weighs on every kind alike.
  for (let r = 0; r < rounds; r++) {
    for (const [kind, options] of Object.entries(kinds)) {
      const dir = await mkdtemp(path.join(tmpdir(), 'lxp-bench-cpu-'));
      try {
        log(`server CPU: ${kind}, round ${r + 1}/${rounds}`);
        samples[kind].push(await measureServerCpu({ ...options(path.join(dir, 'data')), ...sizes }));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  const us = (kind, field) => summarize(samples[kind].map((s) => s[field]));
  const ms = (kind, field) => summarize(samples[kind].map((s) => s[field] / 1000));
  const { bodyBytes, listBytes } = samples.memory[0];
  const create = us('memory', 'createUs');
  const list = ms('memory', 'listUs');
  const each = `${sizes.creates} creates (after ${sizes.warmCreates}), ${sizes.updates} updates (after ${sizes.warmUpdates}), ${sizes.lists} lists per round`;
  return [
    {
      id: 'server.create',
      label: 'Server CPU per view create (in-memory database, as the benchmarks run it)',
      unit: 'µs',
      summary: create,
      goal: `≤ ${CREATE_GOAL_US} µs`,
      met: create.median <= CREATE_GOAL_US,
      detail: `${bodyBytes}-byte page with 23 mustaches, a new body each time, 8 in flight; ${each}`,
      meaning: 'What the local server adds to every create a deploy benchmark sends; the rest of a round trip is lxp.',
      samples: samples.memory.map((s) => s.createUs),
    },
    {
      id: 'server.create.pages',
      label: 'Server CPU per view create, the pages of the deploy benchmarks (in-memory database)',
      unit: 'µs',
      summary: us('pages', 'createUs'),
      goal: `≤ ${CREATE_GOAL_US} µs`,
      met: us('pages', 'createUs').median <= CREATE_GOAL_US,
      detail: `${samples.pages[0].bodyBytes}-byte page with 6 mustaches (bench/lib/folder.js); update ${us('pages', 'updateUs').median.toFixed(0)} µs, list ${ms('pages', 'listUs').median.toFixed(1)} ms (${(samples.pages[0].listBytes / 1e6).toFixed(2)} MB)`,
      meaning: 'What the server adds to each create of the deploy benchmarks above.',
    },
    {
      id: 'server.create.cold',
      label: 'Server CPU per view create, the first creates of a fresh server (in-memory database)',
      unit: 'µs',
      summary: us('memory', 'coldCreateUs'),
      detail: `the first ${sizes.creates} creates after start, JIT compilation included; the same for the deploy benchmarks' pages: ${us('pages', 'coldCreateUs').median.toFixed(0)} µs; bare node:http: ${us('floor', 'coldCreateUs').median.toFixed(0)} µs`,
      meaning: 'What a short-lived server (one benchmark deploy) pays per create while V8 is still optimising it.',
    },
    {
      id: 'server.update',
      label: 'Server CPU per view update (in-memory database)',
      unit: 'µs',
      summary: us('memory', 'updateUs'),
      detail: 'a new body and description for an existing page, 8 in flight',
      meaning: 'The same for an update of a changed file.',
    },
    {
      id: 'server.list',
      label: 'Server CPU per list of 1000 views (in-memory database)',
      unit: 'ms',
      summary: list,
      goal: `≤ ${LIST_GOAL_MS} ms`,
      met: list.median <= LIST_GOAL_MS,
      detail: `${(listBytes / 1e6).toFixed(2)} MB of JSON per answer`,
      meaning: 'What every deploy, status and pull pays per 1000 views of develop before planning.',
    },
    {
      id: 'server.create.disk',
      label: 'Server CPU per view create (database on disk, as the local target runs it)',
      unit: 'µs',
      summary: us('disk', 'createUs'),
      detail: `SQLite file in WAL mode; update ${us('disk', 'updateUs').median.toFixed(0)} µs, list ${ms('disk', 'listUs').median.toFixed(1)} ms`,
      meaning: 'The same create against `lxp server --data` and the built-in local target.',
    },
    {
      id: 'server.floor.create',
      label: '  … floor: bare node:http, per POST of the same body',
      unit: 'µs',
      summary: us('floor', 'createUs'),
      detail: 'parses the JSON body and answers 1.9 KB; no routing, no validation, no database',
      meaning: 'The part of a create any Node server pays on this machine (HTTP parsing, socket writes).',
    },
    {
      id: 'server.floor.fastify',
      label: '  … floor: fastify with an empty handler, per POST of the same body',
      unit: 'µs',
      summary: us('fastify', 'createUs'),
      detail: `the server's fastify options and JSON parser, a route answering 1.9 KB; list ${ms('fastify', 'listUs').median.toFixed(1)} ms`,
      meaning: 'What the framework adds to the bare floor before any of the server\'s own work.',
    },
    {
      id: 'server.floor.list',
      label: '  … floor: bare node:http, per GET answering as many bytes as a 1000-view list',
      unit: 'ms',
      summary: ms('floor', 'listUs'),
      detail: 'a prepared 1.95 MB buffer',
      meaning: 'The part of a list any Node server pays here: writing the answer to the socket.',
    },
  ];
}
