// What the built CLI (its bundle) loads from outside itself at start-up (docs/internals.md, "Start-up
// and memory of the CLI process"): write-file-atomic only when a run writes with it, ajv's runtime
// helpers and ajv-formats' formats from the bundle (not from node_modules by name), and no
// node:child_process for commander. A status of a folder lxp has never written to writes nothing,
// so it loads none of them; a deploy still writes its state with write-file-atomic. Run as a child
// process, with a preload that notes, at exit, the files of node_modules and Node's own modules
// the process loaded.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, BIN } from '../harness/server.js';
import { startWorld, writeSample, type World } from '../cli/helpers.js';

let world: World;
let preload: string;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
  preload = path.join(world.root, 'note-outside.cjs');
  await writeFile(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.LXP_TEST_LOADED, JSON.stringify({ files: Object.keys(require.cache).filter((f) => f.includes('node_modules')), builtins: process.moduleLoadList })));\n",
  );
});
afterAll(async () => {
  await world?.close();
});

async function lxp(args: string[]): Promise<{ status: number | null; stderr: string; files: string[]; builtins: string[] }> {
  const loaded = path.join(world.root, `outside-${Date.now()}.json`);
  const child = spawn(process.execPath, ['-r', preload, BIN, ...args, '--dir', world.dir], { cwd: world.root, env: { ...world.env, LXP_TEST_LOADED: loaded } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const { files, builtins } = JSON.parse(readFileSync(loaded, 'utf8')) as { files: string[]; builtins: string[] };
  return { status, stderr, files, builtins };
}

const inPackage = (files: string[], name: string) => files.filter((f) => f.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

describe('start-up of the built CLI', () => {
  it('a status that writes nothing loads neither write-file-atomic, ajv by name nor node:child_process; a deploy still writes its state', async () => {
    await writeSample(world.dir);
    const status = await lxp(['status']);
    expect(status.status, status.stderr).toBe(0);
    expect(inPackage(status.files, 'write-file-atomic')).toEqual([]);
    expect(inPackage(status.files, 'signal-exit')).toEqual([]);
    expect(inPackage(status.files, 'ajv')).toEqual([]);
    expect(inPackage(status.files, 'ajv-formats')).toEqual([]);
    expect(status.builtins).not.toContain('NativeModule child_process');

    const deploy = await lxp(['deploy']);
    expect(deploy.status, deploy.stderr).toBe(0);
    expect(inPackage(deploy.files, 'write-file-atomic').length).toBeGreaterThan(0);
    const state = JSON.parse(await readFile(path.join(world.dir, '.lxp', 'state.json'), 'utf8'));
    expect(JSON.stringify(state)).toContain(world.server.applicationId);
  });
});
