// Running the sync commands in-process against a test world (../harness/world.ts): captured
// output, the exit code, and the JSON document of --json runs.
import type { SyncFlags } from '../../src/cli/output/run-sync.js';
import { runLxp, type Run, type RunOptions } from '../harness/cli.js';
import type { World } from '../harness/world.js';

export type { Run } from '../harness/cli.js';
export { startWorld, type World, type RemoteViewRecord } from '../harness/world.js';
export { useWorlds } from '../harness/lifecycle.js';
export { APP_ID, TOKEN, type LosantClient } from '../harness/server.js';
export { writeView, writeSample, listFiles, snapshot } from '../harness/folder.js';

/** The smallest folder that renders: layouts/main.hbs and a home page on it (spread it to add files). */
export const MAIN_AND_HOME: Readonly<Record<string, string>> = Object.freeze({
  'layouts/main.hbs': '<main>{{page}}</main>\n',
  'pages/home.hbs': '---\nlayout: main\n---\n<p>home</p>\n',
});

/** SyncFlags as command-line flags. */
function argv(flags: SyncFlags): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined || v === false) continue;
    const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    out.push(...(v === true ? [flag] : [flag, String(v)]));
  }
  return out;
}

/** `lxp <command> [paths…] --dir <world.dir> <flags>` in-process against the world's server. */
export async function lxp(
  world: World,
  command: 'deploy' | 'pull' | 'status' | 'diff',
  flags: SyncFlags = {},
  paths: string[] = [],
  extra: { env?: NodeJS.ProcessEnv; retries?: number } = {},
): Promise<Run> {
  const run = await runLxp([command, ...paths, ...argv({ dir: world.dir, ...flags })], {
    cwd: world.root,
    env: { ...world.env, ...extra.env },
    retries: extra.retries,
  });
  if (flags.json && run.json === undefined) throw new Error(`--json printed no JSON document:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** `lxp <args…> --dir <world.dir>` in-process against the world's server, from the world's root. */
export function lxpIn(world: World, args: string[], opts: Partial<RunOptions> = {}): Promise<Run> {
  return runLxp([...args, '--dir', world.dir], { cwd: world.root, env: world.env, ...opts });
}

/** The writes (non-GET requests) a --json run reports: requests minus the list pages. */
export function writesOf(run: Run): number {
  return run.json.changes.filter((c: { action: string; status: string }) =>
    ['create', 'update', 'rename', 'delete', 'mark'].includes(c.action) && c.status === 'done',
  ).length;
}

/** The writes (every request but GET) the world's server logged since request number `since`. */
export async function writesSince(world: World, since: number) {
  return (await world.requests()).slice(since).filter((r) => r.method !== 'GET');
}

/** develop's groups as the second client (losant-rest) lists them: id, name, description. */
export async function remoteGroups(world: World): Promise<{ id: string; name: string; description: string }[]> {
  const { items } = await world.losant.experienceGroups.get({ applicationId: world.server.applicationId, perPage: 1000 });
  return (items as { id: string; name: string; description: string }[]).map((g) => ({ id: g.id, name: g.name, description: g.description }));
}
