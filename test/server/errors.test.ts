// Bad input never crashes the server: each case is a clear 4xx `{type, message}` and the next
// request is served normally.
import { beforeAll, describe, expect, test } from 'vitest';
import { useOpener } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';

const startServer = useOpener(startTestServer, 'file'); // the file's server, stopped after its last test
let h: TestServer;
beforeAll(async () => {
  h = await startServer();
});

async function stillServing(): Promise<void> {
  const r = await h.raw('GET', '/views');
  expect(r.status).toBe(200);
}

describe('error bodies', () => {
  test('401 without a token or with a wrong one', async () => {
    for (const token of [null, 'wrong-token']) {
      const r = await h.raw('GET', '/views', { token });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ type: 'Unauthorized', message: expect.any(String) });
      expect(JSON.stringify(r.body)).not.toContain(h.token);
    }
    const basic = await h.raw('GET', '/views', { token: null, headers: { authorization: `Basic ${h.token}` } });
    expect(basic.status).toBe(401);
    await stillServing();
  });

  test('404 for an unknown application, resource or route', async () => {
    const app = await h.raw('GET', '/applications/aaaaaaaaaaaaaaaaaaaaaaaa/experience/views');
    expect(app).toMatchObject({ status: 404, body: { type: 'NotFound', message: expect.stringContaining('Application') } });
    const view = await h.raw('GET', '/views/aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(view).toMatchObject({ status: 404, body: { type: 'NotFound' } });
    const route = await h.raw('GET', '/nothing-here');
    expect(route).toMatchObject({ status: 404, body: { type: 'NotFound' } });
    await stillServing();
  });

  test('400 names the offending field', async () => {
    const r = await h.raw('POST', '/views', { body: { name: 'x', viewType: 'page', viewTags: { ok: '' } } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ type: 'Validation', message: expect.stringContaining('experienceView.viewTags.ok') });
  });

  test('413 for a body over the limit', async () => {
    const r = await h.raw('POST', '/views', {
      rawBody: JSON.stringify({ name: 'big', viewType: 'page', body: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ type: 'PayloadTooLarge', message: expect.stringContaining('1048576') });
    await stillServing();
  });

  test('malformed JSON and wrong content types are 400', async () => {
    const malformed = await h.raw('POST', '/views', { rawBody: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(malformed).toMatchObject({ status: 400, body: { type: 'Validation', message: expect.stringContaining('JSON') } });
    const text = await h.raw('POST', '/views', { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text).toMatchObject({ status: 400, body: { type: 'Validation', message: expect.stringContaining('Content-Type') } });
    const form = await h.raw('POST', '/views', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    const array = await h.raw('POST', '/views', { body: [1, 2] });
    expect(array).toMatchObject({ status: 400, body: { type: 'Validation' } });
    const empty = await h.raw('POST', '/views', { rawBody: '', headers: { 'content-type': 'application/json' } });
    expect(empty).toMatchObject({ status: 400, body: { type: 'Validation' } });
    const proto = await h.raw('POST', '/views', { rawBody: '{"name":"p","viewType":"page","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
    await stillServing();
  });

  test('invalid ids and path tricks are 400, never a lookup', async () => {
    for (const id of ['123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '..%2F..%2Fapplications', '%00', "aaaaaaaaaaaaaaaaaaaaaaa'"]) {
      const r = await h.raw('GET', `/views/${id}`);
      expect(r.status, id).toBe(400);
      expect(r.body.type).toBe('Validation');
    }
    const badApp = await h.raw('GET', '/applications/not-an-id/experience/views');
    expect(badApp.status).toBe(400);
    const badPage = await h.raw('GET', '/views?page=-1');
    expect(badPage.status).toBe(400);
    const badVersionQuery = await h.raw('GET', '/views?version=%27%20OR%201%3D1');
    expect(badVersionQuery.status).toBe(404);
    await stillServing();
  });

  test("the official client's extra parameters and headers are accepted", async () => {
    const r = await h.raw('GET', '/views?_actions=false&_links=true&_embedded=true', { headers: { 'accept-version': '^1.20.1' } });
    expect(r.status).toBe(200);
  });
});
