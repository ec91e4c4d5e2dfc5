// Review 8, M1: a response header HTTP cannot carry, stored on a version through the API (Losant's
// schema only limits lengths), is left out of every response and reported once — the experience
// keeps answering — and a 500 lxp sends says "Internal Server Error", whatever it was building.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { request } from './helpers.js';

// One server and its experience folder for the file: stopped, then removed, after its last test.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
let h: TestServer;
let dir: string;
const warnings: string[] = [];

beforeAll(async () => {
  dir = await tempDir('lxp-headers-');
  mkdirSync(join(dir, 'replies'));
  h = await startServer({ experienceDir: dir, warn: (m) => warnings.push(m) });
  const applicationId = h.applicationId;
  const page = await h.losant.experienceViews.post({ applicationId, experienceView: { name: 'home', viewType: 'page', body: 'home' } });
  await h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/home', staticReply: { type: 'page', value: page.id } } });
  await h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/old', staticReply: { type: 'redirect', value: '/home' } } });
  await h.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/bad-reply' } });
  writeFileSync(join(dir, 'replies', 'getBadReply.yaml'), 'json: { ok: true }\nheaders: { "x-split": "a\\r\\nSet-Cookie: x=1" }\n');
  // Accepted, as Losant's schema accepts it (names 1–255 characters, values 1–1024).
  await h.losant.experienceVersion.patch({
    applicationId,
    experienceVersionIdOrName: 'develop',
    experienceVersion: { responseHeaders: { 'X-Frame-Options': 'DENY', 'Bad Header': 'x', 'X-Split': 'a\r\nSet-Cookie: x=1', 'x-team': 'one', 'X-TEAM': 'two' } },
  });
});

const at = (path: string) => request(h.port, `/~/${h.applicationId}${path}`);

test('every route still answers, with the headers HTTP can carry; each bad one is reported once', async () => {
  const page = await at('/home');
  expect([page.status, page.statusMessage, page.body]).toEqual([200, 'OK', 'home']);
  expect(page.headers['x-frame-options']).toBe('DENY');
  expect(page.headers['set-cookie']).toBeUndefined();
  // Review 8b, M5: names that differ only in case are one header; the first stored is sent.
  expect(page.headers['x-team']).toBe('one');
  const redirect = await at('/old');
  expect([redirect.status, redirect.statusMessage, redirect.headers.location]).toEqual([301, 'Moved Permanently', `/~/${h.applicationId}/home`]);
  const missing = await at('/nothing');
  expect([missing.status, missing.statusMessage]).toEqual([404, 'Not Found']);
  expect(warnings).toEqual([
    `application ${h.applicationId}, version "develop": the version's response header "Bad Header" is left out of every response: the header name "Bad Header" has a space: a header name is letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only`,
    `application ${h.applicationId}, version "develop": the version's response header "X-Split" is left out of every response: the value has a line break, which HTTP cannot carry in a header (only tab, printable characters and Latin-1 letters)`,
    `application ${h.applicationId}, version "develop": the version's response header "X-TEAM" is left out of every response: HTTP header names ignore case, so it is the same header as "x-team", whose value is sent`,
  ]);
});

test('a reply file\'s header HTTP cannot carry answers 500 "Internal Server Error", not the phrase of the reply it replaced', async () => {
  const r = await at('/bad-reply');
  expect([r.status, r.statusMessage]).toEqual([500, 'Internal Server Error']);
  expect(r.body).toMatch(/^lxp: the reply has a header HTTP cannot carry: /);
  expect(r.headers['set-cookie']).toBeUndefined();
});
