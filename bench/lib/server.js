// The local Experience API server as a child process (`lxp server --json`), so that it has its
// own event loop and the client under test does not share one with it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN } from './paths.js';

export const BENCH_APP_ID = 'beccbeccbeccbeccbeccbecc';
export const BENCH_TOKEN = 'bench-token-not-secret-0123456789';

/**
 * Starts `lxp server`; resolves once it prints its JSON line.
 * opts: { latencyMs, throttle, dataDir (default in memory), logFile }
 */
export async function spawnServer(opts = {}) {
  const args = [BIN, 'server', '--json', '--data', opts.dataDir ?? ':memory:', '--app', BENCH_APP_ID, '--token', BENCH_TOKEN];
  if (opts.latencyMs) args.push('--latency', String(opts.latencyMs));
  if (opts.throttle) args.push('--throttle', String(opts.throttle));
  if (opts.logFile) args.push('--log', opts.logFile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    exited.then((code) => reject(new Error(`lxp server exited (${code}) before listening: ${stderr}`)));
  });
  const info = JSON.parse(line);
  return {
    url: info.url,
    applicationId: info.applicationId,
    token: info.token,
    pid: child.pid,
    /** Environment for a spawned `lxp` command talking to this server. */
    env: { ...process.env, LOSANT_API_URL: info.url, LOSANT_APPLICATION_ID: info.applicationId, LOSANT_API_TOKEN: info.token, NO_COLOR: '1' },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
