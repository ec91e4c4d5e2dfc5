// Running the sync commands in-process against a test world (../harness/world.ts): captured
// output, the exit code, and the JSON document of --json runs.
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { runPull } from '../../src/cli/commands/pull.js';
import { runStatus } from '../../src/cli/commands/status.js';
import { runDiff } from '../../src/cli/commands/diff.js';
import type { SyncFlags } from '../../src/cli/output/run-sync.js';
import type { World } from '../harness/world.js';

export { startWorld, type World, type RemoteViewRecord } from '../harness/world.js';
export { APP_ID, TOKEN, type LosantClient } from '../harness/server.js';
export { writeView, writeSample, listFiles, snapshot } from '../harness/folder.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  json: any;
}

type Runner = typeof runDeploy;
const RUNNERS: Record<'deploy' | 'pull' | 'status' | 'diff', Runner> = { deploy: runDeploy, pull: runPull, status: runStatus, diff: runDiff };

export async function lxp(
  world: World,
  command: 'deploy' | 'pull' | 'status' | 'diff',
  flags: SyncFlags = {},
  paths: string[] = [],
  extra: { env?: NodeJS.ProcessEnv; retries?: number } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await RUNNERS[command](paths, { dir: world.dir, ...flags }, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: { ...world.env, ...extra.env },
    cwd: world.root,
    clientOptions: { retries: extra.retries, backoff: { baseMs: 5, maxMs: 20 } },
  });
  let json: unknown;
  if (flags.json) json = JSON.parse(stdout);
  return { code, stdout, stderr, json };
}

/** The writes (non-GET requests) a --json run reports: requests minus the list pages. */
export function writesOf(run: Run): number {
  return run.json.changes.filter((c: { action: string; status: string }) =>
    ['create', 'update', 'rename', 'delete', 'mark'].includes(c.action) && c.status === 'done',
  ).length;
}
