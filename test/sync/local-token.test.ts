// The local target's shared token files (src/sync/local-token.ts; review 10, F9): one owner at a
// time — a running owner refuses a second watch/dev, a dead one is replaced, and a run removes
// the files on exit only while they are still its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_FILE, LOCAL_TOKEN_FILE, shareLocalToken } from '../../src/sync/local-token.js';
import { useCleanups, useTempRoots } from '../harness/lifecycle.js';

// After each test: the stand-in processes killed, then the folder removed.
const tempDir = useTempRoots();
const defer = useCleanups();
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await mkdir(path.join(dir, '.lxp'));
});

/** Another process that runs until killed: its pid stands for another lxp watch or dev. */
async function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  defer(() => child.kill());
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

const owner = (pid: number, url = 'http://127.0.0.1:41191') => writeFile(path.join(dir, LOCAL_OWNER_FILE), `${JSON.stringify({ pid, url })}\n`);
const read = (f: string) => readFile(path.join(dir, f), 'utf8');

describe('the local token files', () => {
  it('are written 0600 with the owner, and removed on release', async () => {
    const shared = await shareLocalToken(dir, 'tok-1', 'http://127.0.0.1:5000');
    expect(await read(LOCAL_TOKEN_FILE)).toBe('tok-1\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE))).toEqual({ pid: process.pid, url: 'http://127.0.0.1:5000' });
    if (process.getuid?.() !== 0) expect((await stat(shared.tokenFile)).mode & 0o777).toBe(0o600);
    await shared.release();
    expect(existsSync(path.join(dir, LOCAL_TOKEN_FILE))).toBe(false);
    expect(existsSync(path.join(dir, LOCAL_OWNER_FILE))).toBe(false);
  });

  it('a running owner refuses a second run, naming it; its token stays', async () => {
    const other = await otherProcess();
    await owner(other.pid!);
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'theirs\n');
    await expect(shareLocalToken(dir, 'mine', 'http://127.0.0.1:6000')).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining(`another lxp process (pid ${other.pid}) serves this folder's local API at http://127.0.0.1:41191`),
    });
    expect(await read(LOCAL_TOKEN_FILE)).toBe('theirs\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(other.pid);
  });

  it('an owner that is gone (a killed run) is replaced', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    await owner(gone.pid!);
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'stale\n');
    const shared = await shareLocalToken(dir, 'fresh', 'http://127.0.0.1:7000');
    expect(await read(LOCAL_TOKEN_FILE)).toBe('fresh\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(process.pid);
    await shared.release();
  });

  it('release leaves the files alone once another run owns them', async () => {
    const shared = await shareLocalToken(dir, 'mine', 'http://127.0.0.1:8000');
    const other = await otherProcess();
    await owner(other.pid!); // the files were taken over (the owner file says so)
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'theirs\n');
    await shared.release();
    expect(await read(LOCAL_TOKEN_FILE)).toBe('theirs\n');
    expect(existsSync(path.join(dir, LOCAL_OWNER_FILE))).toBe(true);
  });
});
