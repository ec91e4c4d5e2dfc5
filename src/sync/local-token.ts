// The local target's token, shared while a long-running command (watch, dev) serves the local
// API: `.lxp/local-token` (mode 0600) for other clients (curl, losant-rest, Losant's CLI), and
// beside it `.lxp/local-api.json` naming the process that owns it and its URL. One owner at a
// time: a second watch/dev of the folder on the local target would overwrite the first one's
// token (its clients then get 401) and delete the file on exit while the first still points
// users at it (review 10, F9). So a live owner refuses the second; an owner that is gone (a run
// that was killed) is replaced; and a run removes the files only while they are still its own.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDir } from '../project/make-dir.js';
import { LxpError } from './errors.js';

/** Where a long-running command (watch, dev) leaves the local target's token for other clients, while it runs. */
export const LOCAL_TOKEN_FILE = path.join('.lxp', 'local-token');
/** Who owns LOCAL_TOKEN_FILE: `{ "pid", "url" }`. */
export const LOCAL_OWNER_FILE = path.join('.lxp', 'local-api.json');

interface Owner {
  pid: number;
  url: string;
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    return typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0 ? { pid: data.pid, url: String(data.url ?? '') } : undefined;
  } catch {
    return undefined; // missing or unreadable: nobody's
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
 * Takes the folder's local token files for this process (refused while another running process
 * holds them) and writes the token; `release()` removes them if they are still this process's.
 */
export async function shareLocalToken(dir: string, token: string, url: string): Promise<{ tokenFile: string; release(): Promise<void> }> {
  const root = path.resolve(dir);
  const tokenFile = path.join(root, LOCAL_TOKEN_FILE);
  const ownerFile = path.join(root, LOCAL_OWNER_FILE);
  await makeDir(path.dirname(ownerFile), { private: true });
  const mine = `${JSON.stringify({ pid: process.pid, url })}\n`;
  try {
    // Exclusive create: of two runs starting at once, one takes it.
    await writeFile(ownerFile, mine, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = await readOwner(ownerFile);
    if (other && other.pid !== process.pid && isRunning(other.pid))
      throw new LxpError(
        'refused',
        `another lxp process (pid ${other.pid}) serves this folder's local API${other.url ? ` at ${other.url}` : ''}, with its token in ${LOCAL_TOKEN_FILE}: one lxp watch or dev at a time per folder on the local target — stop it first (if no lxp runs there, delete ${LOCAL_OWNER_FILE})`,
      );
    await writeFile(ownerFile, mine, { mode: 0o600 }); // left by a run that was killed
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
