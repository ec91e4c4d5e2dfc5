// The local target's shared token files (src/sync/local-token.ts; review 10, F9): one owner at a
// time — a running owner refuses a second watch/dev, a dead one is replaced (and one whose pid
// another program now has: review 10b, F10), and a run removes the files on exit only while they
// are still its own. A running owner is stood for by a node process and a loopback listener.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_FILE, LOCAL_TOKEN_FILE, processStart, shareLocalToken } from '../../src/sync/local-token.js';
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

/** Something listening on loopback, as the other run's local API does: its URL. */
async function listening(): Promise<string> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback URL where nothing listens (a port that was just free). */
async function nobodyAt(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const owner = (pid: number, url: string, extra: Record<string, string> = {}) => writeFile(path.join(dir, LOCAL_OWNER_FILE), `${JSON.stringify({ pid, url, ...extra })}\n`);
const read = (f: string) => readFile(path.join(dir, f), 'utf8');

describe('the local token files', () => {
  it('are written 0600 with the owner, and removed on release', async () => {
    const shared = await shareLocalToken(dir, 'tok-1', 'http://127.0.0.1:5000');
    expect(await read(LOCAL_TOKEN_FILE)).toBe('tok-1\n');
    const started = processStart(process.pid);
    expect(JSON.parse(await read(LOCAL_OWNER_FILE))).toEqual({ pid: process.pid, url: 'http://127.0.0.1:5000', ...(started ? { started } : {}) });
    if (process.getuid?.() !== 0) expect((await stat(shared.tokenFile)).mode & 0o777).toBe(0o600);
    await shared.release();
    expect(existsSync(path.join(dir, LOCAL_TOKEN_FILE))).toBe(false);
    expect(existsSync(path.join(dir, LOCAL_OWNER_FILE))).toBe(false);
  });

  it('a running owner refuses a second run, naming it; its token stays', async () => {
    const other = await otherProcess();
    const url = await listening();
    await owner(other.pid!, url, processStart(other.pid!) ? { started: processStart(other.pid!)! } : {});
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'theirs\n');
    await expect(shareLocalToken(dir, 'mine', 'http://127.0.0.1:6000')).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining(`another lxp process (pid ${other.pid}) serves this folder's local API at ${url}`),
    });
    expect(await read(LOCAL_TOKEN_FILE)).toBe('theirs\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(other.pid);
  });

  it('an owner that is gone (a killed run) is replaced', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    await owner(gone.pid!, await listening());
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'stale\n');
    const shared = await shareLocalToken(dir, 'fresh', 'http://127.0.0.1:7000');
    expect(await read(LOCAL_TOKEN_FILE)).toBe('fresh\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(process.pid);
    await shared.release();
  });

  // Review 10b, F10: a file left by a run killed before a reboot names a pid some other program has now.
  it('a pid that runs but serves nothing at its URL (reused by another program) is replaced', async () => {
    const other = await otherProcess();
    await owner(other.pid!, await nobodyAt());
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'stale\n');
    const shared = await shareLocalToken(dir, 'fresh', 'http://127.0.0.1:7000');
    expect(await read(LOCAL_TOKEN_FILE)).toBe('fresh\n');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(process.pid);
    await shared.release();
  });

  it('where /proc tells start times: a running pid that started after the owner did is replaced, even with its port taken', async (ctx) => {
    const other = await otherProcess();
    const started = processStart(other.pid!);
    if (started === undefined) ctx.skip(); // no /proc (macOS): the URL check above is the one that applies
    await owner(other.pid!, await listening(), { started: String(Number(started) - 1) });
    const shared = await shareLocalToken(dir, 'fresh', 'http://127.0.0.1:7000');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(process.pid);
    await shared.release();
  });

  it('a URL that is not on 127.0.0.1 is not one lxp wrote: replaced', async () => {
    const other = await otherProcess();
    await owner(other.pid!, 'http://example.invalid:80');
    const shared = await shareLocalToken(dir, 'fresh', 'http://127.0.0.1:7000');
    expect(JSON.parse(await read(LOCAL_OWNER_FILE)).pid).toBe(process.pid);
    await shared.release();
  });

  it('release leaves the files alone once another run owns them', async () => {
    const shared = await shareLocalToken(dir, 'mine', 'http://127.0.0.1:8000');
    const other = await otherProcess();
    await owner(other.pid!, await listening()); // the files were taken over (the owner file says so)
    await writeFile(path.join(dir, LOCAL_TOKEN_FILE), 'theirs\n');
    await shared.release();
    expect(await read(LOCAL_TOKEN_FILE)).toBe('theirs\n');
    expect(existsSync(path.join(dir, LOCAL_OWNER_FILE))).toBe(true);
  });
});
