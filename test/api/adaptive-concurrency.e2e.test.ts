// "concurrency": "auto" end to end: the client against the real local server with --throttle.
// Behaviour and counts only (never time): the limit drops below its start once the server
// refuses, every view lands exactly once, and a fixed concurrency stays where it was set.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import type { ExperienceClient } from '../../src/api/types.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const require = createRequire(import.meta.url);
const losant = require('losant-rest') as { createClient(o: { url: string; accessToken: string }): any };

const VIEWS = 60;
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Creates VIEWS pages at once through the client (its gate decides how many are in flight). */
async function createAll(client: ExperienceClient): Promise<number[]> {
  const limits: number[] = [];
  await Promise.all(
    Array.from({ length: VIEWS }, async (_, i) => {
      await client.createView({ name: `p${i}`, viewType: 'page', body: `<p>{{pageData.n}} ${i}</p>` });
      limits.push(client.stats.concurrency!.limit);
    }),
  );
  return limits;
}

async function remoteNames(s: LocalServer): Promise<string[]> {
  const api = losant.createClient({ url: s.url, accessToken: s.token });
  const res = await api.experienceViews.get({ applicationId: s.applicationId, perPage: 1000 });
  return (res.items as Array<{ name: string }>).map((v) => v.name).sort();
}

const expected = Array.from({ length: VIEWS }, (_, i) => `p${i}`).sort();

describe('adaptive concurrency against a throttled server', () => {
  it('auto: the limit drops below its start under 429s, and every view lands exactly once', async () => {
    server = await startLocalServer({ throttle: 15, latencyMs: 5 });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token, backoff: { baseMs: 5, maxMs: 50 } });
    expect(client.stats.concurrency).toEqual({ mode: 'auto', limit: 8, peak: 8, lowest: 8 });
    const limits = await createAll(client);
    expect(client.stats.throttled).toBeGreaterThan(0);
    expect(client.stats.concurrency!.lowest).toBeLessThan(8);
    expect(Math.min(...limits)).toBeLessThan(8);
    expect(client.stats.concurrency!.mode).toBe('auto');
    expect(await remoteNames(server)).toEqual(expected);
  });

  it('a fixed concurrency never moves, throttled or not', async () => {
    server = await startLocalServer({ throttle: 15, latencyMs: 5 });
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token, backoff: { baseMs: 5, maxMs: 50 }, concurrency: 8 });
    const limits = await createAll(client);
    expect(client.stats.throttled).toBeGreaterThan(0);
    expect(client.stats.concurrency).toEqual({ mode: 'fixed', limit: 8, peak: 8, lowest: 8 });
    expect(new Set(limits)).toEqual(new Set([8]));
    expect(await remoteNames(server)).toEqual(expected);
  });
});
