// A stop signal while a question waits ([y/N], a password) — a real terminal (a pty), the signal
// sent to lxp itself — says the one documented thing: "interrupted at the question: nothing was
// changed", exit 130, in text and --json; before, each command's answer to a stop half-way spoke
// instead ("… Run the command again to finish", review 11, R12). The byte 0x03 (raw mode) is
// covered in shell.e2e.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../harness/server.js';
import { useWorlds, writeSample } from './helpers.js';

const openWorld = useWorlds();
const PTY_STOP = path.join(import.meta.dirname, 'fixtures', 'pty-stop.py');

beforeAll(() => ensureBuilt());

/** The pty comes from Python's pty module: a machine without python3 skips this test (saying so), as one without chromium skips the browser's. */
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Async: the test server answers in this process while the child runs. */
async function atTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv, question: string, signal = 'SIGINT'): Promise<{ code: number; output: string }> {
  const child = spawn('python3', [PTY_STOP, JSON.stringify([process.execPath, BIN, ...args]), question, signal], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(status, stderr).toBe(0);
  const out = JSON.parse(stdout) as { code: number; sent: boolean; output: string };
  expect(out.sent, out.output).toBe(true);
  return out;
}

describe.skipIf(!hasPython)('a stop signal at a question (needs python3 for its pty)', () => {
  it('deploy, release and users add on a protected target: exit 130, "interrupted at the question: nothing was changed", nothing written', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const config = { targets: { production: { applicationId: w.server.applicationId, apiUrl: w.server.url, protected: true } } };
    await writeFile(path.join(w.dir, 'lxp.config.json'), JSON.stringify(config));
    const env = { ...w.env, LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '' };

    for (const [args, question] of [
      [['deploy', '--target', 'production'], '[y/N]'],
      [['release', 'v77', '--target', 'production'], '[y/N]'],
      [['users', 'add', 'pw@example.com', '--target', 'production', '--yes'], 'Password'],
    ] as const) {
      const text = await atTerminal([...args], w.dir, env, question);
      expect(text.code, text.output).toBe(130);
      expect(text.output).toContain('lxp: interrupted at the question: nothing was changed');
      expect(text.output).not.toContain('Run the command again');
      const json = await atTerminal([...args, '--json'], w.dir, env, question);
      expect(json.code, json.output).toBe(130);
      expect(json.output).toMatch(/"outcome": "interrupted",\s*"exitCode": 130,\s*"error": \{\s*"code": "interrupted",\s*"message": "interrupted at the question: nothing was changed"/);
    }
    const term = await atTerminal(['deploy', '--target', 'production'], w.dir, env, '[y/N]', 'SIGTERM');
    expect(term.code, term.output).toBe(143);
    expect(term.output).toContain('lxp: stopped by SIGTERM at the question: nothing was changed');
    expect(await w.remoteViews()).toEqual([]);
  });
});
