// The local target's token, shared while a long-running command (watch, dev) serves the local
// API: `.lxp/local-token` (mode 0600) for other clients (curl, losant-rest, Losant's CLI), and
// beside it `.lxp/local-api.json` naming the process that owns it and its URL. One owner at a
// time: a second watch/dev of the folder on the local target would overwrite the first one's
// token (its clients then get 401) and delete the file on exit while the first still points
// users at it (review 10, F9). So a live owner refuses the second; an owner that is gone (a run
// that was killed) is replaced; and a run removes the files only while they are still its own.
//
// "Live" is checked three ways, because a pid alone is reused (review 10b, F10: a file left by a
// run killed before a reboot named a pid that now belonged to another program, and blocked every
// watch as "another lxp process"): the pid runs; where /proc exists (Linux), that process started
// when the file says its owner did; and something accepts connections at the owner's loopback
// URL, as a running lxp's local API does — even one stopped with Ctrl-Z, since the kernel
// completes the connection. The connection is the check that works everywhere (macOS has no
// /proc); the start time rules out, on Linux, a reused pid whose old port another program holds.
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { makeDir } from '../project/make-dir.js';
import { LxpError } from './errors.js';

/** Where a long-running command (watch, dev) leaves the local target's token for other clients, while it runs. */
export const LOCAL_TOKEN_FILE = path.join('.lxp', 'local-token');
/** Who owns LOCAL_TOKEN_FILE: `{ "pid", "url", "started"? }` (`started`: where /proc tells it). */
export const LOCAL_OWNER_FILE = path.join('.lxp', 'local-api.json');

interface Owner {
  pid: number;
  url: string;
  /** The process's start time as /proc/<pid>/stat gives it (clock ticks since boot); absent elsewhere. */
  started?: string;
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    if (typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return undefined;
    return { pid: data.pid, url: String(data.url ?? ''), ...(typeof data.started === 'string' ? { started: data.started } : {}) };
  } catch {
    return undefined; // missing or unreadable: nobody's
  }
}

/** When the process started (field 22 of /proc/<pid>/stat), or undefined where there is no /proc. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ")": count after the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether a process of that id runs (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether something accepts a connection at the owner's URL. lxp binds its local API to
 * 127.0.0.1 only: a URL on any other host (or none) is not one it wrote. Refused: nobody serves
 * there. No answer within a few seconds (a full backlog) counts as serving: refusing a second run
 * is the safe side, and the message says how to clear a stale file.
 */
function serves(url: string): Promise<boolean> {
  let where: URL;
  try {
    where = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  if (where.hostname !== '127.0.0.1' || where.protocol !== 'http:' || where.port === '') return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(where.port) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(3000, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Whether the file's owner is a running lxp that serves this folder's local API (see the top of the file). */
async function ownerRuns(owner: Owner): Promise<boolean> {
  if (owner.pid === process.pid || !isRunning(owner.pid)) return false;
  if (owner.started !== undefined) {
    const started = processStart(owner.pid);
    if (started !== undefined && started !== owner.started) return false; // the pid was reused
  }
  return serves(owner.url);
}

/**
 * Takes the folder's local token files for this process (refused while another running process
 * holds them) and writes the token; `release()` removes them if they are still this process's.
 */
export async function shareLocalToken(dir: string, token: string, url: string): Promise<{ tokenFile: string; release(): Promise<void> }> {
  const root = path.resolve(dir);
  const tokenFile = path.join(root, LOCAL_TOKEN_FILE);
  const ownerFile = path.join(root, LOCAL_OWNER_FILE);
  await makeDir(path.dirname(ownerFile), { private: true });
  const started = processStart(process.pid);
  const mine = `${JSON.stringify({ pid: process.pid, url, ...(started !== undefined ? { started } : {}) })}\n`;
  try {
    // Exclusive create: of two runs starting at once, one takes it.
    await writeFile(ownerFile, mine, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = await readOwner(ownerFile);
    if (other && (await ownerRuns(other)))
      throw new LxpError(
        'refused',
        `another lxp process (pid ${other.pid}) serves this folder's local API${other.url ? ` at ${other.url}` : ''}, with its token in ${LOCAL_TOKEN_FILE}: one lxp watch or dev at a time per folder on the local target — stop it first (if no lxp runs there, delete ${LOCAL_OWNER_FILE})`,
      );
    await writeFile(ownerFile, mine, { mode: 0o600 }); // left by a run that was killed (its pid gone or reused)
  }
  await rm(tokenFile, { force: true }); // a file left by a killed run: mode 0600 applies to new files only
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  return {
    tokenFile,
    release: async () => {
      if ((await readOwner(ownerFile))?.pid !== process.pid) return;
      await rm(tokenFile, { force: true });
      await rm(ownerFile, { force: true });
    },
  };
}
