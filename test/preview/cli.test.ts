// `lxp preview` as a person runs it: the built binary prints its URL, serves, and exits 0 on Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/lxp.js', import.meta.url));

it('lxp preview prints the experience\'s and the index\'s URLs, serves pages and exits 0 on SIGINT', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lxp-cli-preview-'));
  await mkdir(path.join(dir, 'pages'));
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
  await writeFile(path.join(dir, 'pages/home.hbs'), '<p>{{upper "cli"}}</p>');
  const child = spawn(process.execPath, [BIN, 'preview', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
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
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
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
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lxp-cli-preview-'));
  await mkdir(path.join(dir, 'pages'));
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  try {
    const child = spawn(process.execPath, [BIN, 'preview', '--dir', dir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toBe(`lxp: cannot listen on 127.0.0.1:${port}: the port is in use (another lxp dev, preview or server?); pass another --port, or --port 0 for a free one\n`);
  } finally {
    taken.close();
    await rm(dir, { recursive: true, force: true });
  }
});
