// A test world: a temp root holding an experience folder (`site/`, with lxp.config.json) and
// the local server (startTestServer: on disk under `server-data/`, request log `requests.log`).
import path from 'node:path';
import { makeExperience, removeRoot, tempRoot } from './folder.js';
import { startTestServer, type LogLine, type LosantClient, type TestServer, type TestServerOptions } from './server.js';

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
  root: string;
  /** The experience folder. */
  dir: string;
  dataDir: string;
  server: TestServer;
  /** The official Losant client on the server. */
  readonly losant: LosantClient;
  /** Environment that points lxp at the server (HOME is the temp root). */
  readonly env: NodeJS.ProcessEnv;
  /** Requests the server received so far, from its request log. */
  requests(): Promise<LogLine[]>;
  /** Every view of develop, via losant-rest. */
  remoteViews(): Promise<RemoteViewRecord[]>;
  restart(changes?: Partial<TestServerOptions>): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions extends TestServerOptions {
  files?: Record<string, string>;
  /** lxp.config.json's content (default {}). */
  config?: object;
  prefix?: string;
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const { files, config, prefix, ...serverOptions } = opts;
  const root = await tempRoot(prefix);
  const dir = await makeExperience(root, files, { config });
  const dataDir = path.join(root, 'server-data');
  const server = await startTestServer({ dataDir, logFile: path.join(root, 'requests.log'), seed: 7, ...serverOptions });
  return {
    root,
    dir,
    dataDir,
    server,
    get losant() {
      return server.losant;
    },
    get env() {
      return server.env(root);
    },
    requests: () => server.requests(),
    async remoteViews() {
      const res = await server.losant.experienceViews.get({ applicationId: server.applicationId, perPage: 1000 });
      return res.items as RemoteViewRecord[];
    },
    restart: (changes) => server.restart(changes),
    async close() {
      await server.close();
      await removeRoot(root);
    },
  };
}
