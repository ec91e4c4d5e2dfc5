// lightGot (src/api/client.ts): the got instance every API request goes through. Its requests
// must not carry got's cacheOptions into the node:http options (on Node 20 that spread cost
// ~150 µs per request), and must keep every default it was given. Guards the trick against a
// got upgrade that stops honouring it.
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
