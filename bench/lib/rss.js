// Runs the CLI as its own process and reports its peak resident memory: GNU time's
// "Maximum resident set size" when /usr/bin/time is there, else a wrapper that reads
// process.resourceUsage().maxRSS as the process exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './paths.js';

const GNU_TIME = '/usr/bin/time';
const WRAPPER = new URL('./rss-wrapper.js', import.meta.url).pathname;

const hasGnuTime = () => existsSync(GNU_TIME);

/** { code, ms, maxRssKb, method, stdout, stderr } of `lxp ...args`. */
export async function runCliMeasured(args, { env, cwd } = {}) {
  const useTime = hasGnuTime();
  const rssFile = path.join(tmpdir(), `lxp-rss-${process.pid}-${Date.now()}.txt`);
  const cmd = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, BIN, ...args] : [WRAPPER, ...args];
  const started = performance.now();
  const child = spawn(cmd, argv, { env: { ...env, LXP_BENCH_RSS_FILE: rssFile }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
  const ms = performance.now() - started;
  let maxRssKb;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    maxRssKb = m ? Number(m[1]) : undefined;
  } else {
    maxRssKb = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
    await rm(rssFile, { force: true });
  }
  return { code, ms, maxRssKb, method: useTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS', stdout, stderr };
}
