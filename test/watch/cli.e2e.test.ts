// `lxp watch` and `lxp dev` as a person runs them: the built binary (npm test builds dist/ first),
// the built-in local target (embedded server, data under <dir>/.lxp/server), Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { hashContent } from '../../src/project/view.js';
import { parseViewFile } from '../../src/project/parse.js';
import { readStateFileSync } from '../../src/sync/state.js';
import { makeExperience } from '../harness/folder.js';
import { useCleanups, useOpener, useTempRoots } from '../harness/lifecycle.js';
import { APP_ID, startTestServer, TOKEN } from '../harness/server.js';

const BIN = fileURLToPath(new URL('../../bin/lxp.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../example-experience', import.meta.url));

// Closed after each test, last opened first: servers, then child processes, then folders.
const tempDir = useTempRoots();
const defer = useCleanups();
const startServer = useOpener(startTestServer);

/** A clean environment: no LOSANT_* variables, so the target is `local`. */
function env(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', ...extra };
}

function run(args: string[], home: string, extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; out: () => string; err: () => string; waitOut(re: RegExp): Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env(home, extraEnv) });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  defer(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const waitOut = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`exited ${child.exitCode} before ${re}: ${out}\n${err}`));
        }
      };
      const timer = setInterval(check, 25);
      check();
    });
  return { child, out: () => out, err: () => err, waitOut };
}

function exitCode(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

it('lxp watch deploys at start, pushes a save, and on SIGINT finishes, saves the state and exits 0', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const dir = await makeExperience(root, { 'pages/home.hbs': '<p>one</p>\n' });
  const p = run(['watch', '--dir', dir], root);
  await p.waitOut(/created page "home"/);
  await p.waitOut(/watching /);
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>two</p>\n');
  await p.waitOut(/updated page "home" pages\/home\.hbs in \d+ ms/);
  const code = await exitCode(p.child, 'SIGINT');
  expect(code).toBe(0);
  expect(p.out()).toMatch(/stopped; everything pushed, state saved/);
  expect(p.err()).toMatch(/Target: local/);
  // The state records exactly what was pushed last.
  const state = readStateFileSync(dir);
  const entries = Object.values(state.targets).flatMap((t) => Object.values(t.views));
  const view = parseViewFile('pages/home.hbs', '<p>two</p>\n').view!;
  expect(entries.find((e) => e.file === 'pages/home.hbs')?.hash).toBe(hashContent(view));
});

it('a second lxp watch of the folder on the local target is refused while the first runs; the first keeps its token file (review 10, F9)', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const dir = await makeExperience(root, { 'pages/home.hbs': '<p>one</p>\n' });
  const first = run(['watch', '--dir', dir], root);
  await first.waitOut(/watching /);
  const tokenFile = path.join(dir, '.lxp', 'local-token');
  const token = await readFile(tokenFile, 'utf8');
  const second = run(['watch', '--dir', dir, '--json'], root);
  const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
  expect(code).toBe(2);
  const envelope = JSON.parse(second.out().trim().split('\n').filter((l) => l.startsWith('{') || l.startsWith(' ') || l.startsWith('}')).join('\n'));
  expect(envelope.error).toMatchObject({ code: 'refused', message: expect.stringMatching(new RegExp(`another lxp process \\(pid ${first.child.pid}\\) serves this folder's local API at http://127\\.0\\.0\\.1:\\d+`)) });
  expect(await readFile(tokenFile, 'utf8')).toBe(token);
  expect(await exitCode(first.child, 'SIGINT')).toBe(0);
  await expect(readFile(tokenFile, 'utf8')).rejects.toThrow(); // removed by its owner
});

it('lxp watch prints a bad file as file:line and keeps running', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const dir = await makeExperience(root, { 'pages/ok.hbs': '<p>ok</p>\n', 'pages/bad.hbs': '---\nname: bad\n---\n<p>{{a b=}}</p>\n' });
  const p = run(['watch', '--dir', dir], root);
  await p.waitOut(/watching /);
  expect(p.err()).toMatch(/error pages\/bad\.hbs:4 .*not pushed until fixed/);
  expect(p.out()).toMatch(/created page "ok"/);
  await writeFile(path.join(dir, 'pages/bad.hbs'), '---\nname: bad\n---\n<p>fine</p>\n');
  await p.waitOut(/created page "bad"/);
  expect(await exitCode(p.child, 'SIGTERM')).toBe(0);
});

it('lxp dev (what npm start runs) deploys the example to the embedded server and serves it at its routes, signed in as a local user', async () => {
  const root = await tempDir('lxp-dev-cli-');
  const dir = path.join(root, 'example');
  await cp(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.lxp`) });
  const p = run(['dev', '--dir', dir, '--port', '0'], root);
  const [, url] = await p.waitOut(/^Experience: (http:\/\/127\.0\.0\.1:\d+)\/$/m);
  await p.waitOut(/^Index: +http:\/\/127\.0\.0\.1:\d+\/~lxp\/ /m);
  await p.waitOut(/watching /);
  expect(p.out()).toMatch(/differences with develop .*: deploying/);
  // Every kind of the example deploys, cleanly: endpoints, groups and settings beside the views.
  expect(p.out()).toMatch(/created endpoint "GET \/devices\/\{id\}" endpoints\.yaml/);
  expect(p.out()).toMatch(/created group "Operators" groups\.yaml/);
  expect(p.out()).toMatch(/updated settings "develop" experience\.yaml/);
  expect(p.err()).not.toMatch(/error|failed|skipped|conflict|pending|invalid/i);
  const get = (q: string, cookie?: string) => fetch(`${url}${q}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  // The example's own links, as Losant would answer them.
  expect((await get('/')).headers.get('location')).toBe('/devices');
  const anonymous = await get('/devices');
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.get('location')).toBe('/login?redirect=%2Fdevices');
  expect(await (await get('/login')).text()).toContain('<h1>Log in</h1>');
  const login = await fetch(`${url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com&password=x&redirect=%2Fdevices%2F7' });
  expect(login.headers.get('location')).toBe('/~lxp/sign-in?next=%2Fdevices%2F7');
  expect((await get('/nowhere')).status).toBe(404);

  // A user of the local application (its API and token file are printed), signed in at /~lxp/sign-in.
  const [, api] = /Local API: (http:\/\/127\.0\.0\.1:\d+) \(application ([0-9a-f]{24})/.exec(p.err())!;
  const appId = /application ([0-9a-f]{24})/.exec(p.err())![1];
  const token = (await readFile(path.join(dir, '.lxp/local-token'), 'utf8')).trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const experienceApi = `${api}/applications/${appId}/experience`;
  // The example's groups.yaml was deployed at start: Otto joins its Operators.
  const groups = (await (await fetch(`${experienceApi}/groups`, { headers: auth })).json()) as { items: { id: string; name: string }[] };
  const operators = groups.items.find((g) => g.name === 'Operators')!;
  const created = await fetch(`${experienceApi}/users`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'otto@example.com', password: 'a-long-password', firstName: 'Otto', experienceGroupIds: [operators.id] }) });
  expect(created.status).toBe(201);
  expect(await (await get('/~lxp/sign-in')).text()).toContain('otto@example.com');
  const signedIn = await fetch(`${url}/~lxp/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=otto%40example.com&next=%2Fdevices' });
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
  const devices = await get('/devices', cookie);
  expect(devices.status).toBe(200);
  const html = await devices.text();
  expect(html).toContain('Otto');
  expect(html).toContain('href="/devices/5f0a1b2c3d4e5f6a7b8c9d10"');
  expect(await (await get('/devices/5f0a1b2c3d4e5f6a7b8c9d10', cookie)).text()).toContain('Sensor 5f0a1b2c3d4e5f6a7b8c9d10');
  expect(JSON.parse(await (await get('/api/devices', cookie)).text()).count).toBe(2);
  expect((await get('/logout', cookie)).headers.get('set-cookie')).toMatch(/^authorization=; /);

  // A save reaches both: the push line and the page at its route.
  const file = path.join(dir, 'pages/devices.hbs');
  await writeFile(file, `${await readFile(file, 'utf8')}\n<p id="dev-marker">saved</p>\n`);
  await p.waitOut(/updated page "devices"/);
  // The dev server re-reads the folder on the same file event (no timing asserted: poll until it shows).
  for (let i = 0; !(await (await get('/devices', cookie)).text()).includes('dev-marker'); i++) {
    if (i > 400) throw new Error('lxp dev never showed the saved change');
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await exitCode(p.child, 'SIGINT')).toBe(0);

  // The next npm start finds develop as the folder has it: nothing to deploy, counted as resources.
  // With --open, the root route goes to the system's opener (here a stand-in that records it).
  const bin = path.join(root, 'bin');
  await mkdir(bin);
  await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > '${path.join(root, 'opened.txt')}'\n`);
  await chmod(path.join(bin, 'xdg-open'), 0o755);
  const again = run(['dev', '--dir', dir, '--port', '0', '--open'], root, { PATH: `${bin}${path.delimiter}${process.env.PATH}` });
  const [, rootUrl] = await again.waitOut(/^Experience: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
  await again.waitOut(/watching /);
  expect(again.out()).toMatch(/in sync: \d+ resources\n/);
  expect(again.out()).not.toMatch(/created|updated|deleted/);
  // The opener runs on its own (detached): poll until it has written.
  for (let i = 0; process.platform === 'linux' && (await readFile(path.join(root, 'opened.txt'), 'utf8').catch(() => '')).trim() !== rootUrl; i++) {
    if (i > 400) throw new Error('lxp dev --open never opened the root route');
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await exitCode(again.child, 'SIGINT')).toBe(0);
});

it('lxp watch refuses a bad flag with exit 2', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const p = run(['watch', '--dir', path.join(root, 'nope')], root);
  const code = await new Promise<number | null>((resolve) => p.child.on('exit', resolve));
  expect(code).toBe(2);
  expect(p.err()).toMatch(/no such folder/);
});

it('lxp watch with a token the API refuses stops at once with exit 2 and a clear error, no retries', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const dir = await makeExperience(root, { 'pages/home.hbs': '<p>one</p>\n' });
  const server = await startServer({ dataDir: path.join(root, 'data') });
  const wrong = 'wrong-token-0123456789abcdef';
  const p = run(['watch', '--dir', dir], root, server.env(root, { LOSANT_API_TOKEN: wrong }));
  const code = await new Promise<number | null>((resolve) => p.child.on('exit', resolve));
  expect(code).toBe(2);
  expect(p.err()).toMatch(/the API refused the token \(401\): check LOSANT_API_TOKEN or the credentials file/);
  expect(p.err()).not.toMatch(/retrying/);
  expect(p.out() + p.err()).not.toContain(wrong);
});

it('lxp watch on SIGINT names a conflict it left unpushed instead of "everything pushed"', async () => {
  const root = await tempDir('lxp-watch-cli-');
  const dir = await makeExperience(root, { 'pages/home.hbs': '<p>one</p>\n' });
  const server = await startServer({ dataDir: path.join(root, 'data') });
  const e = server.env(root);
  const p = run(['watch', '--dir', dir], root, e);
  await p.waitOut(/created page "home"/);
  await p.waitOut(/watching /);
  // Someone edits the page remotely, then the file is saved: a conflict, not pushed.
  const api = `${server.url}/applications/${APP_ID}/experience/views`;
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const list = (await (await fetch(api, { headers: auth })).json()) as { items: { id: string; name: string }[] };
  const id = list.items.find((v) => v.name === 'home')!.id;
  expect((await fetch(`${api}/${id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ body: '<p>remote</p>\n' }) })).ok).toBe(true);
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>two</p>\n');
  for (let i = 0; !/conflict page "home"/.test(p.err()); i++) {
    if (i > 800) throw new Error(`no conflict reported: ${p.err()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await exitCode(p.child, 'SIGINT')).toBe(0);
  expect(p.out()).not.toMatch(/everything pushed/);
  expect(p.out()).toMatch(/stopped; state saved; in conflict, not pushed: pages\/home\.hbs/);
});
