// The API token never leaves lxp: not in stdout or stderr (also with --verbose and --json), not in
// errors of failing requests (server errors, lost responses, 401s), not in any file lxp writes.
// Every command that talks to the API is run as a spawned process and everything is searched.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, ensureBuilt, makeExperience, spawnLxp, startTestServer, writeViews } from '../faults/helpers.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { allFilesUnder } from '../harness/folder.js';

const SECRET = 'tok_Secret-9f8e7d6c5b4a3210+/=';
const forms = [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64'), SECRET.slice(4, 24)];

/** Commands talking to the API, each with the flags that print the most. */
const COMMANDS: string[][] = [
  ['status', '--verbose'],
  ['status', '--json', '--verbose'],
  ['diff', '--verbose'],
  ['diff', '--json'],
  ['deploy', '--dry-run', '--verbose'],
  ['deploy', '--verbose'],
  ['deploy', '--json', '--verbose'],
  ['pull', '--verbose'],
  ['pull', '--json', '--verbose'],
  ['versions'],
  ['versions', '--json'],
  ['release', 'v1', '--yes', '-m', 'first'],
  ['release', 'v2', '--yes', '--json'],
  ['promote', 'v1', '--slug', 'main'],
  ['promote', 'v1', '--slug', 'main', '--json'],
  ['restore', 'v1', '--yes'],
  ['restore', 'v1', '--yes', '--json'],
];

function expectNoSecret(where: string, text: string): void {
  for (const f of forms) expect(text.includes(f), `${where} holds the token (${f})`).toBe(false);
}

// One root for the file, searched by the last test; the servers stay up until the file's end, then the root goes.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
let root: string;
beforeAll(async () => {
  ensureBuilt();
  root = await tempDir('lxp-token-');
}, 180_000);

/** Runs every command against `url`; returns how many exited non-zero (the failing paths ran). */
async function runAll(dir: string, url: string, logFile?: string): Promise<{ failures: number; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: root, NO_COLOR: '1', LOSANT_API_URL: url, LOSANT_APPLICATION_ID: APP_ID, LOSANT_API_TOKEN: SECRET };
  let failures = 0;
  let stderr = '';
  for (const args of COMMANDS) {
    const r = await spawnLxp([...args, '--dir', dir], env, root).done;
    if (r.code !== 0) failures++;
    stderr += r.stderr;
    expectNoSecret(`stdout of lxp ${args.join(' ')}`, r.stdout);
    expectNoSecret(`stderr of lxp ${args.join(' ')}`, r.stderr);
  }
  if (logFile) expectNoSecret('the server request log', await readFile(logFile, 'utf8'));
  return { failures, stderr };
}

describe('the API token never appears', () => {
  it('with a server failing 30 % of requests and dropping 10 % of answers', async () => {
    const dir = await makeExperience(root, {}, { name: 'flaky' });
    await writeViews(dir, 12);
    const log = path.join(root, 'flaky.log');
    const server = await startServer({ token: SECRET, failRate: 0.3, dropRate: 0.1, seed: 5, logFile: log });
    const { stderr } = await runAll(dir, server.url, log);
    // The verbose request lines and the failure paths really ran.
    expect(stderr).toMatch(/GET \/applications\/[0-9a-f]{24}\/experience\/views/);
    expect(stderr).toMatch(/→ 50[023]/);
  }, 240_000);

  it('with a server that refuses the token (every request 401)', async () => {
    const dir = await makeExperience(root, {}, { name: 'refused' });
    await writeViews(dir, 3);
    const server = await startServer({ token: 'another-token-entirely' });
    const { failures } = await runAll(dir, server.url);
    expect(failures).toBeGreaterThanOrEqual(COMMANDS.length - 1);
  }, 240_000);

  it('with the token put in LOSANT_API_URL by mistake', async () => {
    const dir = await makeExperience(root, {}, { name: 'url' });
    await writeViews(dir, 2);
    const env = { PATH: process.env.PATH, HOME: root, LOSANT_API_URL: `http://user:${encodeURIComponent(SECRET)}@127.0.0.1:9/`, LOSANT_APPLICATION_ID: APP_ID, LOSANT_API_TOKEN: SECRET };
    const inQuery = { ...env, LOSANT_API_URL: `http://127.0.0.1:9/?token=${SECRET}` };
    for (const [args, e] of [[['status', '--verbose'], env], [['deploy', '--json'], env], [['status'], inQuery]] as const) {
      const r = await spawnLxp([...args, '--dir', dir], e, root).done;
      expect(r.code).not.toBe(0);
      expectNoSecret(`stdout of lxp ${args.join(' ')}`, r.stdout);
      expectNoSecret(`stderr of lxp ${args.join(' ')}`, r.stderr);
    }
  });

  it('in any file lxp wrote (folders, state, HOME)', async () => {
    const files = await allFilesUnder(root);
    expect(files.some((f) => f.endsWith(path.join('.lxp', 'state.json')))).toBe(true);
    for (const f of files) {
      if ((await stat(f)).size > 50_000_000) continue;
      expectNoSecret(f, await readFile(f, 'latin1'));
    }
  });
});
