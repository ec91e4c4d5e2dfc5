// One deploy or pull through the library (dist/index.js), timed, with every request counted by
// method and status (from the client's onRequest events).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fromDist } from './paths.js';

let lib;
async function library() {
  lib ??= await fromDist('index.js');
  return lib;
}

/** Forgets the folder's sync state, so the next run is a first deploy/pull. */
export async function forgetState(dir) {
  await rm(path.join(dir, '.lxp'), { recursive: true, force: true });
}

/**
 * Runs `command` ('deploy' | 'pull') of dir against server. opts.concurrency: the client's
 * concurrency (a number fixes it; undefined = the default, "auto").
 * Returns { ms, exitCode, outcome, requests, gets, writes, retries, throttled, failedChanges,
 * doneWrites, concurrency: { mode, limit, peak, lowest } }.
 */
export async function timedSync(command, dir, server, opts = {}) {
  const { createClient, deploy, pull } = await library();
  const counts = { gets: 0, writes: 0, status429: 0, status5xx: 0, noResponse: 0 };
  const client = createClient({
    apiUrl: server.url,
    applicationId: server.applicationId,
    token: server.token,
    concurrency: opts.concurrency,
    onRequest(e) {
      if (e.method === 'GET') counts.gets++;
      else counts.writes++;
      if (e.status === 429) counts.status429++;
      else if (e.status !== undefined && e.status >= 500) counts.status5xx++;
      else if (e.status === undefined) counts.noResponse++;
    },
  });
  const run = command === 'deploy' ? deploy : pull;
  const started = performance.now();
  const report = await run({ dir, client, target: 'bench' });
  const ms = performance.now() - started;
  const failedChanges = report.results.filter((r) => r.status === 'failed' || (r.status === 'skipped' && r.action !== 'skip')).length;
  const doneWrites = report.results.filter((r) => r.status === 'done' && ['create', 'update', 'rename', 'delete', 'mark'].includes(r.action)).length;
  return {
    ms,
    exitCode: report.exitCode,
    outcome: report.outcome,
    message: report.message,
    requests: client.stats.requests,
    retries: client.stats.retries,
    throttled: client.stats.throttled,
    failedChanges,
    doneWrites,
    concurrency: { ...client.stats.concurrency },
    ...counts,
  };
}
