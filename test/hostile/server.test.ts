// The local server and the preview are for this machine only, the server answers nothing without
// its token, and bodies that are too big or hold thousands of views are refused cleanly (a JSON
// error, nothing written, the server still serving).
import { networkInterfaces } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/server/index.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { startPreview } from '../../src/preview/server.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

const TOKEN = 'hostile-server-token-5d2e';
// The file's server, stopped after its last test; a test's preview and folder, after that test.
const startServer = useOpener(startTestServer, 'file');
const tempDir = useTempRoots();
const openPreview = useOpener(startPreview);
let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startServer({ token: TOKEN });
  base = `${server.url}/applications/${server.applicationId}/experience`;
});

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function viewCount(): Promise<number> {
  const res = await fetch(`${base}/views?perPage=1000`, { headers: auth });
  return ((await res.json()) as { totalCount: number }).totalCount;
}

/** This machine's addresses other than loopback. */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && !a.internal && a.family === 'IPv4')
    .map((a) => a.address);
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

describe('loopback only by default', () => {
  it('the server listens on 127.0.0.1 and on no other address of this machine', async () => {
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(await accepts('127.0.0.1', Number(url.port))).toBe(true);
    for (const addr of externalAddresses()) expect(await accepts(addr, Number(url.port)), addr).toBe(false);
  });

  it('the preview listens on 127.0.0.1 and on no other address of this machine', async () => {
    const dir = await tempDir('lxp-hostile-preview-');
    await mkdir(path.join(dir, 'pages'), { recursive: true });
    await writeFile(path.join(dir, 'pages', 'home.hbs'), '<p>hi</p>\n');
    const preview = await openPreview({ dir, port: 0, watch: false });
    const url = new URL(preview.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(await accepts('127.0.0.1', Number(url.port))).toBe(true);
    for (const addr of externalAddresses()) expect(await accepts(addr, Number(url.port)), addr).toBe(false);
  });
});

describe('the token', () => {
  const attempts: Array<[string, Record<string, string>]> = [
    ['no Authorization header', { 'content-type': 'application/json' }],
    ['a wrong token', { authorization: 'Bearer not-the-token', 'content-type': 'application/json' }],
    ['the token without "Bearer"', { authorization: TOKEN, 'content-type': 'application/json' }],
    ['a Basic header', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, 'content-type': 'application/json' }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}`, 'content-type': 'application/json' }],
  ];
  for (const [what, headers] of attempts) {
    it(`refuses ${what}: 401 for reads and writes, nothing written, the token never echoed`, async () => {
      const before = await viewCount();
      const requests = [
        fetch(`${base}/views`, { headers }),
        fetch(`${base}/views`, { method: 'POST', headers, body: JSON.stringify({ name: 'sneaky', viewType: 'page', body: 'x' }) }),
        fetch(`${server.url}/applications/${server.applicationId}`, { headers }),
        fetch(`${base}/versions`, { method: 'POST', headers, body: JSON.stringify({ version: 'sneaky' }) }),
      ];
      for (const res of await Promise.all(requests)) {
        expect(res.status).toBe(401);
        const text = await res.text();
        expect(JSON.parse(text)).toMatchObject({ type: 'Unauthorized' });
        expect(text).not.toContain(TOKEN);
      }
      expect(await viewCount()).toBe(before);
    });
  }

  it('does not take the token from the query string', async () => {
    const res = await fetch(`${base}/views?access_token=${TOKEN}&token=${TOKEN}`);
    expect(res.status).toBe(401);
  });
});

describe('oversized and bulk bodies', () => {
  it(`a body over the limit (${BODY_LIMIT} bytes) gets 413 as JSON; nothing written; the server keeps serving`, async () => {
    const before = await viewCount();
    const res = await fetch(`${base}/views`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'huge', viewType: 'page', body: 'x'.repeat(BODY_LIMIT + 10) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ type: expect.any(String), message: expect.any(String) });
    expect(await viewCount()).toBe(before);
  });

  it('a 20 MB body is refused without the server buffering it or falling over', async () => {
    const res = await fetch(`${base}/views`, { method: 'POST', headers: auth, body: 'x'.repeat(20 * 1024 * 1024) }).catch((e: Error) => e);
    // Either a clean 413, or the server cut the upload short after answering.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    expect((await fetch(`${base}/views`, { headers: auth })).status).toBe(200);
  });

  it('a body of thousands of views (an array, or a view holding them) is a 400 validation error, nothing written', async () => {
    const before = await viewCount();
    const views = Array.from({ length: 5000 }, (_, i) => ({ name: `bulk${i}`, viewType: 'component', body: 'c' }));
    const asArray = await fetch(`${base}/views`, { method: 'POST', headers: auth, body: JSON.stringify(views) });
    expect(asArray.status).toBe(400);
    expect(await asArray.json()).toMatchObject({ type: 'Validation' });
    const nested = await fetch(`${base}/views`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'nest', viewType: 'page', body: 'x', items: views }) });
    expect(nested.status).toBe(400);
    const patch = await fetch(`${base}/views/aaaaaaaaaaaaaaaaaaaaaaaa`, { method: 'PATCH', headers: auth, body: JSON.stringify(views) });
    expect([400, 404]).toContain(patch.status);
    expect(await viewCount()).toBe(before);
  });

  it('deeply nested JSON is refused cleanly', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await fetch(`${base}/views`, { method: 'POST', headers: auth, body: deep });
    expect([400, 413]).toContain(res.status);
    expect((await fetch(`${base}/views`, { headers: auth })).status).toBe(200);
  });
});
