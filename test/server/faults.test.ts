// Each fault knob with a fixed seed, and the request log that lets tests count requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTempRoots } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';

const tempDir = useTempRoots('file'); // the request logs' folder, removed after the file's last test
let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('lxp-faults-');
});

async function withServer<T>(options: Parameters<typeof startTestServer>[0], fn: (h: TestServer) => Promise<T>): Promise<T> {
  const h = await startTestServer(options);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** POSTs n views one after another; the status of each (0 = connection closed without answer). */
async function postViews(h: TestServer, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const r = await h.raw('POST', '/views', { body: { name: `v${i}`, viewType: 'component' } });
      out.push(r.status);
    } catch {
      out.push(0);
    }
  }
  return out;
}

const readLog = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { method: string; path: string; status: number; ms: number; dropped?: boolean });

describe('fault injection', () => {
  test('--fail-rate: a seeded share of requests gets 500/502/503 and nothing is written', async () => {
    const first = await withServer({ failRate: 0.5, seed: 42 }, async (h) => {
      const statuses = await postViews(h, 30);
      const failed = statuses.filter((s) => s !== 201);
      expect(failed.length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
      for (const s of failed) expect([500, 502, 503]).toContain(s);
      // Only answered creates exist: failures did not write. (Lists may fail too: retry until one passes.)
      let list;
      do list = await h.raw('GET', '/views?perPage=1000');
      while (list.status !== 200);
      expect(list.body.totalCount).toBe(statuses.filter((s) => s === 201).length);
      return statuses;
    });
    // Same seed, same requests: the same faults.
    const second = await withServer({ failRate: 0.5, seed: 42 }, (h) => postViews(h, 30));
    expect(second).toEqual(first);
  });

  test('--fail-rate body is a JSON error', async () => {
    await withServer({ failRate: 1, seed: 1 }, async (h) => {
      const r = await h.raw('GET', '/views');
      expect([500, 502, 503]).toContain(r.status);
      expect(r.body).toEqual({ type: 'ServerError', message: expect.any(String) });
    });
  });

  test('--drop-rate: the write is committed but the connection closes without an answer', async () => {
    const log = join(tmp, 'drop.jsonl');
    const statuses = await withServer({ dropRate: 0.5, seed: 7, logFile: log }, async (h) => {
      const s = await postViews(h, 20);
      expect(s.filter((x) => x === 0).length).toBeGreaterThan(0);
      expect(s.filter((x) => x === 201).length).toBeGreaterThan(0);
      const list = await h.raw('GET', '/views?perPage=1000');
      // Every create was committed, answered or not: the case that makes naive clients duplicate.
      expect(list.body.totalCount).toBe(20);
      // Reads are never dropped.
      expect(list.status).toBe(200);
      return s;
    });
    const dropped = readLog(log).filter((e) => e.dropped);
    expect(dropped.length).toBe(statuses.filter((x) => x === 0).length);
    const again = await withServer({ dropRate: 0.5, seed: 7 }, (h) => postViews(h, 20));
    expect(again).toEqual(statuses);
  });

  test('--throttle: requests over the rate get 429 with Retry-After', async () => {
    await withServer({ throttle: 2 }, async (h) => {
      const results = await Promise.all(Array.from({ length: 8 }, () => h.raw('GET', '/views')));
      const limited = results.filter((r) => r.status === 429);
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
      expect(limited.length).toBeGreaterThan(0);
      for (const r of limited) {
        expect(r.body).toEqual({ type: 'RateLimit', message: expect.any(String) });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    });
  });

  test('--latency is added to every response (seen in the logged duration)', async () => {
    const log = join(tmp, 'latency.jsonl');
    await withServer({ latencyMs: 40, logFile: log }, async (h) => {
      await h.raw('GET', '/views');
      await h.raw('POST', '/views', { body: { name: 'slow', viewType: 'page' } });
    });
    const entries = readLog(log);
    expect(entries).toHaveLength(2);
    // A lower bound only: timers may fire up to a millisecond early, never much later than due is fine.
    for (const e of entries) expect(e.ms).toBeGreaterThanOrEqual(39);
  });

  test('--log writes one JSON line per request with method, path, status, ms, and never the token', async () => {
    const log = join(tmp, 'requests.jsonl');
    await withServer({ logFile: log, token: 'secret-token-value' }, async (h) => {
      await h.raw('GET', '/views?perPage=5');
      await h.raw('POST', '/views', { body: { name: 'logged', viewType: 'page' } });
      await h.raw('GET', '/views', { token: 'bad' });
      await h.raw('GET', '/views/aaaaaaaaaaaaaaaaaaaaaaaa');
    });
    const entries = readLog(log);
    expect(entries.map((e) => [e.method, e.status])).toEqual([
      ['GET', 200],
      ['POST', 201],
      ['GET', 401],
      ['GET', 404],
    ]);
    expect(entries[0].path).toMatch(/^\/applications\/[a-f\d]{24}\/experience\/views$/);
    for (const e of entries) expect(typeof e.ms).toBe('number');
    expect(readFileSync(log, 'utf8')).not.toContain('secret-token-value');
  });
});
