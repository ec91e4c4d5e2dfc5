// `lxp server` (the built CLI, as a child process) serving an experience: --dir for reply files,
// --no-sign-in, and the messages of bad flags.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { BIN, ensureBuilt, startTestServer } from '../harness/server.js';
import { request } from './helpers.js';

const tempDir = useTempRoots('file'); // the experience folder, removed after the file's last test
const startServer = useOpener(startTestServer); // each test's server, stopped after it
let dir: string;
beforeAll(async () => {
  dir = await tempDir('lxp-server-cli-');
  await mkdir(join(dir, 'replies'));
  await writeFile(join(dir, 'replies', 'getHello.yaml'), 'json: { hello: "{{request.query.name}}" }\n');
});

describe('lxp server and the experience', () => {
  test('--dir answers a workflow endpoint from its reply file; --no-sign-in leaves /~lxp/sign-in to the experience', async () => {
    const s = await startServer({ child: true, experienceDir: dir, signIn: false });
    await s.losant.experienceEndpoints.post({ applicationId: s.applicationId, experienceEndpoint: { method: 'get', route: '/hello' } });
    const r = await request(s.port, '/hello?name=ada', { host: `${s.applicationId}.localhost:${s.port}` });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({ hello: 'ada' });
    const signIn = await request(s.port, `/~/${s.applicationId}/~lxp/sign-in`);
    expect(signIn.status).toBe(404);
    expect(JSON.parse(signIn.body)).toEqual({ error: 'No endpoint found for route' });
  });

  test('--dir naming no folder is a usage error (exit 2)', () => {
    ensureBuilt();
    const r = spawnSync(process.execPath, [BIN, 'server', '--data', ':memory:', '--dir', join(dir, 'nope')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--dir: no folder at');
  });
});
