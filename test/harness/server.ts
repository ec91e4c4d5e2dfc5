// THE way every test suite starts the local Experience API: in-process (startServer) or as a
// child process (`lxp server --json`, the built CLI, for tests that kill it). One set of ids and
// one token; the official Losant client (losant-rest) and lxp's own client pointed at it; a raw
// request helper; the request log; stop and start again on the same port and data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createClient, type ClientOptions } from '../../src/api/client.js';
import type { ExperienceClient } from '../../src/api/types.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The built CLI (npm test builds dist/ first; ensureBuilt() for a file run alone). */
export const BIN = path.join(ROOT, 'bin', 'lxp.js');
export const APP_ID = '5f0c0ffee0ddba11cafe0001';
export const TOKEN = 'lxp-test-token-0123456789abcdef';

const require = createRequire(import.meta.url);
// losant-rest is CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LosantClient = any;
const losantRest = require('losant-rest') as { createClient(o: { url: string; accessToken: string }): LosantClient };

/**
 * Builds dist/ when a test file that spawns the CLI runs alone (tsc emits despite type errors
 * elsewhere), then the bundle bin/lxp.js runs (scripts/bundle-cli.mjs; without it, or with it
 * older than dist/, the binary runs dist/ itself — the tests would not run what users run).
 */
let built = false;
export function ensureBuilt(): void {
  if (built) return; // once per test process: tsc is slow on a busy machine
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('build of dist/ failed');
  const bundled = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (bundled.status !== 0) throw new Error(`bundling the CLI failed: ${bundled.stderr}`);
  built = true;
}

export interface TestServerOptions extends ServerOptions {
  /** Run `lxp server` as a child process (the built CLI) instead of in this process. */
  child?: boolean;
}

export interface LogLine {
  time?: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  dropped?: boolean;
}

/**
 * The requests that are not reads of develop's list of views. A deploy, status or diff refused
 * for an invalid folder may have sent that read ahead while it read the folder
 * (src/cli/output/list-ahead.ts), and nothing else: this is what must stay empty. (The log has
 * no query strings: GET …/experience/views is a page of the list.)
 */
export function besidesViewList<L extends { method: string; path: string }>(lines: L[]): L[] {
  return lines.filter((l) => !(l.method === 'GET' && /\/experience\/views$/.test(l.path)));
}

export interface TestServer {
  url: string;
  port: number;
  applicationId: string;
  /** Every application served, the main one first. */
  applicationIds: string[];
  token: string;
  /** The options it was started with (ids and token filled in). */
  options: TestServerOptions;
  /** The child process, when started with `child: true`. */
  child?: ChildProcess;
  /** The official Losant client, as an independent second opinion on remote state. */
  losant: LosantClient;
  /** lxp's own API client (quick backoff unless told otherwise). */
  client(opts?: Partial<ClientOptions>): ExperienceClient;
  /** Environment that makes an lxp command use this server (the target named "env"). */
  env(home: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** A raw request; `path` is relative to /applications/{appId}/experience unless it starts with /applications. */
  raw(
    method: string,
    path: string,
    init?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string | null },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Lines of the request log (options.logFile). */
  requests(): Promise<LogLine[]>;
  /** In-process only: an application's experience users and groups, and sign-in tokens for them (what `lxp dev` signs in with). */
  experienceUsers(applicationId?: string): ReturnType<RunningServer['experienceUsers']>;
  /** Stops it (idempotent). */
  close(): Promise<void>;
  /** Stops it and starts it again on the same port and data folder, with some options changed. */
  restart(changes?: Partial<TestServerOptions>): Promise<void>;
}

interface Running {
  url: string;
  port: number;
  applicationId: string;
  applicationIds: string[];
  token: string;
  child?: ChildProcess;
  experienceUsers?: RunningServer['experienceUsers'];
  close(): Promise<void>;
}

async function startInProcess(o: ServerOptions): Promise<Running> {
  const s: RunningServer = await startServer(o);
  return { url: s.url, port: s.port, applicationId: s.applicationId, applicationIds: s.applicationIds, token: s.token, experienceUsers: (id) => s.experienceUsers(id), close: () => s.close() };
}

/** `lxp server --json` as a child; resolves once it prints its URL. */
async function startChild(o: ServerOptions): Promise<Running> {
  ensureBuilt();
  const args = [BIN, 'server', '--json', '--port', String(o.port ?? 0), '--data', o.dataDir ?? ':memory:'];
  if (o.applicationId) args.push('--app', o.applicationId);
  if (o.token) args.push('--token', o.token);
  if (o.latencyMs !== undefined) args.push('--latency', String(o.latencyMs));
  if (o.failRate !== undefined) args.push('--fail-rate', String(o.failRate));
  if (o.dropRate !== undefined) args.push('--drop-rate', String(o.dropRate));
  if (o.throttle !== undefined) args.push('--throttle', String(o.throttle));
  if (o.seed !== undefined) args.push('--seed', String(o.seed));
  if (o.logFile) args.push('--log', o.logFile);
  if (o.experienceDir) args.push('--dir', o.experienceDir);
  if (o.signIn === false) args.push('--no-sign-in');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`lxp server exited (${code})`)));
  });
  const info = JSON.parse(line) as { url: string; applicationId: string; token: string };
  const port = Number(new URL(info.url).port);
  let closed: Promise<void> | undefined;
  return {
    ...info,
    applicationIds: [info.applicationId],
    port,
    child,
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      return closed;
    },
  };
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  let options: TestServerOptions = { port: 0, token: TOKEN, applicationId: APP_ID, ...opts };
  const boot = (o: TestServerOptions) => {
    const { child, ...serverOptions } = o;
    return child ? startChild(serverOptions) : startInProcess(serverOptions);
  };
  let running = await boot(options);
  const server: TestServer = {
    get url() {
      return running.url;
    },
    get port() {
      return running.port;
    },
    get applicationId() {
      return running.applicationId;
    },
    get applicationIds() {
      return running.applicationIds;
    },
    get token() {
      return running.token;
    },
    get options() {
      return options;
    },
    get child() {
      return running.child;
    },
    experienceUsers(id?: string) {
      if (!running.experienceUsers) throw new Error('experienceUsers() needs an in-process server');
      return running.experienceUsers(id);
    },
    get losant() {
      return losantRest.createClient({ url: running.url, accessToken: running.token });
    },
    client: (o = {}) =>
      createClient({ apiUrl: running.url, applicationId: running.applicationId, token: running.token, backoff: { baseMs: 5, maxMs: 20 }, ...o }),
    env: (home, extra = {}) => ({
      PATH: process.env.PATH,
      HOME: home,
      NO_COLOR: '1',
      LOSANT_API_URL: running.url,
      LOSANT_APPLICATION_ID: running.applicationId,
      LOSANT_API_TOKEN: running.token,
      ...extra,
    }),
    async raw(method, p, init = {}) {
      const url = p.startsWith('/applications') ? running.url + p : `${running.url}/applications/${running.applicationId}/experience${p}`;
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token !== null) headers.authorization = `Bearer ${init.token ?? running.token}`;
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text so the assertion shows it */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async requests() {
      if (!options.logFile) throw new Error('start the test server with a logFile to read its requests');
      const text = await readFile(options.logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine);
    },
    close: () => running.close(),
    async restart(changes = {}) {
      await running.close();
      options = { ...options, port: running.port, ...changes };
      running = await boot(options);
    },
  };
  return server;
}

/** Runs a losant-rest call that must fail and returns the error (statusCode, type, message). */
export async function failing(p: Promise<unknown>): Promise<{ statusCode: number; type: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode: number; type: string; message: string };
  }
  throw new Error('expected the request to fail');
}
