// lightGot (src/api/client.ts): the got instance every API request goes through. Its requests
// must not carry got's cacheOptions into the node:http options (on Node 20 that spread cost
// ~150 µs per request), and must keep every default it was given. Guards the trick against a
// got upgrade that stops honouring it.
import { readdirSync, readFileSync } from 'node:fs';
import { Options } from 'got';
import { expect, test } from 'vitest';
import { lightGot } from '../../src/api/client.js';

test("a request's node:http options hold no cache options, and the defaults still apply", () => {
  const client = lightGot({ headers: { authorization: 'Bearer t' }, retry: { limit: 0 }, timeout: { request: 1234 }, throwHttpErrors: false });
  const options = new Options('http://127.0.0.1:1/applications/a/experience/views', { method: 'POST', body: '{}' }, client.defaults.options);
  expect(options.cacheOptions).toStrictEqual({});
  const native = options.createNativeRequestOptions();
  for (const key of ['shared', 'cacheHeuristic', 'immutableMinTimeToLive', 'ignoreCargoCult']) expect(native).not.toHaveProperty(key);
  expect(options.headers.authorization).toBe('Bearer t');
  expect(options.timeout.request).toBe(1234);
  expect(options.retry.limit).toBe(0);
  expect(options.throwHttpErrors).toBe(false);
  expect(native.method).toBe('POST');
});

test('lxp never asks got for HTTP/2, so the CLI bundle can leave http2-wrapper (and node:http2) out', () => {
  const client = lightGot({ headers: { authorization: 'Bearer t' } });
  expect(client.defaults.options.http2).toBe(false);
  // The bundle `npm run build` made (the test command builds first): no chunk loads node:http2.
  const dir = new URL('../../dist/cli-bundle/', import.meta.url);
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  expect(chunks.length).toBeGreaterThan(0);
  for (const f of chunks) expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(/["'](node:)?http2["']/);
});
