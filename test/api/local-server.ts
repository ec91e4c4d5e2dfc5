// Starts the real local Experience API server in-process on a loopback port for client tests.
// Imported dynamically so this file type-checks whatever the server module's exact typings are.
export interface LocalServer {
  url: string;
  applicationId: string;
  token: string;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  token?: string;
  applicationId?: string;
  latencyMs?: number;
  failRate?: number;
  dropRate?: number;
  throttle?: number;
  seed?: number;
  logFile?: string;
  dataDir?: string;
  port?: number;
}

export async function startLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  const mod = (await import('../../src/server/index.js')) as {
    startServer(o: Record<string, unknown>): Promise<LocalServer>;
  };
  return mod.startServer({ port: 0, ...opts });
}

/** Fast backoff so fault tests do not sleep for seconds. */
export const QUICK = { backoff: { baseMs: 5, maxMs: 50 } } as const;
