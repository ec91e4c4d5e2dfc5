// Shared set-up for the server tests: a real server on 127.0.0.1 port 0, the official Losant
// client pointed at it, and a raw fetch helper for status/body checks.
import { createRequire } from 'node:module';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

const require = createRequire(import.meta.url);
// losant-rest is CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LosantClient = any;
const losant = require('losant-rest') as { createClient(o: { url: string; accessToken: string }): LosantClient };

export interface Harness {
  server: RunningServer;
  client: LosantClient;
  appId: string;
  /** A raw request; `path` is relative to /applications/{appId}/experience unless it starts with /applications. */
  raw(method: string, path: string, init?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startHarness(options: ServerOptions = {}): Promise<Harness> {
  const server = await startServer({ token: 'test-token', ...options });
  const client = losant.createClient({ url: server.url, accessToken: server.token });
  const appId = server.applicationId;
  const raw: Harness['raw'] = async (method, path, init = {}) => {
    const url = path.startsWith('/applications') ? server.url + path : `${server.url}/applications/${appId}/experience${path}`;
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? server.token}`;
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
  };
  return { server, client, appId, raw };
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
