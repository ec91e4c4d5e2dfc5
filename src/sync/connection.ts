// The ONE way to get an API client: resolve the target (flags, lxp.config.json, environment),
// and for the built-in `local` target start the embedded Experience server in-process (data
// under <dir>/.lxp/server). The local application id is stable (kept in <dir>/.lxp/local.json)
// so sync state and URLs survive restarts; the local token is new on every run.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../project/write-atomic.js';
import { createClient, type RequestEvent } from '../api/client.js';
import type { ExperienceClient } from '../api/types.js';
import type { ApplicationUsers } from '../server/index.js';
import { describeTarget, LOCAL_DATA_DIR, redactSecrets, resolveTarget, type ConcurrencySetting, type LxpConfig, type ResolvedTarget } from '../config/index.js';
import { makeDir } from '../project/make-dir.js';
import { shareLocalToken } from './local-token.js';

export const LOCAL_STATE_FILE = path.join('.lxp', 'local.json');
export { LOCAL_TOKEN_FILE } from './local-token.js';

export interface Connection {
  target: ResolvedTarget;
  client: ExperienceClient;
  /** Values that must never be printed (the token), for redactSecrets(). */
  secrets: string[];
  /**
   * The embedded server, for the local target started with `shareLocal`: its URL, and the file
   * (mode 0600, removed by close) that holds its token, so curl or losant-rest can reach develop.
   */
  local?: { url: string; tokenFile: string };
  /**
   * The local target only: the embedded server's experience users and groups of the
   * application, and sign-in tokens it accepts (`lxp dev`'s development sign-in). Never set for
   * a remote target.
   */
  localUsers?: ApplicationUsers;
  /** Stops the embedded server, if one was started. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  dir: string;
  /** --target */
  target?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives the one line saying which target is used (stderr in the CLI); omitted = silent. */
  say?: (line: string) => void;
  onRequest?: (e: RequestEvent) => void;
  /** Client tuning (tests shorten backoff); concurrency from resolveConcurrency() (default "auto"). */
  clientOptions?: { timeoutMs?: number; retries?: number; backoff?: { baseMs?: number; maxMs?: number }; concurrency?: ConcurrencySetting };
  /** Local target: write the token to LOCAL_TOKEN_FILE (0600) while connected, for other clients. */
  shareLocal?: boolean;
  /** Resolve the target with this configuration instead of `<dir>/lxp.config.json` (lxp import, before it writes one). */
  config?: LxpConfig;
}

/** The local application's id for this folder: read from .lxp/local.json, created once. */
export async function localApplicationId(dir: string): Promise<string> {
  const file = path.join(dir, LOCAL_STATE_FILE);
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { applicationId?: unknown };
    if (typeof data.applicationId === 'string' && /^[0-9a-f]{24}$/.test(data.applicationId)) return data.applicationId;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
  }
  const applicationId = randomBytes(12).toString('hex');
  await makeDir(path.dirname(file), { private: true });
  await writeFileAtomic(file, `${JSON.stringify({ applicationId }, null, 2)}\n`);
  return applicationId;
}

export async function connect(opts: ConnectOptions): Promise<Connection> {
  const env = opts.env ?? process.env;
  const target = resolveTarget({ dir: opts.dir, target: opts.target, env, config: opts.config });
  const tuning = opts.clientOptions ?? {};
  if (target.local) {
    const { startServer } = await import('../server/index.js');
    const applicationId = await localApplicationId(opts.dir);
    const token = randomBytes(24).toString('base64url');
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: target.dataDir ?? path.join(path.resolve(opts.dir), LOCAL_DATA_DIR),
      applicationId,
      token,
    });
    opts.say?.(describeTarget(target));
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token, onRequest: opts.onRequest, ...tuning });
    let local: Connection['local'];
    let shared: Awaited<ReturnType<typeof shareLocalToken>> | undefined;
    if (opts.shareLocal) {
      try {
        shared = await shareLocalToken(opts.dir, token, server.url);
      } catch (err) {
        await server.close();
        throw err;
      }
      local = { url: server.url, tokenFile: shared.tokenFile };
    }
    return {
      target: { ...target, applicationId: server.applicationId },
      client,
      secrets: [token],
      local,
      localUsers: server.experienceUsers(),
      close: async () => {
        await shared?.release();
        await server.close();
      },
    };
  }
  return remoteConnection(target, opts);
}

/**
 * connect() for a remote target only, synchronously: undefined for the local target, whose
 * connection starts the embedded server and may write .lxp/local.json. Throws what connect()
 * throws for a target that cannot be resolved (no token, unknown target…).
 */
export function connectRemote(opts: ConnectOptions): Connection | undefined {
  const target = resolveTarget({ dir: opts.dir, target: opts.target, env: opts.env ?? process.env, config: opts.config });
  return target.local ? undefined : remoteConnection(target, opts);
}

function remoteConnection(target: ResolvedTarget, opts: ConnectOptions): Connection {
  // The URL is shown as configured; a token someone put into it is still never printed.
  opts.say?.(redactSecrets(describeTarget(target), [target.token!]));
  const client = createClient({
    apiUrl: target.apiUrl!,
    applicationId: target.applicationId!,
    token: target.token!,
    onRequest: opts.onRequest,
    ...(opts.clientOptions ?? {}),
  });
  return { target, client, secrets: [target.token!], close: async () => {} };
}
