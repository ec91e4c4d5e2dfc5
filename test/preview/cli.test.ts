// `lxp preview` as a person runs it: the built binary prints its URL, serves, and exits 0 on Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { useCleanups, useTempRoots } from '../harness/lifecycle.js';

const BIN = fileURLToPath(new URL('../../bin/lxp.js', import.meta.url));

// After each test: a child still running killed, a port-taking server closed, then the folder removed.
const tempDir = useTempRoots();
const defer = useCleanups();
const killWhenDone = (child: ReturnType<typeof spawn>) =>
  defer(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

it('lxp preview prints the experience\'s and the index\'s URLs, serves pages and exits 0 on SIGINT', async () => {
  const dir = await tempDir('lxp-cli-preview-');
  await mkdir(path.join(dir, 'pages'));
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>{{upper "cli"}}</p>');
  const child = spawn(process.execPath, [BIN, 'preview', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  killWhenDone(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /^Experience: (http:\/\/127\.0\.0\.1:\d+)\/ \(the folder has no endpoints\.yaml: \/ shows the index of pages\)\nIndex: +\1\/~lxp\/ /m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing its URL: ${out}`)));
  });
  const body = await (await fetch(`${url}/~lxp/pages/home`)).text();
  expect(body).toContain('<p>CLI</p>');
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGINT');
  });
  expect(code).toBe(0);
});

it('lxp preview refuses a bad port with exit 2', async () => {
  const child = spawn(process.execPath, [BIN, 'preview', '--port', '99999'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toContain('--port');
});

it('lxp preview on a port in use says so and how to pick another, exit 2 (not Node\'s EADDRINUSE)', async () => {
  const dir = await tempDir('lxp-cli-preview-');
  await mkdir(path.join(dir, 'pages'));
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  defer(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const child = spawn(process.execPath, [BIN, 'preview', '--dir', dir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toBe(`lxp: cannot listen on 127.0.0.1:${port}: the port is in use (another lxp dev, preview or server?); pass another --port, or --port 0 for a free one\n`);
});

/** A child's stdout, line by line: next(re) resolves with the first complete line after the last one taken that matches. */
function lines(child: ReturnType<typeof spawn>) {
  let out = '';
  let taken = 0;
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  return {
    all: () => out,
    next: (re: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const complete = out.slice(0, out.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
          const i = complete.findIndex((l, n) => n >= taken && re.test(l));
          if (i >= 0) {
            taken = i + 1;
            clearInterval(timer);
            resolve(complete[i]);
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`exited ${child.exitCode} before ${re}: ${out}`));
          }
        }, 25);
      }),
  };
}

// xdg-open is what --open runs on Linux (open on macOS, start on Windows).
it.skipIf(process.platform !== 'linux')('lxp preview --json: a preview line, a reload line per burst of saves, the envelope last; --open opens the root route', async () => {
  const dir = await tempDir('lxp-cli-preview-');
  await mkdir(path.join(dir, 'pages'));
  await mkdir(path.join(dir, 'bin'));
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>one</p>');
  // A stand-in for the system's opener: records the URL it was asked to open.
  const opened = path.join(dir, 'opened.txt');
  await writeFile(path.join(dir, 'bin/xdg-open'), `#!/bin/sh\necho "$1" > '${opened}'\n`);
  await chmod(path.join(dir, 'bin/xdg-open'), 0o755);
  const child = spawn(process.execPath, [BIN, 'preview', '--dir', dir, '--json', '--open'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}` } });
  killWhenDone(child);
  const out = lines(child);
  const first = JSON.parse(await out.next(/"type":"preview"/));
  expect(first).toEqual({ type: 'preview', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), rootUrl: `${first.url}/`, indexUrl: `${first.url}/~lxp/`, note: 'the folder has no endpoints.yaml: / shows the index of pages' });
  for (let i = 0; (await readFile(opened, 'utf8').catch(() => '')).trim() !== first.rootUrl; i++) {
    if (i > 400) throw new Error('--open never opened the root route');
    await new Promise((r) => setTimeout(r, 25));
  }
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>two</p>');
  expect(JSON.parse(await out.next(/"type":"reload"/))).toEqual({ type: 'reload', files: ['pages/home.hbs'], notified: 0, issues: 0 });
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGINT');
  });
  expect(code).toBe(0);
  const all = out.all().trim().split('\n');
  expect(JSON.parse(all[all.length - 1])).toMatchObject({ command: 'preview', folder: dir, outcome: 'stopped', exitCode: 0 });
  expect(all.every((l) => l.startsWith('{'))).toBe(true);
});
