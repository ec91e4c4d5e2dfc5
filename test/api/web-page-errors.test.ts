// An apiUrl that is not the Losant API — any web server, a proxy's error page, a captive portal —
// answers with HTML. Review 5 found lxp printing that page's markup as the error; the error names
// what happened instead (and keeps a short text body, whitespace folded, as it was).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { useCleanups } from '../harness/lifecycle.js';

const defer = useCleanups('file'); // the web server stopped after the file's last test

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.includes('text')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such\n   thing here');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE HTML>\n<html lang="en">\n  <head><title>Error</title></head>\n  <body>Not Found</body>\n</html>\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

describe('an error answer that is not the API\'s JSON', () => {
  it('a web page is named as one, without its markup', async () => {
    const client = createClient({ apiUrl: url, applicationId: '5f0c0ffee0ddba11cafe0001', token: 'a-token-long-enough', backoff: { baseMs: 1, maxMs: 2 } });
    const err = await client.listViews().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/HTTP 404 with a web page, not the Losant API's JSON: is apiUrl the API's address \(https:\/\/api\.losant\.com\)\?/);
    expect((err as ApiError).message).not.toMatch(/DOCTYPE|<html/);
  });

  it('a short text body is kept, on one line', async () => {
    const client = createClient({ apiUrl: `${url}/text`, applicationId: '5f0c0ffee0ddba11cafe0001', token: 'a-token-long-enough', backoff: { baseMs: 1, maxMs: 2 } });
    const err = (await client.listViews().catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/HTTP 404: no such thing here/);
  });
});
