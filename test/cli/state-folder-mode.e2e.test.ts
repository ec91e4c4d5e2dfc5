// `.lxp/` holds the sync state, the local server's token file and database: lxp makes it (and
// every folder it makes inside) its owner's alone, 0700, whatever the umask — as the server's data
// folder. A `.lxp/` that exists keeps its mode: it is the user's. Modes are read with stat, so the
// test holds as root too (root passes permission checks, but a mode is still what chmod set).
import { readdirSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { makeExperience } from '../harness/folder.js';
import { useTempRoots } from '../harness/lifecycle.js';
import { lxp, useWorlds } from './helpers.js';

const openWorld = useWorlds();
const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8);
/** Every folder under (and with) `dir`, relative, with its mode. */
const folderModes = (dir: string): Record<string, string> => {
  const out: Record<string, string> = { '.': modeOf(dir) };
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isDirectory()) out[path.relative(dir, path.join(e.parentPath, e.name))] = modeOf(path.join(e.parentPath, e.name));
  }
  return out;
};

// The umask most machines have: without the fix, `.lxp/` came out 0755 with it.
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});
const tempDir = useTempRoots();

describe('the .lxp folder', () => {
  it('is made 0700, with every folder lxp makes in it, by a deploy to a remote target', async () => {
    const w = await openWorld({ files: { 'pages/home.hbs': '<p>home</p>\n' } });
    const deployed = await lxp(w, 'deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await lxp(w, 'status')).code).toBe(0); // writes the no-op cache too
    const modes = folderModes(path.join(w.dir, '.lxp'));
    expect(Object.keys(modes)).toContain('cache');
    for (const [folder, mode] of Object.entries(modes)) expect(mode, folder).toBe('700');
  });

  it('is made 0700 with the local target, the server folder too', async () => {
    const root = await tempDir();
    const dir = await makeExperience(root, { 'pages/home.hbs': '<p>home</p>\n' });
    const r = await runLxp(['deploy'], { cwd: dir, env: { PATH: process.env.PATH, HOME: root, NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const modes = folderModes(path.join(dir, '.lxp'));
    expect(Object.keys(modes)).toContain('server');
    for (const [folder, mode] of Object.entries(modes)) expect(mode, folder).toBe('700');
  });

  it('that exists keeps its mode; a folder lxp makes in it is 0700', async () => {
    const w = await openWorld({ files: { 'pages/home.hbs': '<p>home</p>\n' } });
    await mkdir(path.join(w.dir, '.lxp'));
    await chmod(path.join(w.dir, '.lxp'), 0o750);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    expect((await lxp(w, 'status')).code).toBe(0);
    const modes = folderModes(path.join(w.dir, '.lxp'));
    expect(modes['.']).toBe('750');
    expect(modes.cache).toBe('700');
  });
});
