// "concurrency": "auto" end to end: the client against the real local server with --throttle.
// Behaviour and counts only (never time): the limit drops below its start once the server
// refuses, every view lands exactly once, and a fixed concurrency stays where it was set.
import { describe, expect, it } from 'vitest';
import type { ExperienceClient } from '../../src/api/types.js';
import { useOpener } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';

const VIEWS = 60;
const startServer = useOpener(startTestServer); // each test's server, stopped after it

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

/**
 * Names on develop, read with the official client. The server is still throttled, and the
 * official client does not retry a 429, so this waits out the server's Retry-After like any
 * polite client (the bucket refills within a second).
 */
async function remoteNames(s: TestServer): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await s.losant.experienceViews.get({ applicationId: s.applicationId, perPage: 1000 });
      return (res.items as Array<{ name: string }>).map((v) => v.name).sort();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 429 || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const expected = Array.from({ length: VIEWS }, (_, i) => `p${i}`).sort();

describe('adaptive concurrency against a throttled server', () => {
  it('auto: the limit drops below its start under 429s, and every view lands exactly once', async () => {
    const server = await startServer({ throttle: 15, latencyMs: 5 });
    const client = server.client({ backoff: { baseMs: 5, maxMs: 50 } });
    expect(client.stats.concurrency).toEqual({ mode: 'auto', limit: 8, peak: 8, lowest: 8 });
    const limits = await createAll(client);
    expect(client.stats.throttled).toBeGreaterThan(0);
    expect(client.stats.concurrency!.lowest).toBeLessThan(8);
    expect(Math.min(...limits)).toBeLessThan(8);
    expect(client.stats.concurrency!.mode).toBe('auto');
    expect(await remoteNames(server)).toEqual(expected);
  });

  it('a fixed concurrency never moves, throttled or not', async () => {
    const server = await startServer({ throttle: 15, latencyMs: 5 });
    const client = server.client({ backoff: { baseMs: 5, maxMs: 50 }, concurrency: 8 });
    const limits = await createAll(client);
    expect(client.stats.throttled).toBeGreaterThan(0);
    expect(client.stats.concurrency).toEqual({ mode: 'fixed', limit: 8, peak: 8, lowest: 8 });
    expect(new Set(limits)).toEqual(new Set([8]));
    expect(await remoteNames(server)).toEqual(expected);
  });
});
