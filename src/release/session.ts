// Opening an API client for the target a release command names.
//
// INTEGRATION POINT: this belongs to the shared "open a client for the resolved target" helper
// (config + embedded server). Until one exists in src/cli/ or src/sync/, the release commands use
// this one; replace its body with a call to the shared helper when it lands.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createClient, type RequestEvent } from '../api/client.js';
import type { ExperienceClient } from '../api/types.js';
import { UsageError } from '../cli/exit-codes.js';
import { resolveTarget, type ResolvedTarget } from '../config/index.js';

export interface Session {
  target: ResolvedTarget;
  client: ExperienceClient;
  close(): Promise<void>;
}

interface EmbeddedServer {
  url: string;
  applicationId: string;
  token: string;
  close(): Promise<void>;
}

/** The id the embedded server uses for this folder, kept in .lxp/ so it survives restarts. */
async function localApplicationId(dir: string): Promise<string> {
  const file = path.join(dir, '.lxp', 'local-application-id');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (/^[0-9a-f]{24}$/.test(existing.trim())) return existing.trim();
  const id = randomBytes(12).toString('hex');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, id + '\n');
  return id;
}

export async function openSession(opts: {
  dir: string;
  target?: string;
  env?: NodeJS.ProcessEnv;
  onRequest?: (e: RequestEvent) => void;
}): Promise<Session> {
  const target = resolveTarget({ dir: opts.dir, target: opts.target, env: opts.env ?? process.env });
  if (target.local) {
    const serverModule = '../server/index.js';
    const { startServer } = (await import(serverModule)) as { startServer(o: Record<string, unknown>): Promise<EmbeddedServer> };
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: target.dataDir ?? path.join(opts.dir, '.lxp', 'server'),
      applicationId: target.applicationId ?? (await localApplicationId(opts.dir)),
    });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token, onRequest: opts.onRequest });
    return { target, client, close: () => server.close() };
  }
  const missing = (['apiUrl', 'applicationId', 'token'] as const).filter((k) => !target[k]);
  if (missing.length) {
    const hint = missing.includes('token') ? ' (set LOSANT_API_TOKEN)' : '';
    throw new UsageError(`target "${target.name}" has no ${missing.join(', ')}${hint}`);
  }
  const client = createClient({
    apiUrl: target.apiUrl!,
    applicationId: target.applicationId!,
    token: target.token!,
    onRequest: opts.onRequest,
  });
  return { target, client, close: async () => {} };
}
