// The built CLI run as a child process with a preload that, when the child exits, writes a note of
// what it loaded (an expression the test chooses) to a file: for the tests of what lxp loads at
// start-up. One world for the file (the harness's lifecycle), the preload in its root.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll } from 'vitest';
import { useWorlds } from '../harness/lifecycle.js';
import { BIN, ensureBuilt } from '../harness/server.js';
import type { World } from '../harness/world.js';

export interface PreloadedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the note expression gave at the child's exit. */
  note: string;
}

/**
 * `note` is a JavaScript expression of the child process (a string: `require.cache`'s keys, …).
 * Returns the file's world and `lxp(args)`: `lxp <args> --dir <world.dir>` from the world's root.
 */
export function usePreloadedLxp(note: string): { world(): World; lxp(args: string[]): Promise<PreloadedRun> } {
  const openWorld = useWorlds('file');
  let world: World;
  let preload: string;
  let runs = 0;
  beforeAll(async () => {
    ensureBuilt();
    world = await openWorld();
    preload = path.join(world.root, 'note-loaded.cjs');
    await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.LXP_TEST_LOADED, ${note}));\n`);
  });
  async function lxp(args: string[]): Promise<PreloadedRun> {
    const loaded = path.join(world.root, `loaded-${++runs}.txt`);
    // (The server runs in this process: the child is awaited, never waited for synchronously.)
    const child = spawn(process.execPath, ['-r', preload, BIN, ...args, '--dir', world.dir], { cwd: world.root, env: { ...world.env, LXP_TEST_LOADED: loaded } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { status, stdout, stderr, note: readFileSync(loaded, 'utf8') };
  }
  return { world: () => world, lxp };
}
