// Ctrl-C or SIGTERM while the CLI is still loading (review 10, F8): the process used to die with
// Node's default action — no line, no --json envelope. bin/lxp.js now holds the signal until the
// CLI's own answer is installed. The signal is sent by a preload at the moment the bundle is
// required (fixtures/signal-while-loading.cjs), so the test does not depend on timing.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { earlyStopAnswer } from '../../src/sync/errors.js';
import { spawnLxp } from '../harness/cli.js';
import { useTempRoots } from '../harness/lifecycle.js';
import { ensureBuilt } from '../harness/server.js';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'signal-while-loading.cjs');
const tempDir = useTempRoots('file'); // the file's folder, removed after its last test
let root: string;

beforeAll(async () => {
  await ensureBuilt();
  root = await tempDir();
  // An experience folder whose API does not answer: the command has I/O to wait on (where a
  // held signal is answered) and never finishes before it.
  await writeFile(path.join(root, 'lxp.config.json'), '{ "targets": {} }\n');
  await mkdir(path.join(root, 'pages'));
  await writeFile(path.join(root, 'pages', 'home.hbs'), '<p>home</p>\n');
}, 180_000);

/** `beforeLoaded`: the signal comes while dist/ is imported (LXP_NO_BUNDLE=1), before the CLI has loaded (see the fixture). */
const env = (signal: string, beforeLoaded = false): NodeJS.ProcessEnv => {
  const { LXP_NO_BUNDLE: _bundle, NODE_OPTIONS: _options, ...rest } = process.env;
  return {
    ...rest,
    ...(beforeLoaded ? { LXP_NO_BUNDLE: '1', LXP_TEST_SIGNAL_AT: 'launcher' } : {}),
    NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD).slice(1, -1)}`,
    LXP_TEST_SIGNAL: signal,
    LOSANT_API_URL: 'http://127.0.0.1:1',
    LOSANT_APPLICATION_ID: '5f0c0ffee0ddba11cafe0001',
    LOSANT_API_TOKEN: 'not-a-real-token',
  };
};

describe('a stop signal while the CLI is loading', () => {
  it('SIGINT with --json: the interrupted envelope on stdout, exit 130', async () => {
    const r = await spawnLxp(['status', '--target', 'env', '--json'], env('SIGINT'), root).done;
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({
      command: 'status',
      outcome: 'interrupted',
      exitCode: 130,
      error: { code: 'interrupted', message: expect.stringMatching(/^interrupted before the command finished: whatever it had already done stands/) },
    });
  });

  it('answered before the command starts: lxp --version prints no version, only the stop (review 10b, F3)', async () => {
    const r = await spawnLxp(['--version'], env('SIGINT'), root).done;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('lxp: interrupted before the command finished');
  });

  it('SIGTERM: the line on stderr, exit 143', async () => {
    const r = await spawnLxp(['status', '--target', 'env'], env('SIGTERM'), root).done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(r.stderr).toContain('lxp: stopped by SIGTERM before the command finished');
    expect(r.stdout).toBe('');
  });

  // bin/lxp.js answers with the CLI's own answer to a stop no command answers (src/cli/main.ts's),
  // one function: word for word the same, whether the CLI had loaded or not.
  for (const beforeLoaded of [false, true]) {
    it(`the answer is the CLI's own, word for word (earlyStopAnswer), ${beforeLoaded ? 'before the CLI has loaded (dist/, imported)' : 'once the bundle has loaded'}`, async () => {
      const json = await spawnLxp(['users', 'list', '--target', 'env', '--json'], env('SIGINT', beforeLoaded), root).done;
      const jsonAnswer = earlyStopAnswer('SIGINT', true, 'users');
      expect([json.code, json.stdout, json.stderr]).toEqual([jsonAnswer.exitCode, jsonAnswer.text, '']);
      const text = await spawnLxp(['status', '--target', 'env'], env('SIGTERM', beforeLoaded), root).done;
      const textAnswer = earlyStopAnswer('SIGTERM', false, 'status');
      expect([text.code, text.stdout, text.stderr]).toEqual([textAnswer.exitCode, '', textAnswer.text]);
    });
  }
});
