// The local Experience API server as a library: `startServer(options)` listens on loopback and
// resolves once it accepts requests. `lxp server` is a thin shell around it.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoopback, listenError } from '../config/address.js';
import { createExperienceHost } from './experience/host.js';
import { SessionUsers, type ApplicationUsers } from './experience/users.js';
import { replyFileProvider } from '../runtime/index.js';
import { buildApp, BODY_LIMIT } from './app.js';
import { FaultInjector } from './faults.js';
import { RequestLog } from './request-log.js';
import { Store, type Actor } from './store/index.js';
import { isObjectId, newObjectId } from './ids.js';

export { BODY_LIMIT } from './app.js';
export { MAX_PER_PAGE, DEFAULT_PER_PAGE } from './list-query.js';
export { DATABASE_FILE } from './store/database.js';
export type { ApplicationUsers, LocalGroup } from './experience/users.js';
export type { SignInUsers } from './experience/sign-in.js';

export interface ApplicationOption {
  /** 24 hex digits. */
  id: string;
  name?: string;
}

export interface ServerOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Folder of the SQLite database; undefined = an in-memory database (tests). */
  dataDir?: string;
  /** The bearer token the server accepts; generated when absent. */
  token?: string;
  /**
   * The main application (24 hex). When absent: the first application already in the data
   * folder, else a new id. Created when missing.
   */
  applicationId?: string;
  applicationName?: string;
  /** More applications to serve (created when missing). */
  applications?: ApplicationOption[];
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** Share (0..1) of requests answered 500/502/503 without doing anything. */
  failRate?: number;
  /** Share (0..1) of writes committed but never answered (the connection is closed). */
  dropRate?: number;
  /** Requests per second beyond which requests get 429 with Retry-After. */
  throttle?: number;
  /** File that receives one JSON line per request. */
  logFile?: string;
  /** Makes fault injection deterministic. */
  seed?: number;
  /** Request body limit in bytes (default 1 MiB); larger bodies get 413. */
  bodyLimit?: number;
  /**
   * Experience folder whose replies/ folder stands in for workflows (reply files). Without
   * it, endpoints without a static reply answer 501.
   */
  experienceDir?: string;
  /**
   * Serve the development sign-in page /~lxp/sign-in in each experience. Default: on when
   * listening on a loopback address, off otherwise (anyone who reaches it can sign in as any
   * experience user).
   */
  signIn?: boolean;
  /**
   * Told once about each response header of a version HTTP cannot carry (the API takes what
   * Losant's schema takes; the experience leaves such a header out of its responses).
   */
  warn?: (message: string) => void;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  applicationId: string;
  /** Every application served, the main one first. */
  applicationIds: string[];
  token: string;
  /** Whether the development sign-in page /~lxp/sign-in is served. */
  signIn: boolean;
  /**
   * An application's experience users and groups, and sign-in tokens the server accepts for
   * them (default: the main application). In-process only: `lxp dev` signs in with it.
   */
  experienceUsers(applicationId?: string): ApplicationUsers;
  close(): Promise<void>;
}

/** The id writes are recorded under (createdById/lastUpdatedById): the one API token's id. */
const ACTOR: Actor = { id: createHash('sha256').update('lxp local server token').digest('hex').slice(0, 24), type: 'apiToken' };

function checkRate(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
}

function checkOptions(o: ServerOptions): void {
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) {
    throw new RangeError('port must be an integer from 0 to 65535');
  }
  for (const id of [o.applicationId, ...(o.applications ?? []).map((a) => a.id)]) {
    if (id !== undefined && !isObjectId(id)) throw new RangeError(`application id "${id}" is not 24 hex digits`);
  }
  checkRate('failRate', o.failRate);
  checkRate('dropRate', o.dropRate);
  if (o.latencyMs !== undefined && !(Number.isFinite(o.latencyMs) && o.latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0');
  if (o.throttle !== undefined && !(Number.isFinite(o.throttle) && o.throttle > 0)) throw new RangeError('throttle must be > 0');
  if (o.token !== undefined && !/^\S+$/.test(o.token)) throw new RangeError('token must be non-empty and without spaces');
}


/**
 * The key that signs experience users' tokens (development sign-in): kept in the data folder so
 * a restart keeps people signed in; random per process for an in-memory server.
 */
function sessionSecret(dataDir: string | undefined): Buffer {
  if (dataDir === undefined) return randomBytes(32);
  const file = join(dataDir, 'session-secret');
  try {
    const hex = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch {
    /* absent: made below */
  }
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600 });
  return secret;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  checkOptions(options);
  const store = Store.open(options.dataDir);
  let log: RequestLog | undefined;
  try {
    const applicationId = (options.applicationId ?? store.apps.all()[0]?.id ?? newObjectId()).toLowerCase();
    store.ensureApplication(applicationId, options.applicationName, ACTOR);
    const extra = (options.applications ?? []).map((a) => ({ ...a, id: a.id.toLowerCase() }));
    for (const a of extra) store.ensureApplication(a.id, a.name, ACTOR);

    const token = options.token ?? randomBytes(24).toString('base64url');
    log = options.logFile ? new RequestLog(options.logFile) : undefined;
    const faults = new FaultInjector({
      latencyMs: options.latencyMs,
      failRate: options.failRate,
      dropRate: options.dropRate,
      throttle: options.throttle,
      seed: options.seed,
    });
    const host = options.host ?? '127.0.0.1';
    const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
    const signIn = options.signIn ?? isLoopback(host);
    const sessions = new SessionUsers(store, sessionSecret(options.dataDir));
    const experiences = createExperienceHost({
      store,
      sessions,
      replies: options.experienceDir ? replyFileProvider({ dir: options.experienceDir }) : undefined,
      signIn,
      bodyLimit,
      log,
      warn: options.warn,
    });
    const app = buildApp({ store, actor: ACTOR }, { token, faults, log, bodyLimit, experiences });
    await app.listen({ port: options.port ?? 0, host }).catch((err: unknown) => {
      throw listenError(err, host);
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const urlHost = host.includes(':') ? `[${host}]` : host;

    let closed: Promise<void> | undefined;
    const openLog = log;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      applicationId,
      applicationIds: [applicationId, ...extra.map((a) => a.id).filter((id) => id !== applicationId)],
      token,
      signIn,
      experienceUsers: (id = applicationId) => sessions.forApplication(id.toLowerCase()),
      close() {
        closed ??= (async () => {
          await app.close();
          store.close();
          openLog?.close();
        })();
        return closed;
      },
    };
  } catch (err) {
    store.close();
    log?.close();
    throw err;
  }
}
