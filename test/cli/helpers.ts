// Set-up for the sync commands' end-to-end tests: a real local server on 127.0.0.1:0, a temp
// experience folder, the commands driven in-process with captured output, and the official
// Losant client (losant-rest) to look at what landed remotely.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { runPull } from '../../src/cli/commands/pull.js';
import { runStatus } from '../../src/cli/commands/status.js';
import { runDiff } from '../../src/cli/commands/diff.js';
import type { SyncFlags } from '../../src/cli/output/run-sync.js';

const require = createRequire(import.meta.url);
// losant-rest is CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LosantClient = any;
const losant = require('losant-rest') as { createClient(o: { url: string; accessToken: string }): LosantClient };

export const APP_ID = '5f0c0ffee0ddba11cafe0001';
export const TOKEN = 'e2e-secret-token-0123456789';

export interface RemoteViewRecord {
  id: string;
  name: string;
  viewType: string;
  body?: string;
  description?: string;
  layoutId?: string | null;
  viewTags?: Record<string, string>;
  headers?: Record<string, string>;
  lastUpdated: string;
}

export interface World {
  server: RunningServer;
  dataDir: string;
  root: string;
  dir: string;
  losant: LosantClient;
  env: NodeJS.ProcessEnv;
  /** Requests the server received so far ({method, path, status}), from its request log. */
  requests(): Promise<Array<{ method: string; path: string; status: number; dropped?: boolean }>>;
  /** Every view of develop, via losant-rest. */
  remoteViews(): Promise<RemoteViewRecord[]>;
  restart(opts?: ServerOptions): Promise<void>;
  close(): Promise<void>;
}

export async function makeWorld(opts: ServerOptions = {}): Promise<World> {
  const root = await mkdtemp(path.join(tmpdir(), 'lxp-e2e-'));
  const dir = path.join(root, 'site');
  const dataDir = path.join(root, 'server-data');
  await mkdir(dir, { recursive: true });
  const world = {} as World;
  const start = async (o: ServerOptions) => {
    world.server = await startServer({ port: 0, dataDir, token: TOKEN, applicationId: APP_ID, seed: 7, logFile: path.join(root, 'requests.log'), ...o });
    world.losant = losant.createClient({ url: world.server.url, accessToken: TOKEN });
    world.env = {
      PATH: process.env.PATH,
      HOME: root,
      NO_COLOR: '1',
      LOSANT_API_URL: world.server.url,
      LOSANT_APPLICATION_ID: APP_ID,
      LOSANT_API_TOKEN: TOKEN,
    };
  };
  await start(opts);
  Object.assign(world, {
    dataDir,
    root,
    dir,
    async requests() {
      const text = await readFile(path.join(root, 'requests.log'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    async remoteViews() {
      const res = await world.losant.experienceViews.get({ applicationId: APP_ID, perPage: 1000 });
      return res.items as RemoteViewRecord[];
    },
    async restart(o: ServerOptions = {}) {
      await world.server.close();
      await start(o);
    },
    async close() {
      await world.server.close();
      await rm(root, { recursive: true, force: true });
    },
  });
  return world;
}

export async function writeView(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

/** A small experience: a layout, three pages (one using the layout), a component. */
export async function writeSample(dir: string): Promise<void> {
  await writeView(dir, 'layouts/main.hbs', '---\ndescription: Main layout\n---\n<html><body>{{component "header"}}{{page}}</body></html>\n');
  await writeView(dir, 'pages/home.hbs', '---\nlayout: main\ntags: { area: public }\n---\n<h1>{{pageData.title}}</h1>\n');
  await writeView(dir, 'pages/about.hbs', '---\nlayout: main\n---\n<p>About us</p>\n');
  await writeView(dir, 'pages/api/data.hbs', '---\ncontentType: application/json\n---\n{"ok": true}\n');
  await writeView(dir, 'components/header.hbs', '<header>Site</header>\n');
}

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

/** Every file under a folder, relative, sorted (skipping .lxp). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name === '.lxp') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)));
}

/** The writes (non-GET requests) a --json run reports: requests minus the list pages. */
export function writesOf(run: Run): number {
  return run.json.changes.filter((c: { action: string; status: string }) =>
    ['create', 'update', 'rename', 'delete', 'mark'].includes(c.action) && c.status === 'done',
  ).length;
}
