// bin/lxp.js on Node 20 starts a command that ends with V8's young generation kept at its first
// size (fewer page faults for short runs), and lets it grow once the command has sent
// GROW_AFTER_REQUESTS HTTP requests: a run that keeps a round of requests in flight has them
// survive small scavenges (docs/internals.md, "The young generation"). Seen from a preload that
// notes the largest young generation of the process: a deploy of 150 new views grows it past what
// a deploy of 8 new views (9 requests) ever has; so does a status that reads a folder of
// LARGE_FOLDER_FILES views (two requests: src/project/large-folder.ts). Node 22 and 24 keep V8's
// default growth.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, BIN } from '../harness/server.js';
import { startWorld, type World } from '../cli/helpers.js';
import { LARGE_FOLDER_FILES } from '../../src/project/large-folder.js';

const NODE_20 = process.versions.v8.startsWith('11.');

let world: World;
let preload: string;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
  preload = path.join(world.root, 'note-young.cjs');
  await writeFile(
    preload,
    [
      "const v8 = require('node:v8');",
      "const { PerformanceObserver } = require('node:perf_hooks');",
      'let largest = 0;',
      "const look = () => { const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); if (s) largest = Math.max(largest, s.space_size); };",
      "new PerformanceObserver(look).observe({ entryTypes: ['gc'] });",
      "process.on('exit', () => { look(); require('node:fs').writeFileSync(process.env.LXP_TEST_YOUNG, String(largest)); });",
    ].join('\n'),
  );
});
afterAll(async () => {
  await world?.close();
});

/** A first deploy (or a status) of n new pages; the largest young generation (bytes) the process had. */
async function firstDeploy(n: number, command: 'deploy' | 'status' = 'deploy'): Promise<number> {
  await rm(path.join(world.dir, 'pages'), { recursive: true, force: true });
  await rm(path.join(world.dir, '.lxp'), { recursive: true, force: true });
  await mkdir(path.join(world.dir, 'pages'), { recursive: true });
  for (let i = 0; i < n; i++) await writeFile(path.join(world.dir, 'pages', `y${n}-${i}.hbs`), `<h1>Page ${i} of ${n}</h1>\n`);
  const out = path.join(world.root, `young-${command}-${n}.txt`);
  const child = spawn(process.execPath, ['-r', preload, BIN, command, '--quiet', '--dir', world.dir], { cwd: world.root, env: { ...world.env, LXP_TEST_YOUNG: out } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(status, stderr).toBe(0);
  return Number(await readFile(out, 'utf8'));
}

describe('the young generation of a command that ends (Node 20)', () => {
  it.skipIf(!NODE_20)('grows once the command has sent many requests, and not in a run of a few', async () => {
    const few = await firstDeploy(8);
    const many = await firstDeploy(150);
    expect(few).toBeGreaterThan(0);
    expect(many).toBeGreaterThan(few);
  });

  it.skipIf(!NODE_20)('grows once the command reads a large folder, however few requests it sends', async () => {
    const few = await firstDeploy(8);
    const large = await firstDeploy(LARGE_FOLDER_FILES, 'status');
    expect(large).toBeGreaterThan(few);
  });
});
