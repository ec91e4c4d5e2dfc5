// An API that accepts connections and never answers (a hung proxy): lxp retries for minutes.
// Review 5 found nothing on screen meanwhile but the Target line; now one line says what it is
// waiting for, the first time a request gets no answer (with --verbose each request says it).
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { makeExperience } from '../harness/folder.js';
import { useCleanups, useTempRoots } from '../harness/lifecycle.js';

// The file's hung server and folder: sockets and server closed, then the folder removed, after its last test.
const tempDir = useTempRoots('file');
const defer = useCleanups('file');
let server: Server;
const sockets = new Set<Socket>();
let root: string;
let dir: string;

beforeAll(async () => {
  // Takes the connection, reads the request, answers nothing.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  root = await tempDir();
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await makeExperience(root, { 'pages/a.hbs': '<p>a</p>\n' }, { config: { targets: { hung: { apiUrl, applicationId: '5f0c0ffee0ddba11cafe0001' } }, defaultTarget: 'hung' } });
});

describe('an API that never answers', () => {
  it('says once what it is waiting for, then fails as before', async () => {
    const run = await runLxp(['status', '--dir', dir], { cwd: root, env: { LOSANT_API_TOKEN: 'a-token-long-enough' }, retries: 2, timeoutMs: 150 });
    expect(run.code).not.toBe(0);
    const waits = run.stderr.split('\n').filter((l) => l.includes('waiting for the API'));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(/waiting for the API: GET \/applications\/5f0c0ffee0ddba11cafe0001\/experience\/views\S* got no response within 150 ms; retrying it \(--verbose shows each request\)/);
    expect(run.stderr).not.toContain('a-token-long-enough');
  });
});
